// inventory-client: the original menu when run without a command, or one
// scriptable command.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "client/commands.hpp"
#include "client/line_reader.hpp"
#include "client/menu.hpp"

namespace {

constexpr const char* version = "inventory-client 0.1.0";

// Ctrl-C leaves the menu as cleanly as Ctrl-D does.
extern "C" void on_interrupt(int) {
  constexpr char text[] = "\nClient session ended.\n";
  auto ignored = ::write(STDOUT_FILENO, text, sizeof(text) - 1);
  (void)ignored;
  std::_Exit(0);
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"XML-RPC inventory client: the interactive menu without a "
               "command, or one command.\nExit codes: 0 success, 1 fault or "
               "not found, 2 usage error, 3 cannot connect.",
               "inventory-client"};
  const char* env_url = std::getenv("INVENTORY_URL");
  std::string url = env_url ? env_url : "http://localhost:9090/RPC2";
  double timeout = 10;
  cli::output_options opts;
  app.set_version_flag("--version", version);
  app.add_option("--url", url,
                 "Server URL (default $INVENTORY_URL or "
                 "http://localhost:9090/RPC2)");
  app.add_option("--timeout", timeout, "Seconds for connect and for a reply")
    ->check(CLI::Range(0.01, 3600.0))
    ->capture_default_str();
  app.add_flag("--json", opts.json, "Print results as JSON");
  app.require_subcommand(0, 1);

  std::string name;
  std::int32_t id = 0, quantity = 0, delta = 0;
  std::vector<std::string> call_args;
  bool force_strings = false;
  auto* add = app.add_subcommand("add", "add_item NAME QTY");
  add->add_option("name", name)->required();
  add->add_option("quantity", quantity)->required();
  auto* update = app.add_subcommand("update", "update_item ID QTY");
  update->add_option("id", id)->required();
  update->add_option("quantity", quantity)->required();
  auto* del = app.add_subcommand("delete", "delete_item ID");
  del->add_option("id", id)->required();
  auto* get = app.add_subcommand("get", "get_item ID");
  get->add_option("id", id)->required();
  app.add_subcommand("list", "get_all_items, one line per item");
  auto* adjust = app.add_subcommand("adjust", "inventory.adjust ID DELTA");
  adjust->add_option("id", id)->required();
  adjust->add_option("delta", delta)->required();
  app.add_subcommand("count", "inventory.count");
  auto* call = app.add_subcommand(
    "call", "Any method; arguments typed by their look (int, double, "
            "true/false, else string)");
  call->add_flag("--string", force_strings, "Send every argument as a string");
  call->add_option("method_and_args", call_args, "METHOD [ARG ...]")
    ->required();
  for (auto* sub : app.get_subcommands({}))
    sub->positionals_at_end();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << version << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "inventory-client: " << e.what() << " (see --help)\n";
    return cli::exit_code::usage;
  }
  auto target = cli::parse_url(url);
  if (!target) {
    std::cerr << "inventory-client: not an http URL: " << url << "\n";
    return cli::exit_code::usage;
  }
  cli::rpc_client client{
    *target, std::chrono::milliseconds{static_cast<long long>(timeout * 1000)}};
  auto subs = app.get_subcommands();
  if (subs.empty()) {
    std::signal(SIGINT, on_interrupt);
    cli::line_reader in;
    return cli::run_menu(client, url, in, std::cout);
  }
  std::string command = subs.front()->get_name();
  std::vector<xmlrpc::value> args;
  if (command == "add")
    args = {name, quantity};
  else if (command == "update")
    args = {id, quantity};
  else if (command == "delete" || command == "get")
    args = {id};
  else if (command == "adjust")
    args = {id, delta};
  else if (command == "call")
    for (std::size_t i = 0; i < call_args.size(); ++i)
      args.push_back(i == 0 || force_strings
                       ? xmlrpc::value{call_args[i]}
                       : cli::typed_argument(call_args[i]));
  return cli::run_command(client, url, command, args, opts);
}
