#include "http/session_actor.hpp"

#include <optional>
#include <type_traits>
#include <variant>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "rpc/actor_port.hpp"
#include "rpc/dispatcher.hpp"

namespace http {

namespace {

struct session_state;

using session_pointer = session_actor::stateful_pointer<session_state>;

using local_port
  = rpc::actor_port<session_pointer, reminder_atom, rpc::local_inventory>;
using store_port
  = rpc::actor_port<session_pointer, reminder_atom, rpc::remote_store>;

struct session_state {
  // The inventory in this process, or the store node (on a gateway).
  std::variant<std::monostate, local_port, store_port> port;
  std::optional<rpc::dispatcher> dispatcher;
  static inline const char* name = "session";
};

// Calls `f` with the session's port, whichever kind it is.
template <class F>
void with_port(session_state& st, F f) {
  std::visit(
    [&f](auto& port) {
      if constexpr (!std::is_same_v<std::decay_t<decltype(port)>,
                                    std::monostate>)
        f(port);
    },
    st.port);
}

session_actor::behavior_type session_impl(session_pointer self,
                                          const session_settings* settings) {
  auto& st = self->state;
  const auto& where = settings->inventory;
  rpc::inventory_port* port = nullptr;
  if (where.store)
    port = &st.port.emplace<store_port>(self, where,
                                        rpc::remote_store{where.store});
  else
    port = &st.port.emplace<local_port>(self, where,
                                        rpc::local_inventory{where.inventory});
  st.dispatcher.emplace(*port, settings->limits, where.metrics.get());
  self->set_down_handler([self](caf::down_msg& msg) {
    with_port(self->state, [&msg](auto& p) { p.on_down(msg); });
  });
  return {
    [self](rpc_atom, call_ref& ref) {
      self->state.dispatcher->serve(std::move(ref.ptr));
    },
    [self](reminder_atom) {
      with_port(self->state, [](auto& p) { p.on_reminder(); });
    },
  };
}

class session_handle final : public call_handler {
public:
  explicit session_handle(session_actor actor) : actor_(std::move(actor)) {}
  ~session_handle() override {
    caf::anon_send_exit(actor_, caf::exit_reason::user_shutdown);
  }
  void handle(std::shared_ptr<rpc::pending_call> call) override {
    caf::anon_send(actor_, rpc_atom_v, call_ref{std::move(call)});
  }

private:
  session_actor actor_;
};

} // namespace

session_actor spawn_session_actor(caf::actor_system& sys,
                                  const session_settings& settings) {
  return sys.spawn<caf::lazy_init>(session_impl, &settings);
}

std::unique_ptr<call_handler> open_session(caf::actor_system& sys,
                                           const session_settings& settings) {
  return std::make_unique<session_handle>(spawn_session_actor(sys, settings));
}

} // namespace http
