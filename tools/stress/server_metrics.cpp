#include "tools/stress/server_metrics.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "tools/stress/report.hpp"

namespace stress {

namespace {

constexpr std::string_view requests_name = "inventory_rpc_requests_total";
constexpr std::string_view bucket_name
  = "inventory_rpc_request_duration_seconds_bucket";

// The value of the label `key` in `labels` (the text between braces).
std::string_view label(std::string_view labels, std::string_view key) {
  std::string wanted{key};
  wanted += "=\"";
  auto at = labels.find(wanted);
  if (at == std::string_view::npos)
    return {};
  auto start = at + wanted.size();
  auto end = labels.find('"', start);
  return labels.substr(start, end - start);
}

double parse_number(std::string_view text) {
  if (text == "+Inf")
    return std::numeric_limits<double>::infinity();
  return std::strtod(std::string{text}.c_str(), nullptr);
}

} // namespace

base::expected<server_counts, std::string>
parse_server_counts(std::string_view text) {
  server_counts out;
  bool seen_requests = false;
  while (!text.empty()) {
    auto eol = text.find('\n');
    auto line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty() || line.front() == '#')
      continue;
    auto space = line.rfind(' ');
    if (space == std::string_view::npos)
      continue;
    auto value = parse_number(line.substr(space + 1));
    auto series = line.substr(0, space);
    auto brace = series.find('{');
    auto name = series.substr(0, brace);
    auto labels = brace == std::string_view::npos ? std::string_view{}
                                                  : series.substr(brace);
    if (name == requests_name) {
      out.requests += value;
      seen_requests = true;
    } else if (name == bucket_name) {
      out.buckets[parse_number(label(labels, "le"))] += value;
    }
  }
  if (!seen_requests || out.buckets.empty())
    return std::string{"no "} + std::string{requests_name}
           + " in it (is it inventory-server's --metrics-listen?)";
  return out;
}

double server_quantile(double q, const server_counts& before,
                       const server_counts& after) {
  double total = 0;
  std::map<double, double> inc;
  for (const auto& [le, n] : after.buckets) {
    auto old = before.buckets.count(le) ? before.buckets.at(le) : 0.0;
    inc[le] = n - old;
    total = n - old; // cumulative: the last (+Inf) is the total
  }
  if (total <= 0)
    return 0;
  auto rank = q * total;
  double lower = 0, lower_count = 0;
  for (const auto& [le, n] : inc) {
    if (n >= rank) {
      if (std::isinf(le))
        return lower; // as Prometheus: the highest finite bound
      if (n <= lower_count)
        return le;
      return lower + (le - lower) * (rank - lower_count) / (n - lower_count);
    }
    lower = le;
    lower_count = n;
  }
  return lower;
}

base::expected<std::string, std::string>
fetch_metrics(const client::url& where, std::chrono::milliseconds timeout) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream{io};
  boost::system::error_code ec;
  boost::asio::ip::tcp::resolver resolver{io};
  auto found = resolver.resolve(where.host, where.port, ec);
  if (ec)
    return where.host + ": " + ec.message();
  stream.expires_after(timeout);
  // Synchronous Beast calls ignore the stream's timeout: run them as
  // asynchronous ones on this io_context.
  std::string failure;
  std::string body;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, where.path, 11};
  req.set(bhttp::field::host, where.host);
  req.set(bhttp::field::connection, "close");
  bhttp::response<bhttp::string_body> res;
  beast::flat_buffer buffer;
  stream.async_connect(found, [&](boost::system::error_code cec, auto&&) {
    if (cec)
      return void(failure = "connect: " + cec.message());
    bhttp::async_write(
      stream, req, [&](boost::system::error_code wec, std::size_t) {
        if (wec)
          return void(failure = "write: " + wec.message());
        bhttp::async_read(stream, buffer, res,
                          [&](boost::system::error_code rec, std::size_t) {
                            if (rec)
                              failure = "read: " + rec.message();
                          });
      });
  });
  io.run();
  if (!failure.empty())
    return failure;
  if (res.result_int() != 200)
    return "HTTP " + std::to_string(res.result_int());
  return std::move(res.body());
}

std::string render_server_side(const server_counts& before,
                               const server_counts& after, double seconds) {
  auto n = after.requests - before.requests;
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  auto as_latency = [](double s) {
    return format_latency(
      std::chrono::microseconds{static_cast<long long>(std::llround(s * 1e6))});
  };
  out << "server side (its /metrics): " << static_cast<long long>(n)
      << " requests, " << (seconds > 0 ? n / seconds : 0.0) << " req/s; p50 "
      << as_latency(server_quantile(0.5, before, after)) << " p90 "
      << as_latency(server_quantile(0.9, before, after)) << " p99 "
      << as_latency(server_quantile(0.99, before, after))
      << " (interpolated in its histogram's buckets; from a decoded request "
         "to its reply, without the network)\n";
  return out.str();
}

} // namespace stress
