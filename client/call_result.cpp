#include "client/call_result.hpp"

namespace client {

std::string describe(const transport_error& e) {
  if (e.what == transport_error::kind::http_status)
    return "HTTP " + std::to_string(e.status) + " from server";
  return e.message;
}

std::string describe(const call_error& e) {
  if (const auto* f = std::get_if<xmlrpc::fault>(&e))
    return "Error " + std::to_string(f->code) + ": " + f->message;
  return describe(std::get<transport_error>(e));
}

std::string describe(const call_error& e, const std::string& url) {
  const auto* t = std::get_if<transport_error>(&e);
  if (!t || t->what == transport_error::kind::http_status)
    return describe(e);
  return "Cannot reach server at " + url + ": " + t->message;
}

} // namespace client
