#pragma once

// The CAF type IDs of the hand-off from a connection to its session actor.
// They follow the node layer's block (node/type_ids.hpp).

#include <memory>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/type_id.hpp>

#include "node/type_ids.hpp"
#include "rpc/pending_call.hpp"

namespace http {

/// How a request travels from its connection to the session actor.
struct call_ref {
  std::shared_ptr<rpc::pending_call> ptr;
};

} // namespace http

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(session, caf::id_block::node::end)

  CAF_ADD_TYPE_ID(session, (http::call_ref))

  /// Serve this call: (call_ref).
  CAF_ADD_ATOM(session, http, rpc_atom, "rpc")
  /// Check whether the request in flight is overdue (sent to itself).
  CAF_ADD_ATOM(session, http, reminder_atom, "reminder")

CAF_END_TYPE_ID_BLOCK(session)
// clang-format on

// A connection and its session actor share the process; nothing serialises.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(http::call_ref)
