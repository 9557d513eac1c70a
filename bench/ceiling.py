#!/usr/bin/env python3
"""The throughput targets of issue 14, side by side in one run: wrk -t1
against nginx's constant reply (the ceiling of HTTP here) and our server,
alternating round by round so drift on a shared machine hits all alike.

Per round: nginx and ours get_item at 64 connections, ours get_item at 256,
inventory.adjust at 64 in memory and durable (--data), and get_item at 64
while 9,000 idle keep-alive connections stay open (each made one call).
Prints every run and the medians with the ratios the issue asks for.

usage: bench/ceiling.py [--build build] [--rounds 3] [--seconds 5]
(raises its descriptor limit to the hard limit, which must allow 9,200)"""

import argparse
import os
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from compare import Server, free_port, seed, start, wrk  # noqa: E402

IDLE = 9000


def idle_connections(port, n):
    """n keep-alive connections that each made one call and stay open."""
    body = (b"<?xml version='1.0'?><methodCall><methodName>inventory.count"
            b"</methodName><params></params></methodCall>")
    req = (b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
           % len(body) + body)
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(req)
        socks.append(s)
    for s in socks:
        data = b""
        while b"</methodResponse>" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise RuntimeError("an idle connection was closed")
            data += chunk
    return socks


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("wrk") or not shutil.which("nginx"):
        sys.exit("ceiling.py: needs wrk and nginx (tools/install-deps.sh --all)")
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    binary = os.path.join(args.build, "server", "inventory-server")
    tmp = tempfile.mkdtemp(prefix="ceiling-")
    runs = {}

    def record(name, result):
        if not result["rps"] or result["p99_us"] is None:
            raise RuntimeError(f"{name}: wrk printed no rate or p99")
        runs.setdefault(name, []).append(result)
        print(f"  {name:28} {result['rps']:9.0f} req/s  p99 "
              f"{result['p99_us'] / 1000:7.2f} ms"
              + (f"  {result['errors']} non-2xx" if result["errors"] else ""),
              flush=True)

    try:
        for r in range(1, args.rounds + 1):
            print(f"round {r} of {args.rounds}", flush=True)
            nginx = start("nginx", args.build, tmp)
            try:
                record("nginx get 64", wrk(nginx.url, 64, args.seconds,
                                           "get_item.lua"))
            finally:
                nginx.stop()
            ours = start("ours", args.build, tmp)
            try:
                seed(ours.url, 1000)
                record("ours get 64", wrk(ours.url, 64, args.seconds,
                                          "get_item.lua"))
                record("ours get 256", wrk(ours.url, 256, args.seconds,
                                           "get_item.lua"))
                record("ours adjust 64 in memory",
                       wrk(ours.url, 64, args.seconds, "adjust.lua"))
            finally:
                ours.stop()
            durable = start("ours-durable", args.build, tmp)
            try:
                seed(durable.url, 1000)
                record("ours adjust 64 durable",
                       wrk(durable.url, 64, args.seconds, "adjust.lua"))
            finally:
                durable.stop()
            port = free_port()
            idle = Server("ours+idle", [binary, "--port", str(port), "--quiet",
                                        "--in-memory", "--max-connections",
                                        str(IDLE + 1000)], port)
            try:
                seed(idle.url, 1000)
                socks = idle_connections(port, IDLE)
                time.sleep(1)
                record(f"ours get 64, {IDLE} idle",
                       wrk(idle.url, 64, args.seconds, "get_item.lua"))
                for s in socks:
                    s.close()
            finally:
                idle.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: statistics.median(x["rps"] for x in v) for k, v in runs.items()}
    p99 = {k: max(x["p99_us"] for x in v) / 1000 for k, v in runs.items()}
    print(f"\nmedians of {args.rounds} rounds of {args.seconds} s "
          "(worst p99 of the rounds):")
    for k in runs:
        print(f"  {k:28} {med[k]:9.0f} req/s  p99 {p99[k]:7.2f} ms")
    ng = med["nginx get 64"]
    print("ratios (target):")
    print(f"  get 64 / nginx              {med['ours get 64'] / ng:.2f} (0.75)")
    print(f"  get 256 / get 64            "
          f"{med['ours get 256'] / med['ours get 64']:.2f} (0.90)")
    print(f"  adjust in memory / nginx    "
          f"{med['ours adjust 64 in memory'] / ng:.2f} (0.65)")
    print(f"  adjust durable / in memory  "
          f"{med['ours adjust 64 durable'] / med['ours adjust 64 in memory']:.2f}"
          " (0.80)")
    print(f"  get 64 with {IDLE} idle / without "
          f"{med[f'ours get 64, {IDLE} idle'] / med['ours get 64']:.2f} (0.90)")


if __name__ == "__main__":
    main()
