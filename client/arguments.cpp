#include "client/arguments.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "base/decimal.hpp"

namespace client {

namespace {

using result = base::expected<xmlrpc::value, std::string>;

xmlrpc::value integer_value(std::int64_t i) {
  if (i >= INT32_MIN && i <= INT32_MAX)
    return static_cast<std::int32_t>(i);
  return i;
}

result from_json(const nlohmann::ordered_json& j) {
  switch (j.type()) {
  case nlohmann::json::value_t::null:
    return xmlrpc::value{xmlrpc::nil{}};
  case nlohmann::json::value_t::boolean:
    return xmlrpc::value{j.get<bool>()};
  case nlohmann::json::value_t::number_integer:
    return integer_value(j.get<std::int64_t>());
  case nlohmann::json::value_t::number_unsigned: {
    auto u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX))
      return "JSON number " + j.dump() + " is out of range "
             + base::range_text(INT64_MIN, INT64_MAX);
    return integer_value(static_cast<std::int64_t>(u));
  }
  case nlohmann::json::value_t::number_float:
    return xmlrpc::value{j.get<double>()};
  case nlohmann::json::value_t::string:
    return xmlrpc::value{j.get<std::string>()};
  case nlohmann::json::value_t::array: {
    xmlrpc::array out;
    out.reserve(j.size());
    for (const auto& element : j) {
      auto v = from_json(element);
      if (!v)
        return v;
      out.push_back(std::move(*v));
    }
    return xmlrpc::value{std::move(out)};
  }
  case nlohmann::json::value_t::object: {
    xmlrpc::structure out;
    for (const auto& [key, element] : j.items()) {
      auto v = from_json(element);
      if (!v)
        return v;
      out.members.emplace_back(key, std::move(*v));
    }
    return xmlrpc::value{std::move(out)};
  }
  default:
    return std::string{"JSON binary values have no XML-RPC type"};
  }
}

// `text` by its look; see typed_argument.
xmlrpc::value by_look(const std::string& text) {
  if (text == "true")
    return true;
  if (text == "false")
    return false;
  if (auto i = base::parse_decimal<std::int64_t>(text))
    return integer_value(*i);
  if (text.find_first_of(".eE") != std::string::npos)
    if (auto d = base::parse_decimal_number(text))
      return *d;
  return text;
}

} // namespace

base::expected<xmlrpc::value, std::string>
value_of_json(std::string_view text) {
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded())
    return "'" + std::string{text} + "' is not JSON";
  return from_json(j);
}

base::expected<xmlrpc::value, std::string>
typed_argument(const std::string& text) {
  auto slash = text.find('/');
  auto prefix = text.substr(0, slash == std::string::npos ? 0 : slash);
  auto rest
    = slash == std::string::npos ? std::string{} : text.substr(slash + 1);
  if (prefix == "s")
    return xmlrpc::value{rest};
  if (prefix == "i") {
    auto i = base::parse_decimal<std::int32_t>(rest);
    if (!i)
      return "i/: " + i.error();
    return xmlrpc::value{*i};
  }
  if (prefix == "d") {
    auto d = base::parse_decimal_number(rest);
    if (!d)
      return "d/: " + d.error();
    return xmlrpc::value{*d};
  }
  if (prefix == "b") {
    if (rest == "true" || rest == "1")
      return xmlrpc::value{true};
    if (rest == "false" || rest == "0")
      return xmlrpc::value{false};
    return "b/: '" + rest + "' is not true, false, 1 or 0";
  }
  if (prefix == "n") {
    if (!rest.empty())
      return "n/ takes nothing after the slash, got '" + rest + "'";
    return xmlrpc::value{xmlrpc::nil{}};
  }
  if (prefix == "json") {
    auto v = value_of_json(rest);
    if (!v)
      return "json/: " + v.error();
    return v;
  }
  // A whole number too big even for i8 looks like a number, but is none.
  if (base::is_decimal_integer(text))
    if (auto i = base::parse_decimal<std::int64_t>(text); !i)
      return i.error();
  return by_look(text);
}

} // namespace client
