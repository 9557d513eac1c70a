#pragma once

// The one retry policy of the client, for its commands and its menu alike:
// a call that changes data carries an Idempotency-Key and, when its reply
// was lost, goes again with the same key, so the server runs it at most
// once and answers the retry with the stored reply.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "client/call_result.hpp"
#include "client/rpc_client.hpp"

namespace client {

/// How changing calls are sent again (--retries, --idempotency-key).
struct retry_policy {
  static constexpr int max_retries = 10;
  int retries = 2; ///< attempts after the first, 0..max_retries
  std::string key; ///< every changing call's key; empty: a fresh one each
};

/// Adds --retries (decimal, 0..max_retries) and --idempotency-key (as
/// base::check_idempotency_key says) to `app`.
void add_retry_options(CLI::App& app, retry_policy& policy);

/// The key a call of `method` carries: none (empty) for a read, else
/// policy.key or a fresh one.
std::string idempotency_key_for(std::string_view method,
                                const retry_policy& policy);

/// Whether a call failed without any answer: the connection was refused or
/// failed, or was lost or timed out before the reply, so a changing call
/// may or may not have run. A fault, an HTTP error status, a reply that is
/// no XML-RPC and a TLS failure are answers, never worth sending again.
bool is_no_reply(const call_error& e);

/// The pause before retry `n` (from 1): 100 ms, doubling up to 1 s.
std::chrono::milliseconds backoff(int n);

/// The stderr line before retry `n` of `retries`.
std::string retry_line(const transport_error& e, int n, int retries);

/// Runs `attempt` once, then again while is_no_reply, at most
/// `retries` more times: before each retry, its retry_line on `log` and
/// `pause(backoff(n))`. The last attempt's result.
call_result retry(const std::function<call_result()>& attempt, int retries,
                  std::ostream& log,
                  const std::function<void(std::chrono::milliseconds)>& pause);

/// Calls `method` through `rpc` with `key` (idempotency_key_for): a
/// changing call is retried as `policy` says, the same body with the same
/// key each time, retry lines on stderr; a read (no key) goes once.
call_result call_with_retries(rpc_client& rpc, const std::string& method,
                              const std::vector<xmlrpc::value>& params,
                              const std::string& key,
                              const retry_policy& policy);

} // namespace client
