// The C/C++ peer: the five seed methods on the xmlrpc-c library and its
// Abyss HTTP server, a std::mutex around a std::map, configured fairly
// (keep-alive on, enough connections and threads: its defaults collapse
// under concurrent keep-alive clients).
//
// usage: xmlrpc-c-inventory-server PORT

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <string>

#include <xmlrpc-c/base.hpp>
#include <xmlrpc-c/registry.hpp>
#include <xmlrpc-c/server_abyss.hpp>

namespace {

struct product {
  std::string name;
  int quantity;
};

std::mutex mtx;
std::map<int, product> inventory;
int next_id = 1;

std::string not_found(int id) {
  return "Product with ID " + std::to_string(id) + " not found";
}

class add_item : public xmlrpc_c::method {
public:
  void execute(const xmlrpc_c::paramList& params,
               xmlrpc_c::value* result) override {
    auto name = params.getString(0);
    auto quantity = params.getInt(1);
    params.verifyEnd(2);
    std::lock_guard<std::mutex> guard{mtx};
    auto id = next_id++;
    inventory[id] = product{name, quantity};
    *result = xmlrpc_c::value_string("Product added with ID "
                                     + std::to_string(id) + "\n");
  }
};

class update_item : public xmlrpc_c::method {
public:
  void execute(const xmlrpc_c::paramList& params,
               xmlrpc_c::value* result) override {
    auto id = params.getInt(0);
    auto quantity = params.getInt(1);
    params.verifyEnd(2);
    std::lock_guard<std::mutex> guard{mtx};
    auto i = inventory.find(id);
    if (i == inventory.end()) {
      *result = xmlrpc_c::value_string(not_found(id) + "\n");
      return;
    }
    i->second.quantity = quantity;
    *result = xmlrpc_c::value_string("Product with ID " + std::to_string(id)
                                     + " quantity updated\n");
  }
};

class delete_item : public xmlrpc_c::method {
public:
  void execute(const xmlrpc_c::paramList& params,
               xmlrpc_c::value* result) override {
    auto id = params.getInt(0);
    params.verifyEnd(1);
    std::lock_guard<std::mutex> guard{mtx};
    if (inventory.erase(id) == 0) {
      *result = xmlrpc_c::value_string(not_found(id) + "\n");
      return;
    }
    *result = xmlrpc_c::value_string("Product with ID " + std::to_string(id)
                                     + " deleted successfully\n");
  }
};

class get_item : public xmlrpc_c::method {
public:
  void execute(const xmlrpc_c::paramList& params,
               xmlrpc_c::value* result) override {
    auto id = params.getInt(0);
    params.verifyEnd(1);
    std::lock_guard<std::mutex> guard{mtx};
    auto i = inventory.find(id);
    if (i == inventory.end()) {
      *result = xmlrpc_c::value_string(not_found(id));
      return;
    }
    *result = xmlrpc_c::value_string(
      "Product ID: " + std::to_string(id) + ", Name: " + i->second.name
      + ", Quantity: " + std::to_string(i->second.quantity) + "\n");
  }
};

class get_all_items : public xmlrpc_c::method {
public:
  void execute(const xmlrpc_c::paramList& params,
               xmlrpc_c::value* result) override {
    params.verifyEnd(0);
    std::map<std::string, xmlrpc_c::value> all;
    std::lock_guard<std::mutex> guard{mtx};
    for (const auto& [id, p] : inventory) {
      std::map<std::string, xmlrpc_c::value> entry;
      entry["name"] = xmlrpc_c::value_string(p.name);
      entry["quantity"] = xmlrpc_c::value_int(p.quantity);
      all[std::to_string(id)] = xmlrpc_c::value_struct(entry);
    }
    *result = xmlrpc_c::value_struct(all);
  }
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: xmlrpc-c-inventory-server PORT\n";
    return 2;
  }
  xmlrpc_c::registry registry;
  registry.addMethod("add_item", new add_item);
  registry.addMethod("update_item", new update_item);
  registry.addMethod("delete_item", new delete_item);
  registry.addMethod("get_item", new get_item);
  registry.addMethod("get_all_items", new get_all_items);
  xmlrpc_c::serverAbyss server(xmlrpc_c::serverAbyss::constrOpt()
                                 .registryP(&registry)
                                 .portNumber(std::atoi(argv[1]))
                                 .uriPath("/RPC2")
                                 .maxConn(512)
                                 .maxConnBacklog(512)
                                 .keepaliveTimeout(60)
                                 .keepaliveMaxConn(1000000)
                                 .timeout(60));
  std::cout << "Server is listening on port " << argv[1] << "..." << std::endl;
  server.run();
  return 0;
}
