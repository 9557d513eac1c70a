#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "auth/credential_cache.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password_verifier.hpp"
#include "auth/principal.hpp"
#include "auth/users.hpp"

namespace http {

/// What the authenticator decided about one request.
struct auth_decision {
  enum class verdict {
    /// `who` is the user.
    allowed,
    /// No credentials, or wrong ones: 401.
    unauthorized,
    /// Too many failures from this address lately: 429.
    throttled,
    /// Too many logins waiting for verification: 503.
    busy,
  };
  verdict result = verdict::unauthorized;
  auth::principal who;
  /// For throttled and busy: when to try again.
  std::chrono::seconds retry_after{0};
};

/// Authenticates requests when the server has users, on the I/O thread:
/// a throttled address is refused at once, credentials verified before
/// come from the cache, others go to the verifier thread (Argon2id) and the
/// decision is posted back to the I/O thread.
class authenticator {
public:
  using digest = auth::credential_cache::digest;

  /// `io` is the I/O thread's executor, where decisions are delivered.
  authenticator(boost::asio::any_io_executor io, std::vector<auth::user> users,
                auth::login_throttle::settings throttle = {});

  /// Replaces the users (a reloaded users file) and forgets every verified
  /// credential. I/O thread only.
  void set_users(std::vector<auth::user> users);

  /// Bumped by set_users: a connection that verified under an older one
  /// must check again.
  std::uint64_t generation() const { return generation_; }

  /// The user a verified client certificate with `common_name` logs in as.
  std::optional<auth::principal> certificate_user(std::string_view name) const;

  /// Whether two headers are equal, in constant time for equal lengths.
  static bool same(std::string_view x, std::string_view y);

  /// Argon2id runs started so far (the cache and waiting for a run of the
  /// same header in flight avoid them).
  std::uint64_t verifications() const { return verifications_; }

  /// Decides on `authorization` (the header's value, empty when there is
  /// none) sent from `remote`; `done` runs on the I/O thread, now or later.
  void check(std::string_view authorization, const std::string& remote,
             std::function<void(auth_decision)> done);

private:
  void finish(const digest& key, bool matches);

  // A header being verified, and every request waiting for the answer.
  struct verification {
    std::string remote;
    std::string name;
    std::string hash;
    std::vector<std::function<void(auth_decision)>> waiters;
  };

  boost::asio::any_io_executor io_;
  std::unordered_map<std::string, auth::user> users_;
  std::uint64_t generation_ = 1;
  auth::credential_cache cache_;
  std::map<digest, verification> verifying_;
  std::uint64_t verifications_ = 0;
  auth::login_throttle throttle_;
  // Last: stopped (and joined) before the rest goes away.
  auth::password_verifier verifier_;
};

} // namespace http
