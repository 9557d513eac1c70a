#pragma once

#include <string_view>

#include "actors/errors.hpp"
#include "xmlrpc/fault.hpp"

namespace rpc {

/// The fault for a failure of `method`'s request to the inventory: domain
/// errors become 404/409/422 (or -32602), the rest -32603. The message names
/// the method and, where there is one, the item.
xmlrpc::fault to_fault(const actors::failure& x, std::string_view method);

} // namespace rpc
