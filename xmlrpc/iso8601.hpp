#pragma once

#include <string_view>

namespace xmlrpc {

/// Whether `text` is an ISO 8601 date-time as XML-RPC peers send it, e.g.
/// `19980717T14:08:55` or `2026-11-24T10:45:47Z`.
bool is_iso8601(std::string_view text);

} // namespace xmlrpc
