#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/expected.hpp"
#include "client/retries.hpp"
#include "client/rpc_client.hpp"

namespace client {

/// Exit codes of the scriptable commands.
namespace exit_code {
constexpr int ok = 0;
constexpr int fault = 1; // a fault, or "not found"
constexpr int usage = 2;
constexpr int unreachable = 3;   // cannot connect, HTTP error, not XML-RPC
constexpr int refused_login = 4; // HTTP 401
} // namespace exit_code

/// The one line on stderr when the server refused the login.
constexpr const char* refused_login_line
  = "inventory-client: authentication failed";

/// How to print results.
struct output_options {
  bool json = false;
};

/// A parameter of a command as a person types it.
struct parameter {
  std::string_view name;
  bool number; ///< a decimal int (32 bits); otherwise text
};

/// One scriptable command: the method it calls, its parameters, and how
/// its reply prints (the seed not-found reply prints the same for all).
struct command {
  std::string_view name;
  std::string_view method;
  std::string_view help;
  std::vector<parameter> params;
  /// The reply for people: lines, names escaped.
  std::string (*text)(const xmlrpc::value&);
  /// The reply for --json: one JSON value.
  std::string (*json)(const xmlrpc::value&);
};

/// Every command but `call` (which takes any method), in help order.
const std::vector<command>& command_table();

/// The words typed after a command as its method's params; the error names
/// the parameter and, for a number out of range, the allowed range.
base::expected<std::vector<xmlrpc::value>, std::string>
params_of(const command& cmd, const std::vector<std::string>& words);

/// Runs one command: its result on stdout, problems on stderr (faults as
/// JSON with --json); returns the exit code. A command that changes data
/// is retried as `policy` says (call_with_retries).
int run_command(rpc_client& rpc, const std::string& url, const command& cmd,
                const std::vector<xmlrpc::value>& params,
                const output_options& opts, const retry_policy& policy);

/// `call`: any method; the reply printed as it came (--json: as JSON). A
/// method that changes data is retried as `policy` says.
int run_call(rpc_client& rpc, const std::string& url, const std::string& method,
             const std::vector<xmlrpc::value>& params,
             const output_options& opts, const retry_policy& policy);

} // namespace client
