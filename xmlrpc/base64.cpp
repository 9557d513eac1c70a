#include "xmlrpc/base64.hpp"

namespace xmlrpc {

namespace {

constexpr std::string_view base64_chars
  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

std::string encode_base64(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += base64_chars[(n >> 18) & 63];
    out += base64_chars[(n >> 12) & 63];
    out += base64_chars[(n >> 6) & 63];
    out += base64_chars[n & 63];
  }
  if (i + 1 == bytes.size()) {
    std::uint32_t n = bytes[i] << 16;
    out += base64_chars[(n >> 18) & 63];
    out += base64_chars[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    std::uint32_t n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += base64_chars[(n >> 18) & 63];
    out += base64_chars[(n >> 12) & 63];
    out += base64_chars[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      continue;
    if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    }
    auto pos = base64_chars.find(c);
    if (pos == std::string_view::npos || padding > 0)
      return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  if (symbols % 4 != 0 || padding > 2)
    return std::nullopt;
  return out;
}

} // namespace xmlrpc
