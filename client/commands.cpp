#include "client/commands.hpp"

#include <charconv>
#include <iostream>

#include "client/render.hpp"

namespace cli {

namespace {

bool is_not_found(const xmlrpc::value& x) {
  const auto* s = x.get_if<std::string>();
  if (!s || s->rfind("Product with ID ", 0) != 0)
    return false;
  auto text = std::string_view{*s};
  if (!text.empty() && text.back() == '\n')
    text.remove_suffix(1);
  constexpr std::string_view tail = " not found";
  return text.size() > tail.size()
         && text.substr(text.size() - tail.size()) == tail;
}

void print_item(const xmlrpc::value& x) {
  const auto* st = x.get_if<xmlrpc::structure>();
  auto field = [&](const char* name) {
    const auto* v = st ? st->find(name) : nullptr;
    return v ? to_text(*v) : std::string{"?"};
  };
  std::cout << "Product ID: " << field("id") << ", Name: " << field("name")
            << ", Quantity: " << field("quantity")
            << ", Version: " << field("version") << "\n";
}

// Which method a command calls; empty for an unknown command.
std::string method_of(const std::string& command) {
  if (command == "add")
    return "add_item";
  if (command == "update")
    return "update_item";
  if (command == "delete")
    return "delete_item";
  if (command == "get")
    return "get_item";
  if (command == "list")
    return "get_all_items";
  if (command == "adjust")
    return "inventory.adjust";
  if (command == "count")
    return "inventory.count";
  return {};
}

} // namespace

xmlrpc::value typed_argument(const std::string& text) {
  if (text == "true")
    return true;
  if (text == "false")
    return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::int64_t i = 0;
  auto [iptr, iec] = std::from_chars(first, last, i);
  if (!text.empty() && iec == std::errc{} && iptr == last) {
    if (i >= INT32_MIN && i <= INT32_MAX)
      return static_cast<std::int32_t>(i);
    return i;
  }
  double d = 0;
  auto [dptr, dec] = std::from_chars(first, last, d);
  if (!text.empty() && dec == std::errc{} && dptr == last
      && text.find_first_of(".eE") != std::string::npos
      && text.find_first_not_of("0123456789+-.eE") == std::string::npos)
    return d;
  return text;
}

int run_command(rpc_client& client, const std::string& url,
                const std::string& command,
                const std::vector<xmlrpc::value>& args,
                const output_options& opts) {
  std::string method = command == "call" ? std::string{} : method_of(command);
  auto params = args;
  if (command == "call") {
    method = *params.front().get_if<std::string>();
    params.erase(params.begin());
  }
  auto res = client.call(method, params);
  if (!res.transport_error.empty()) {
    std::cerr << "Cannot reach server at " << url << ": " << res.transport_error
              << "\n";
    return exit_code::unreachable;
  }
  if (res.fault) {
    std::cerr << "Error " << res.fault->code << ": " << res.fault->message
              << "\n";
    return exit_code::fault;
  }
  const auto& val = *res.value;
  if (opts.json) {
    std::cout << to_json(val) << "\n";
  } else if (command == "list") {
    auto rows = rows_of_all_items(val);
    if (!rows)
      std::cout << to_text(val) << "\n";
    else if (rows->empty())
      std::cout << "Inventory is empty.\n";
    for (const auto& row : rows.value_or(std::vector<listed_item>{}))
      std::cout << render_row(row) << "\n";
  } else if (command == "adjust") {
    print_item(val);
  } else {
    auto text = to_text(val);
    std::cout << text << (text.empty() || text.back() != '\n' ? "\n" : "");
  }
  return is_not_found(val) ? exit_code::fault : exit_code::ok;
}

} // namespace cli
