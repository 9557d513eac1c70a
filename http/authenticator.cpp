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

bool authenticator::same(std::string_view x, std::string_view y) {
  return x.size() == y.size()
         && sodium_memcmp(x.data(), y.data(), x.size()) == 0;
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
  // The same header already being verified (many connections opening at
  // once with one user's credentials): wait for that answer, do not run
  // Argon2id again.
  if (auto waiting = verifying_.find(key); waiting != verifying_.end()) {
    waiting->second.waiters.push_back(std::move(done));
    return;
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
  job.done = [this, key](bool matches) {
    boost::asio::post(io_, [this, key, matches] { finish(key, matches); });
  };
  auto& entry = verifying_[key];
  entry.remote = remote;
  entry.name = std::move(creds->user);
  entry.hash = std::move(hash);
  entry.waiters.push_back(std::move(done));
  ++verifications_;
  if (!verifier_.submit(std::move(job))) {
    auto waiters = std::move(verifying_[key].waiters);
    verifying_.erase(key);
    for (auto& w : waiters)
      w(decided(verdict::busy, std::chrono::seconds{1}));
  }
}

// Back on the I/O thread with the verifier's answer, for every request
// that waited for it.
void authenticator::finish(const digest& key, bool matches) {
  auto node = verifying_.extract(key);
  if (node.empty())
    return;
  auto& v = node.mapped();
  // A reload meanwhile may have removed the user or changed the password:
  // no stale yes.
  auto i = users_.find(v.name);
  if (i == users_.end() || i->second.hash != v.hash)
    matches = false;
  if (!matches) {
    throttle_.record_failure(v.remote, auth::login_throttle::clock::now());
    for (auto& w : v.waiters)
      w(decided(verdict::unauthorized));
    return;
  }
  throttle_.record_success(v.remote);
  auth::principal who{i->second.name, i->second.role};
  cache_.insert(key, who);
  for (auto& w : v.waiters) {
    auth_decision d = decided(verdict::allowed);
    d.who = who;
    w(d);
  }
}

} // namespace http
