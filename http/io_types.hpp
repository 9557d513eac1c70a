#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace http {

/// The I/O thread's executor, concrete: with Asio's default
/// any_io_executor every handler copies and destroys a type-erased
/// executor (13% of the instructions of a get_item under callgrind).
using io_executor = boost::asio::io_context::executor_type;
using tcp_socket
  = boost::asio::basic_stream_socket<boost::asio::ip::tcp, io_executor>;
using tcp_stream
  = boost::beast::basic_stream<boost::asio::ip::tcp, io_executor,
                               boost::beast::unlimited_rate_policy>;

} // namespace http
