#include "tools/stress/client_actor.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "base/idempotency_key.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace stress {

namespace {

using clock_type = std::chrono::steady_clock;

struct client_state {
  client_context ctx;
  std::unique_ptr<workload> work;
  operation current;
  std::string body; // current's request; a re-send sends the same bytes
  clock_type::time_point sent_at; // current's first send
  bool measure = false;           // current counts for the latency
  unsigned resends = 0;           // of current, after lost replies
  clock_type::time_point resend_until;
  std::optional<operation> followup;
  clock_type::time_point planned; // open loop: when the next send is due
  static inline const char* name = "stress-client";
};

using client_pointer = caf::stateful_actor<client_state>*;

void report_and_quit(client_pointer self) {
  auto& st = self->state;
  self->send(st.ctx.coordinator, done_atom_v, std::move(st.work->book()));
  self->quit();
}

// Sends the current request; a re-send is measured from the first send,
// as long as the client waited.
void send_current(client_pointer self) {
  auto& st = self->state;
  auto t0 = st.sent_at;
  auto* latency = st.ctx.latency;
  auto measure = st.measure;
  // Only reads may go again unnoticed: a change sent twice without a key
  // could be applied twice.
  st.ctx.connection->send(
    st.body, st.current.key, !changes_data(st.current),
    [self = caf::actor{self}, t0, latency, measure](http_reply res) {
      if (measure) {
        if (res)
          latency->record(std::chrono::duration_cast<std::chrono::microseconds>(
            clock_type::now() - t0));
        else
          latency->record_error();
      }
      // Two message types, so neither needs an empty state.
      if (res)
        caf::anon_send(self, reply_atom_v, std::move(res->body), res->replayed);
      else
        caf::anon_send(self, reply_atom_v, std::move(res.error()));
    });
}

// --retry-lost: whether the current change goes again after its reply was
// lost with `e`. Not once the server refuses connections (it stopped: the
// run ends), nor past one --timeout after the reply was first lost, so
// the run always ends; then the change stays uncertain.
bool resend_lost(client_state& st, const client::transport_error& e) {
  if (st.current.key.empty()
      || e.what == client::transport_error::kind::refused)
    return false;
  auto now = clock_type::now();
  if (st.resends == 0)
    st.resend_until = now + st.ctx.opts->timeout;
  return now < st.resend_until;
}

void issue(client_pointer self) {
  auto& st = self->state;
  auto now = clock_type::now();
  if (!st.followup) { // a read-modify-write's second half always goes
    bool over_budget = st.ctx.opts->requests > 0
                       && st.ctx.issued->fetch_add(1) >= st.ctx.opts->requests;
    bool server_lost = st.ctx.lost_server->load() >= 0;
    if (now >= st.ctx.stop_at || over_budget || server_lost)
      return report_and_quit(self);
  }
  st.current = st.followup ? std::move(*st.followup) : st.work->next();
  st.followup.reset();
  if (st.ctx.opts->retry_lost && changes_data(st.current))
    st.current.key = base::new_idempotency_key();
  st.body = std::move(
    *xmlrpc::encode_method_call(st.current.method, st.current.params));
  // Open loop measures from the planned time, so a stalled server cannot
  // hide its delay by slowing the load down (no coordinated omission).
  st.sent_at = st.ctx.interval.count() > 0 ? std::min(st.planned, now) : now;
  st.measure = st.sent_at >= st.ctx.measure_from;
  st.resends = 0;
  send_current(self);
}

void schedule_next(client_pointer self) {
  auto& st = self->state;
  if (st.followup || st.ctx.interval.count() == 0)
    return issue(self);
  st.planned += st.ctx.interval;
  auto now = clock_type::now();
  if (st.planned <= now)
    return issue(self);
  self->delayed_send(self, st.planned - now, next_atom_v);
}

caf::behavior client_impl(client_pointer self, client_context ctx) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.work
    = std::make_unique<workload>(*st.ctx.opts, *st.ctx.setup, st.ctx.index);
  // Open loop: spread the clients' schedules over one interval.
  st.planned
    = st.ctx.start + st.ctx.interval * st.ctx.index / st.ctx.opts->clients;
  return {
    [self](next_atom) { issue(self); },
    [self](resend_atom) { send_current(self); },
    [self](reply_atom, std::string& body, bool replayed) {
      auto& s = self->state;
      if (replayed)
        s.work->record_replay();
      auto decoded = xmlrpc::decode_response(body);
      if (!decoded) {
        s.work->record(
          s.current,
          client::call_error{client::transport_error{
            client::transport_error::kind::invalid_reply, "invalid reply"}});
      } else if (auto* f = std::get_if<xmlrpc::fault>(&*decoded)) {
        s.work->record(s.current, client::call_error{std::move(*f)});
      } else {
        client::call_result res{std::move(std::get<xmlrpc::value>(*decoded))};
        s.work->record(s.current, res);
        s.followup = s.work->followup(s.current, *res);
      }
      schedule_next(self);
    },
    [self](reply_atom, client::transport_error& e) {
      auto& s = self->state;
      if (e.what == client::transport_error::kind::refused) {
        int none = -1;
        s.ctx.lost_server->compare_exchange_strong(none, s.ctx.server);
      }
      if (resend_lost(s, e)) {
        s.work->record_resend(e);
        s.current.resent = true;
        // A short pause, growing, so a server that is down is not hammered.
        auto pause = std::chrono::milliseconds{5 << std::min(s.resends, 5u)};
        ++s.resends;
        self->delayed_send(self, pause, resend_atom_v);
        return;
      }
      s.work->record(s.current, client::call_error{std::move(e)});
      schedule_next(self);
    },
  };
}

} // namespace

caf::actor spawn_client(caf::actor_system& sys, client_context ctx) {
  return sys.spawn(client_impl, std::move(ctx));
}

} // namespace stress
