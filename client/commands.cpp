#include "client/commands.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "base/decimal.hpp"
#include "client/item.hpp"
#include "client/render.hpp"

namespace client {

namespace {

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

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

std::string as_text(const xmlrpc::value& x) {
  auto text = to_text(x);
  return text.empty() || text.back() != '\n' ? text + "\n" : text;
}

std::string as_json(const xmlrpc::value& x) {
  return to_json(x) + "\n";
}

std::string success_json(const xmlrpc::value&) {
  return "true\n";
}

// add_item's "Product added with ID {id}\n" as the id.
std::string added_id_json(const xmlrpc::value& x) {
  const auto* s = x.get_if<std::string>();
  if (auto id = s ? id_of_added_text(*s) : std::nullopt)
    return std::to_string(*id) + "\n";
  return as_json(x);
}

std::string seed_item_json(const xmlrpc::value& x) {
  const auto* s = x.get_if<std::string>();
  auto row = s ? item_of_seed_text(*s) : std::nullopt;
  if (!row)
    return as_json(x);
  nlohmann::ordered_json j;
  j["id"] = row->id;
  j["name"] = row->name;
  j["quantity"] = row->quantity;
  return dump(j) + "\n";
}

std::string rows_text(const xmlrpc::value& x) {
  auto rows = rows_of_all_items(x);
  if (!rows)
    return as_text(x);
  if (rows->empty())
    return "Inventory is empty.\n";
  std::string out;
  for (const auto& row : *rows)
    out += render_row(row) + "\n";
  return out;
}

std::string item_text(const xmlrpc::value& x) {
  auto it = item_of(x);
  if (!it)
    return as_text(x);
  return render_row(*it) + ", Version: " + std::to_string(it->version) + "\n";
}

// Prints a failed call; returns its exit code.
int report(const call_error& e, const std::string& url,
           const output_options& opts) {
  if (is_refused_login(e)) {
    std::cerr << refused_login_line << "\n";
    return exit_code::refused_login;
  }
  const auto* f = std::get_if<xmlrpc::fault>(&e);
  if (f && opts.json) {
    nlohmann::ordered_json j;
    j["faultCode"] = f->code;
    j["faultString"] = f->message;
    std::cerr << dump(j) << "\n";
  } else {
    std::cerr << describe(e, url) << "\n";
  }
  return f ? exit_code::fault : exit_code::unreachable;
}

} // namespace

const std::vector<command>& command_table() {
  static const std::vector<command> table{
    {"add",
     "add_item",
     "add_item NAME QTY (--json: the new id)",
     {{"name", false}, {"quantity", true}},
     as_text,
     added_id_json},
    {"update",
     "update_item",
     "update_item ID QTY (--json: true)",
     {{"id", true}, {"quantity", true}},
     as_text,
     success_json},
    {"delete",
     "delete_item",
     "delete_item ID (--json: true)",
     {{"id", true}},
     as_text,
     success_json},
    {"get",
     "get_item",
     "get_item ID (--json: {id, name, quantity})",
     {{"id", true}},
     as_text,
     seed_item_json},
    {"list",
     "get_all_items",
     "get_all_items, one line per item",
     {},
     rows_text,
     as_json},
    {"adjust",
     "inventory.adjust",
     "inventory.adjust ID DELTA",
     {{"id", true}, {"delta", true}},
     item_text,
     as_json},
    {"count", "inventory.count", "inventory.count", {}, as_text, as_json},
  };
  return table;
}

base::expected<std::vector<xmlrpc::value>, std::string>
params_of(const command& cmd, const std::vector<std::string>& words) {
  if (words.size() != cmd.params.size())
    return std::string{cmd.name} + " takes " + std::to_string(cmd.params.size())
           + " arguments";
  std::vector<xmlrpc::value> params;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!cmd.params[i].number) {
      params.emplace_back(words[i]);
      continue;
    }
    auto x = base::parse_decimal<std::int32_t>(words[i]);
    if (!x)
      return std::string{cmd.params[i].name} + ": " + x.error();
    params.emplace_back(*x);
  }
  return params;
}

int run_command(rpc_client& rpc, const std::string& url, const command& cmd,
                const std::vector<xmlrpc::value>& params,
                const output_options& opts, const retry_policy& policy) {
  std::string method{cmd.method};
  auto res = call_with_retries(rpc, method, params,
                               idempotency_key_for(method, policy), policy);
  if (!res)
    return report(res.error(), url, opts);
  if (is_not_found(*res)) {
    std::cout << (opts.json ? "null\n" : as_text(*res));
    return exit_code::fault;
  }
  std::cout << (opts.json ? cmd.json(*res) : cmd.text(*res));
  return exit_code::ok;
}

int run_call(rpc_client& rpc, const std::string& url, const std::string& method,
             const std::vector<xmlrpc::value>& params,
             const output_options& opts, const retry_policy& policy) {
  auto res = call_with_retries(rpc, method, params,
                               idempotency_key_for(method, policy), policy);
  if (!res)
    return report(res.error(), url, opts);
  std::cout << (opts.json ? as_json(*res) : as_text(*res));
  return is_not_found(*res) ? exit_code::fault : exit_code::ok;
}

} // namespace client
