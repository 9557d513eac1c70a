#include "client/menu.hpp"

#include <iostream>
#include <optional>
#include <ostream>
#include <vector>

#include "base/decimal.hpp"
#include "client/commands.hpp"
#include "client/item.hpp"
#include "client/password_prompt.hpp"
#include "client/render.hpp"

namespace client {

namespace {

constexpr const char* menu_text = "Choose an action:\n"
                                  "1. Add item\n"
                                  "2. Update item quantity\n"
                                  "3. Delete item\n"
                                  "4. Get item quantity\n"
                                  "5. Display all items\n"
                                  "6. Quit\n";

std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos)
    return {};
  auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

/// One question of a menu action.
struct prompt {
  const char* text;
  bool number; ///< a whole number (asked again until one comes)
};

/// A menu choice that calls a method with what was asked, and prints its
/// reply as the original's print() did.
struct menu_call {
  const char* choice;
  const char* method;
  std::vector<prompt> prompts;
};

const std::vector<menu_call> menu_calls{
  {"1",
   "add_item",
   {{"Enter the item name: ", false}, {"Enter the quantity to add: ", true}}},
  {"2",
   "update_item",
   {{"Enter the product ID to update quantity: ", true},
    {"Enter the new quantity: ", true}}},
  {"3", "delete_item", {{"Enter the product ID to delete: ", true}}},
  {"4", "get_item", {{"Enter the product ID to get quantity: ", true}}},
};

class menu_session {
public:
  menu_session(rpc_client& rpc, const std::string& url,
               const retry_policy& policy, line_reader& in, std::ostream& out)
    : rpc_(rpc), url_(url), policy_(policy), in_(in), out_(out) {}

  // One turn of the menu; false when the session ends.
  bool turn() {
    out_ << menu_text;
    auto choice = in_.read("\nEnter your choice: ");
    if (!choice)
      return false;
    auto c = trim(*choice);
    for (const auto& action : menu_calls)
      if (c == action.choice)
        return run(action);
    if (c == "5") {
      display_all();
      return !refused_;
    } else if (c == "6") {
      out_ << "Thank You for using our Services\n";
      quit_ = true;
      return false;
    } else {
      out_ << "Invalid choice. Please try again.\n";
    }
    return true;
  }

  bool quit() const { return quit_; }

  /// Whether the server refused the login, which ends the session.
  bool refused() const { return refused_; }

private:
  // Asks until a whole number comes; nothing at end of input.
  std::optional<std::int32_t> ask_number(const char* question) {
    for (;;) {
      auto line = in_.read(question);
      if (!line)
        return std::nullopt;
      auto text = trim(*line);
      if (auto x = base::parse_decimal<std::int32_t>(text))
        return *x;
      if (base::is_decimal_integer(text))
        out_ << "Please enter a whole number from " << INT32_MIN << " to "
             << INT32_MAX << ".\n";
      else
        out_ << "Please enter a whole number.\n";
    }
  }

  // Asks the action's questions, then calls; false at end of input.
  bool run(const menu_call& action) {
    std::vector<xmlrpc::value> params;
    for (const auto& p : action.prompts) {
      if (p.number) {
        auto x = ask_number(p.text);
        if (!x)
          return false;
        params.emplace_back(*x);
      } else {
        auto line = in_.read(p.text);
        if (!line)
          return false;
        params.emplace_back(std::move(*line));
      }
    }
    if (auto val = call(action.method, params))
      out_ << to_text(*val) << "\n";
    return !refused_;
  }

  // On a terminal: asks who logs in (the name echoed, the password not);
  // false when there is no terminal or nothing was typed.
  bool log_in() {
    if (!can_prompt())
      return false;
    auto name = in_.read("User name: ");
    if (!name || name->empty())
      return false;
    auto password = read_password("Password for " + *name + ": ");
    if (!password)
      return false;
    rpc_.set_login({*name, *password});
    return true;
  }

  // Calls `method`; prints a transport error or fault and returns nothing.
  // A 401 without credentials asks for them once (the server did nothing
  // with the refused request, so it is sent again, with the same key); a
  // 401 with credentials ends the session.
  std::optional<xmlrpc::value> call(const std::string& method,
                                    const std::vector<xmlrpc::value>& params) {
    auto key = idempotency_key_for(method, policy_);
    auto res = call_with_retries(rpc_, method, params, key, policy_);
    if (!res && is_refused_login(res.error()) && !rpc_.has_login() && log_in())
      res = call_with_retries(rpc_, method, params, key, policy_);
    if (!res && is_refused_login(res.error())) {
      refused_ = true;
      return std::nullopt;
    }
    if (!res) {
      out_ << describe(res.error(), url_) << "\n";
      return std::nullopt;
    }
    return std::move(*res);
  }

  void display_all() {
    auto val = call("get_all_items", {});
    if (!val)
      return;
    auto rows = rows_of_all_items(*val);
    if (!rows) {
      out_ << "Unexpected reply: " << to_text(*val) << "\n";
    } else if (rows->empty()) {
      out_ << "Inventory is empty.\n";
    } else {
      out_ << "All Items in Inventory: \n";
      for (const auto& row : *rows)
        out_ << render_row(row) << "\n";
    }
  }

  rpc_client& rpc_;
  const std::string& url_;
  const retry_policy& policy_;
  line_reader& in_;
  std::ostream& out_;
  bool quit_ = false;
  bool refused_ = false;
};

} // namespace

int run_menu(rpc_client& rpc, const std::string& url,
             const retry_policy& policy, line_reader& in, std::ostream& out) {
  menu_session s{rpc, url, policy, in, out};
  while (s.turn())
    out.flush();
  if (s.refused()) {
    out.flush();
    std::cerr << refused_login_line << "\n";
    out << "Client session ended.\n";
    out.flush();
    return exit_code::refused_login;
  }
  if (!s.quit())
    out << "\n"; // end of input left the cursor after a prompt
  out << "Client session ended.\n";
  out.flush();
  return 0;
}

} // namespace client
