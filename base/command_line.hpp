#pragma once

// The command-line conventions every program shares (CLI11): --help and
// --version print to stdout and exit 0, a usage error is one line on stderr
// and exit 2, and numeric options are decimal only.

#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "base/decimal.hpp"

namespace base {

/// The exit code of a bad command line, the same in every program.
constexpr int usage_exit_code = 2;

/// Prints `{program}: {what} (see --help)` on stderr; returns
/// usage_exit_code.
inline int usage_error(const std::string& program, const std::string& what) {
  std::cerr << program << ": " << what << " (see --help)\n";
  return usage_exit_code;
}

/// Parses the command line into `app`'s options. --help (of the subcommand
/// given, if any) and --version print to stdout: exit code 0. A parse error
/// is one usage_error line. Nothing: the program goes on.
inline std::optional<int> parse_command_line(CLI::App& app, int argc,
                                             const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    return usage_error(app.get_name(), e.what());
  }
  return std::nullopt;
}

/// A CLI11 transform for an integer option: decimal only, within [min, max]
/// (the error names the range). It rewrites the text without leading zeros,
/// so CLI11's own conversion (strtoll with base 0) never reads `010` as
/// octal. Use with `->transform(...)`, not `->check(...)`.
template <class T>
CLI::Validator decimal(T min, T max) {
  return CLI::Validator{[min, max](std::string& text) -> std::string {
                          auto x = parse_decimal<T>(text, min, max);
                          if (!x)
                            return x.error();
                          text = std::to_string(*x);
                          return {};
                        },
                        "in " + range_text(min, max), "decimal"};
}

/// The same for a floating-point option: decimal notation only (no
/// hexadecimal, `inf` or `nan`), within [min, max].
inline CLI::Validator decimal_number(double min, double max) {
  return CLI::Validator{[min, max](std::string& text) -> std::string {
                          auto x = parse_decimal_number(text, min, max);
                          return x ? std::string{} : x.error();
                        },
                        "in " + range_text(min, max), "decimal_number"};
}

} // namespace base
