// inventory-client: the original menu when run without a command, or one
// scriptable command.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "base/command_line.hpp"
#include "client/arguments.hpp"
#include "client/commands.hpp"
#include "client/endpoint.hpp"
#include "client/line_reader.hpp"
#include "client/menu.hpp"

namespace {

constexpr const char* program = "inventory-client";

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"XML-RPC inventory client: the interactive menu without a "
               "command, or one command.\nExit codes: 0 success, 1 fault or "
               "not found, 2 usage error, 3 cannot connect (refused, timed "
               "out, TLS failed or certificate not trusted), HTTP error or "
               "not an XML-RPC reply, 4 authentication failed (HTTP 401); "
               "130 Ctrl-C in the menu.",
               program};
  const char* env_url = std::getenv("INVENTORY_URL");
  std::string url = env_url ? env_url : "http://localhost:9090/RPC2";
  double timeout = 10;
  client::output_options opts;
  client::login_options login;
  client::retry_policy policy;
  app.set_version_flag("--version",
                       std::string{program} + " " + INVENTORY_VERSION);
  app.add_option("--url", url,
                 "Server URL, http or https, user:password@ allowed "
                 "(default $INVENTORY_URL or http://localhost:9090/RPC2)");
  client::add_login_options(app, login);
  app.add_option("--timeout", timeout, "Seconds for connect and for a reply")
    ->transform(base::decimal_number(0.01, 3600.0))
    ->capture_default_str();
  client::add_retry_options(app, policy);
  app.add_flag("--json", opts.json,
               "Print results as JSON (not found: null) and faults as "
               "{\"faultCode\", \"faultString\"} on stderr");
  app.require_subcommand(0, 1);

  // Each command's words stay text here; params_of reads them, decimal.
  std::map<std::string_view, std::vector<std::string>> words;
  for (const auto& cmd : client::command_table()) {
    auto* sub
      = app.add_subcommand(std::string{cmd.name}, std::string{cmd.help});
    auto& slots = words[cmd.name];
    slots.resize(cmd.params.size());
    for (std::size_t i = 0; i < cmd.params.size(); ++i)
      sub->add_option(std::string{cmd.params[i].name}, slots[i])->required();
    sub->positionals_at_end();
  }
  bool force_strings = false;
  auto* call = app.add_subcommand(
    "call",
    "call METHOD [ARG ...]: any method. ARG typed i/5 (int), s/007 "
    "(string), b/true, d/1.5, n/ (nil), json/[...] (arrays, structs), or "
    "else by its look (decimal int, double, true/false, else string); "
    "passed on exactly as typed, -- and brackets included");
  call->add_flag("--string", force_strings,
                 "Send every argument untyped as a string");
  call->prefix_command(); // everything after METHOD is passed on verbatim

  if (auto code = base::parse_command_line(app, argc, argv))
    return *code;
  if (app.get_subcommands().empty() && !policy.key.empty())
    return base::usage_error(program, "--idempotency-key goes with one "
                                      "command, not the menu (whose actions "
                                      "each take a fresh key)");
  auto endpoints
    = client::make_endpoints({url}, login, client::standard_password_sources());
  if (!endpoints)
    return base::usage_error(program, endpoints.error());
  auto& target = endpoints->front();
  url = target.shown; // every line that names it: never a password
  client::rpc_client rpc{
    target.parts,
    std::chrono::milliseconds{static_cast<long long>(timeout * 1000)},
    target.tls, target.login};
  auto subs = app.get_subcommands();
  if (subs.empty()) {
    // Ctrl-C leaves the menu as cleanly as Ctrl-D does, with the exit code
    // of an interrupted program (128 + SIGINT), so a script can tell them
    // apart.
    client::line_reader in;
    auto code = client::run_menu(rpc, url, policy, in, std::cout);
    return in.interrupted() ? 128 + SIGINT : code;
  }
  if (subs.front() == call) {
    auto rest = call->remaining();
    if (rest.empty())
      return base::usage_error(program, "call needs a METHOD");
    if (rest.front().front() == '-') // no method name starts so
      return base::usage_error(program,
                               "call: '" + rest.front()
                                 + "' is not a METHOD (flags such as --json "
                                   "go before the command)");
    std::vector<xmlrpc::value> params;
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (force_strings) {
        params.emplace_back(rest[i]);
        continue;
      }
      auto x = client::typed_argument(rest[i]);
      if (!x)
        return base::usage_error(program, "call: argument " + std::to_string(i)
                                            + ": " + x.error());
      params.push_back(std::move(*x));
    }
    return client::run_call(rpc, url, rest.front(), params, opts, policy);
  }
  for (const auto& cmd : client::command_table()) {
    if (subs.front()->get_name() != cmd.name)
      continue;
    auto params = client::params_of(cmd, words[cmd.name]);
    if (!params)
      return base::usage_error(program,
                               std::string{cmd.name} + ": " + params.error());
    return client::run_command(rpc, url, cmd, *params, opts, policy);
  }
  return client::exit_code::usage; // not reached: CLI11 knows every command
}
