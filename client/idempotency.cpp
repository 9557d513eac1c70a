#include "client/idempotency.hpp"

#include <algorithm>
#include <random>

namespace client {

bool changes_data(std::string_view method) {
  constexpr std::array<std::string_view, 8> changing{
    "add_item",
    "update_item",
    "delete_item",
    "inventory.add",
    "inventory.set_quantity",
    "inventory.adjust",
    "inventory.adjust_many",
    "inventory.delete",
  };
  return std::find(changing.begin(), changing.end(), method) != changing.end();
}

base::expected<void, std::string> check_idempotency_key(std::string_view key) {
  constexpr std::size_t max_size = 255;
  if (key.empty())
    return std::string{"an Idempotency-Key must not be empty"};
  if (key.size() > max_size)
    return "an Idempotency-Key has at most " + std::to_string(max_size)
           + " characters, got " + std::to_string(key.size());
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
  for (std::size_t i = 0; i < random.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      text += '-';
    text += digits[random[i] >> 4];
    text += digits[random[i] & 0x0f];
  }
  return text;
}

std::string new_idempotency_key() {
  // libstdc++ reads the kernel's generator (getentropy, /dev/urandom) or
  // the CPU's (RDRAND): unpredictable, unlike a seeded engine, so two
  // clients never pick one key.
  std::random_device source;
  std::array<std::uint8_t, 16> random{};
  for (std::size_t i = 0; i < random.size(); i += 4) {
    auto word = source();
    for (std::size_t j = 0; j < 4; ++j)
      random[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
  }
  return uuid_v4(random);
}

} // namespace client
