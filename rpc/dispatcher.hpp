#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "rpc/inventory_port.hpp"
#include "rpc/method.hpp"
#include "rpc/pending_call.hpp"
#include "rpc/rpc_metrics.hpp"
#include "xmlrpc/limits.hpp"

namespace rpc {

/// Serves the calls of one connection, one at a time: decodes the request,
/// finds the method, runs its handler, asks the inventory through the port
/// when the handler says so, and renders the methodResponse. It runs
/// system.multicall (entries in order, each on its own, nesting refused)
/// and is the one place where an unexpected exception becomes a fault. A
/// change under an idempotency key goes to the inventory with the key
/// (scoped to the caller's principal); reads ignore the key, and
/// system.multicall refuses one.
/// Plain code: a test drives it with any inventory_port.
class dispatcher final : public answer_sink {
public:
  /// Counts each call into `counts` when there is one.
  dispatcher(inventory_port& port, const xmlrpc::limits& limits,
             const rpc_metrics* counts = nullptr);

  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  /// Serves `call`: renders its reply into `call->reply` and calls
  /// `call->reply_ready()` exactly once, now or when the inventory answers.
  /// The next call may come only after that.
  void serve(std::shared_ptr<pending_call> call);

  /// The inventory's answer to the request the current call made.
  void on_answer(inventory_answer answer, bool replayed) override;

private:
  void run(const xmlrpc::method_call& call);
  void execute(std::string_view method, plan next);
  void ask(std::string_view method, inventory_request request);
  void complete(reply result);
  void continue_multicall();
  void finish(reply& result);

  inventory_port& port_;
  const xmlrpc::limits& limits_;
  const rpc_metrics* counts_;
  std::shared_ptr<pending_call> current_;
  // The method of the request itself (system.multicall during one), its
  // index in the method table (its size: none), and when it came.
  std::string_view current_method_;
  std::size_t current_index_ = 0;
  std::chrono::steady_clock::time_point started_;
  // The call waiting for the inventory, and how to answer it.
  std::string_view waiting_method_;
  reply_formatter waiting_format_ = nullptr;
  std::int32_t waiting_item_ = 0;
  // The current call's answer is a replay (Idempotent-Replayed).
  bool replayed_ = false;
  // system.multicall in progress: its calls, their results so far, and
  // whether the loop that runs them is on the stack.
  bool in_multicall_ = false;
  std::vector<xmlrpc::result<xmlrpc::method_call>> calls_;
  xmlrpc::array results_;
  bool running_entries_ = false;
};

} // namespace rpc
