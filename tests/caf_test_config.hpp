#pragma once

#include <caf/actor_system_config.hpp>

#include "actors/type_ids.hpp"
#include "http/session_actor.hpp"

/// The CAF configuration of the test binary: our message types registered.
struct test_config : caf::actor_system_config {
  test_config() {
    add_message_types<caf::id_block::inventory>();
    add_message_types<caf::id_block::session>();
  }
};
