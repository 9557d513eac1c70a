#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string_view>

#include "auth/principal.hpp"

namespace auth {

/// Authorization headers already verified, so a new connection with the
/// same credentials costs no second Argon2id run. Keyed by a keyed BLAKE2b
/// digest of the header: the header itself (which holds the password) is
/// not kept, and the key is random per process. Bounded: when full it
/// starts over. Cleared whenever the users file is reloaded. One thread.
class credential_cache {
public:
  using digest = std::array<unsigned char, 32>;

  explicit credential_cache(std::size_t capacity = 4096);

  digest digest_of(std::string_view header) const;

  /// The principal `header_digest` was verified as, or nullptr.
  const principal* find(const digest& header_digest) const;

  void insert(const digest& header_digest, principal who);

  void clear() { entries_.clear(); }

  std::size_t size() const { return entries_.size(); }

private:
  std::array<unsigned char, 32> key_;
  std::size_t capacity_;
  std::map<digest, principal> entries_;
};

} // namespace auth
