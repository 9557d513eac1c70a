// The single-owner ceiling: how many requests per second the inventory
// actor alone answers when several local senders keep it busy, with no
// HTTP, XML or network in the way. That rate bounds a store node.
//
// usage: inventory_actor_bench [--senders 1,2,4,8] [--window 16]
//                              [--seconds 3] [--op get|adjust]
// Each sender is an actor keeping --window requests in flight; the
// inventory holds 1,000 items in memory (no storage: a durable change is
// bounded by the disk, not by the actor).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/inventory_actor.hpp"
#include "base/command_line.hpp"

namespace {

struct run_settings {
  actors::inventory_actor inventory;
  std::size_t window = 16;
  bool adjust = false;
  std::chrono::steady_clock::time_point until;
  std::atomic<std::uint64_t>* answered = nullptr;
};

struct sender_state {
  run_settings s;
  std::int32_t next_id = 1;
  std::uint64_t count = 0;
};

using sender_pointer = caf::stateful_actor<sender_state>*;

// Sends one request; its answer sends the next, until the deadline.
void send_one(sender_pointer self) {
  auto& st = self->state;
  if (std::chrono::steady_clock::now() >= st.s.until) {
    st.s.answered->fetch_add(st.count);
    st.count = 0;
    self->quit();
    return;
  }
  auto id = st.next_id;
  st.next_id = id % 1000 + 1;
  auto done = [self](const actors::item&) {
    ++self->state.count;
    send_one(self);
  };
  auto failed = [self](caf::error& err) {
    std::cerr << "inventory_actor_bench: " << self->system().render(err)
              << '\n';
    self->quit();
  };
  if (st.s.adjust)
    self->request(st.s.inventory, caf::infinite, actors::adjust_atom_v, id, 1)
      .then(done, failed);
  else
    self->request(st.s.inventory, caf::infinite, actors::get_item_atom_v, id)
      .then(done, failed);
}

// Keeps `window` requests in flight until the deadline, then stops.
caf::behavior sender(sender_pointer self, run_settings s) {
  self->state.s = s;
  for (std::size_t i = 0; i < s.window; ++i)
    send_one(self);
  return {[](caf::unit_t) {}};
}

std::vector<std::size_t> parse_list(const std::string& text) {
  std::vector<std::size_t> out;
  std::stringstream in{text};
  std::string part;
  while (std::getline(in, part, ',')) {
    auto n = base::parse_decimal<std::size_t>(part, 1, 256);
    if (!n)
      throw CLI::ValidationError("--senders", n.error());
    out.push_back(*n);
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"The inventory actor's own ceiling (requests per second).",
               "inventory_actor_bench"};
  std::string senders_text = "1,2,4,8";
  std::size_t window = 16;
  double seconds = 3;
  std::string op = "get";
  app.add_option("--senders", senders_text, "Sender counts to run, e.g. 1,4")
    ->capture_default_str();
  app.add_option("--window", window, "Requests in flight per sender")
    ->transform(base::decimal<std::size_t>(1, 4096))
    ->capture_default_str();
  app.add_option("--seconds", seconds, "Seconds per sender count")
    ->transform(base::decimal_number(0.1, 600))
    ->capture_default_str();
  app.add_option("--op", op, "get_item or adjust requests")
    ->check(CLI::IsMember({"get", "adjust"}))
    ->capture_default_str();
  std::vector<std::size_t> counts;
  try {
    app.parse(argc, argv);
    counts = parse_list(senders_text);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  caf::actor_system_config cfg;
  cfg.add_message_types<caf::id_block::inventory>();
  caf::actor_system sys{cfg};
  actors::inventory_options opts;
  for (std::int32_t i = 1; i <= 1000; ++i)
    opts.initial.items.push_back(
      actors::item{i, "item-" + std::to_string(i), 1000000, 1});
  opts.initial.next_id = 1001;
  auto inventory = actors::spawn_inventory_actor(sys, std::move(opts));
  std::cout << "| senders | window | op | requests/s |\n|---|---|---|---|\n";
  for (auto n : counts) {
    std::atomic<std::uint64_t> answered{0};
    auto started = std::chrono::steady_clock::now();
    auto until = started
                 + std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::duration<double>(seconds));
    {
      caf::scoped_actor waiter{sys};
      std::vector<caf::actor> running;
      for (std::size_t i = 0; i < n; ++i)
        running.push_back(
          sys.spawn(sender, run_settings{inventory, window, op == "adjust",
                                         until, &answered}));
      for (auto& a : running)
        waiter->wait_for(a);
    }
    auto took = std::chrono::duration<double>(std::chrono::steady_clock::now()
                                              - started)
                  .count();
    std::cout << "| " << n << " | " << window << " | " << op << " | "
              << static_cast<std::uint64_t>(static_cast<double>(answered.load())
                                            / took)
              << " |" << std::endl;
  }
  caf::anon_send_exit(inventory, caf::exit_reason::user_shutdown);
  return 0;
}
