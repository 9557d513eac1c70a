#pragma once

// An inventory_port for tests: a plain actors::inventory that answers at
// once, or holds its answers until release() to show what waits for what.

#include <stdexcept>
#include <utility>
#include <vector>

#include "actors/inventory.hpp"
#include "rpc/inventory_port.hpp"
#include "rpc/pending_call.hpp"

class inventory_fake final : public rpc::inventory_port {
public:
  actors::inventory data;
  /// Keep answers until release().
  bool hold = false;
  /// Throw from ask() instead of answering.
  bool throw_on_ask = false;
  /// Answer every request with this instead of asking `data`.
  std::optional<rpc::inventory_answer> canned;
  /// Requests seen so far.
  std::vector<rpc::inventory_request> asked;
  /// Keyed changes seen so far, with their keys.
  std::vector<std::pair<actors::idempotency_key, actors::change_request>>
    asked_once;
  /// Answer keyed changes as replays.
  bool replay = false;

  void ask(rpc::inventory_request request, rpc::answer_sink& sink) override {
    if (throw_on_ask)
      throw std::runtime_error("port broke");
    asked.push_back(request);
    auto answer = canned ? *canned : execute(std::move(request));
    if (hold)
      held_.emplace_back(std::move(answer), &sink);
    else
      sink.on_answer(std::move(answer), false);
  }

  void ask_once(actors::idempotency_key key, actors::change_request change,
                rpc::answer_sink& sink) override {
    asked_once.emplace_back(key, change);
    auto answer = canned ? *canned : execute(as_request(change));
    sink.on_answer(std::move(answer), replay);
  }

  /// Delivers the held answers, oldest first; returns how many.
  std::size_t release() {
    auto held = std::move(held_);
    held_.clear();
    for (auto& [answer, sink] : held)
      sink->on_answer(std::move(answer), false);
    return held.size();
  }

  std::size_t holding() const { return held_.size(); }

private:
  static rpc::inventory_request as_request(const actors::change_request& c) {
    using actors::change_kind;
    switch (c.kind) {
    case change_kind::add:
      return rpc::add_request{c.name, c.quantity};
    case change_kind::set_quantity:
      return rpc::set_quantity_request{c.id, c.quantity, c.expected_version};
    case change_kind::adjust:
      return rpc::adjust_request{c.id, c.delta};
    case change_kind::adjust_many:
      return rpc::adjust_many_request{c.adjustments};
    case change_kind::remove:
      break;
    }
    return rpc::remove_request{c.id};
  }

  template <class T>
  static rpc::inventory_answer lift(actors::result<T> x) {
    if (!x)
      return std::move(x).error();
    return rpc::inventory_reply{std::move(*x)};
  }

  rpc::inventory_answer execute(rpc::inventory_request request) {
    return std::visit(
      [this](auto& x) -> rpc::inventory_answer {
        using type = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<type, rpc::add_request>)
          return lift(data.add(std::move(x.name), x.quantity));
        else if constexpr (std::is_same_v<type, rpc::get_request>)
          return lift(data.get(x.id));
        else if constexpr (std::is_same_v<type, rpc::set_quantity_request>)
          return lift(data.set_quantity(x.id, x.quantity, x.expected_version));
        else if constexpr (std::is_same_v<type, rpc::adjust_request>)
          return lift(data.adjust(x.id, x.delta));
        else if constexpr (std::is_same_v<type, rpc::adjust_many_request>)
          return lift(data.adjust_many(x.adjustments));
        else if constexpr (std::is_same_v<type, rpc::remove_request>)
          return lift(data.remove(x.id));
        else if constexpr (std::is_same_v<type, rpc::list_request>)
          return rpc::inventory_reply{data.list(x.after_id, x.limit)};
        else if constexpr (std::is_same_v<type, rpc::count_request>)
          return rpc::inventory_reply{data.count()};
        else
          return rpc::inventory_reply{data.snapshot()};
      },
      request);
  }

  std::vector<std::pair<rpc::inventory_answer, rpc::answer_sink*>> held_;
};

/// Stands in for a connection: counts the replies handed back. Its caller
/// may do everything unless a test says otherwise.
struct test_call final : rpc::pending_call {
  test_call() { who.role = auth::role::admin; }
  int replies = 0;
  void reply_ready() override { ++replies; }
};
