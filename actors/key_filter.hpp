#pragma once

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace actors {

/// Which idempotency keys the database may hold: a Bloom filter that never
/// says "no" for a key added to it, so a "no" spares the database lookup of
/// a key nobody sent before (nearly every key). Two generations: keys go
/// into the newer, and once it has filled for a lifetime and the older
/// holds no key that is still alive (by the keys' own times, so a clock set
/// back cannot drop a live key), the older is cleared and becomes the
/// newer. Its size is fixed (about 30 bytes per expected key): more keys
/// per lifetime than it was sized for only let more lookups through. Plain
/// code.
class key_filter {
public:
  /// `expected_keys`: keys per lifetime at about 1% false "maybe";
  /// `lifetime_ms`: how long a key lives; `now_ms`: the time it starts.
  key_filter(std::size_t expected_keys, std::int64_t lifetime_ms,
             std::int64_t now_ms)
    : blocks_((expected_keys * bits_per_key + block_bits - 1) / block_bits + 1),
      lifetime_ms_(lifetime_ms), started_ms_(now_ms) {
    for (auto& g : generations_)
      g.words.assign(blocks_ * words_per_block, 0);
  }

  /// Adds the key `scope` names (principal and key), created at
  /// `created_ms`.
  void add(std::string_view scope, std::int64_t created_ms) {
    auto [block, probes] = locate(scope);
    auto& g = generations_[current_];
    auto* words = &g.words[block * words_per_block];
    for (auto bit : probes)
      words[bit / 64] |= std::uint64_t{1} << (bit % 64);
    g.newest_ms = std::max(g.newest_ms, created_ms);
  }

  /// False only when `scope` was never added (in this or the last
  /// lifetime).
  bool may_contain(std::string_view scope) const {
    auto [block, probes] = locate(scope);
    for (const auto& g : generations_) {
      const auto* words = &g.words[block * words_per_block];
      bool all = true;
      for (auto bit : probes)
        all = all && (words[bit / 64] >> (bit % 64) & 1) != 0;
      if (all)
        return true;
    }
    return false;
  }

  /// Moves to `now_ms`: once the newer generation has filled for a
  /// lifetime and every key of the older has expired (created before
  /// `now_ms` minus a lifetime), the older is cleared and filled next.
  void advance(std::int64_t now_ms) {
    auto& older = generations_[current_ ^ 1];
    if (now_ms - started_ms_ < lifetime_ms_
        || older.newest_ms >= now_ms - lifetime_ms_)
      return;
    std::fill(older.words.begin(), older.words.end(), 0);
    older.newest_ms = no_key;
    current_ ^= 1;
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

  static constexpr std::int64_t no_key = INT64_MIN;

  struct generation {
    std::vector<std::uint64_t> words;
    // The newest creation time of a key in it.
    std::int64_t newest_ms = no_key;
  };

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
  std::array<generation, 2> generations_;
  std::size_t current_ = 0;
};

} // namespace actors
