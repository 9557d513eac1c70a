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

  void ask(rpc::inventory_request request, rpc::answer_sink& sink) override {
    if (throw_on_ask)
      throw std::runtime_error("port broke");
    asked.push_back(request);
    auto answer = canned ? *canned : execute(std::move(request));
    if (hold)
      held_.emplace_back(std::move(answer), &sink);
    else
      sink.on_answer(std::move(answer));
  }

  /// Delivers the held answers, oldest first; returns how many.
  std::size_t release() {
    auto held = std::move(held_);
    held_.clear();
    for (auto& [answer, sink] : held)
      sink->on_answer(std::move(answer));
    return held.size();
  }

  std::size_t holding() const { return held_.size(); }

private:
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
