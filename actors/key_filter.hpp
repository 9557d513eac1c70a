#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace actors {

/// Which idempotency keys the database may hold: a Bloom filter that never
/// says "no" for a key added to it, so a "no" spares the database lookup of
/// a key nobody sent before (nearly every key). Two generations, each
/// filled for one key lifetime; the older is dropped when the newer has
/// filled for a lifetime, since by then every key in it has expired. Its
/// size is fixed: more keys per lifetime than it was sized for only let
/// more lookups through. Plain code.
class key_filter {
public:
  /// `expected_keys`: keys per lifetime at about 1% false "maybe";
  /// `lifetime_ms`: how long a key lives; `now_ms`: the time it starts.
  key_filter(std::size_t expected_keys, std::int64_t lifetime_ms,
             std::int64_t now_ms)
    : blocks_((expected_keys * bits_per_key + block_bits - 1) / block_bits + 1),
      lifetime_ms_(lifetime_ms), started_ms_(now_ms) {
    for (auto& g : generations_)
      g.assign(blocks_ * words_per_block, 0);
  }

  /// Adds the key `scope` names (principal and key).
  void add(std::string_view scope) {
    auto [block, probes] = locate(scope);
    auto* words = &generations_[current_][block * words_per_block];
    for (auto bit : probes)
      words[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }

  /// False only when `scope` was never added (in this or the last
  /// lifetime).
  bool may_contain(std::string_view scope) const {
    auto [block, probes] = locate(scope);
    for (const auto& g : generations_) {
      const auto* words = &g[block * words_per_block];
      bool all = true;
      for (auto bit : probes)
        all = all && (words[bit / 64] >> (bit % 64) & 1) != 0;
      if (all)
        return true;
    }
    return false;
  }

  /// Moves to `now_ms`: once the current generation has filled for a
  /// lifetime, the older one (all expired) is cleared and filled next.
  void advance(std::int64_t now_ms) {
    if (now_ms - started_ms_ < lifetime_ms_)
      return;
    current_ ^= 1;
    std::fill(generations_[current_].begin(), generations_[current_].end(), 0);
    started_ms_ = now_ms;
  }

  /// Bytes held (both generations).
  std::size_t memory() const { return 2 * blocks_ * words_per_block * 8; }

private:
  // All of a key's bits lie in one 512-bit block (one cache line): a
  // lookup touches one line per generation.
  static constexpr std::size_t block_bits = 512;
  static constexpr std::size_t words_per_block = block_bits / 64;
  static constexpr std::size_t probe_count = 7;
  static constexpr std::size_t bits_per_key = 12;

  struct location {
    std::size_t block;
    std::array<std::uint16_t, probe_count> bits;
  };

  location locate(std::string_view scope) const {
    auto h = std::hash<std::string_view>{}(scope);
    // splitmix64's finaliser: bits for the probes, independent of the
    // block choice.
    std::uint64_t g = h + 0x9E3779B97F4A7C15ULL;
    g = (g ^ (g >> 30)) * 0xBF58476D1CE4E5B9ULL;
    g = (g ^ (g >> 27)) * 0x94D049BB133111EBULL;
    g ^= g >> 31;
    location at{h % blocks_, {}};
    for (std::size_t i = 0; i < probe_count; ++i)
      at.bits[i] = static_cast<std::uint16_t>((g >> (9 * i)) & 511);
    return at;
  }

  std::size_t blocks_;
  std::int64_t lifetime_ms_;
  std::int64_t started_ms_;
  std::array<std::vector<std::uint64_t>, 2> generations_;
  std::size_t current_ = 0;
};

} // namespace actors
