#!/usr/bin/env bash
# Checks an installation: the three programs, their man pages, the systemd
# unit (systemd-analyze verify and security), and the installed server
# answering the installed client over loopback.
#
#   deploy/check-installed.sh ROOT [PREFIX]
#
# ROOT is a scratch root holding the files (the unpacked .deb, or / after
# `cmake --install`), PREFIX the prefix inside it (default /usr).
set -euo pipefail
root=$(realpath "$1")
prefix=${2:-/usr}
bin=$root$prefix/bin
unit=$root$prefix/lib/systemd/system/inventory-server.service
fail() { echo "check-installed: $*" >&2; exit 1; }

for program in inventory-server inventory-client inventory-stress; do
  [ -x "$bin/$program" ] || fail "$bin/$program missing"
  "$bin/$program" --help > /dev/null || fail "$program --help failed"
  [ -s "$root$prefix/share/man/man1/$program.1.gz" ] || fail "no man page for $program"
  # help2man writes --help as \-\-help.
  zcat "$root$prefix/share/man/man1/$program.1.gz" | grep -qF -- '\-\-help' \
    || fail "the $program man page does not hold its --help"
done
[ -s "$root$prefix/share/doc/inventory-service/copyright" ] || fail "no licence"

# The unit names the binary where it was installed, and systemd accepts it
# with nothing to say (verify only warns, so any output fails) and rates it
# well hardened (security exposure at most 2.0 of 10). Both run on a copy
# whose ExecStart points into the scratch root, where the binary is.
[ -f "$unit" ] || fail "$unit missing"
grep -q "^ExecStart=$prefix/bin/inventory-server " "$unit" \
  || fail "ExecStart does not name $prefix/bin/inventory-server"
work=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
sed "s|^ExecStart=$prefix/bin/|ExecStart=$bin/|" "$unit" > "$work/inventory-server.service"
said=$(systemd-analyze verify --man=no "$work/inventory-server.service" 2>&1) \
  || fail "systemd-analyze verify refused the unit: $said"
[ -z "$said" ] || fail "systemd-analyze verify: $said"
systemd-analyze security --offline=yes --threshold=20 --no-pager \
  "$work/inventory-server.service" > "$work/security" 2>&1 \
  || fail "the unit is not hardened enough: $(tail -n 1 "$work/security")"

# The installed server, in memory on a free port, against the installed
# client; stopped with SIGTERM, which must be a clean exit.
"$bin/inventory-server" --host 127.0.0.1 --port 0 --in-memory --quiet > "$work/out" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on port" "$work/out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^Server is listening on port \([0-9]*\)\.\.\.$/\1/p' "$work/out")
[ -n "$port" ] || fail "the installed server did not start: $(cat "$work/out")"
url=http://127.0.0.1:$port/RPC2
[ "$("$bin/inventory-client" --url "$url" add widget 5)" = "Product added with ID 1" ] \
  || fail "inventory-client add"
[ "$("$bin/inventory-client" --url "$url" get 1)" = "Product ID: 1, Name: widget, Quantity: 5" ] \
  || fail "inventory-client get"
kill -TERM "$server"
code=0
wait "$server" || code=$?
[ "$code" -eq 0 ] || fail "the installed server exited $code on SIGTERM"
tail -n 1 "$work/out" | grep -qx "Server closed." || fail "no 'Server closed.'"
echo "check-installed: $root$prefix: programs, man pages, unit and a client round trip OK"
