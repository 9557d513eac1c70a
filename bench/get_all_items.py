#!/usr/bin/env python3
"""Times get_all_items on a running server with N items while other clients
keep the server busy. curl fetches the raw reply (no client-side parsing), so
the time is the server's plus the loopback transfer.

usage: get_all_items.py URL --items 100000 [--background 8] [--rounds 5]
"""

import argparse
import statistics
import subprocess
import sys
import threading
import time
import xmlrpc.client


def seed(url, count, name_len):
    rpc = xmlrpc.client.ServerProxy(url)
    have = rpc.inventory.count()
    batch = 2000
    while have < count:
        multi = xmlrpc.client.MultiCall(rpc)
        for i in range(have, min(count, have + batch)):
            multi.add_item(f"item-{i:07d}-" + "x" * (name_len - 13), i % 1000)
        multi()
        have = rpc.inventory.count()
        print(f"\rseeded {have}/{count}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def background(url, stop, counts):
    rpc = xmlrpc.client.ServerProxy(url)
    while not stop.is_set():
        rpc.get_item(1)
        counts[0] += 1


def timed_get_all(url):
    """curl times the call itself, so client start-up is not counted."""
    body = xmlrpc.client.dumps((), "get_all_items").encode()
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{time_total} %{size_download}",
         "--data-binary", "@-", "-H", "Content-Type: text/xml", url],
        input=body, capture_output=True, check=True, timeout=60).stdout.split()
    return float(out[0]), int(out[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--name-len", type=int, default=40)
    ap.add_argument("--background", type=int, default=8,
                    help="clients calling get_item meanwhile")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    seed(args.url, args.items, args.name_len)
    stop = threading.Event()
    counts = [0]
    threads = [threading.Thread(target=background, args=(args.url, stop, counts))
               for _ in range(args.background)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    times = []
    for _ in range(args.rounds):
        elapsed, size = timed_get_all(args.url)
        times.append(elapsed)
    stop.set()
    for t in threads:
        t.join()
    print(f"get_all_items: {args.items} items, {size / 1e6:.1f} MB, "
          f"median {statistics.median(times) * 1000:.1f} ms, "
          f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
          f"over {args.rounds} rounds with {args.background} clients running "
          f"({counts[0]} background calls)")


if __name__ == "__main__":
    main()
