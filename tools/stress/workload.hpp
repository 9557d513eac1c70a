#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "client/call_result.hpp"
#include "tools/stress/ledger.hpp"
#include "tools/stress/options.hpp"
#include "xmlrpc/value.hpp"

namespace stress {

/// The items a run works on, fixed before the clients start; all of them
/// created by the run and named with its prefix.
struct run_setup {
  std::string prefix;            // e.g. "stress-1a2b3c4d-"
  std::vector<std::int32_t> ids; // items every client may touch
  std::int32_t rmw_item = 0;     // lost-update: read-modify-write target
  std::int32_t adjust_item = 0;  // lost-update: inventory.adjust target
};

enum class op_kind {
  read,
  adjust,
  adjust_many,
  add,
  remove,
  seed_add,
  seed_update,
  seed_delete,
  rmw_read,
  rmw_write,
};

/// One request a client sends, and what it would change.
struct operation {
  op_kind kind = op_kind::read;
  std::string method;
  std::vector<xmlrpc::value> params;
  std::vector<std::pair<std::int32_t, std::int32_t>> deltas; // (id, delta)
  std::int32_t id = 0;
  std::int32_t amount = 0;
  std::string key;     // its Idempotency-Key (--retry-lost); empty: none
  bool resent = false; // sent again after its reply was lost
};

/// Whether `op` changes data (so its reply, if lost, leaves it uncertain).
bool changes_data(const operation& op);

/// Generates one client's requests and books their outcomes.
class workload {
public:
  workload(const options& opts, const run_setup& setup, std::uint32_t index);

  /// The next request (for read-modify-write: the read).
  operation next();

  /// The request that must follow `done` (the write of a
  /// read-modify-write), if any.
  std::optional<operation> followup(const operation& done,
                                    const xmlrpc::value& reply);

  /// Books how `op` ended: its reply, the server's fault, or a transport
  /// error (then the change may or may not have happened).
  void record(const operation& op, const client::call_result& result);

  /// Books a lost reply to `op`, which is sent again (--retry-lost) and
  /// booked by record() once answered.
  void record_resend(const client::transport_error& e);

  /// Books a reply the server marked as a replay of a stored one.
  void record_replay() { ++book_.replayed; }

  ledger& book() { return book_; }

private:
  operation from_mix();
  operation checkout();
  std::int32_t any_item();
  void record_fault(const operation& op, std::int32_t code);
  void record_unknown(const operation& op, const client::transport_error& e);
  void record_reply(const operation& op, const xmlrpc::value& reply);

  const options& opts_;
  const run_setup& setup_;
  std::uint32_t index_;
  std::mt19937 rng_;
  std::vector<std::pair<std::string, unsigned>> mix_;
  unsigned mix_total_ = 0;
  std::vector<std::int32_t> own_added_; // this client deletes only these
  ledger book_;
};

} // namespace stress
