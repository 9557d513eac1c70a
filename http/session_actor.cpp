#include "http/session_actor.hpp"

#include <caf/actor_system.hpp>

#include "http/item_codec.hpp"
#include "http/methods.hpp"
#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

namespace srv {

namespace {

// Renders the reply of the request itself into the exchange and hands it
// back to the connection.
void finish(session_pointer self, call_reply& reply) {
  auto ex = std::move(self->state.current);
  if (!ex)
    return;
  auto& out = ex->reply;
  out.clear();
  try {
    if (auto* val = std::get_if<xmlrpc::value>(&reply)) {
      xmlrpc::writer w{out};
      w.begin_response();
      if (auto done = w.write(*val); !done) {
        out.clear();
        xmlrpc::append_fault(out, done.error());
      } else {
        w.end_response();
      }
    } else if (auto* err = std::get_if<xmlrpc::fault>(&reply)) {
      xmlrpc::append_fault(out, *err);
    } else {
      write_all_items(out, std::get<inv::inventory_snapshot>(reply));
    }
  } catch (const std::exception& e) {
    out.clear();
    xmlrpc::append_fault(out, {xmlrpc::fault_code::internal_error,
                               std::string{"internal error: "} + e.what()});
  }
  ex->reply_ready();
}

// One entry of a multicall result: [value] or a fault struct.
xmlrpc::value multicall_entry(call_reply& reply) {
  if (auto* err = std::get_if<xmlrpc::fault>(&reply)) {
    xmlrpc::structure st;
    st.members.emplace_back("faultCode", err->code);
    st.members.emplace_back("faultString", err->message);
    return st;
  }
  xmlrpc::array wrapped;
  if (auto* val = std::get_if<xmlrpc::value>(&reply))
    wrapped.push_back(std::move(*val));
  else
    wrapped.push_back(to_value(std::get<inv::inventory_snapshot>(reply)));
  return wrapped;
}

// Dispatches the remaining multicall entries; entries that complete at once
// are handled in this loop rather than by recursion.
void continue_multicall(session_pointer self) {
  auto& st = self->state;
  st.dispatching = true;
  while (st.results.size() < st.calls.size()) {
    auto index = st.results.size();
    call_slot slot{static_cast<int>(index)};
    if (st.calls[index])
      dispatch(self, *st.calls[index], slot);
    else
      complete(self, slot, st.calls[index].error());
    if (st.results.size() == index) { // waiting for the inventory
      st.dispatching = false;
      return;
    }
  }
  st.dispatching = false;
  st.calls.clear();
  call_reply done{xmlrpc::value{std::move(st.results)}};
  st.results = {};
  finish(self, done);
}

session_actor::behavior_type session_impl(session_pointer self,
                                          const session_settings* settings) {
  self->state.settings = settings;
  return {
    [self](rpc_atom, exchange_ref& ref) {
      self->state.current = std::move(ref.ptr);
      auto call = xmlrpc::decode_method_call(self->state.current->body,
                                             self->state.settings->limits);
      if (!call)
        return complete(self, {}, call.error());
      dispatch(self, *call, {});
    },
  };
}

} // namespace

session_actor spawn_session_actor(caf::actor_system& sys,
                                  const session_settings& settings) {
  return sys.spawn<caf::lazy_init>(session_impl, &settings);
}

const inv::inventory_actor& current_inventory(session_pointer self) {
  auto& st = self->state;
  auto generation = st.settings->inventory->generation();
  if (generation != st.inventory_generation) {
    st.inventory = st.settings->inventory->get();
    st.inventory_generation = generation;
  }
  return st.inventory;
}

void complete(session_pointer self, call_slot slot, call_reply reply) {
  if (slot.index == call_slot::request)
    return finish(self, reply);
  auto& st = self->state;
  st.results.push_back(multicall_entry(reply));
  if (!st.dispatching)
    continue_multicall(self);
}

void dispatch(session_pointer self, const xmlrpc::method_call& call,
              call_slot slot) {
  const auto* method = find_method(call.method);
  if (!method)
    return complete(self, slot,
                    xmlrpc::fault{xmlrpc::fault_code::method_not_found,
                                  call.method + ": unknown method"});
  if (slot.index != call_slot::request && call.method == "system.multicall")
    return complete(self, slot,
                    xmlrpc::fault{xmlrpc::fault_code::invalid_request,
                                  "system.multicall: may not be nested"});
  // The one place where an unexpected exception becomes a fault.
  try {
    method->handler(self, xmlrpc::params_reader{method->name, call.params},
                    slot);
  } catch (const std::exception& e) {
    complete(self, slot,
             xmlrpc::fault{xmlrpc::fault_code::internal_error,
                           call.method + ": internal error: " + e.what()});
  }
}

void run_multicall(session_pointer self,
                   std::vector<xmlrpc::result<xmlrpc::method_call>> calls) {
  self->state.calls = std::move(calls);
  self->state.results.clear();
  self->state.results.reserve(self->state.calls.size());
  continue_multicall(self);
}

} // namespace srv
