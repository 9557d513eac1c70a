#pragma once

#include <string>
#include <vector>

#include "client/rpc_client.hpp"

namespace cli {

/// Exit codes of the scriptable commands.
namespace exit_code {
constexpr int ok = 0;
constexpr int fault = 1; // a fault, or "not found"
constexpr int usage = 2;
constexpr int unreachable = 3;
} // namespace exit_code

/// How to print results.
struct output_options {
  bool json = false;
};

/// The argument typed by its look: int (i8 beyond 32 bits), double,
/// boolean (true/false) or string.
xmlrpc::value typed_argument(const std::string& text);

/// Runs one scriptable command (`add`, `get`, `call`, ...); prints its
/// result on stdout, problems on stderr, and returns the exit code.
int run_command(rpc_client& client, const std::string& url,
                const std::string& command,
                const std::vector<xmlrpc::value>& args,
                const output_options& opts);

} // namespace cli
