#include "xmlrpc/params.hpp"

#include <limits>

namespace xmlrpc {

namespace {

std::string parameter(std::size_t index, std::string_view name) {
  return "parameter " + std::to_string(index + 1) + " (" + std::string{name}
         + ")";
}

} // namespace

fault params_reader::invalid(std::string_view message) const {
  return fault{fault_code::invalid_params,
               std::string{method_} + ": " + std::string{message}};
}

fault params_reader::wrong_type(const value& x, std::string_view what,
                                std::string_view expected) const {
  return invalid(std::string{what} + " must be " + std::string{expected}
                 + ", got " + std::string{type_name(x)});
}

result<void> params_reader::arity(std::size_t min, std::size_t max) const {
  if (params_.size() >= min && params_.size() <= max)
    return {};
  std::string expected = std::to_string(min);
  if (max != min)
    expected += max == std::numeric_limits<std::size_t>::max()
                  ? " or more"
                  : " to " + std::to_string(max);
  return invalid("expected " + expected + " parameter"
                 + (max == 1 && min == 1 ? "" : "s") + ", got "
                 + std::to_string(params_.size()));
}

result<std::int32_t> params_reader::to_int32(const value& x,
                                             std::string_view what) const {
  if (const auto* i = x.get_if<std::int32_t>())
    return *i;
  if (const auto* l = x.get_if<std::int64_t>()) {
    if (*l < std::numeric_limits<std::int32_t>::min()
        || *l > std::numeric_limits<std::int32_t>::max())
      return invalid(std::string{what} + " " + std::to_string(*l)
                     + " does not fit a 32-bit int");
    return static_cast<std::int32_t>(*l);
  }
  return wrong_type(x, what, "an int");
}

result<std::int32_t> params_reader::int32(std::size_t index,
                                          std::string_view name) const {
  return to_int32(params_.at(index), parameter(index, name));
}

result<std::optional<std::int32_t>>
params_reader::optional_int32(std::size_t index, std::string_view name) const {
  if (index >= params_.size() || params_[index].get_if<nil>())
    return std::optional<std::int32_t>{};
  auto x = int32(index, name);
  if (!x)
    return x.error();
  return std::optional<std::int32_t>{*x};
}

result<std::string> params_reader::string(std::size_t index,
                                          std::string_view name) const {
  const auto& x = params_.at(index);
  if (const auto* s = x.get_if<std::string>())
    return *s;
  return wrong_type(x, parameter(index, name), "a string");
}

result<const array*> params_reader::array_at(std::size_t index,
                                             std::string_view name) const {
  const auto& x = params_.at(index);
  if (const auto* a = x.get_if<array>())
    return a;
  return wrong_type(x, parameter(index, name), "an array");
}

} // namespace xmlrpc
