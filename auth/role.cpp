#include "auth/role.hpp"

namespace auth {

std::string_view to_string(role x) {
  switch (x) {
  case role::anyone:
    return "anyone";
  case role::reader:
    return "reader";
  case role::writer:
    return "writer";
  case role::admin:
    return "admin";
  }
  return "anyone";
}

std::optional<role> parse_role(std::string_view name) {
  if (name == "reader")
    return role::reader;
  if (name == "writer")
    return role::writer;
  if (name == "admin")
    return role::admin;
  return std::nullopt;
}

} // namespace auth
