#include "auth/users.hpp"

#include <cerrno>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace auth {

namespace {

constexpr std::string_view argon2id_prefix = "$argon2id$";

std::string line_error(std::size_t line, const std::string& why) {
  return "line " + std::to_string(line) + ": " + why;
}

std::string system_error(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// Argon2id strings are printable ASCII, and ':' separates the fields.
bool printable_without_colon(std::string_view text) {
  for (char c : text)
    if (c <= ' ' || c > '~' || c == ':')
      return false;
  return true;
}

} // namespace

bool valid_user_name(std::string_view name) {
  // A leading '#' would make the line a comment.
  if (name.empty() || name.size() > max_user_name || name.front() == '#')
    return false;
  for (char c : name)
    if (c <= ' ' || c > '~' || c == ':')
      return false;
  return true;
}

base::expected<std::vector<user>, std::string>
parse_users(std::string_view text) {
  std::vector<user> users;
  std::set<std::string, std::less<>> names;
  std::size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{}
                                         : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty() || line.front() == '#')
      continue;
    auto first = line.find(':');
    auto second = first == std::string_view::npos ? std::string_view::npos
                                                  : line.find(':', first + 1);
    if (second == std::string_view::npos)
      return line_error(number, "expected name:role:hash");
    auto name = line.substr(0, first);
    auto role_name = line.substr(first + 1, second - first - 1);
    auto hash = line.substr(second + 1);
    if (!valid_user_name(name))
      return line_error(number, "invalid user name");
    auto r = parse_role(role_name);
    if (!r)
      return line_error(number, "unknown role '" + std::string{role_name}
                                  + "' (reader, writer or admin)");
    if (hash != certificate_only
        && (hash.substr(0, argon2id_prefix.size()) != argon2id_prefix
            || !printable_without_colon(hash)))
      return line_error(number, "the hash of " + std::string{name}
                                  + " is not an Argon2id string");
    if (!names.emplace(name).second)
      return line_error(number, "user " + std::string{name} + " given twice");
    users.push_back(user{std::string{name}, *r, std::string{hash}});
  }
  return users;
}

std::string format_users(const std::vector<user>& users) {
  std::string text;
  for (const auto& u : users) {
    text += u.name;
    text += ':';
    text += to_string(u.role);
    text += ':';
    text += u.hash;
    text += '\n';
  }
  return text;
}

base::expected<std::vector<user>, std::string>
load_users_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return system_error(path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    auto err = system_error(path);
    ::close(fd);
    return err;
  }
  if ((st.st_mode & S_IRWXO) != 0) {
    ::close(fd);
    return path + ": others may read or write it; chmod o-rwx " + path;
  }
  std::string text;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      auto err = system_error(path);
      ::close(fd);
      return err;
    }
    if (n == 0)
      break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  auto users = parse_users(text);
  if (!users)
    return path + ": " + users.error();
  return users;
}

base::expected<void, std::string>
save_users_file(const std::string& path, const std::vector<user>& users) {
  auto tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return system_error(tmp);
  auto text = format_users(users);
  std::string_view rest = text;
  while (!rest.empty()) {
    auto n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      auto err = system_error(tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return err;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  // Durable before it replaces the old file; then the rename is atomic.
  bool synced = ::fsync(fd) == 0;
  auto err = synced ? std::string{} : system_error(tmp);
  if (::close(fd) != 0 && synced) {
    synced = false;
    err = system_error(tmp);
  }
  if (!synced) {
    ::unlink(tmp.c_str());
    return err;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    err = system_error(path);
    ::unlink(tmp.c_str());
    return err;
  }
  return {};
}

} // namespace auth
