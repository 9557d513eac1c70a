#pragma once

#include <iosfwd>
#include <string>

#include "client/line_reader.hpp"
#include "client/retries.hpp"
#include "client/rpc_client.hpp"

namespace client {

/// The original client's menu, word for word, without its crashes: bad
/// numbers are asked again, end of input ends the session, an unreachable
/// server or a fault is reported and the menu goes on. A refused login
/// (HTTP 401) without credentials asks for them on a terminal and calls
/// again; a 401 after that, or without a terminal, ends the session with
/// exit_code::refused_login. An action that changes data carries a fresh
/// Idempotency-Key and is retried as `policy` says. Returns the exit code.
int run_menu(rpc_client& rpc, const std::string& url,
             const retry_policy& policy, line_reader& in, std::ostream& out);

} // namespace client
