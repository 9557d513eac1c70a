#pragma once

#include <string>

#include "xmlrpc/fault.hpp"
#include "xmlrpc/limits.hpp"
#include "xmlrpc/value.hpp"

namespace xmlrpc {

/// Decodes an XML-RPC `methodCall`. The body is parsed in place and left
/// unusable. No DTD, no entities beyond the predefined five, UTF-8 only;
/// faults: -32700 (not well-formed XML), -32600 (not a valid methodCall).
result<method_call> decode_method_call(std::string& body,
                                       const limits& lim = {});

/// Decodes an XML-RPC `methodResponse`: its value, or its fault. A document
/// that is not a valid response yields a -32700 or -32600 fault.
result<value> decode_method_response(std::string& body, const limits& lim = {});

} // namespace xmlrpc
