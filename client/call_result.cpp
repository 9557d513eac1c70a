#include "client/call_result.hpp"

namespace client {

bool is_refused_login(const call_error& e) {
  const auto* t = std::get_if<transport_error>(&e);
  return t && t->what == transport_error::kind::http_status && t->status == 401;
}

std::string describe(const transport_error& e) {
  if (e.what != transport_error::kind::http_status)
    return e.message;
  auto text = "HTTP " + std::to_string(e.status) + " from server";
  return e.status == 401 ? text + ": authentication failed" : text;
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
