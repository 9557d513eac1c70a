#include "node/store_link.hpp"

#include <algorithm>
#include <random>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>

#include "base/log.hpp"
#include "node/node_config.hpp"
#include "node/type_ids.hpp"

namespace node {

namespace {

struct link_state {
  store_link_options opts;
  std::shared_ptr<store_ref> ref;
  store_actor current;
  // The handle lost last: the middleman's cache may hand it back.
  store_actor last_lost;
  std::chrono::milliseconds backoff{0};
  bool ever_connected = false;
  // Why the last attempt failed; logged when it changes, not per attempt.
  std::string last_failure;
  std::minstd_rand rng{std::random_device{}()};
  static inline const char* name = "store_link";
};

using link_pointer = caf::stateful_actor<link_state>*;

std::string where(const link_state& st) {
  return "store " + st.opts.host + ":" + std::to_string(st.opts.port);
}

std::string describe(link_pointer self, const caf::error& err) {
  if (err == caf::sec::incompatible_application_ids)
    return "refused: the peer is another application or version (its "
           "middleman.app-identifiers differ from "
           + app_identifier() + ")";
  // Ours (the connect request's timeout) or the middleman's own, for a
  // peer that accepts TCP and never speaks BASP.
  if (err == caf::sec::request_timeout || err == caf::sec::connection_timeout)
    return "no answer within the connect timeout";
  return self->system().render(err);
}

// Tries again after the backoff, with up to half of it again as jitter.
void retry_later(link_pointer self) {
  auto& st = self->state;
  st.backoff
    = std::clamp(st.backoff * 2, st.opts.first_retry, st.opts.max_retry);
  std::uniform_int_distribution<long long> jitter{0, st.backoff.count() / 2};
  auto delay = st.backoff + std::chrono::milliseconds{jitter(st.rng)};
  self->delayed_send(self, delay, reconnect_atom_v);
}

void failed(link_pointer self, const std::string& why) {
  auto& st = self->state;
  if (why != st.last_failure) {
    base::log(base::log_level::warning,
              where(st) + ": cannot connect (" + why + "), retrying");
    st.last_failure = why;
  }
  retry_later(self);
}

void connect(link_pointer self) {
  auto& st = self->state;
  auto mm = st.opts.tls ? self->system().openssl_manager().actor_handle()
                        : self->system().middleman().actor_handle();
  self
    ->request(mm, st.opts.connect_timeout, caf::connect_atom_v, st.opts.host,
              st.opts.port)
    .then(
      [self](const caf::node_id&, caf::strong_actor_ptr& ptr,
             const std::set<std::string>& ifs) {
        auto& s = self->state;
        if (!ptr)
          return failed(self, "nothing published at that port");
        if (!self->system().assignable<store_actor>(ifs))
          return failed(self, "the actor published there is not an "
                              "inventory store");
        auto handle = caf::actor_cast<store_actor>(std::move(ptr));
        // Right after a loss the middleman's cache may offer the dead
        // handle: refuse it once. Offered again it is the same store
        // process come back (after SIGSTOP, say); if it is dead after all,
        // the monitor below reports it at once and the loop goes on.
        if (handle == s.last_lost) {
          s.last_lost = nullptr;
          return failed(self, "the middleman offered the lost store again");
        }
        s.current = handle;
        self->monitor(handle);
        s.ref->set(handle);
        base::log(base::log_level::info,
                  where(s)
                    + (s.ever_connected ? ": reconnected" : ": connected"));
        s.ever_connected = true;
        s.last_failure.clear();
        s.backoff = std::chrono::milliseconds{0};
      },
      [self](caf::error& err) { failed(self, describe(self, err)); });
}

caf::behavior link_impl(link_pointer self, store_link_options opts,
                        std::shared_ptr<store_ref> ref) {
  self->state.opts = std::move(opts);
  self->state.ref = std::move(ref);
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& st = self->state;
    if (!st.current || msg.source != st.current.address())
      return;
    st.ref->set(store_actor{}); // new requests fail fast from now on
    base::log(base::log_level::warning,
              where(st) + ": lost (" + describe(self, msg.reason) + ")");
    st.last_lost = std::move(st.current);
    st.current = nullptr;
    st.backoff = std::chrono::milliseconds{0};
    retry_later(self);
  });
  connect(self);
  return {
    [self](reconnect_atom) { connect(self); },
  };
}

} // namespace

caf::actor spawn_store_link(caf::actor_system& sys, store_link_options opts,
                            std::shared_ptr<store_ref> ref) {
  return sys.spawn(link_impl, std::move(opts), std::move(ref));
}

} // namespace node
