#include "actors/caf_errors.hpp"

#include <caf/sec.hpp>

namespace actors {

caf::error to_error(const failure& x) {
  if (!x.detail.empty())
    return caf::make_error(x.code, x.detail);
  return caf::make_error(x.code, x.id);
}

failure to_failure(const caf::error& err) {
  if (err.category() == caf::atom("inventory")) {
    failure result{static_cast<inventory_errc>(err.code())};
    const auto& ctx = err.context();
    if (ctx.match_elements<std::int32_t>())
      result.id = ctx.get_as<std::int32_t>(0);
    else if (ctx.match_elements<std::string>())
      result.detail = ctx.get_as<std::string>(0);
    return result;
  }
  if (err == caf::sec::request_timeout)
    return failure{inventory_errc::timeout};
  return failure{inventory_errc::unavailable, 0, caf::to_string(err)};
}

} // namespace actors
