#include "tools/stress/idempotency_key.hpp"

#include <cerrno>
#include <random>

#include <sys/random.h>

namespace stress {

std::string uuid_v4_text(std::array<std::uint8_t, 16> bytes) {
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40); // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80); // RFC 9562
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out += '-';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 0x0f];
  }
  return out;
}

std::string new_idempotency_key() {
  std::array<std::uint8_t, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n > 0) {
      filled += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      // No getrandom (an old kernel): the standard library's device.
      std::random_device device;
      for (; filled < bytes.size(); ++filled)
        bytes[filled] = static_cast<std::uint8_t>(device());
    }
  }
  return uuid_v4_text(bytes);
}

} // namespace stress
