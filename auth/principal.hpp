#pragma once

#include <string>

#include "auth/role.hpp"

namespace auth {

/// Who a request acts for, once authenticated.
struct principal {
  std::string name;
  auth::role role = auth::role::anyone;
};

} // namespace auth
