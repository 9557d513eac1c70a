#include "http/log_line.hpp"

#include <cstdio>

namespace http {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Apache's escaping for quoted fields: `"` and `\` get a backslash, bytes
// outside printable ASCII become \xhh.
void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  if (text.empty())
    out += '-';
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += hex_digits[c >> 4];
      out += hex_digits[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// A JSON string. Bytes outside printable ASCII become \u00hh (read as
// Latin-1), so the line is valid JSON whatever the client sent.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += "\\u00";
      out += hex_digits[c >> 4];
      out += hex_digits[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string seconds_text(std::chrono::microseconds latency) {
  char buf[32];
  auto n = std::snprintf(buf, sizeof(buf), "%.6f",
                         static_cast<double>(latency.count()) / 1e6);
  return {buf, static_cast<std::size_t>(n)};
}

// The Common Log Format's user field: "-" when nobody logged in.
std::string_view user_field(const log_entry& e) {
  return e.principal.empty() || e.principal == "anonymous"
           ? std::string_view{"-"}
           : e.principal;
}

void append_seed(std::string& out, const log_entry& e, clock_cache& clock) {
  out += e.remote;
  out += " - ";
  out += user_field(e);
  out += " [";
  out += clock.log_date();
  out += "] \"";
  out += e.request_line;
  out += "\" ";
  out += std::to_string(e.status);
  out += " -\n";
}

void append_combined(std::string& out, const log_entry& e, clock_cache& clock) {
  out += e.remote;
  out += " - ";
  out += user_field(e);
  out += " [";
  out += clock.combined_date();
  out += "] ";
  append_quoted(out, e.request_line);
  out += ' ';
  out += std::to_string(e.status);
  out += ' ';
  out += std::to_string(e.bytes);
  out += ' ';
  append_quoted(out, e.referer);
  out += ' ';
  append_quoted(out, e.user_agent);
  out += ' ';
  out += e.method.empty() ? "-" : e.method;
  out += ' ';
  out += std::to_string(e.fault_code);
  out += ' ';
  out += seconds_text(e.latency);
  out += '\n';
}

void append_json(std::string& out, const log_entry& e, clock_cache& clock) {
  out += "{\"time\":\"";
  out += clock.iso_date();
  out += "\",\"remote\":";
  append_json_string(out, e.remote);
  out += ",\"user\":";
  append_json_string(out, e.principal);
  out += ",\"request\":";
  append_json_string(out, e.request_line);
  out += ",\"status\":";
  out += std::to_string(e.status);
  out += ",\"bytes\":";
  out += std::to_string(e.bytes);
  out += ",\"referer\":";
  append_json_string(out, e.referer);
  out += ",\"user_agent\":";
  append_json_string(out, e.user_agent);
  out += ",\"method\":";
  if (e.method.empty())
    out += "null";
  else
    append_json_string(out, e.method);
  out += ",\"fault_code\":";
  out += std::to_string(e.fault_code);
  out += ",\"latency_s\":";
  out += seconds_text(e.latency);
  out += "}\n";
}

} // namespace

std::optional<log_format> parse_log_format(std::string_view name) {
  if (name == "seed")
    return log_format::seed;
  if (name == "combined")
    return log_format::combined;
  if (name == "json")
    return log_format::json;
  return std::nullopt;
}

void append_log_line(std::string& out, log_format format,
                     const log_entry& entry, clock_cache& clock) {
  switch (format) {
  case log_format::seed:
    return append_seed(out, entry, clock);
  case log_format::combined:
    return append_combined(out, entry, clock);
  case log_format::json:
    return append_json(out, entry, clock);
  }
}

} // namespace http
