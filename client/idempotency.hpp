#pragma once

// The Idempotency-Key header: which calls carry one, how one looks, and a
// fresh one. With it the server runs a changing request once however often
// it arrives, so a client may send it again when the reply was lost.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/expected.hpp"

namespace client {

/// Whether `method` changes data, so its calls carry an Idempotency-Key:
/// add_item, update_item, delete_item, inventory.add,
/// inventory.set_quantity, inventory.adjust, inventory.adjust_many,
/// inventory.delete. Reads carry none (system.multicall neither: the
/// server refuses a key on it).
bool changes_data(std::string_view method);

/// A key as the server takes it: 1 to 255 printable ASCII characters
/// (0x20-0x7E); the error says which rule `key` breaks.
base::expected<void, std::string> check_idempotency_key(std::string_view key);

/// `random` as a UUID version 4: the version nibble 4, the variant bits
/// 10, the other 122 bits as given; 8-4-4-4-12 lowercase hex digits.
std::string uuid_v4(std::array<std::uint8_t, 16> random);

/// A fresh key: a UUID v4 of the system's random bytes.
std::string new_idempotency_key();

} // namespace client
