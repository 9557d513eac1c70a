#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "base/expected.hpp"

namespace actors {

/// What can go wrong with a request to the inventory; one byte, as CAF
/// error codes require. The inventory answers the first eight; the rest say
/// that it could not be reached (or, on a gateway, not now).
enum class inventory_errc : std::uint8_t {
  not_found = 1,
  version_conflict,
  insufficient_stock,
  quantity_overflow,
  invalid_argument,
  ids_exhausted,
  internal,
  storage_unavailable,
  /// No answer within the request timeout.
  timeout,
  /// No inventory actor to ask (it died, or never started).
  unavailable,
  /// The store node is not reachable from this gateway (yet, or any more).
  store_unavailable,
  /// The gateway has as many requests at the store as it allows.
  busy,
  /// An idempotency key came back with another request than its first.
  key_reused,
};

std::string to_string(inventory_errc x);

/// A domain error, the id of the item it concerns (0: none) and, for
/// storage errors, what the database said.
struct failure {
  failure(inventory_errc c, std::int32_t item = 0, std::string text = {})
    : code(c), id(item), detail(std::move(text)) {}

  inventory_errc code;
  std::int32_t id;
  std::string detail;
};

/// A value of type T or the failure that prevented it.
template <class T>
using result = base::expected<T, failure>;

} // namespace actors
