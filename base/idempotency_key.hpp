#pragma once

// The Idempotency-Key header's value, as servers and clients both see it:
// what a key may look like, and a fresh one.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace base {

/// The longest key accepted (as Stripe's).
constexpr std::size_t max_idempotency_key = 255;

/// Whether `key` can be an Idempotency-Key: 1 to 255 printable ASCII
/// characters (0x20-0x7E); the error says which rule it breaks.
expected<void, std::string> check_idempotency_key(std::string_view key);

/// `random` as a UUID version 4: the version nibble 4, the variant bits
/// 10, the other 122 bits as given; 8-4-4-4-12 lowercase hex digits.
std::string uuid_v4(std::array<std::uint8_t, 16> random);

/// A fresh key: a UUID v4 of the kernel's random bytes (never a seeded
/// generator, so two clients never pick the same one).
std::string new_idempotency_key();

} // namespace base
