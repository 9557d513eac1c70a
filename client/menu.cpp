#include "client/menu.hpp"

#include <charconv>
#include <optional>
#include <ostream>

#include "client/render.hpp"

namespace cli {

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

class session {
public:
  session(rpc_client& client, const std::string& url, line_reader& in,
          std::ostream& out)
    : client_(client), url_(url), in_(in), out_(out) {}

  // Asks until a whole number comes; nothing at end of input.
  std::optional<std::int32_t> ask_number(const std::string& prompt) {
    for (;;) {
      auto line = in_.read(prompt);
      if (!line)
        return std::nullopt;
      auto text = trim(*line);
      std::int32_t x = 0;
      auto [ptr, ec]
        = std::from_chars(text.data(), text.data() + text.size(), x);
      if (!text.empty() && ec == std::errc{}
          && ptr == text.data() + text.size())
        return x;
      out_ << "Please enter a whole number.\n";
    }
  }

  // Calls `method`; prints a transport error or fault and returns nothing.
  std::optional<xmlrpc::value> call(const std::string& method,
                                    std::vector<xmlrpc::value> params) {
    auto res = client_.call(method, params);
    if (!res.transport_error.empty()) {
      out_ << "Cannot reach server at " << url_ << ": " << res.transport_error
           << "\n";
      return std::nullopt;
    }
    if (res.fault) {
      out_ << "Error " << res.fault->code << ": " << res.fault->message << "\n";
      return std::nullopt;
    }
    return std::move(res.value);
  }

  // Prints a reply as the original's print() did.
  void print(const std::string& method, std::vector<xmlrpc::value> params) {
    if (auto val = call(method, std::move(params)))
      out_ << to_text(*val) << "\n";
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

  // One turn of the menu; false when the session ends.
  bool turn() {
    out_ << menu_text;
    auto choice = in_.read("\nEnter your choice: ");
    if (!choice)
      return false;
    auto c = trim(*choice);
    if (c == "1") {
      auto name = in_.read("Enter the item name: ");
      if (!name)
        return false;
      auto quantity = ask_number("Enter the quantity to add: ");
      if (!quantity)
        return false;
      print("add_item", {*name, *quantity});
    } else if (c == "2") {
      auto id = ask_number("Enter the product ID to update quantity: ");
      if (!id)
        return false;
      auto quantity = ask_number("Enter the new quantity: ");
      if (!quantity)
        return false;
      print("update_item", {*id, *quantity});
    } else if (c == "3") {
      auto id = ask_number("Enter the product ID to delete: ");
      if (!id)
        return false;
      print("delete_item", {*id});
    } else if (c == "4") {
      auto id = ask_number("Enter the product ID to get quantity: ");
      if (!id)
        return false;
      print("get_item", {*id});
    } else if (c == "5") {
      display_all();
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

private:
  rpc_client& client_;
  const std::string& url_;
  line_reader& in_;
  std::ostream& out_;
  bool quit_ = false;
};

} // namespace

int run_menu(rpc_client& client, const std::string& url, line_reader& in,
             std::ostream& out) {
  session s{client, url, in, out};
  while (s.turn())
    out.flush();
  if (!s.quit())
    out << "\n"; // end of input left the cursor after a prompt
  out << "Client session ended.\n";
  out.flush();
  return 0;
}

} // namespace cli
