#include "http/gzip.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <zlib.h>

namespace http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
              return std::tolower(static_cast<unsigned char>(x))
                     == std::tolower(static_cast<unsigned char>(y));
            });
}

// The q-value of one Accept-Encoding element's parameters (";q=0.5");
// 1 when it has none.
double q_value(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{}
                                            : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q')
        && param[1] == '=') {
      std::string digits{param.substr(2)};
      char* end = nullptr;
      double q = std::strtod(digits.c_str(), &end);
      return end == digits.c_str() + digits.size() ? q : 0.0;
    }
  }
  return 1.0;
}

} // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    auto comma = accept_encoding.find(',');
    auto element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos
                        ? std::string_view{}
                        : accept_encoding.substr(comma + 1);
    auto semi = element.find(';');
    auto coding = trim(element.substr(0, semi));
    auto q = q_value(semi == std::string_view::npos ? std::string_view{}
                                                    : element.substr(semi + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      return q > 0;
    if (coding == "*")
      star = q > 0;
  }
  return star;
}

void gzip(std::string_view in, std::string& out, int level) {
  z_stream z{};
  // 15 window bits, +16: a gzip header and trailer instead of zlib's.
  deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  out.resize(deflateBound(&z, static_cast<uLong>(in.size())));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH); // the bound makes one call enough
  out.resize(z.total_out);
  deflateEnd(&z);
}

base::expected<void, gunzip_error> gunzip(std::string_view in, std::string& out,
                                          std::size_t max_out) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK)
    return base::unexpected{gunzip_error::corrupt};
  out.clear();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char chunk[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof(chunk);
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END)
      break;
    auto n = sizeof(chunk) - z.avail_out;
    if (out.size() + n > max_out) {
      inflateEnd(&z);
      return base::unexpected{gunzip_error::too_large};
    }
    out.append(chunk, n);
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0)
      break; // input ended before the stream did
  }
  inflateEnd(&z);
  // Complete, with nothing after it.
  if (rc != Z_STREAM_END || z.avail_in != 0)
    return base::unexpected{gunzip_error::corrupt};
  return {};
}

} // namespace http
