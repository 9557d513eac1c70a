// libFuzzer target: bytes -> users-file parser. Whatever parses must format
// and parse again to the same users; every name is valid, every role real.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth/users.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto users = auth::parse_users(text);
  if (!users)
    return 0;
  for (const auto& u : *users)
    if (!auth::valid_user_name(u.name) || u.role == auth::role::anyone
        || u.hash.empty())
      std::abort();
  auto again = auth::parse_users(auth::format_users(*users));
  if (!again || again->size() != users->size())
    std::abort();
  for (std::size_t i = 0; i < users->size(); ++i)
    if ((*again)[i].name != (*users)[i].name
        || (*again)[i].role != (*users)[i].role
        || (*again)[i].hash != (*users)[i].hash)
      std::abort();
  return 0;
}
