#pragma once

#include <iosfwd>
#include <string>

#include "client/line_reader.hpp"
#include "client/rpc_client.hpp"

namespace client {

/// The original client's menu, word for word, without its crashes: bad
/// numbers are asked again, end of input ends the session, an unreachable
/// server or a fault is reported and the menu goes on. Returns the exit code.
int run_menu(rpc_client& rpc, const std::string& url, line_reader& in,
             std::ostream& out);

} // namespace client
