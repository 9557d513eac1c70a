#!/usr/bin/env bash
# What an Idempotency-Key costs: durable inventory.adjust at 64 keep-alive
# connections with wrk, every call with a fresh key (adjust_keyed.lua)
# against none (adjust.lua), alternating, each run on a fresh server and
# database. Keys are random UUID v4 ("keyed", what inventory-client sends)
# or a counter ("counter", keys that sort in the order they are sent).
# Prints each run, then the medians and their ratios.
# usage: bench/idempotency.sh [build-dir] [seconds per run] [rounds]
set -euo pipefail
build=${1:-build}
secs=${2:-5}
rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
server=$build/server/inventory-server
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
run() { # mode script [script args] -> prints "mode rps p99 batch"
  rm -f "$work"/inv.db*
  "$server" --port 0 --quiet --data "$work/inv.db" > "$work/out" 2> "$work/err" &
  pid=$!
  for _ in $(seq 50); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  local port url
  port=$(grep -o 'port [0-9]*' "$work/out" | cut -d' ' -f2)
  url=http://127.0.0.1:$port/RPC2
  python3 "$here/seed.py" "$url" --items 1000 2>/dev/null
  wrk -t1 -c64 -d"${secs}s" --latency -s "$here/$2" "$url" ${3:+-- "$3"} > "$work/wrk"
  kill -TERM "$pid"; wait "$pid" || true
  pid=
  local rps p99 batch
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk")
  batch=$(grep -o 'mean batch [0-9.]*' "$work/err" | awk '{print $3}' || true)
  printf "%-8s %10s %10s %8s\n" "$1" "$rps" "$p99" "${batch:--}"
}
printf "%-8s %10s %10s %8s\n" mode "writes/s" p99 batch
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" >&2
  run none adjust.lua
  run keyed adjust_keyed.lua
  run counter adjust_keyed.lua counter
done | tee "$work/runs"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
of() { awk -v m="$1" '$1 == m {print $2}' "$work/runs" | median; }
awk -v n="$(of none)" -v k="$(of keyed)" -v c="$(of counter)" 'BEGIN {
  printf "median writes/s: none %.0f, keyed %.0f, counter %.0f\n", n, k, c
  printf "keyed/none %.3f (cost %.1f%%), counter/none %.3f (cost %.1f%%)\n",
    k/n, (1-k/n)*100, c/n, (1-c/n)*100 }'
