#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace stress {

/// A fresh Idempotency-Key: a random UUID (version 4) from the kernel's
/// random source. Not from the run's --seed: a key repeated by a later run
/// would be answered with that run's stored reply.
std::string new_idempotency_key();

/// `bytes` as a version 4 UUID in its 36-character text form
/// (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, y one of 8, 9, a, b): the
/// version and variant bits are set, the other 122 bits are kept.
std::string uuid_v4_text(std::array<std::uint8_t, 16> bytes);

} // namespace stress
