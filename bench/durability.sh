#!/usr/bin/env bash
# inventory.adjust writes/s, durable (SQLite, group commit) against
# --in-memory, at 1, 16 and 64 keep-alive connections, with wrk on loopback.
# usage: bench/durability.sh [build-dir] [seconds per run]
set -euo pipefail
build=${1:-build}
secs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
server=$build/server/inventory-server
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-10s %5s %10s %10s %12s\n" mode conns "writes/s" p99 "mean batch"
for mode in durable in-memory; do
  for conns in 1 16 64; do
    args=(--port 0 --quiet)
    if [ "$mode" = in-memory ]; then args+=(--in-memory); else
      rm -f "$work"/inv.db*; args+=(--data "$work/inv.db"); fi
    "$server" "${args[@]}" > "$work/out" 2> "$work/err" &
    pid=$!
    for _ in $(seq 50); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
    port=$(grep -o 'port [0-9]*' "$work/out" | cut -d' ' -f2)
    url=http://127.0.0.1:$port/RPC2
    python3 "$here/seed.py" "$url" --items 1000 2>/dev/null
    wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$here/adjust.lua" "$url" > "$work/wrk"
    kill -TERM "$pid"; wait "$pid" || true
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk")
    batch=$(grep -o 'mean batch [0-9.]*' "$work/err" | awk '{print $3}' || true)
    printf "%-10s %5s %10s %10s %12s\n" "$mode" "$conns" "$rps" "$p99" "${batch:--}"
  done
done
