#include "http/connection.hpp"

#include "http/connection_impl.hpp"

namespace http {

template class basic_connection<tcp_stream>;

} // namespace http
