#include "rpc/dispatcher.hpp"

#include <exception>
#include <string>
#include <type_traits>

#include "rpc/idempotency.hpp"
#include "rpc/item_values.hpp"
#include "rpc/method_table.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace rpc {

namespace {

using xmlrpc::fault;
namespace fault_code = xmlrpc::fault_code;

// The one place where an unexpected exception becomes a fault: a bug in a
// handler or formatter, or memory running out, answers -32603 and the
// connection and the server carry on.
template <class F>
auto guarded(std::string_view method, F&& f) noexcept
  -> xmlrpc::result<decltype(f())> {
  std::string why;
  try {
    if constexpr (std::is_void_v<decltype(f())>) {
      f();
      return {};
    } else {
      return f();
    }
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "unknown exception";
  }
  try {
    return fault{fault_code::internal_error,
                 std::string{method} + ": internal error: " + why};
  } catch (...) {
    return fault{fault_code::internal_error, {}};
  }
}

// Renders `result` as a complete methodResponse into `out`.
void render(reply& result, std::string& out) {
  out.clear();
  if (auto* val = std::get_if<xmlrpc::value>(&result)) {
    xmlrpc::writer w{out};
    w.begin_response();
    if (auto written = w.write(*val); !written) {
      out.clear();
      xmlrpc::append_fault(out, written.error());
      return;
    }
    w.end_response();
  } else if (auto* err = std::get_if<fault>(&result)) {
    xmlrpc::append_fault(out, *err);
  } else {
    write_all_items(out, std::get<actors::inventory_snapshot>(result));
  }
}

// One entry of a multicall result: [value] or a fault struct.
xmlrpc::value multicall_entry(reply& result) {
  if (auto* err = std::get_if<fault>(&result)) {
    xmlrpc::structure st;
    st.members.emplace_back("faultCode", err->code);
    st.members.emplace_back("faultString", err->message);
    return st;
  }
  xmlrpc::array wrapped;
  if (auto* val = std::get_if<xmlrpc::value>(&result))
    wrapped.push_back(std::move(*val));
  else
    wrapped.push_back(
      all_items_struct(std::get<actors::inventory_snapshot>(result)));
  return wrapped;
}

} // namespace

dispatcher::dispatcher(inventory_port& port, const xmlrpc::limits& limits,
                       const rpc_metrics* counts)
  : port_(port), limits_(limits), counts_(counts) {}

void dispatcher::serve(std::shared_ptr<pending_call> call) {
  current_ = std::move(call);
  current_->replayed = false;
  replayed_ = false;
  current_method_ = {};
  current_index_ = method_table().size();
  if (counts_)
    started_ = std::chrono::steady_clock::now();
  auto decoded = xmlrpc::decode_method_call(current_->body, limits_);
  if (!decoded)
    return complete(std::move(decoded).error());
  run(*decoded);
}

void dispatcher::run(const xmlrpc::method_call& call) {
  const auto* method = find_method(call.method);
  if (!method)
    return complete(
      fault{fault_code::method_not_found, call.method + ": unknown method"});
  if (!in_multicall_) {
    current_method_ = method->name;
    current_index_ = static_cast<std::size_t>(method - method_table().data());
    // Its entries would share one key, so a retry could not tell them
    // apart; adjust_many is the atomic batch a key can name.
    if (method->name == "system.multicall"
        && !current_->idempotency_key.empty())
      return complete(fault{fault_code::invalid_request,
                            "system.multicall: Idempotency-Key is not "
                            "accepted; use inventory.adjust_many for an "
                            "atomic batch"});
  } else if (method->name == "system.multicall")
    return complete(fault{fault_code::invalid_request,
                          "system.multicall: may not be nested"});
  // Checked per call, so it holds for every multicall entry on its own.
  const auto& who = current_->who;
  if (!auth::allows(who.role, method->required_role))
    return complete(fault{fault_code::forbidden,
                          std::string{method->name} + ": forbidden for role "
                            + std::string{auth::to_string(who.role)}});
  auto next = guarded(method->name, [&] {
    return method->handler(xmlrpc::params_reader{method->name, call.params});
  });
  if (!next)
    return complete(std::move(next).error());
  execute(method->name, std::move(*next));
}

void dispatcher::execute(std::string_view method, plan next) {
  if (auto* val = std::get_if<xmlrpc::value>(&next))
    return complete(std::move(*val));
  if (auto* err = std::get_if<fault>(&next))
    return complete(std::move(*err));
  if (auto* call = std::get_if<inventory_call>(&next)) {
    waiting_method_ = method;
    waiting_format_ = call->format;
    waiting_item_ = call->item_id;
    return ask(method, std::move(call->request));
  }
  auto& calls = std::get<multicall>(next);
  in_multicall_ = true;
  calls_ = std::move(calls.calls);
  results_.clear();
  results_.reserve(calls_.size());
  continue_multicall();
}

void dispatcher::ask(std::string_view method, inventory_request request) {
  auto asked = guarded(method, [&] {
    const auto& key = current_->idempotency_key;
    auto change = key.empty() ? std::nullopt : to_change(request);
    if (!change)
      return port_.ask(std::move(request), *this);
    auto print = fingerprint(method, *change);
    port_.ask_once({current_->who.principal, key, std::move(print)},
                   std::move(*change), *this);
  });
  if (!asked) {
    waiting_format_ = nullptr; // a late answer finds nobody waiting
    complete(std::move(asked).error());
  }
}

void dispatcher::on_answer(inventory_answer answer, bool replayed) {
  if (!waiting_format_)
    return;
  replayed_ = replayed;
  auto formatted = guarded(waiting_method_, [&] {
    return waiting_format_(waiting_method_, waiting_item_, answer);
  });
  waiting_format_ = nullptr;
  if (!formatted)
    return complete(std::move(formatted).error());
  complete(std::move(*formatted));
}

void dispatcher::complete(reply result) {
  if (!in_multicall_)
    return finish(result);
  results_.push_back(multicall_entry(result));
  if (!running_entries_)
    continue_multicall();
}

// Runs the remaining multicall entries; entries that complete at once are
// handled in this loop rather than by recursion.
void dispatcher::continue_multicall() {
  running_entries_ = true;
  while (results_.size() < calls_.size()) {
    auto index = results_.size();
    if (calls_[index])
      run(*calls_[index]);
    else
      complete(calls_[index].error());
    if (results_.size() == index) { // waiting for the inventory
      running_entries_ = false;
      return;
    }
  }
  running_entries_ = false;
  in_multicall_ = false;
  calls_.clear();
  reply done{xmlrpc::value{std::move(results_)}};
  results_ = {};
  finish(done);
}

void dispatcher::finish(reply& result) {
  auto call = std::move(current_);
  if (!call)
    return;
  call->method = current_method_;
  call->replayed = replayed_;
  const auto* err = std::get_if<fault>(&result);
  call->fault_code = err ? err->code : 0;
  auto& out = call->reply;
  if (auto rendered = guarded(current_method_, [&] { render(result, out); });
      !rendered) {
    out.clear();
    xmlrpc::append_fault(out, rendered.error());
  }
  if (counts_)
    counts_->record(
      current_index_, call->fault_code,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
        .count());
  call->reply_ready();
}

} // namespace rpc
