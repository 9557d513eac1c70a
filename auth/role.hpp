#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace auth {

/// What a caller may do; each role may do everything the ones before it
/// may. Methods name the least role they need.
enum class role : std::uint8_t {
  /// Needs no role at all.
  anyone,
  /// Reads items and introspects.
  reader,
  /// Also changes data.
  writer,
  /// Also the operator endpoints.
  admin,
};

/// "anyone", "reader", "writer", "admin".
std::string_view to_string(role x);

/// The role called `name` (reader, writer or admin: "anyone" is no role a
/// user can have), or nothing.
std::optional<role> parse_role(std::string_view name);

/// Whether a caller with role `has` may do what needs `needs`.
constexpr bool allows(role has, role needs) {
  return static_cast<std::uint8_t>(has) >= static_cast<std::uint8_t>(needs);
}

} // namespace auth
