#include "http/connection.hpp"

#include "http/connection_impl.hpp"

namespace http {

template class basic_connection<boost::beast::tcp_stream>;

} // namespace http
