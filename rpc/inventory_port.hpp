#pragma once

#include "rpc/inventory_call.hpp"

namespace rpc {

/// Receives the inventory's answer to one request.
class answer_sink {
public:
  virtual ~answer_sink() = default;
  virtual void on_answer(inventory_answer answer) = 0;
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
};

} // namespace rpc
