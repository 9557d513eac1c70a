#!/usr/bin/env python3
"""get_item at 64 connections (wrk -t1 -c64, bench/get_item.lua) against
two servers started side by side, one with --metrics-listen (and a scraper
reading /metrics every second, as Prometheus would) and one without,
alternating in one run so drift on a shared machine hits both alike.

usage: bench/metrics_overhead.py --server build/server/inventory-server
                                 [--rounds 6] [--seconds 5]"""

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from compare import wrk  # noqa: E402


def start(binary, *extra):
    proc = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", "0",
                             "--in-memory", "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    port, metrics = None, None
    while port is None or (extra and metrics is None):
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the server did not start")
        if m := re.match(r"Server is listening on port (\d+)", line):
            port = int(m.group(1))
        if m := re.match(r"Metrics at (\S+)", line):
            metrics = m.group(1)
    url = f"http://127.0.0.1:{port}/RPC2"
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "seed.py"),
                    url, "--items", "1000"], check=True)
    return proc, url, metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--seconds", type=int, default=5)
    args = ap.parse_args()
    off, off_url, _ = start(args.server)
    on, on_url, metrics = start(args.server, "--metrics-listen", "127.0.0.1:0")
    stop = threading.Event()

    def scrape():
        while not stop.is_set():
            urllib.request.urlopen(metrics, timeout=10).read()
            stop.wait(1)
    scraper = threading.Thread(target=scrape)
    scraper.start()
    results = {"off": [], "on": []}
    try:
        for url in (off_url, on_url):   # warm both up
            wrk(url, 64, 2)
        for i in range(args.rounds):
            # Alternate which goes first, so neither always follows the other.
            order = [("off", off_url), ("on", on_url)]
            if i % 2:
                order.reverse()
            for name, url in order:
                r = wrk(url, 64, args.seconds)
                results[name].append(r)
                print(f"round {i + 1} metrics {name}: {r['rps']:.0f} req/s, "
                      f"p50 {r['p50_us']:.0f} us, p99 {r['p99_us']:.0f} us",
                      flush=True)
    finally:
        stop.set()
        scraper.join()
        for p in (off, on):
            p.terminate()
            p.wait(timeout=30)
    med = {k: statistics.median(r["rps"] for r in v) for k, v in results.items()}
    p99 = {k: statistics.median(r["p99_us"] for r in v) for k, v in results.items()}
    diff = (med["on"] - med["off"]) / med["off"] * 100
    # Each round's pair ran back to back: their ratio cancels most of the
    # drift that other load on the machine causes.
    ratios = [on["rps"] / off["rps"]
              for on, off in zip(results["on"], results["off"])]
    paired = (statistics.median(ratios) - 1) * 100
    print(f"median over {args.rounds} rounds: off {med['off']:.0f} req/s "
          f"(p99 {p99['off']:.0f} us), on {med['on']:.0f} req/s "
          f"(p99 {p99['on']:.0f} us): {diff:+.2f}%; median of the "
          f"rounds' on/off ratios: {paired:+.2f}%")
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, "
          f"{platform.platform()}")


if __name__ == "__main__":
    main()
