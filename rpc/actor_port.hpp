#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include <caf/actor_clock.hpp>
#include <caf/message_id.hpp>
#include <caf/sec.hpp>

#include "actors/caf_errors.hpp"
#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"
#include "rpc/actor_port_settings.hpp"
#include "rpc/inventory_port.hpp"

namespace rpc {

/// The inventory port of the actor `Self` (a session actor): every request
/// is a typed message to the inventory actor, and the answer arrives as a
/// message to `Self`, which hands it to the sink. A domain error, a dead
/// actor or no answer within the request timeout reaches the sink as a
/// failure.
///
/// The timeout is not CAF's per-request one: CAF 0.17 never cancels that
/// when the answer comes, so each request left an entry in the clock
/// thread's maps for the whole timeout (300,000 at 60,000 requests/s), and
/// when many sessions ended at once the clock thread spent 100-200 ms
/// erasing theirs while every worker that made a request waited for it.
/// Instead `Self` gets itself a `Reminder` message (at most one pending per
/// port, so one clock entry per session), and on it the port fails an
/// overdue request with sec::request_timeout, as CAF's own timeout would:
/// the same error handler runs, and a late answer is dropped.
template <class Self, class Reminder>
class actor_port final : public inventory_port {
public:
  /// `settings` must outlive the port.
  actor_port(Self self, const actor_port_settings& settings)
    : self_(self), settings_(settings) {}

  /// Handles `Self`'s Reminder message.
  void on_reminder() {
    reminder_pending_ = false;
    if (!waiting_)
      return;
    auto now = self_->clock().now();
    if (now < deadline_)
      return remind_at(deadline_);
    auto id = *waiting_;
    waiting_.reset();
    self_->eq_impl(id, self_->ctrl(), self_->context(),
                   caf::make_error(caf::sec::request_timeout));
  }

  void ask(inventory_request request, answer_sink& sink) override {
    std::visit([this, &sink](auto& x) { this->send(std::move(x), sink); },
               request);
  }

private:
  void send(add_request x, answer_sink& sink) {
    request<actors::item>(sink, actors::add_item_atom_v, std::move(x.name),
                          x.quantity);
  }
  void send(get_request x, answer_sink& sink) {
    request<actors::item>(sink, actors::get_item_atom_v, x.id);
  }
  void send(set_quantity_request x, answer_sink& sink) {
    request<actors::item>(sink, actors::set_quantity_atom_v, x.id, x.quantity,
                          x.expected_version);
  }
  void send(adjust_request x, answer_sink& sink) {
    request<actors::item>(sink, actors::adjust_atom_v, x.id, x.delta);
  }
  void send(adjust_many_request x, answer_sink& sink) {
    request<std::vector<actors::item>>(sink, actors::adjust_many_atom_v,
                                       std::move(x.adjustments));
  }
  void send(remove_request x, answer_sink& sink) {
    request<bool>(sink, actors::remove_item_atom_v, x.id);
  }
  void send(list_request x, answer_sink& sink) {
    request<std::vector<actors::item>>(sink, actors::list_atom_v, x.after_id,
                                       x.limit);
  }
  void send(count_request, answer_sink& sink) {
    request<std::int32_t>(sink, actors::count_atom_v);
  }
  void send(snapshot_request, answer_sink& sink) {
    request<actors::inventory_snapshot>(sink, actors::snapshot_atom_v);
  }

  template <class Answer, class... Ts>
  void request(answer_sink& sink, Ts&&... xs) {
    auto handle
      = self_->request(inventory(), caf::infinite, std::forward<Ts>(xs)...);
    waiting_ = handle.id();
    deadline_ = self_->clock().now() + settings_.request_timeout;
    if (!reminder_pending_)
      remind_at(deadline_);
    // The sink belongs to the same actor; a dead actor runs no handler.
    handle.then(
      [this, &sink](Answer& x) {
        waiting_.reset();
        sink.on_answer(inventory_reply{std::move(x)});
      },
      [this, &sink](caf::error& err) {
        waiting_.reset();
        sink.on_answer(actors::to_failure(err));
      });
  }

  void remind_at(caf::actor_clock::time_point when) {
    reminder_pending_ = true;
    auto delay = when - self_->clock().now();
    self_->delayed_send(self_, delay, Reminder{});
  }

  // The live inventory actor; polls the shared ref's generation only.
  const actors::inventory_actor& inventory() {
    auto generation = settings_.inventory->generation();
    if (generation != generation_) {
      inventory_ = settings_.inventory->get();
      generation_ = generation;
    }
    return inventory_;
  }

  Self self_;
  const actor_port_settings& settings_;
  actors::inventory_actor inventory_;
  std::uint64_t generation_ = 0;
  // The request waiting for its answer (one at a time), its deadline, and
  // whether a Reminder is on its way.
  std::optional<caf::message_id> waiting_;
  caf::actor_clock::time_point deadline_;
  bool reminder_pending_ = false;
};

} // namespace rpc
