#pragma once

#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "http/connection_host.hpp"
#include "http/type_ids.hpp"
#include "rpc/actor_port_settings.hpp"
#include "xmlrpc/limits.hpp"

namespace http {

/// One per connection (the design card's HTTP session actor): hands each
/// request to its rpc dispatcher, which reaches the inventory actor with
/// typed messages and renders the reply.
using session_actor = caf::typed_actor<caf::reacts_to<rpc_atom, call_ref>,
                                       caf::reacts_to<reminder_atom>>;

/// What every session actor needs, shared by all of them.
struct session_settings {
  rpc::actor_port_settings inventory;
  xmlrpc::limits limits;
};

/// Spawns the session actor of one connection; `settings` must outlive it.
session_actor spawn_session_actor(caf::actor_system& sys,
                                  const session_settings& settings);

/// A call handler backed by a new session actor; destroying it stops the
/// actor. `settings` must outlive it.
std::unique_ptr<call_handler> open_session(caf::actor_system& sys,
                                           const session_settings& settings);

} // namespace http
