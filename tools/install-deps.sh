#!/usr/bin/env bash
# Installs every Debian package the project builds, tests and benchmarks
# with. Boost 1.81 comes as libboost1.81-dev; never the default 1.74
# packages (libboost-dev), which conflict with it.
set -euo pipefail
packages=(
  cmake ninja-build g++ python3
  libcaf-dev libboost1.81-dev libpugixml-dev libsqlite3-dev sqlite3
  libcli11-dev libgtest-dev libexpat1-dev nlohmann-json3-dev libreadline-dev
  curl
  clang-format clang-tidy clang-14 libclang-rt-14-dev
)
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
