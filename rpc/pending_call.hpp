#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rpc/caller.hpp"

namespace rpc {

/// One XML-RPC request between a transport and the dispatcher: the
/// transport fills `who` and `body` and waits; the dispatcher decodes `body`
/// in place, renders the complete methodResponse into `reply` and calls
/// reply_ready(). Only one side touches it at a time, so it needs no lock.
class pending_call {
public:
  virtual ~pending_call() = default;

  caller who;
  std::string body;
  /// The request's Idempotency-Key header, checked; empty: none.
  std::string idempotency_key;
  std::string reply;
  /// The reply is the stored one of an earlier call under the same key.
  bool replayed = false;
  /// What the reply was, for logs and counters: the method as the table
  /// names it (empty when the call named none that exists), and the fault
  /// code (0 when the reply is not a fault).
  std::string_view method;
  std::int32_t fault_code = 0;

  /// Hands the rendered reply back to the transport; any thread may call
  /// it.
  virtual void reply_ready() = 0;
};

} // namespace rpc
