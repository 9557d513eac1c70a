// ThreadSanitizer builds only: tells TSan about the synchronisation inside
// Debian's libcaf_core, which is not built with TSan.
//
// CAF hands a message from sender to receiver through a lock-free mailbox,
// moves actors between worker threads through spin-locked queues and counts
// references atomically, all inside the uninstrumented library. TSan sees
// none of it and would report every message payload and every piece of
// actor state as a race. This file restores what the library guarantees:
//
// - The work-stealing scheduler is a header-only template; instantiated
//   here, the executable's instrumented copy replaces the library's (its
//   vtables and functions bind to ours), so its queues are seen as they are.
// - The exported functions where a message enters a mailbox (enqueue), is
//   taken out (consume, dequeue, await_data) or dropped at termination
//   (finalize, cleanup), and where an actor is launched or resumed, are
//   interposed: the executable's definitions win over the library's, also
//   for calls from inside it (through its PLT and vtables). They add the
//   release/acquire edge the mailbox's atomics provide, per actor, and
//   call the library's own code through dlsym(RTLD_NEXT).
// - The reference-count releases are compiled here with the library's
//   logic, so TSan sees their acquire/release atomics.
//
// Nothing in our code is annotated or suppressed, and the race canary
// (race_canary.cpp) proves a race between two actors is still reported.

#include <caf/actor_control_block.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/policy/work_sharing.hpp>
#include <caf/policy/work_stealing.hpp>
#include <caf/ref_counted.hpp>
#include <caf/scheduled_actor.hpp>
#include <caf/scheduler/coordinator.hpp>

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>

namespace {

/// The library's definition of `mangled`, cast to `Fn`; aborts if missing,
/// because a silently absent edge would turn into false reports.
template <class Fn>
Fn next_definition(const char* mangled) {
  void* sym = dlsym(RTLD_NEXT, mangled);
  if (sym == nullptr) {
    std::fprintf(stderr, "caf_happens_before: %s not found in libcaf_core\n",
                 mangled);
    std::abort();
  }
  return reinterpret_cast<Fn>(sym);
}

// A member function is called as a free function taking `this` first; a
// mailbox_element_ptr (non-trivial) is passed by invisible reference either
// way, so the signatures below match the Itanium C++ ABI of the originals.
using scheduled_enqueue_fn
  = void (*)(caf::scheduled_actor*, caf::mailbox_element_ptr,
             caf::execution_unit*);
using scheduled_consume_fn
  = caf::invoke_message_result (*)(caf::scheduled_actor*,
                                   caf::mailbox_element&);
using launch_fn
  = void (*)(caf::scheduled_actor*, caf::execution_unit*, bool, bool);
using resume_fn
  = caf::resumable::resume_result (*)(caf::scheduled_actor*,
                                      caf::execution_unit*, size_t);
using scheduled_finalize_fn = bool (*)(caf::scheduled_actor*);
template <class Actor>
using cleanup_fn = bool (*)(Actor*, caf::error&&, caf::execution_unit*);
using blocking_enqueue_fn
  = void (*)(caf::blocking_actor*, caf::mailbox_element_ptr,
             caf::execution_unit*);
using blocking_dequeue_fn = caf::mailbox_element_ptr (*)(caf::blocking_actor*);
using await_fn = void (*)(caf::blocking_actor*);
using await_until_fn
  = bool (*)(caf::blocking_actor*, caf::blocking_actor::timeout_type);

} // namespace

// The work-stealing scheduler is a header-only template that libcaf_core
// instantiates; instantiating it here gives the executable instrumented
// copies that take precedence, so TSan sees the spin locks and the job
// queues between workers as they are.
template class caf::scheduler::coordinator<caf::policy::work_stealing>;
template class caf::scheduler::worker<caf::policy::work_stealing>;
template class caf::scheduler::coordinator<caf::policy::work_sharing>;
template class caf::scheduler::worker<caf::policy::work_sharing>;

// lifo_inbox<scheduled_actor::mailbox_policy>::close(F&), F being the lambda
// in fifo_inbox::close() that moves what is left to the local queue. The
// lambda's type cannot be named here, hence the assembler name. The inbox
// is the first member of the actor's mailbox, so `inbox` == &mailbox().
#define CLOSE_SCHEDULED_INBOX                                                  \
  "_ZN3caf9intrusive10lifo_inboxINS_15scheduled_actor14mailbox_"               \
  "policyEE5closeIZNS0_10fifo_inboxIS3_E5closeEvEUlPNS_15mailbox_"             \
  "elementEE_EEvRT_"
void close_scheduled_inbox(void* inbox, void* drain) asm(CLOSE_SCHEDULED_INBOX);

void close_scheduled_inbox(void* inbox, void* drain) {
  using close_fn = void (*)(void*, void*);
  static const auto next = next_definition<close_fn>(CLOSE_SCHEDULED_INBOX);
  next(inbox, drain);
  // Every message that got in was released on &mailbox() before; the ones
  // that did not are destroyed by their senders.
  __tsan_acquire(inbox);
}

namespace caf {

void scheduled_actor::enqueue(mailbox_element_ptr ptr, execution_unit* eu) {
  static const auto next = next_definition<scheduled_enqueue_fn>(
    "_ZN3caf15scheduled_actor7enqueueESt10unique_ptrINS_15mailbox_"
    "elementENS_6detail8disposerEEPNS_14execution_unitE");
  __tsan_release(this);
  __tsan_release(&mailbox()); // for the drain at termination, see below
  next(this, std::move(ptr), eu);
}

// The spawning thread constructs the actor (state, init function) and hands
// it to the scheduler; a worker runs it.
void scheduled_actor::launch(execution_unit* eu, bool lazy, bool hide) {
  static const auto next = next_definition<launch_fn>(
    "_ZN3caf15scheduled_actor6launchEPNS_14execution_unitEbb");
  __tsan_release(this);
  next(this, eu, lazy, hide);
}

// Work stealing moves an actor between workers between two runs.
resumable::resume_result scheduled_actor::resume(execution_unit* eu,
                                                 size_t max_throughput) {
  static const auto next = next_definition<resume_fn>(
    "_ZN3caf15scheduled_actor6resumeEPNS_14execution_unitEm");
  __tsan_acquire(this);
  auto result = next(this, eu, max_throughput);
  __tsan_release(this);
  return result;
}

invoke_message_result scheduled_actor::consume(mailbox_element& x) {
  static const auto next = next_definition<scheduled_consume_fn>(
    "_ZN3caf15scheduled_actor7consumeERNS_15mailbox_elementE");
  __tsan_acquire(this);
  auto result = next(this, x);
  __tsan_release(this);
  return result;
}

// Termination drops the messages still in the mailbox on whichever thread
// ends the actor, without consuming them. A sender may still get a message
// in while the mailbox closes, so the edge that covers it is taken when
// closing is done: see close_scheduled_inbox below.
bool scheduled_actor::finalize() {
  static const auto next = next_definition<scheduled_finalize_fn>(
    "_ZN3caf15scheduled_actor8finalizeEv");
  __tsan_acquire(this);
  return next(this);
}

bool scheduled_actor::cleanup(error&& fail_state, execution_unit* host) {
  static const auto next = next_definition<cleanup_fn<scheduled_actor>>(
    "_ZN3caf15scheduled_actor7cleanupEONS_5errorEPNS_14execution_unitE");
  __tsan_acquire(this);
  return next(this, std::move(fail_state), host);
}

bool blocking_actor::cleanup(error&& fail_state, execution_unit* host) {
  static const auto next = next_definition<cleanup_fn<blocking_actor>>(
    "_ZN3caf14blocking_actor7cleanupEONS_5errorEPNS_14execution_unitE");
  __tsan_acquire(this);
  return next(this, std::move(fail_state), host);
}

void blocking_actor::enqueue(mailbox_element_ptr ptr, execution_unit* eu) {
  static const auto next = next_definition<blocking_enqueue_fn>(
    "_ZN3caf14blocking_actor7enqueueESt10unique_ptrINS_15mailbox_"
    "elementENS_6detail8disposerEEPNS_14execution_unitE");
  __tsan_release(this);
  next(this, std::move(ptr), eu);
}

mailbox_element_ptr blocking_actor::dequeue() {
  static const auto next
    = next_definition<blocking_dequeue_fn>("_ZN3caf14blocking_actor7dequeueEv");
  auto result = next(this);
  __tsan_acquire(this);
  return result;
}

// receive() waits here, then takes messages from the mailbox directly.
void blocking_actor::await_data() {
  static const auto next
    = next_definition<await_fn>("_ZN3caf14blocking_actor10await_dataEv");
  next(this);
  __tsan_acquire(this);
}

bool blocking_actor::await_data(timeout_type timeout) {
  static const auto next = next_definition<await_until_fn>(
    "_ZN3caf14blocking_actor10await_dataENSt6chrono10time_pointINS1_3_"
    "V212system_clockENS1_8durationIlSt5ratioILl1ELl1000000000EEEEEE");
  auto result = next(this, timeout);
  __tsan_acquire(this);
  return result;
}

// Same logic as libcaf_core's ref_counted.cpp; compiled here, its atomics
// are visible to TSan.
void ref_counted::deref() const noexcept {
  if (unique() || rc_.fetch_sub(1, std::memory_order_acq_rel) == 1)
    request_deletion(true);
}

// Same logic as libcaf_core's actor_control_block.cpp.
void intrusive_ptr_release_weak(actor_control_block* x) {
  if (x->weak_refs == 1
      || x->weak_refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    x->block_dtor(x);
}

void intrusive_ptr_release(actor_control_block* x) {
  if (x->strong_refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    x->data_dtor(x->get());
    intrusive_ptr_release_weak(x);
  }
}

} // namespace caf
