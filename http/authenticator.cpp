#include "http/authenticator.hpp"

#include <boost/asio/post.hpp>
#include <sodium.h>

#include "auth/basic_credentials.hpp"

namespace http {

namespace {

using verdict = auth_decision::verdict;

auth_decision decided(verdict v, std::chrono::seconds retry_after = {}) {
  auth_decision d;
  d.result = v;
  d.retry_after = retry_after;
  return d;
}

} // namespace

authenticator::authenticator(boost::asio::any_io_executor io,
                             std::vector<auth::user> users,
                             auth::login_throttle::settings throttle)
  : io_(std::move(io)), throttle_(throttle) {
  set_users(std::move(users));
}

void authenticator::set_users(std::vector<auth::user> users) {
  users_.clear();
  for (auto& u : users) {
    auto name = u.name;
    users_.emplace(std::move(name), std::move(u));
  }
  cache_.clear();
  ++generation_;
}

bool authenticator::same(const digest& x, const digest& y) {
  return sodium_memcmp(x.data(), y.data(), x.size()) == 0;
}

std::optional<auth::principal>
authenticator::certificate_user(std::string_view name) const {
  auto i = users_.find(std::string{name});
  if (i == users_.end())
    return std::nullopt;
  return auth::principal{i->second.name, i->second.role};
}

void authenticator::check(std::string_view authorization,
                          const std::string& remote,
                          std::function<void(auth_decision)> done) {
  auto now = auth::login_throttle::clock::now();
  if (auto wait = throttle_.blocked_for(remote, now); wait.count() > 0)
    return done(decided(verdict::throttled, wait));
  if (authorization.empty())
    return done(decided(verdict::unauthorized));
  auto key = cache_.digest_of(authorization);
  if (const auto* who = cache_.find(key)) {
    auth_decision d = decided(verdict::allowed);
    d.who = *who;
    return done(d);
  }
  auto creds = auth::parse_basic_authorization(authorization);
  if (!creds) {
    throttle_.record_failure(remote, now);
    return done(decided(verdict::unauthorized));
  }
  auto i = users_.find(creds->user);
  // Unknown users and certificate-only ones are verified all the same
  // (against a dummy hash), so the answer takes as long either way.
  std::string hash;
  if (i != users_.end() && i->second.hash != auth::certificate_only)
    hash = i->second.hash;
  auth::password_verifier::job job;
  job.hash = hash;
  job.password = std::move(creds->password);
  job.done = [this, remote, key, name = std::move(creds->user),
              hash = std::move(hash), done](bool matches) mutable {
    boost::asio::post(io_, [this, remote = std::move(remote), key,
                            name = std::move(name), hash = std::move(hash),
                            matches, done = std::move(done)] {
      finish(remote, key, name, hash, matches, done);
    });
  };
  if (!verifier_.submit(std::move(job)))
    done(decided(verdict::busy, std::chrono::seconds{1}));
}

// Back on the I/O thread with the verifier's answer.
void authenticator::finish(const std::string& remote, const digest& key,
                           const std::string& name, const std::string& hash,
                           bool matches,
                           const std::function<void(auth_decision)>& done) {
  // A reload meanwhile may have removed the user or changed the password:
  // no stale yes.
  auto i = users_.find(name);
  if (i == users_.end() || i->second.hash != hash)
    matches = false;
  if (!matches) {
    throttle_.record_failure(remote, auth::login_throttle::clock::now());
    return done(decided(verdict::unauthorized));
  }
  throttle_.record_success(remote);
  auth::principal who{i->second.name, i->second.role};
  cache_.insert(key, who);
  auth_decision d = decided(verdict::allowed);
  d.who = std::move(who);
  done(d);
}

} // namespace http
