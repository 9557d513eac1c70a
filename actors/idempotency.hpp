#pragma once

// Changes made at most once: a caller's idempotency key, the change it
// names, and the outcome that is stored with the change and replayed to
// every retry. Plain values that can cross a network.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/errors.hpp"
#include "actors/item.hpp"

namespace actors {

/// A caller's key for one change. Keys of different principals never meet;
/// `fingerprint` (a hash of the method and its parameters) tells a retry
/// from another request under the same key.
struct idempotency_key {
  std::string principal;
  std::string key;
  std::string fingerprint;
};

/// The operations a key can make at most once.
enum class change_kind : std::uint8_t {
  add = 1,
  set_quantity,
  adjust,
  adjust_many,
  remove,
};

std::string to_string(change_kind x);

/// One change with its arguments; only the fields of `kind` are used.
struct change_request {
  change_kind kind = change_kind::add;
  std::string name;
  std::int32_t id = 0;
  std::int32_t quantity = 0;
  /// set_quantity: 0 means any version.
  std::int32_t expected_version = 0;
  std::int32_t delta = 0;
  std::vector<adjustment> adjustments;
};

/// What a keyed change answered: the item(s) it changed (none for a
/// removal), or the domain failure it met (not found, version conflict,
/// stock), which is as much an answer as success. `replayed`: this is the
/// stored answer of an earlier request, and nothing ran now.
struct change_outcome {
  /// 0: success; else an inventory_errc.
  std::uint8_t failure_code = 0;
  std::int32_t failure_id = 0;
  std::vector<item> items;
  bool replayed = false;

  friend bool operator==(const change_outcome& x, const change_outcome& y) {
    return x.failure_code == y.failure_code && x.failure_id == y.failure_id
           && x.items == y.items && x.replayed == y.replayed;
  }
};

/// Whether a failure is an answer to store and replay (the request was
/// executed and met a rule) rather than a reason to retry (storage down,
/// internal error).
bool is_replayable(inventory_errc code);

/// The outcome as the database keeps it, and back; nullopt when `blob` is
/// not one (a damaged row).
std::string encode_outcome(const change_outcome& x);
std::optional<change_outcome> decode_outcome(const std::string& blob);

/// A stored key: what it answered, for which request, and when (Unix
/// milliseconds).
struct stored_key {
  std::string fingerprint;
  change_outcome outcome;
  std::int64_t created_ms = 0;
};

/// A key row as a write batch carries it.
struct key_row {
  std::string principal;
  std::string key;
  stored_key value;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, idempotency_key& x) {
  return f(x.principal, x.key, x.fingerprint);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, change_request& x) {
  return f(x.kind, x.name, x.id, x.quantity, x.expected_version, x.delta,
           x.adjustments);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, change_outcome& x) {
  return f(x.failure_code, x.failure_id, x.items, x.replayed);
}

} // namespace actors
