#!/usr/bin/env python3
"""Instructions per request through the real server under callgrind: a
measure of cost that does not depend on noisy clocks.

The server runs under `valgrind --tool=callgrind` twice per workload, once
serving N requests and once 2N over one keep-alive connection, after the
same seeding; the difference of the two totals divided by N is what one
request costs, start-up and shutdown cancelling out. Workloads: get_item and
inventory.adjust (in memory) on 1,000 items; with --durable also
inventory.adjust on a database, without and with an Idempotency-Key (a
random UUID v4) on every call. User-space instructions only: the kernel's
work (the disk, the sockets) is not counted.

usage: bench/instructions.py SERVER_BINARY [--requests 2000] [--durable]
         [--check BASELINE.json [--tolerance 0.10]] [--write BASELINE.json]
         [--server-arg=FLAG ...]
--check fails (exit 1) when a workload costs more than the baseline plus the
tolerance; --write records the figures as the new baseline."""

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import xmlrpc.client

def adjust(i):
    return xmlrpc.client.dumps((i % 1000 + 1, 1), "inventory.adjust")


# name: (body of request i, on a database, with an Idempotency-Key)
WORKLOADS = {
    "get_item": (lambda i: xmlrpc.client.dumps((i % 1000 + 1,), "get_item"),
                 False, False),
    "inventory.adjust": (adjust, False, False),
}
DURABLE_WORKLOADS = {
    "inventory.adjust durable": (adjust, True, False),
    "inventory.adjust durable keyed": (adjust, True, True),
}


def total_instructions(binary, workload, requests, extra=()):
    body_of, durable, keyed = workload
    with tempfile.TemporaryDirectory(prefix="bench-ir-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        data = (["--data", os.path.join(tmp, "inv.db")] if durable
                else ["--in-memory"])
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             binary, *data, "--quiet", "--port", "0", "--threads", "1",
             *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        port = None
        deadline = time.monotonic() + 120
        while port is None:
            line = proc.stdout.readline().decode()
            if not line or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the server did not start under valgrind")
            match = re.search(r"listening on port (\d+)", line)
            port = int(match.group(1)) if match else None
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Content-Type": "text/xml"}

        def call(body, key=None):
            conn.request("POST", "/RPC2", body.encode(),
                         {**headers, "Idempotency-Key": key} if key
                         else headers)
            reply = conn.getresponse().read()
            if b"faultCode" in reply:
                raise RuntimeError(f"fault: {reply!r}")
        for i in range(1000):
            call(xmlrpc.client.dumps((f"item-{i}", 1000), "add_item"))
        for i in range(requests):
            call(body_of(i), str(uuid.uuid4()) if keyed else None)
        conn.close()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
        match = re.search(rb"Collected : (\d+)", err)
        if proc.returncode != 0 or not match:
            raise RuntimeError(f"valgrind run failed: {err[-500:]!r}")
        return int(match.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--durable", action="store_true")
    ap.add_argument("--check")
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--write")
    ap.add_argument("--server-arg", action="append", default=[],
                    metavar="FLAG", help="a flag for the server (repeatable), "
                    "e.g. --server-arg=--metrics-listen=127.0.0.1:0")
    args = ap.parse_args()
    n = args.requests
    figures = {}
    workloads = {**WORKLOADS, **(DURABLE_WORKLOADS if args.durable else {})}
    for name, workload in workloads.items():
        print(f"{name}: {n} and {2 * n} requests under callgrind ...",
              file=sys.stderr, flush=True)
        one = total_instructions(args.binary, workload, n, args.server_arg)
        two = total_instructions(args.binary, workload, 2 * n, args.server_arg)
        figures[name] = round((two - one) / n)
        print(f"{name}: {figures[name]:,} instructions per request")
    if args.write:
        with open(args.write, "w") as f:
            json.dump({"requests": n, "instructions_per_request": figures}, f,
                      indent=2)
            f.write("\n")
    if args.check:
        with open(args.check) as f:
            baseline = json.load(f)["instructions_per_request"]
        failed = False
        for name, value in figures.items():
            if name not in baseline:
                continue
            limit = baseline[name] * (1 + args.tolerance)
            verdict = "ok" if value <= limit else "TOO MANY"
            failed |= value > limit
            print(f"{name}: {value:,} against baseline {baseline[name]:,} "
                  f"(limit {limit:,.0f}): {verdict}")
        if failed:
            print("instructions per request grew past the baseline; if that "
                  "is meant, update bench/instructions-baseline.json in the "
                  "same commit and say why", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
