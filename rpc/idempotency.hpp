#pragma once

// Idempotency keys as the service layer sees them: which requests a key
// applies to, the fingerprint that tells a retry from another request,
// and the inventory's stored outcome as the answer a method formats.

#include <optional>
#include <string>
#include <string_view>

#include "actors/idempotency.hpp"
#include "rpc/inventory_call.hpp"

namespace rpc {

/// The change `request` makes, as a key names it; nullopt for a read.
std::optional<actors::change_request>
to_change(const inventory_request& request);

/// SHA-256 of `method` and the change in a canonical form (fields in a
/// fixed order, numbers in decimal, names length-prefixed), 32 bytes: two
/// calls share it exactly when they ask the same method for the same
/// change, however their XML was written.
std::string fingerprint(std::string_view method,
                        const actors::change_request& change);

/// A stored or fresh outcome as the answer the method's formatter expects
/// from the plain request: an item, the items, or true for a removal; a
/// stored domain failure as that failure.
inventory_answer to_answer(actors::change_kind kind,
                           const actors::change_outcome& outcome);

} // namespace rpc
