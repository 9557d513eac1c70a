#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <caf/actor_clock.hpp>
#include <caf/message_id.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include "rpc/actor_port_settings.hpp"
#include "rpc/idempotency.hpp"
#include "rpc/inventory_port.hpp"
#include "rpc/port_targets.hpp"
#include "rpc/rpc_metrics.hpp"

namespace rpc {

/// The inventory port of the actor `Self` (a session actor): every request
/// is a typed message to `Target` (local_inventory, or remote_store on a
/// gateway), and the answer arrives as a message to `Self`, which hands it
/// to the sink. A domain error, a dead actor, a lost store or no answer
/// within the request timeout reaches the sink as a failure. Across nodes
/// get_all_items comes in pages (a snapshot cannot cross), each a message
/// of its own, so a large reply never blocks the link for others.
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
template <class Self, class Reminder, class Target>
class actor_port final : public inventory_port {
public:
  /// `settings` must outlive the port.
  actor_port(Self self, const actor_port_settings& settings, Target target)
    : self_(self), settings_(settings), target_(std::move(target)) {}

  /// Handles `Self`'s Reminder message.
  void on_reminder() {
    reminder_pending_ = false;
    if (!waiting_)
      return;
    if (self_->clock().now() < deadline_)
      return remind_at(deadline_);
    if (settings_.metrics)
      settings_.metrics->timed_out();
    fail_waiting(caf::make_error(caf::sec::request_timeout));
  }

  /// Handles `Self`'s down messages: a lost store fails the request in
  /// flight now instead of at its timeout.
  void on_down(const caf::down_msg& msg) {
    if (waiting_ && target_.lost(msg))
      fail_waiting(actors::to_error(
        actors::failure{actors::inventory_errc::store_unavailable}));
  }

  void ask(inventory_request request, answer_sink& sink) override {
    auto handle = target_.admit(self_);
    if (!handle)
      return sink.on_answer(std::move(handle).error(), false);
    std::visit([this, &sink,
                &handle](auto& x) { this->send(*handle, std::move(x), sink); },
               request);
  }

  void ask_once(actors::idempotency_key key, actors::change_request change,
                answer_sink& sink) override {
    auto handle = target_.admit(self_);
    if (!handle)
      return sink.on_answer(std::move(handle).error(), false);
    auto kind = change.kind;
    auto rh = self_->request(*handle, caf::infinite, actors::keyed_atom_v,
                             std::move(key), std::move(change));
    watch(rh.id());
    rh.then(
      [this, &sink, kind](actors::change_outcome& x) {
        waiting_.reset();
        target_.finished();
        sink.on_answer(to_answer(kind, x), x.replayed);
      },
      [this, &sink](caf::error& err) {
        waiting_.reset();
        target_.finished();
        sink.on_answer(Target::to_failure(err), false);
      });
  }

private:
  using handle_type = typename Target::handle_type;

  void send(const handle_type& h, add_request x, answer_sink& sink) {
    request<actors::item>(h, sink, actors::add_item_atom_v, std::move(x.name),
                          x.quantity);
  }
  void send(const handle_type& h, get_request x, answer_sink& sink) {
    request<actors::item>(h, sink, actors::get_item_atom_v, x.id);
  }
  void send(const handle_type& h, set_quantity_request x, answer_sink& sink) {
    request<actors::item>(h, sink, actors::set_quantity_atom_v, x.id,
                          x.quantity, x.expected_version);
  }
  void send(const handle_type& h, adjust_request x, answer_sink& sink) {
    request<actors::item>(h, sink, actors::adjust_atom_v, x.id, x.delta);
  }
  void send(const handle_type& h, adjust_many_request x, answer_sink& sink) {
    request<std::vector<actors::item>>(h, sink, actors::adjust_many_atom_v,
                                       std::move(x.adjustments));
  }
  void send(const handle_type& h, remove_request x, answer_sink& sink) {
    request<bool>(h, sink, actors::remove_item_atom_v, x.id);
  }
  void send(const handle_type& h, list_request x, answer_sink& sink) {
    request<std::vector<actors::item>>(h, sink, actors::list_atom_v, x.after_id,
                                       x.limit);
  }
  void send(const handle_type& h, count_request, answer_sink& sink) {
    request<std::int32_t>(h, sink, actors::count_atom_v);
  }
  void send(const handle_type& h, snapshot_request, answer_sink& sink) {
    if constexpr (Target::shares_memory) {
      request<actors::inventory_snapshot>(h, sink, actors::snapshot_atom_v);
    } else {
      pages_.clear();
      request_page(h, sink, 0, 0);
    }
  }

  // One page of the store's snapshot `cursor` (0: a new one); the last
  // page, shorter than page_size, completes the snapshot.
  void request_page(const handle_type& h, answer_sink& sink,
                    std::uint64_t cursor, std::int32_t after_id) {
    auto rh = self_->request(h, caf::infinite, actors::all_items_atom_v, cursor,
                             after_id, settings_.page_size);
    watch(rh.id());
    rh.then(
      [this, h, &sink](std::uint64_t next, std::vector<actors::item>& page) {
        waiting_.reset();
        bool last = page.size() < static_cast<std::size_t>(settings_.page_size);
        auto after = page.empty() ? 0 : page.back().id;
        pages_.insert(pages_.end(), std::make_move_iterator(page.begin()),
                      std::make_move_iterator(page.end()));
        if (!last)
          return request_page(h, sink, next, after);
        target_.finished();
        auto all
          = std::make_shared<std::vector<actors::item>>(std::move(pages_));
        pages_ = {};
        sink.on_answer(
          inventory_reply{actors::inventory_snapshot{std::move(all)}}, false);
      },
      [this, &sink](caf::error& err) {
        waiting_.reset();
        target_.finished();
        pages_ = {};
        sink.on_answer(Target::to_failure(err), false);
      });
  }

  template <class Answer, class... Ts>
  void request(const handle_type& h, answer_sink& sink, Ts&&... xs) {
    auto rh = self_->request(h, caf::infinite, std::forward<Ts>(xs)...);
    watch(rh.id());
    // The sink belongs to the same actor; a dead actor runs no handler.
    rh.then(
      [this, &sink](Answer& x) {
        waiting_.reset();
        target_.finished();
        sink.on_answer(inventory_reply{std::move(x)}, false);
      },
      [this, &sink](caf::error& err) {
        waiting_.reset();
        target_.finished();
        sink.on_answer(Target::to_failure(err), false);
      });
  }

  void watch(caf::message_id id) {
    waiting_ = id;
    deadline_ = self_->clock().now() + settings_.request_timeout;
    if (!reminder_pending_)
      remind_at(deadline_);
  }

  // Delivers `err` as the answer to the request in flight, as CAF would:
  // its error handler runs, and a late answer finds none and is dropped.
  void fail_waiting(caf::error err) {
    auto id = *waiting_;
    waiting_.reset();
    self_->eq_impl(id, self_->ctrl(), self_->context(), std::move(err));
  }

  void remind_at(caf::actor_clock::time_point when) {
    reminder_pending_ = true;
    auto delay = when - self_->clock().now();
    self_->delayed_send(self_, delay, Reminder{});
  }

  Self self_;
  const actor_port_settings& settings_;
  Target target_;
  // The request waiting for its answer (one at a time), its deadline, and
  // whether a Reminder is on its way.
  std::optional<caf::message_id> waiting_;
  caf::actor_clock::time_point deadline_;
  bool reminder_pending_ = false;
  // get_all_items across nodes: the pages so far.
  std::vector<actors::item> pages_;
};

} // namespace rpc
