#pragma once

#include <caf/error.hpp>

#include "actors/errors.hpp"
#include "actors/type_ids.hpp"

namespace actors {

/// The CAF error an actor answers a failure with: category inventory_errc,
/// the item id (or the detail text) as context.
caf::error to_error(const failure& x);

/// The failure a requester sees for `err`: the inventory's own errors as
/// they were, a request timeout as `timeout`, anything else (a dead actor,
/// an unreachable node) as `unavailable` with CAF's description.
failure to_failure(const caf::error& err);

} // namespace actors
