#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"
#include "http/exchange.hpp"
#include "xmlrpc/fault.hpp"
#include "xmlrpc/limits.hpp"
#include "xmlrpc/value.hpp"

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(session, caf::id_block::inventory::end)

  CAF_ADD_TYPE_ID(session, (srv::exchange_ref))

  CAF_ADD_ATOM(session, srv, rpc_atom, "rpc")

CAF_END_TYPE_ID_BLOCK(session)
// clang-format on

// A connection and its session actor share the process; nothing serialises.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(srv::exchange_ref)

namespace srv {

/// One per connection: decodes a request, asks the inventory actor with
/// typed messages, encodes the reply.
using session_actor = caf::typed_actor<caf::reacts_to<rpc_atom, exchange_ref>>;

/// What the session actor needs to know, shared by all sessions.
struct session_settings {
  /// Where the live inventory actor is (it changes after a restart).
  std::shared_ptr<inv::inventory_ref> inventory;
  xmlrpc::limits limits;
  std::chrono::milliseconds request_timeout{5000};
};

/// What one method call produced. A snapshot is streamed as the reply.
using call_reply
  = std::variant<xmlrpc::value, xmlrpc::fault, inv::inventory_snapshot>;

/// Which call a reply belongs to: the request itself, or entry N of a
/// system.multicall.
struct call_slot {
  static constexpr int request = -1;
  int index = request;
};

struct session_state {
  const session_settings* settings = nullptr;
  // The inventory actor as of `inventory_generation` of the shared ref.
  inv::inventory_actor inventory;
  std::uint64_t inventory_generation = 0;
  std::shared_ptr<exchange> current;
  // system.multicall in progress: its calls, their results so far, and
  // whether the loop that dispatches them is on the stack.
  std::vector<xmlrpc::result<xmlrpc::method_call>> calls;
  xmlrpc::array results;
  bool dispatching = false;
  static inline const char* name = "session";
};

using session_pointer = session_actor::stateful_pointer<session_state>;

/// Spawns the session actor of one connection; `settings` must outlive it.
session_actor spawn_session_actor(caf::actor_system& sys,
                                  const session_settings& settings);

/// The live inventory actor; polls the shared ref's generation only.
const inv::inventory_actor& current_inventory(session_pointer self);

/// Delivers the reply of the call in `slot`.
void complete(session_pointer self, call_slot slot, call_reply reply);

/// Runs method `call` and delivers its reply to `slot`.
void dispatch(session_pointer self, const xmlrpc::method_call& call,
              call_slot slot);

/// Starts system.multicall over `calls`; an entry that is a fault already
/// is its own result.
void run_multicall(session_pointer self,
                   std::vector<xmlrpc::result<xmlrpc::method_call>> calls);

} // namespace srv
