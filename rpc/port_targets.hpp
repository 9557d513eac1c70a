#pragma once

// Where an actor_port sends its requests: the inventory actor in this
// process, or the store node's published actor, through the gateway's link.

#include <cstdint>
#include <memory>

#include <caf/error.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include "actors/caf_errors.hpp"
#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"
#include "node/store_actor.hpp"
#include "node/store_ref.hpp"

namespace rpc {

/// The local inventory actor, as the supervisor's ref names it.
class local_inventory {
public:
  using handle_type = actors::inventory_actor;
  /// Snapshots are shared in memory, never paged.
  static constexpr bool shares_memory = true;

  explicit local_inventory(std::shared_ptr<actors::inventory_ref> ref)
    : ref_(std::move(ref)) {}

  /// The handle for the next request; polls the ref's generation only.
  template <class Self>
  actors::result<handle_type> admit(Self) {
    auto generation = ref_->generation();
    if (generation != generation_) {
      current_ = ref_->get();
      generation_ = generation;
    }
    return current_;
  }

  void finished() {}

  bool lost(const caf::down_msg&) const { return false; }

  static actors::failure to_failure(const caf::error& err) {
    return actors::to_failure(err);
  }

private:
  std::shared_ptr<actors::inventory_ref> ref_;
  handle_type current_;
  std::uint64_t generation_ = 0;
};

/// The store node's actor, through the gateway's link: refused at once
/// while the link is down or the gateway has all its requests in flight,
/// and watched (monitored) so a request in flight fails at once when the
/// store is lost rather than at its timeout.
class remote_store {
public:
  using handle_type = node::store_actor;
  static constexpr bool shares_memory = false;

  explicit remote_store(std::shared_ptr<node::store_ref> ref)
    : ref_(std::move(ref)) {}

  template <class Self>
  actors::result<handle_type> admit(Self self) {
    auto generation = ref_->generation();
    if (generation != generation_) {
      if (current_)
        self->demonitor(current_.address());
      current_ = ref_->get();
      generation_ = generation;
      if (current_)
        self->monitor(current_);
    }
    if (!current_)
      return actors::failure{actors::inventory_errc::store_unavailable};
    if (!ref_->try_begin())
      return actors::failure{actors::inventory_errc::busy};
    return current_;
  }

  /// Gives back the in-flight slot admit() took.
  void finished() { ref_->end(); }

  /// Whether `msg` says the store this port talks to is gone.
  bool lost(const caf::down_msg& msg) const {
    return current_ && msg.source == current_.address();
  }

  /// The store's own (domain) errors as they are; a timeout as such;
  /// anything else means the link failed: retry.
  static actors::failure to_failure(const caf::error& err) {
    if (err.category() == caf::atom("inventory")
        || err == caf::sec::request_timeout)
      return actors::to_failure(err);
    return actors::failure{actors::inventory_errc::store_unavailable};
  }

private:
  std::shared_ptr<node::store_ref> ref_;
  handle_type current_;
  std::uint64_t generation_ = 0;
};

} // namespace rpc
