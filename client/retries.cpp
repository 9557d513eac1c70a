#include "client/retries.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

#include "base/command_line.hpp"
#include "base/idempotency_key.hpp"
#include "client/idempotency.hpp"

namespace client {

void add_retry_options(CLI::App& app, retry_policy& policy) {
  app
    .add_option("--retries", policy.retries,
                "Times a command that changes data is sent again, with the "
                "same Idempotency-Key, when its reply was lost (refused, "
                "timed out, connection closed); 0: never")
    ->transform(base::decimal(0, retry_policy::max_retries))
    ->capture_default_str();
  app
    .add_option("--idempotency-key", policy.key,
                "The Idempotency-Key of the one command, if it changes data "
                "(default: a fresh UUID v4 per command); 1 to 255 printable "
                "ASCII characters")
    ->check(CLI::Validator{[](std::string& key) -> std::string {
                             auto ok = base::check_idempotency_key(key);
                             return ok ? std::string{} : ok.error();
                           },
                           "", "idempotency_key"})
    ->option_text("KEY");
}

std::string idempotency_key_for(std::string_view method,
                                const retry_policy& policy) {
  if (!changes_data(method))
    return {};
  return policy.key.empty() ? base::new_idempotency_key() : policy.key;
}

bool is_no_reply(const call_error& e) {
  const auto* t = std::get_if<transport_error>(&e);
  return t
         && (t->what == transport_error::kind::refused
             || t->what == transport_error::kind::unreachable);
}

std::chrono::milliseconds backoff(int n) {
  constexpr std::chrono::milliseconds first{100};
  constexpr std::chrono::milliseconds most{1000};
  return std::min(first * (1 << std::clamp(n - 1, 0, 4)), most);
}

std::string retry_line(const transport_error& e, int n, int retries) {
  return "inventory-client: no reply (" + e.message
         + "), retrying with the same Idempotency-Key (" + std::to_string(n)
         + " of " + std::to_string(retries) + ")";
}

call_result retry(const std::function<call_result()>& attempt, int retries,
                  std::ostream& log,
                  const std::function<void(std::chrono::milliseconds)>& pause) {
  auto res = attempt();
  for (int n = 1; n <= retries && !res && is_no_reply(res.error()); ++n) {
    log << retry_line(std::get<transport_error>(res.error()), n, retries)
        << std::endl;
    pause(backoff(n));
    res = attempt();
  }
  return res;
}

call_result call_with_retries(rpc_client& rpc, const std::string& method,
                              const std::vector<xmlrpc::value>& params,
                              const std::string& key,
                              const retry_policy& policy) {
  auto attempt = [&] { return rpc.call(method, params, key); };
  return retry(
    attempt, key.empty() ? 0 : policy.retries, std::cerr,
    [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); });
}

} // namespace client
