#pragma once

#include <cstdint>
#include <string>

namespace inv {

/// Domain errors of the inventory; one byte, as CAF error codes require.
enum class inventory_errc : std::uint8_t {
  not_found = 1,
  version_conflict,
  insufficient_stock,
  quantity_overflow,
  invalid_argument,
  ids_exhausted,
  internal,
  storage_unavailable,
};

std::string to_string(inventory_errc x);

} // namespace inv
