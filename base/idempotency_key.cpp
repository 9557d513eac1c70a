#include "base/idempotency_key.hpp"

#include <algorithm>
#include <random>

namespace base {

expected<void, std::string> check_idempotency_key(std::string_view key) {
  if (key.empty())
    return std::string{"an Idempotency-Key must not be empty"};
  if (key.size() > max_idempotency_key)
    return "an Idempotency-Key has at most "
           + std::to_string(max_idempotency_key) + " characters, got "
           + std::to_string(key.size());
  auto bad = std::find_if(key.begin(), key.end(),
                          [](char c) { return c < 0x20 || c > 0x7e; });
  if (bad != key.end())
    return "an Idempotency-Key is printable ASCII (0x20-0x7E); character "
           + std::to_string(bad - key.begin() + 1) + " is not";
  return {};
}

std::string uuid_v4(std::array<std::uint8_t, 16> random) {
  random[6] = static_cast<std::uint8_t>((random[6] & 0x0f) | 0x40);
  random[8] = static_cast<std::uint8_t>((random[8] & 0x3f) | 0x80);
  constexpr const char* digits = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < random.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      text += '-';
    text += digits[random[i] >> 4];
    text += digits[random[i] & 0x0f];
  }
  return text;
}

std::string new_idempotency_key() {
  // libstdc++'s random_device reads the kernel's generator (getentropy,
  // /dev/urandom) or the CPU's (RDRAND).
  std::random_device source;
  std::array<std::uint8_t, 16> random{};
  for (std::size_t i = 0; i < random.size(); i += 4) {
    auto word = source();
    for (std::size_t j = 0; j < 4; ++j)
      random[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
  }
  return uuid_v4(random);
}

} // namespace base
