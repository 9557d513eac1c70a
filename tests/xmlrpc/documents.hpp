#pragma once

// Test helpers: methodCall documents around a value, and decoding them.

#include <string>

#include <gtest/gtest.h>

#include "xmlrpc/decode.hpp"

namespace xmlrpc::test {

inline std::string call_with(const std::string& params_xml,
                             const std::string& method = "m") {
  return "<?xml version=\"1.0\"?><methodCall><methodName>" + method
         + "</methodName><params>" + params_xml + "</params></methodCall>";
}

inline std::string call_with_value(const std::string& value_xml,
                                   const std::string& method = "m") {
  return call_with("<param><value>" + value_xml + "</value></param>", method);
}

inline result<method_call> decode(std::string body, limits lim = {}) {
  return decode_method_call(body, lim);
}

inline fault decode_fault(std::string body, limits lim = {}) {
  auto call = decode(std::move(body), lim);
  EXPECT_FALSE(call.has_value());
  return call.has_value() ? fault{} : call.error();
}

} // namespace xmlrpc::test
