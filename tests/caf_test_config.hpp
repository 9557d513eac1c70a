#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <typeinfo>

#include <caf/actor_system_config.hpp>
#include <caf/after.hpp>
#include <caf/scoped_actor.hpp>

#include "caf/test/unit_test.hpp"

#include "actors/type_ids.hpp"
#include "http/type_ids.hpp"

/// The CAF configuration of the test binary: our message types registered.
struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::inventory>();
    add_message_types<caf::id_block::session>();
  }
};

/// Takes the next message of `self`'s mailbox, which must be a T. Anything
/// else, or nothing, fails the test at once: a blocking receive with only a
/// T handler would skip the wrong message and wait forever.
template <class T>
T next_message(caf::scoped_actor& self) {
  std::optional<T> got;
  std::string other = "nothing";
  if constexpr (std::is_same_v<T, caf::error>) {
    self->receive([&](caf::error& x) { got = std::move(x); },
                  caf::after(std::chrono::seconds(0)) >> [] {});
  } else {
    self->receive([&](T& x) { got = std::move(x); },
                  [&](caf::error& x) { other = caf::to_string(x); },
                  caf::after(std::chrono::seconds(0)) >> [] {});
  }
  if (!got) {
    if (auto* next = self->peek_at_next_mailbox_element())
      other = caf::deep_to_string(next->content());
    CAF_FAIL("expected a " << typeid(T).name() << ", got " << other);
  }
  return std::move(*got);
}
