#include "xmlrpc/value.hpp"

namespace xmlrpc {

const value* structure::find(std::string_view name) const {
  for (const auto& [key, val] : members)
    if (key == name)
      return &val;
  return nullptr;
}

bool operator==(const structure& x, const structure& y) {
  return x.members == y.members;
}

std::string_view type_name(const value& x) {
  static constexpr std::string_view names[] = {"nil",
                                               "int",
                                               "i8",
                                               "boolean",
                                               "double",
                                               "string",
                                               "dateTime.iso8601",
                                               "base64",
                                               "array",
                                               "struct"};
  return names[x.data.index()];
}

} // namespace xmlrpc
