#pragma once

// Internal to the codec: reads XML-RPC values out of a parsed document.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "xmlrpc/fault.hpp"
#include "xmlrpc/limits.hpp"
#include "xmlrpc/value.hpp"

namespace xmlrpc {

/// `text` without leading and trailing XML whitespace.
std::string_view trim_space(std::string_view text);

/// Walks the elements of a document parse_document accepted; each step
/// returns false once `error` holds the first problem (-32600, or -32700
/// for a reference append_unescaped refuses). Depths count from the root
/// element at 1, and no element deeper than the limit is read.
class value_reader {
public:
  explicit value_reader(const limits& lim) : lim_(lim) {}

  fault error;

  /// Collects the element children of `parent`, which sit at `depth`,
  /// rejecting text that is not whitespace.
  bool elements(pugi::xml_node parent, std::size_t depth,
                std::vector<pugi::xml_node>& out);

  /// Appends the text content of a leaf element, references resolved.
  bool text_of(pugi::xml_node node, std::string& out);

  /// Decodes a <value> element at `depth`.
  bool read_value(pugi::xml_node node, std::size_t depth, value& out);

  /// Decodes the <param> list of a <params> element at depth 2.
  bool read_params(pugi::xml_node params, std::vector<value>& out);

private:
  bool fail(std::int32_t code, std::string message);
  bool within_limit(std::size_t depth);
  bool bad_value(std::string_view type, std::string_view text);
  bool read_typed(pugi::xml_node node, std::size_t depth, value& out);
  bool read_array(pugi::xml_node node, std::size_t depth, value& out);
  bool read_struct(pugi::xml_node node, std::size_t depth, value& out);

  const limits& lim_;
};

} // namespace xmlrpc
