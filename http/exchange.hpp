#pragma once

#include <memory>
#include <string>

namespace srv {

/// The slot a connection shares with its session actor for one request: the
/// connection fills `body` and waits; the actor decodes `body` in place,
/// fills `reply` with the XML response and calls reply_ready(). Only one
/// side touches the slot at a time, so it needs no lock.
class exchange {
public:
  virtual ~exchange() = default;

  std::string body;
  std::string reply;

  /// Hands the filled reply back to the connection; any thread may call it.
  virtual void reply_ready() = 0;
};

/// How a request travels to a session actor.
struct exchange_ref {
  std::shared_ptr<exchange> ptr;
};

} // namespace srv
