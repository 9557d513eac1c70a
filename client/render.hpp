#pragma once

#include <string>
#include <string_view>

#include "xmlrpc/value.hpp"

namespace client {

/// `text` safe for line-oriented output: control characters (C0, DEL and
/// C1, which a terminal may act on, and line breaks, which would split a
/// line) become `\n`, `\r`, `\t`, `\xNN` or `\u00NN`; all else is kept.
std::string escape_controls(std::string_view text);

/// `x` as JSON text (structs keep their member order), exact: strings are
/// JSON-escaped, never altered.
std::string to_json(const xmlrpc::value& x, bool pretty = false);

/// `x` for people: a string escaped (one trailing newline kept as the end
/// of the line), everything else as JSON.
std::string to_text(const xmlrpc::value& x);

} // namespace client
