#pragma once

#include "actors/idempotency.hpp"
#include "rpc/inventory_call.hpp"

namespace rpc {

/// Receives the inventory's answer to one request.
class answer_sink {
public:
  virtual ~answer_sink() = default;
  /// `replayed`: the stored answer of an earlier call under the same
  /// idempotency key; nothing ran now.
  virtual void on_answer(inventory_answer answer, bool replayed) = 0;
};

/// The dispatcher's only way to the inventory. Implementations: requests to
/// the inventory actor (rpc/actor_port.hpp) and, in tests, a plain
/// inventory answering at once.
class inventory_port {
public:
  virtual ~inventory_port() = default;

  /// Sends `request`; `sink` gets exactly one answer, now or later, unless
  /// the owner of both goes away first.
  virtual void ask(inventory_request request, answer_sink& sink) = 0;

  /// Sends a change to be made at most once under `key`; `sink` gets one
  /// answer as for ask(), the same for every retry under the key.
  virtual void ask_once(actors::idempotency_key key,
                        actors::change_request change, answer_sink& sink)
    = 0;
};

} // namespace rpc
