// libFuzzer target: bytes -> methodCall. Whatever decodes must encode again
// and decode to the same call.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  auto call = xmlrpc::decode_method_call(body);
  if (!call)
    return 0;
  auto again = xmlrpc::encode_method_call(call->method, call->params);
  if (!again)
    std::abort(); // decoded text must always be encodable
  auto back = xmlrpc::decode_method_call(*again, xmlrpc::limits{1000});
  if (!back || back->method != call->method || back->params != call->params)
    std::abort();
  return 0;
}
