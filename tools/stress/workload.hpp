#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tools/stress/options.hpp"
#include "xmlrpc/value.hpp"

namespace stress {

/// The items a run works on, fixed before the clients start.
struct run_setup {
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
};

/// How a request ended.
enum class outcome { ok, expected_fault, unexpected_fault, unknown };

/// What the clients saw acknowledged: the oracle's expected state.
struct ledger {
  std::map<std::int32_t, std::int64_t> delta;   // acknowledged, per item
  std::map<std::int32_t, std::int64_t> changes; // acknowledged changes
  // Changes whose reply was lost (transport errors): they may or may not
  // have happened.
  std::map<std::int32_t, std::int64_t> unknown_up;
  std::map<std::int32_t, std::int64_t> unknown_down;
  std::map<std::int32_t, std::int64_t> unknown_changes;
  std::int64_t unknown_adds = 0;
  std::map<std::int32_t, std::int32_t> added; // id -> initial quantity
  std::vector<std::int32_t> duplicate_ids;
  std::set<std::int32_t> deleted;
  std::set<std::int32_t> overwritten; // update_item set them absolutely
  std::uint64_t rmw_acked = 0;
  std::uint64_t adjust_acked = 0;
  std::map<std::string, std::uint64_t> expected_faults;
  std::map<std::string, std::uint64_t> unexpected_faults;
  std::map<std::string, std::uint64_t> transport_errors;
  std::uint64_t requests = 0;

  void merge(const ledger& other);
};

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

  /// Books the result of `op`: its reply, a fault code, or nothing when
  /// the transport failed (the change may or may not have happened).
  void record(const operation& op, const xmlrpc::value* reply,
              std::optional<std::int32_t> fault, const std::string& error);

  ledger& book() { return book_; }

private:
  operation from_mix();
  operation checkout();
  std::int32_t any_item();

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
