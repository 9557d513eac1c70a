#include "auth/credential_cache.hpp"

#include <stdexcept>

#include <sodium.h>

namespace auth {

credential_cache::credential_cache(std::size_t capacity) : capacity_(capacity) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium failed to initialise");
  randombytes_buf(key_.data(), key_.size());
}

credential_cache::digest
credential_cache::digest_of(std::string_view header) const {
  digest out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(header.data()),
                     header.size(), key_.data(), key_.size());
  return out;
}

const principal* credential_cache::find(const digest& header_digest) const {
  auto i = entries_.find(header_digest);
  return i == entries_.end() ? nullptr : &i->second;
}

void credential_cache::insert(const digest& header_digest, principal who) {
  if (entries_.size() >= capacity_)
    entries_.clear();
  entries_[header_digest] = std::move(who);
}

} // namespace auth
