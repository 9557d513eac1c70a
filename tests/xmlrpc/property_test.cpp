// Property: decode(encode(x)) == x for generated value trees of every type,
// and text XML cannot carry is refused with a fault, never emitted.

#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "xmlrpc/decode.hpp"
#include "xmlrpc/encode.hpp"

using namespace xmlrpc;

namespace {

class generator {
public:
  explicit generator(std::uint32_t seed) : rng_(seed) {}

  value make(int depth) {
    auto kind = pick(depth > 0 ? 10 : 8);
    switch (kind) {
    case 0:
      return nil{};
    case 1:
      return edge_or(
        std::vector<std::int32_t>{std::numeric_limits<std::int32_t>::min(),
                                  std::numeric_limits<std::int32_t>::max(), 0,
                                  -1},
        [&] { return static_cast<std::int32_t>(rng_()); });
    case 2:
      return edge_or(
        std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(),
                                  std::numeric_limits<std::int64_t>::max()},
        [&] {
          return static_cast<std::int64_t>((std::uint64_t{rng_()} << 32)
                                           | rng_());
        });
    case 3:
      return pick(2) == 1;
    case 4:
      return edge_or(
        std::vector<double>{0.0, -0.0, 1e308, -1e-308, 0.1, 5e-324}, [&] {
          return std::uniform_real_distribution<double>(-1e12, 1e12)(rng_);
        });
    case 5:
      return text();
    case 6: {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%04u%02u%02uT%02u:%02u:%02u",
                    1900 + pick(200), 1 + pick(12), 1 + pick(28), pick(24),
                    pick(60), pick(60));
      return date_time{buf};
    }
    case 7: {
      binary b;
      for (auto n = pick(40); n > 0; --n)
        b.bytes.push_back(static_cast<std::uint8_t>(pick(256)));
      return b;
    }
    case 8: {
      array a;
      for (auto n = pick(5); n > 0; --n)
        a.push_back(make(depth - 1));
      return a;
    }
    default: {
      structure s;
      for (auto n = pick(5); n > 0; --n) {
        auto key = text() + "#" + std::to_string(n); // unique names
        s.members.emplace_back(key, make(depth - 1));
      }
      return s;
    }
    }
  }

  // Text XML can carry: unicode, markup characters, CR/LF/tab, "]]>".
  std::string text() {
    static const std::vector<std::string> pieces{"a",
                                                 "Z",
                                                 " ",
                                                 "  ",
                                                 "\t",
                                                 "\n",
                                                 "\r",
                                                 "\r\n",
                                                 "&",
                                                 "<",
                                                 ">",
                                                 "]]>",
                                                 "\"",
                                                 "'",
                                                 "&amp;",
                                                 "\xC3\xA9",
                                                 "\xE2\x82\xAC",
                                                 "\xF0\x9F\x93\xA6",
                                                 "\xEF\xBF\xBD",
                                                 "\x7F",
                                                 "0",
                                                 "-1"};
    std::string out;
    for (auto n = pick(8); n > 0; --n)
      out += pieces[pick(static_cast<unsigned>(pieces.size()))];
    return out;
  }

  unsigned pick(unsigned n) {
    return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_);
  }

private:
  template <class T, class F>
  T edge_or(const std::vector<T>& edges, F random) {
    if (pick(3) == 0)
      return edges[pick(static_cast<unsigned>(edges.size()))];
    return random();
  }

  std::mt19937 rng_;
};

} // namespace

TEST(property, calls_round_trip_for_generated_value_trees) {
  for (std::uint32_t seed = 1; seed <= 2000; ++seed) {
    generator gen{seed};
    std::vector<value> params;
    for (auto n = gen.pick(4); n > 0; --n)
      params.push_back(gen.make(4));
    auto body = encode_method_call("m.x", params);
    ASSERT_TRUE(body.has_value())
      << "seed " << seed << ": " << body.error().message;
    auto call = decode_method_call(*body, limits{200});
    ASSERT_TRUE(call.has_value())
      << "seed " << seed << ": " << call.error().message;
    ASSERT_EQ(call->params, params) << "seed " << seed << "\n" << *body;
  }
}

TEST(property, responses_round_trip_for_generated_value_trees) {
  for (std::uint32_t seed = 5000; seed < 6000; ++seed) {
    generator gen{seed};
    auto x = gen.make(5);
    auto body = encode_response(x);
    ASSERT_TRUE(body.has_value()) << "seed " << seed;
    auto back = decode_response(*body, limits{200});
    ASSERT_TRUE(back.has_value())
      << "seed " << seed << ": " << back.error().message;
    ASSERT_EQ(std::get<value>(*back), x) << "seed " << seed;
  }
}

TEST(property, characters_xml_cannot_carry_are_refused_not_emitted) {
  std::vector<std::string> bad;
  for (char c = 1; c < 0x20; ++c)
    if (c != '\t' && c != '\n' && c != '\r')
      bad.push_back(std::string{"x"} + c + "y");
  bad.push_back(std::string{"nul\0byte", 8});
  bad.push_back("\xEF\xBF\xBE");     // U+FFFE
  bad.push_back("\xEF\xBF\xBF");     // U+FFFF
  bad.push_back("\xED\xA0\x80");     // a surrogate
  bad.push_back("\xC0\x80");         // overlong NUL
  bad.push_back("\xF4\x90\x80\x80"); // beyond U+10FFFF
  bad.push_back("\x80");             // a lone continuation byte
  for (const auto& s : bad) {
    for (const auto& x : {value{s}, value{array{value{s}}},
                          value{structure{{{s, value{1}}}}}}) {
      auto body = encode_response(x);
      ASSERT_FALSE(body.has_value());
      EXPECT_EQ(body.error().code, fault_code::invalid_params);
      EXPECT_NE(body.error().message.find("cannot be carried by XML"),
                std::string::npos);
    }
    EXPECT_FALSE(encode_method_call("m", {value{s}}).has_value());
  }
}
