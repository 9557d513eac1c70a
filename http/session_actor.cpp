#include "http/session_actor.hpp"

#include <optional>

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

struct session_state {
  std::optional<rpc::actor_port<session_pointer, reminder_atom>> port;
  std::optional<rpc::dispatcher> dispatcher;
  static inline const char* name = "session";
};

session_actor::behavior_type session_impl(session_pointer self,
                                          const session_settings* settings) {
  auto& st = self->state;
  st.port.emplace(self, settings->inventory);
  st.dispatcher.emplace(*st.port, settings->limits);
  return {
    [self](rpc_atom, call_ref& ref) {
      self->state.dispatcher->serve(std::move(ref.ptr));
    },
    [self](reminder_atom) { self->state.port->on_reminder(); },
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
