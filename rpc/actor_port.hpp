#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>

#include "actors/caf_errors.hpp"
#include "actors/inventory_actor.hpp"
#include "actors/supervisor.hpp"
#include "rpc/actor_port_settings.hpp"
#include "rpc/inventory_port.hpp"

namespace rpc {

/// The inventory port of the actor `Self` (a session actor): every request
/// is a typed message to the inventory actor with the request timeout, and
/// the answer arrives as a message to `Self`, which hands it to the sink. A
/// timeout, a dead actor or a domain error reaches the sink as a failure.
template <class Self>
class actor_port final : public inventory_port {
public:
  /// `settings` must outlive the port.
  actor_port(Self self, const actor_port_settings& settings)
    : self_(self), settings_(settings) {}

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
    // The sink belongs to the same actor; a dead actor runs no handler.
    self_
      ->request(inventory(), settings_.request_timeout, std::forward<Ts>(xs)...)
      .then(
        [&sink](Answer& x) { sink.on_answer(inventory_reply{std::move(x)}); },
        [&sink](caf::error& err) { sink.on_answer(actors::to_failure(err)); });
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
};

} // namespace rpc
