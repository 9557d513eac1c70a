#include "rpc/idempotency.hpp"

#include <stdexcept>
#include <type_traits>

#include <openssl/err.h>
#include <openssl/evp.h>

namespace rpc {

namespace {

// Appends one field of the canonical form: "name=value;".
void field(std::string& out, std::string_view name, std::int64_t value) {
  out.append(name);
  out += '=';
  out += std::to_string(value);
  out += ';';
}

} // namespace

std::optional<actors::change_request>
to_change(const inventory_request& request) {
  using actors::change_kind;
  return std::visit(
    [](const auto& x) -> std::optional<actors::change_request> {
      using type = std::decay_t<decltype(x)>;
      actors::change_request c;
      if constexpr (std::is_same_v<type, add_request>) {
        c.kind = change_kind::add;
        c.name = x.name;
        c.quantity = x.quantity;
      } else if constexpr (std::is_same_v<type, set_quantity_request>) {
        c.kind = change_kind::set_quantity;
        c.id = x.id;
        c.quantity = x.quantity;
        c.expected_version = x.expected_version;
      } else if constexpr (std::is_same_v<type, adjust_request>) {
        c.kind = change_kind::adjust;
        c.id = x.id;
        c.delta = x.delta;
      } else if constexpr (std::is_same_v<type, adjust_many_request>) {
        c.kind = change_kind::adjust_many;
        c.adjustments = x.adjustments;
      } else if constexpr (std::is_same_v<type, remove_request>) {
        c.kind = change_kind::remove;
        c.id = x.id;
      } else {
        return std::nullopt; // a read
      }
      return c;
    },
    request);
}

std::string fingerprint(std::string_view method,
                        const actors::change_request& change) {
  std::string canonical;
  field(canonical, "method", static_cast<std::int64_t>(method.size()));
  canonical.append(method);
  field(canonical, "kind", static_cast<std::int64_t>(change.kind));
  field(canonical, "name", static_cast<std::int64_t>(change.name.size()));
  canonical += change.name;
  field(canonical, "id", change.id);
  field(canonical, "quantity", change.quantity);
  field(canonical, "expected_version", change.expected_version);
  field(canonical, "delta", change.delta);
  field(canonical, "adjustments",
        static_cast<std::int64_t>(change.adjustments.size()));
  for (const auto& a : change.adjustments) {
    field(canonical, "id", a.id);
    field(canonical, "delta", a.delta);
  }
  // OpenSSL's SHA-256 uses the CPU's SHA extensions where present
  // (libsodium's is portable C, 2.5 times slower here); fetched once, as
  // an implicit fetch on every call costs about as much as the hash.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::string digest(32, '\0');
  unsigned int size = 0;
  if (sha256 == nullptr
      || EVP_Digest(canonical.data(), canonical.size(),
                    reinterpret_cast<unsigned char*>(digest.data()), &size,
                    sha256, nullptr)
           != 1
      || size != digest.size()) {
    ERR_clear_error();
    throw std::runtime_error("SHA-256 is not available");
  }
  return digest;
}

inventory_answer to_answer(actors::change_kind kind,
                           const actors::change_outcome& outcome) {
  using actors::change_kind;
  if (outcome.failure_code != 0)
    return actors::failure{
      static_cast<actors::inventory_errc>(outcome.failure_code),
      outcome.failure_id};
  switch (kind) {
  case change_kind::adjust_many:
    return inventory_reply{outcome.items};
  case change_kind::remove:
    return inventory_reply{true};
  default:
    if (outcome.items.size() != 1)
      return actors::failure{actors::inventory_errc::internal};
    return inventory_reply{outcome.items.front()};
  }
}

} // namespace rpc
