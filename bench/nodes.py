#!/usr/bin/env python3
"""Gateway and store nodes against one process, measured side by side.

1. get_item at 64 keep-alive connections (wrk -t1), alternating rounds:
   --role all against a store with one gateway in front, and the process
   CPU each spends per request (microseconds of user+system time).
2. The store fed by two gateways at once (a wrk per gateway): its rate and
   CPU per request, and from the CPU figures how many gateways one store
   can feed before its single inventory actor (one core) saturates.
3. get_all_items of 100,000 items through a gateway (paged over the node
   link) while 8 other connections keep calling get_item: the fetch time
   and those clients' p99.
4. Idle node links: CPU of store and gateway over 10 s, plain and TLS.

usage: bench/nodes.py SERVER_BINARY [--rounds 2] [--seconds 8] [--part N]
Needs wrk, curl and the openssl CLI. Prints Markdown tables."""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
GET_ITEM = os.path.join(HERE, "get_item.lua")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Process:
    def __init__(self, argv, ready):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        while True:
            line = self.proc.stdout.readline().decode()
            if not line:
                raise RuntimeError(f"{argv} did not start")
            match = re.search(ready, line)
            if match:
                self.port = int(match.group(1))
                return

    def cpu(self):
        return cpu_seconds(self.proc.pid)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


def store(binary, *args):
    return Process([binary, "--role", "store", "--in-memory", "--node-listen",
                    "127.0.0.1:0", *args], r"Store node listening on .*:(\d+)")


def server(binary, *args):
    return Process([binary, "--quiet", "--port", "0", *args],
                   r"listening on port (\d+)")


def gateway(binary, node, *args):
    gw = server(binary, "--role", "gateway", "--store",
                f"127.0.0.1:{node.port}", *args)
    url = f"http://127.0.0.1:{gw.port}/RPC2"
    deadline = time.monotonic() + 10
    while True:
        try:
            xmlrpc.client.ServerProxy(url).inventory.count()
            return gw
        except xmlrpc.client.Fault:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def url_of(proc):
    return f"http://127.0.0.1:{proc.port}/RPC2"


def seed(url, count):
    rpc = xmlrpc.client.ServerProxy(url)
    have = rpc.inventory.count()
    while have < count:
        multi = xmlrpc.client.MultiCall(rpc)
        for i in range(have, min(count, have + 2000)):
            multi.add_item(f"item-{i:07d}-" + "x" * 27, 1000)
        multi()
        have = rpc.inventory.count()
        print(f"\rseeded {have}/{count}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def fetch_all_items(url, rounds):
    """Seconds each of `rounds` get_all_items calls took (curl, raw reply:
    no parsing on the client side)."""
    body = xmlrpc.client.dumps((), "get_all_items").encode()
    times = []
    for _ in range(rounds):
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}",
             "--data-binary", "@-", "-H", "Content-Type: text/xml", url],
            input=body, capture_output=True, check=True, timeout=60).stdout
        times.append(float(out))
    return times


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", GET_ITEM, url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = "Non-2xx" in out or "Socket errors" in out
    return rps, float(p99.group(1)) * scale, total, errors


def measured(procs, run):
    """run() -> (rps, p99, requests, errors); adds µs of CPU per request
    for each process of `procs`."""
    before = [p.cpu() for p in procs]
    rps, p99, total, errors = run()
    cpu = [(p.cpu() - b) * 1e6 / max(total, 1) for p, b in zip(procs, before)]
    return rps, p99, errors, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--part", type=int, action="append",
                    help="run only these parts (1 to 4; default all)")
    args = ap.parse_args()
    parts = set(args.part or [1, 2, 3, 4])
    b, s = args.binary, args.seconds
    print(f"load average before: {os.getloadavg()[0]:.1f}; wrk -t1, "
          f"{args.rounds} alternating rounds of {s} s, 1,000 items")

    if 1 in parts:
        compare_one_process(b, s, args.rounds)
    if 2 in parts:
        two_gateways(b, s)
    if 3 in parts:
        get_all_items(b)
    if 4 in parts:
        idle_links(b, s)


def compare_one_process(b, s, rounds):
    print("\n| round | setup | req/s | p99 ms | CPU µs/req |")
    print("|---|---|---|---|---|")
    for r in range(1, rounds + 1):
        one = server(b, "--in-memory")
        seed(url_of(one), 1000)
        rps, p99, err, cpu = measured([one], lambda: wrk(url_of(one), s, 64))
        print(f"| {r} | --role all | {rps:,.0f} | {p99:.2f} | {cpu[0]:.1f}"
              f"{' (errors)' if err else ''} |", flush=True)
        one.stop()
        node = store(b)
        gw = gateway(b, node)
        seed(url_of(gw), 1000)
        rps, p99, err, cpu = measured([gw, node],
                                      lambda: wrk(url_of(gw), s, 64))
        print(f"| {r} | gateway + store | {rps:,.0f} | {p99:.2f} | gateway "
              f"{cpu[0]:.1f}, store {cpu[1]:.1f}"
              f"{' (errors)' if err else ''} |", flush=True)
        gw.stop()
        node.stop()


def two_gateways(b, s):
    node = store(b)
    gws = [gateway(b, node), gateway(b, node)]
    seed(url_of(gws[0]), 1000)
    results = [None, None]
    before = node.cpu()

    def feed(i):
        results[i] = wrk(url_of(gws[i]), s, 32)
    threads = [threading.Thread(target=feed, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(x[2] for x in results)
    store_us = (node.cpu() - before) * 1e6 / total
    print(f"\nTwo gateways feeding one store (32 connections each): "
          f"{sum(x[0] for x in results):,.0f} req/s in all, p99 "
          f"{max(x[1] for x in results):.2f} ms, store CPU {store_us:.1f} "
          f"µs/req, so one store core serves about "
          f"{1e6 / store_us:,.0f} req/s")
    for g in gws:
        g.stop()
    node.stop()


def get_all_items(b):
    node = store(b)
    gw = gateway(b, node)
    seed(url_of(gw), 100000)
    side = {}

    def others():
        side["wrk"] = wrk(url_of(gw), 6, 8)
    t = threading.Thread(target=others)
    t.start()
    time.sleep(0.5)
    times = fetch_all_items(url_of(gw), 5)
    t.join()
    print(f"\nget_all_items of 100,000 items through a gateway: median "
          f"{statistics.median(times) * 1000:.0f} ms (min "
          f"{min(times) * 1000:.0f}, max {max(times) * 1000:.0f}) over 5 "
          f"fetches; meanwhile 8 connections calling get_item: "
          f"{side['wrk'][0]:,.0f} req/s, p99 {side['wrk'][1]:.2f} ms")
    gw.stop()
    node.stop()
    one = server(b, "--in-memory")
    seed(url_of(one), 100000)
    times = fetch_all_items(url_of(one), 5)
    print(f"The same from --role all: median "
          f"{statistics.median(times) * 1000:.0f} ms")
    one.stop()


def idle_links(b, s):
    tmp = tempfile.TemporaryDirectory(prefix="bench-nodes-")
    p = lambda name: os.path.join(tmp.name, name)  # noqa: E731

    def run(*argv):
        subprocess.run(argv, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        p("ca.key"), "-out", p("ca.pem"), "-days", "1", "-subj", "/CN=ca")

    def issue(name):
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
            p(name + ".key"), "-out", p(name + ".csr"), "-subj", f"/CN={name}")
        run("openssl", "x509", "-req", "-in", p(name + ".csr"), "-CA",
            p("ca.pem"), "-CAkey", p("ca.key"), "-CAcreateserial", "-out",
            p(name + ".pem"), "-days", "1")
        return ["--node-cert", p(name + ".pem"), "--node-key",
                p(name + ".key"), "--node-ca", p("ca.pem")]
    for mode, (st_args, gw_args) in (("plain", ([], [])),
                                     ("TLS", (issue("store"), issue("gw")))):
        node = store(b, *st_args)
        gw = gateway(b, node, *gw_args)
        before = (node.cpu(), gw.cpu())
        time.sleep(10)
        print(f"\nIdle {mode} node link, 10 s: store "
              f"{node.cpu() - before[0]:.2f} s CPU, gateway "
              f"{gw.cpu() - before[1]:.2f} s CPU")
        if mode == "TLS":
            rps, p99, err, cpu = measured([gw, node],
                                          lambda: wrk(url_of(gw), s, 64))
            print(f"TLS node link under load (64 connections, {s} s): "
                  f"{rps:,.0f} req/s, p99 {p99:.2f} ms, gateway "
                  f"{cpu[0]:.1f} µs/req, store {cpu[1]:.1f} µs/req")
            before = (node.cpu(), gw.cpu())
            time.sleep(5)
            print(f"TLS node link idle again, 5 s: store "
                  f"{node.cpu() - before[0]:.2f} s CPU, gateway "
                  f"{gw.cpu() - before[1]:.2f} s CPU")
        gw.stop()
        node.stop()


if __name__ == "__main__":
    main()
