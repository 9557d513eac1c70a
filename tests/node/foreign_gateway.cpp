// A gateway of another application: our store link, but with a different
// middleman.app-identifiers. Connects to the store at argv[1]:argv[2] and
// exits after argv[3] seconds; the store link's log lines go to stderr.
// test_nodes.py checks that the store refuses it and the line says why.

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>

#include "actors/type_ids.hpp"
#include "base/log.hpp"
#include "node/node_config.hpp"
#include "node/store_link.hpp"

int main(int argc, char** argv) {
  if (argc != 4)
    return 2;
  base::set_log_program("foreign-gateway");
  caf::actor_system_config cfg;
  cfg.add_message_types<caf::id_block::inventory>();
  node::configure_node(cfg, node::node_settings{});
  cfg.set("middleman.app-identifiers",
          std::vector<std::string>{"another-application"});
  caf::actor_system sys{cfg};
  node::store_link_options opts;
  opts.host = argv[1];
  opts.port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  auto ref = std::make_shared<node::store_ref>();
  auto link = node::spawn_store_link(sys, opts, ref);
  std::this_thread::sleep_for(std::chrono::seconds{std::atoi(argv[3])});
  const bool up = ref->up();
  {
    caf::scoped_actor self{sys};
    self->send_exit(link, caf::exit_reason::user_shutdown);
    self->wait_for(link);
  }
  // CAF 0.17.6 leaks its BASP broker, or hangs, when the system stops while
  // a handshake is under way. The middleman attaches a connect to the same
  // endpoint to the one in flight, so once this one returns (refused, and
  // untyped, so never a store), the link's last attempt has ended too.
  static_cast<void>(sys.middleman().remote_actor(opts.host, opts.port));
  return up ? 1 : 0;
}
