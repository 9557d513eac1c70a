#pragma once

// Which calls carry an Idempotency-Key (base/idempotency_key.hpp says how
// one looks and makes fresh ones). With it the server runs a changing
// request once however often it arrives, so a client may send it again
// when the reply was lost.

#include <string_view>

namespace client {

/// Whether `method` changes data, so its calls carry an Idempotency-Key:
/// add_item, update_item, delete_item, inventory.add,
/// inventory.set_quantity, inventory.adjust, inventory.adjust_many,
/// inventory.delete. Reads carry none (system.multicall neither: the
/// server refuses a key on it).
bool changes_data(std::string_view method);

} // namespace client
