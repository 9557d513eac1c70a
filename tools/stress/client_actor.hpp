#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/fwd.hpp>
#include <caf/type_id.hpp>

#include "client/call_result.hpp"
#include "tools/stress/http_connection.hpp"
#include "tools/stress/latency.hpp"
#include "tools/stress/ledger.hpp"
#include "tools/stress/options.hpp"
#include "tools/stress/workload.hpp"

// clang-format off
CAF_BEGIN_TYPE_ID_BLOCK(stress, caf::first_custom_type_id)
  CAF_ADD_TYPE_ID(stress, (client::transport_error))
  CAF_ADD_TYPE_ID(stress, (stress::ledger))
  CAF_ADD_ATOM(stress, stress, next_atom, "st_next")
  CAF_ADD_ATOM(stress, stress, reply_atom, "st_reply")
  CAF_ADD_ATOM(stress, stress, done_atom, "st_done")
  CAF_ADD_ATOM(stress, stress, resend_atom, "st_resend")
CAF_END_TYPE_ID_BLOCK(stress)
// clang-format on

// Both stay inside this process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(client::transport_error)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(stress::ledger)

namespace stress {

/// What one simulated client needs; everything outlives the run.
struct client_context {
  const options* opts = nullptr;
  const run_setup* setup = nullptr;
  latency_recorder* latency = nullptr;
  std::atomic<std::uint64_t>* issued = nullptr; // for --requests
  /// The index of a server that refused a connection (it stopped): every
  /// client ends the run. -1 while all are up.
  std::atomic<int>* lost_server = nullptr;
  int server = 0; // the index of this client's server
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point measure_from;
  std::chrono::steady_clock::time_point stop_at;
  caf::actor coordinator; // gets (done_atom, ledger) at the end
  std::shared_ptr<http_connection> connection;
  std::uint32_t index = 0;
  std::chrono::nanoseconds interval{0}; // open loop; 0: closed loop
};

/// Spawns one simulated client: it sends requests one at a time over its
/// own connection until the run ends (or a server stopped), books every
/// outcome, and reports its ledger to the coordinator. With --retry-lost
/// every change carries a fresh Idempotency-Key, and a change whose reply
/// was lost is sent again, the same bytes with the same key, until it is
/// answered or one --timeout has passed since the reply was first lost.
caf::actor spawn_client(caf::actor_system& sys, client_context ctx);

} // namespace stress
