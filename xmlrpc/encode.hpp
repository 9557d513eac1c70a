#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xmlrpc/fault.hpp"
#include "xmlrpc/value.hpp"

namespace xmlrpc {

/// Appends XML-RPC markup to a caller-owned buffer, so a large reply can be
/// streamed element by element instead of built as a value tree first.
class writer {
public:
  explicit writer(std::string& out) : out_(out) {}

  /// `<?xml ...?><methodResponse><params><param>`.
  void begin_response();
  /// `</param></params></methodResponse>`.
  void end_response();

  /// Appends `<value>...</value>`; a string XML cannot carry is a fault
  /// and leaves the buffer partially written.
  result<void> write(const value& x);

  void write_int(std::int32_t x);
  void write_bool(bool x);
  /// `text` must have passed check_xml_text.
  void write_checked_string(std::string_view text);

  void begin_struct();
  /// Starts a member; the member's value follows.
  void member_name(std::string_view checked_name);
  void end_member();
  void end_struct();

  void begin_array();
  void end_array();

private:
  std::string& out_;
};

/// A complete `methodResponse` holding `x`, or the fault why it cannot be
/// encoded.
result<std::string> encode_response(const value& x);

/// Appends a complete fault `methodResponse` to `out`. Characters XML cannot
/// carry in the message are replaced by '?'.
void append_fault(std::string& out, const fault& f);

/// A complete `methodCall`, or the fault why it cannot be encoded.
result<std::string> encode_method_call(std::string_view method,
                                       const std::vector<value>& params);

} // namespace xmlrpc
