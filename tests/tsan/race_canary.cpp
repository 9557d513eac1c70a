// ThreadSanitizer builds only: two actors on their own threads add to one
// global with no message between them. The TSan suite requires a report
// here. Without one, caf_happens_before.cpp would be synchronising more
// than CAF does, and a clean TSan run of our code would prove nothing.

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include <atomic>
#include <thread>

namespace {

// Own cache lines: TSan keeps a few accesses per 8 bytes, and the spinning
// below must not push the first addition out of its record.
alignas(64) int unguarded_total = 0;

// Both additions wait until both actors are in their handler. Relaxed
// operations order nothing for TSan, so neither addition can be ordered
// after the other by whatever CAF does once the first one is done (a
// reply, a reference count released), however the threads are scheduled.
alignas(64) std::atomic<int> in_handler{0};

[[gnu::noinline]] int bump_unguarded_total(int x) {
  in_handler.fetch_add(1, std::memory_order_relaxed);
  while (in_handler.load(std::memory_order_relaxed) < 2)
    std::this_thread::yield();
  unguarded_total += x;
  return unguarded_total;
}

caf::behavior adder(caf::event_based_actor*) {
  return {[](int x) { return bump_unguarded_total(x); }};
}

} // namespace

int main() {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  // Detached: each adder has a thread of its own, so the two additions
  // run on different threads whatever the scheduler does.
  auto first = sys.spawn<caf::detached>(adder);
  auto second = sys.spawn<caf::detached>(adder);
  self->send(first, 1);
  self->send(second, 2);
  for (int replies = 0; replies < 2; ++replies)
    self->receive([](int) {});
  for (const auto& adder_actor : {first, second})
    self->send_exit(adder_actor, caf::exit_reason::user_shutdown);
  return 0;
}
