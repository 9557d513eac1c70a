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

/// Decodes an XML-RPC `methodResponse` into its value or the fault the
/// server sent; the result's own fault (-32700, -32600) means the document
/// is not a valid response.
result<std::variant<value, fault>> decode_response(std::string& body,
                                                   const limits& lim = {});

/// Like decode_response, with the server's fault and a decoding problem
/// merged into one fault.
result<value> decode_method_response(std::string& body, const limits& lim = {});

} // namespace xmlrpc
