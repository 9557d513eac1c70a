#include "server/users_command.hpp"

#include <algorithm>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "auth/password.hpp"
#include "auth/users.hpp"
#include "server/exit_codes.hpp"

namespace server {

namespace {

// The users in `path`, or none when it does not exist yet.
base::expected<std::vector<auth::user>, std::string>
existing_users(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT)
    return std::vector<auth::user>{};
  return auth::load_users_file(path);
}

// A line from the terminal without echo, or from standard input as it is.
base::expected<std::string, std::string>
read_secret(const std::string& prompt) {
  bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios old{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << '\n';
  }
  if (!got)
    return base::unexpected{std::string{"no password on standard input"}};
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

base::expected<std::string, std::string> new_password(const std::string& name) {
  auto first = read_secret("Password for " + name + ": ");
  if (!first)
    return first;
  if (first->empty())
    return base::unexpected{std::string{"the password must not be empty"}};
  if (::isatty(STDIN_FILENO) != 0) {
    auto again = read_secret("Again: ");
    if (!again)
      return again;
    if (*again != *first)
      return base::unexpected{std::string{"the passwords differ"}};
  }
  return first;
}

int fail(const std::string& why) {
  std::cerr << "inventory-server users: " << why << '\n';
  return exit_failure;
}

int add(const std::string& file, const std::string& name,
        const std::string& role_name) {
  auto r = auth::parse_role(role_name);
  if (!auth::valid_user_name(name))
    return fail("invalid user name '" + name + "': 1 to "
                + std::to_string(auth::max_user_name)
                + " printable characters, no ':' or spaces");
  auto users = existing_users(file);
  if (!users)
    return fail(users.error());
  auto password = new_password(name);
  if (!password)
    return fail(password.error());
  auto hash = auth::hash_password(*password);
  if (!hash)
    return fail(hash.error());
  auto i = std::find_if(users->begin(), users->end(),
                        [&](const auto& u) { return u.name == name; });
  bool updated = i != users->end();
  if (updated)
    *i = auth::user{name, *r, *hash};
  else
    users->push_back(auth::user{name, *r, *hash});
  if (auto saved = auth::save_users_file(file, *users); !saved)
    return fail(saved.error());
  std::cout << (updated ? "updated " : "added ") << name << " (" << role_name
            << ") in " << file << '\n';
  return exit_ok;
}

int remove(const std::string& file, const std::string& name) {
  auto users = auth::load_users_file(file);
  if (!users)
    return fail(users.error());
  auto end = std::remove_if(users->begin(), users->end(),
                            [&](const auto& u) { return u.name == name; });
  if (end == users->end())
    return fail("no user " + name + " in " + file);
  users->erase(end, users->end());
  if (auto saved = auth::save_users_file(file, *users); !saved)
    return fail(saved.error());
  std::cout << "removed " << name << " from " << file << '\n';
  return exit_ok;
}

int list(const std::string& file) {
  auto users = auth::load_users_file(file);
  if (!users)
    return fail(users.error());
  for (const auto& u : *users)
    std::cout << u.name << ' ' << auth::to_string(u.role)
              << (u.hash == auth::certificate_only ? " (certificate only)" : "")
              << '\n';
  return exit_ok;
}

} // namespace

int run_users_command(int argc, char** argv) {
  CLI::App app{"Manages a users file (name:role:Argon2id hash, one a line, "
               "readable by its owner only). A new password comes from "
               "standard input, or from a prompt without echo on a terminal.",
               "inventory-server users"};
  app.require_subcommand(1);
  std::string file, name, role;
  auto* add_cmd = app.add_subcommand("add", "Add a user, or change one's "
                                            "password and role");
  add_cmd->add_option("name", name, "User name")->required();
  add_cmd->add_option("--role", role, "reader, writer or admin")
    ->required()
    ->check(CLI::IsMember({"reader", "writer", "admin"}));
  add_cmd->add_option("--file", file, "The users file (created 0600)")
    ->required()
    ->type_name("FILE");
  auto* remove_cmd = app.add_subcommand("remove", "Remove a user");
  remove_cmd->add_option("name", name, "User name")->required();
  remove_cmd->add_option("--file", file, "The users file")
    ->required()
    ->type_name("FILE");
  auto* list_cmd = app.add_subcommand("list", "List users and roles");
  list_cmd->add_option("--file", file, "The users file")
    ->required()
    ->type_name("FILE");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return exit_ok;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      std::cout << app.help();
      return exit_ok;
    }
    std::cerr << "inventory-server users: " << e.what() << " (see --help)\n";
    return exit_usage;
  }
  if (add_cmd->parsed())
    return add(file, name, role);
  if (remove_cmd->parsed())
    return remove(file, name);
  return list(file);
}

} // namespace server
