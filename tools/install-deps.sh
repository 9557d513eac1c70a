#!/usr/bin/env bash
# Installs the Debian packages the project needs, with apt-get (as root, or
# through sudo).
#
#   tools/install-deps.sh         what building and running the programs need
#   tools/install-deps.sh --all   that, plus what the tests, the analysis
#                                 (clang-format, clang-tidy, sanitizers,
#                                 fuzzing) and packaging (man pages, .deb,
#                                 systemd-analyze) need; iproute2 for the
#                                 tests that bring up loopback in a network
#                                 namespace of their own (`ip link`)
#
# Boost 1.81 comes as libboost1.81-dev; never the default 1.74 packages
# (libboost-dev), which conflict with it.
set -euo pipefail
build=(
  cmake ninja-build g++
  libcaf-dev libboost1.81-dev libpugixml-dev libsqlite3-dev
  libcli11-dev nlohmann-json3-dev libreadline-dev
  libssl-dev libsodium-dev zlib1g-dev pkg-config
  prometheus-cpp-dev libjs-chart.js
)
rest=(
  python3 libgtest-dev libexpat1-dev sqlite3 curl
  clang-format clang-tidy clang-14 libclang-rt-14-dev
  help2man dpkg-dev file systemd openssl nginx valgrind
  prometheus chromium wrk iproute2
)
case "${1:-}" in
  "") packages=("${build[@]}") ;;
  --all) packages=("${build[@]}" "${rest[@]}") ;;
  *) echo "usage: tools/install-deps.sh [--all]" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
