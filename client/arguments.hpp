#pragma once

#include <string>
#include <string_view>

#include "base/expected.hpp"
#include "xmlrpc/value.hpp"

namespace client {

/// An argument of `call`. With a type prefix, as xmlrpc-c's `xmlrpc` tool
/// takes them: `i/5` int, `s/007` string, `b/true` boolean (true, false, 1,
/// 0), `d/1.5` double, `n/` nil, `json/...` any value written as JSON
/// (arrays, structs; integers beyond 32 bits become i8). Without one, by its
/// look: a decimal whole number is an int (i8 beyond 32 bits), a decimal
/// fraction a double, `true`/`false` a boolean, anything else a string.
/// Numbers are decimal: `010` is ten, `0x10` a string. The error says what
/// is wrong and, for a number out of range, the allowed range.
base::expected<xmlrpc::value, std::string>
typed_argument(const std::string& text);

/// JSON text as an XML-RPC value: objects become structs (member order
/// kept), null nil, integers int (i8 beyond 32 bits).
base::expected<xmlrpc::value, std::string> value_of_json(std::string_view text);

} // namespace client
