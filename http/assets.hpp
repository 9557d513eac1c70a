#pragma once

#include <string_view>

// Files built into the server (cmake/embed.cmake writes their definitions),
// so the dashboard works with no network and no installed path.
namespace http::assets {

/// http/dashboard.html.
std::string_view dashboard_html();

/// Chart.js from Debian's libjs-chart.js (chart.min.js).
std::string_view chart_js();

} // namespace http::assets
