// libFuzzer target: the client's response decoder. A decoded value must
// encode again and decode to the same value.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  auto res = xmlrpc::decode_response(body);
  if (!res)
    return 0;
  if (auto* f = std::get_if<xmlrpc::fault>(&*res)) {
    std::string out;
    xmlrpc::append_fault(out, *f);
    auto back = xmlrpc::decode_response(out);
    if (!back || !std::holds_alternative<xmlrpc::fault>(*back))
      std::abort();
    return 0;
  }
  const auto& x = std::get<xmlrpc::value>(*res);
  auto again = xmlrpc::encode_response(x);
  if (!again)
    std::abort();
  auto back = xmlrpc::decode_response(*again, xmlrpc::limits{1000});
  if (!back || std::get<xmlrpc::value>(*back) != x)
    std::abort();
  return 0;
}
