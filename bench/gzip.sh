#!/usr/bin/env bash
# get_all_items of 100,000 items with and without gzip: bytes on the wire
# and time, over a veth pair shaped to 1 Gbit/s between two network
# namespaces of our own, and inside the server's namespace (needs root).
# The rate is shaped with tbf: this machine's kernel has no netem module.
#
# usage: bench/gzip.sh SERVER_BINARY [ROUNDS]
set -euo pipefail
server=$1
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
ns=inv-gzip-$$
body=$(mktemp)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -f "${out:-}"
  ip netns del "$ns-s" 2>/dev/null || true
  ip netns del "$ns-c" 2>/dev/null || true
  rm -f "$body"
}
trap cleanup EXIT
python3 -c "import xmlrpc.client as x; print(x.dumps((), 'get_all_items'), end='')" > "$body"

# Two namespaces joined by a veth pair: 10.77.0.1 (server) and .2 (client).
ip netns add "$ns-s"
ip netns add "$ns-c"
ip link add "g$$s" type veth peer name "g$$c"
ip link set "g$$s" netns "$ns-s"
ip link set "g$$c" netns "$ns-c"
ip -n "$ns-s" addr add 10.77.0.1/24 dev "g$$s"
ip -n "$ns-c" addr add 10.77.0.2/24 dev "g$$c"
for side in s c; do
  ip -n "$ns-$side" link set lo up
  ip -n "$ns-$side" link set "g$$$side" up
  ip netns exec "$ns-$side" tc qdisc add dev "g$$$side" root tbf rate 1gbit \
    burst 256kb latency 10ms
done

out=$(mktemp)
ip netns exec "$ns-s" "$server" --in-memory --quiet --host 10.77.0.1 --port 0 --insecure \
  > "$out" 2>/dev/null &
pid=$!
until grep -q "listening on port" "$out"; do sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$out")
url=http://10.77.0.1:$port/RPC2
ip netns exec "$ns-c" python3 - "$url" <<'PY'
import sys, xmlrpc.client
rpc = xmlrpc.client.ServerProxy(sys.argv[1])
for first in range(0, 100000, 2000):
    m = xmlrpc.client.MultiCall(rpc)
    for i in range(first, first + 2000):
        m.add_item(f"item-{i:07d}-" + "x" * 27, 1000)
    m()
    print(f"\rseeded {first + 2000}/100000", end="", file=sys.stderr)
print(file=sys.stderr)
PY
echo "get_all_items, 100,000 items, $rounds fetches each (median time, bytes received)"
for mode in plain gzip; do
  flag=()
  [ $mode = gzip ] && flag=(--compressed)
  for where in "1 Gbit/s link (tbf)" "server's own namespace (loopback-like)"; do
    if [ "$where" = "1 Gbit/s link (tbf)" ]; then prefix=(ip netns exec "$ns-c"); else prefix=(ip netns exec "$ns-s"); fi
    samples=$(for _ in $(seq "$rounds"); do
      "${prefix[@]}" curl -s -o /dev/null -w "%{time_total} %{size_download}\n" \
        "${flag[@]}" --data-binary @"$body" -H "Content-Type: text/xml" "$url"
    done | sort -n)
    median=$(echo "$samples" | sed -n "$(( (rounds + 1) / 2 ))p")
    printf '%-5s %-40s %6.0f ms %10d bytes\n' "$mode" "$where" \
      "$(echo "$median" | awk '{print $1 * 1000}')" "$(echo "$median" | awk '{print $2}')"
  done
done
