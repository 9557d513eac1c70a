#pragma once

#include <string_view>
#include <utility>

#include <caf/error.hpp>

#include "http/session_actor.hpp"
#include "xmlrpc/fault.hpp"

namespace srv {

/// The fault for an error the inventory actor answered `method` with:
/// domain errors become 404/409/422 (or -32602), the rest -32603.
xmlrpc::fault to_fault(const caf::error& err, std::string_view method);

/// The domain error in `err`, if it is one.
std::optional<inv::inventory_errc> domain_error(const caf::error& err);

/// Sends `xs` to the inventory actor with the request timeout; `on_value`
/// gets the typed answer, `on_error` any error (timeouts included).
template <class OnValue, class OnError, class... Ts>
void ask(session_pointer self, OnValue on_value, OnError on_error, Ts&&... xs) {
  const auto* settings = self->state.settings;
  self
    ->request(current_inventory(self), settings->request_timeout,
              std::forward<Ts>(xs)...)
    .then(std::move(on_value), std::move(on_error));
}

/// An error handler that completes `slot` with to_fault(err, method).
inline auto fault_to(session_pointer self, call_slot slot,
                     std::string_view method) {
  return [self, slot, method](caf::error& err) {
    complete(self, slot, to_fault(err, method));
  };
}

} // namespace srv
