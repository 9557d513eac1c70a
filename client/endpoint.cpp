#include "client/endpoint.hpp"

#include <cstdlib>
#include <map>

#include "client/password_prompt.hpp"
#include "client/tls.hpp"

namespace client {

void add_login_options(CLI::App& app, login_options& opts) {
  app
    .add_option("--cacert", opts.cacert,
                "PEM file of the CA certificates to trust for https URLs "
                "(default: the system's trust store)")
    ->option_text("FILE");
  app
    .add_option("--user", opts.user,
                "Log in as NAME (HTTP Basic); the password comes from "
                "$INVENTORY_PASSWORD, else a prompt without echo on a "
                "terminal. Or put user:password@ in the URL")
    ->option_text("NAME");
}

password_sources standard_password_sources() {
  password_sources sources;
  if (const char* env = std::getenv("INVENTORY_PASSWORD"))
    sources.environment = env;
  if (can_prompt())
    sources.prompt = [](const std::string& user) {
      return read_password("Password for " + user + ": ");
    };
  return sources;
}

base::expected<std::vector<endpoint>, std::string>
make_endpoints(const std::vector<std::string>& urls, const login_options& opts,
               const password_sources& sources) {
  std::vector<endpoint> out;
  bool any_tls = false;
  for (const auto& text : urls) {
    endpoint e;
    e.shown = redact_url(text);
    auto parts = parse_url(text);
    if (!parts)
      return "--url " + e.shown + ": " + parts.error();
    e.parts = std::move(*parts);
    any_tls = any_tls || e.parts.tls;
    out.push_back(std::move(e));
  }
  if (!opts.cacert.empty() && !any_tls)
    return std::string{"--cacert applies to https URLs only"};
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (any_tls) {
    auto made = make_tls_context(opts.cacert);
    if (!made)
      return (opts.cacert.empty() ? "" : "--cacert ") + made.error();
    tls = std::move(*made);
  }
  // One prompt per user, however many URLs name them.
  std::map<std::string, std::optional<std::string>> asked;
  auto once = sources;
  if (sources.prompt)
    once.prompt = [&](const std::string& user) {
      auto it = asked.find(user);
      if (it == asked.end())
        it = asked.emplace(user, sources.prompt(user)).first;
      return it->second;
    };
  for (auto& e : out) {
    if (e.parts.tls)
      e.tls = tls;
    auto login = login_for(e.parts, opts.user, once);
    if (!login)
      return "--url " + e.shown + ": " + login.error();
    e.login = std::move(*login);
  }
  return out;
}

} // namespace client
