#!/usr/bin/env python3
"""Measures inventory servers side by side on this machine, in one run:
ours (actor model), the Python original (SimpleXMLRPCServer +
ThreadingMixIn), xmlrpc-c (Abyss, mutex-guarded map) and nginx returning a
constant reply (the ceiling of HTTP here). Each server runs alone on
loopback; inventory-stress drives the `seed` scenario (get_item-heavy and
update-heavy mixes) at 1, 16, 64 and 256 connections; wrk cross-checks the
load generator. Also records RSS and get_all_items times, and writes
bench-results.json, bench-*.png (gnuplot) and the table (in benchmarks.md,
between its compare markers) into --out: docs/ for a full run, a scratch
directory for --quick, which never writes over the committed docs/."""

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
MIXES = {"get-heavy": "get_item=90,update_item=10",
         "update-heavy": "get_item=20,update_item=80"}
CONNS = [1, 16, 64, 256]
GET_ALL_COUNTS = [10000, 100000]
_REPLY = ("<?xml version=\"1.0\"?>\n<methodResponse><params><param><value>"
          "<string>Product ID: 1, Name: item-0000001-xxxxxxxxxxxxxxxxxxxxxxxx, "
          "Quantity: 1000\n</string></value></param></params></methodResponse>")
# A fixed 250-byte reply, a real get_item answer padded with trailing space.
NGINX_BODY = _REPLY + " " * (249 - len(_REPLY)) + "\n"


def log(*args):
    print("compare:", *args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, name, argv, port, cwd=None):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}/RPC2"
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, cwd=cwd)
        wait_port(port)

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start(name, build, tmp):
    port = free_port()
    if name == "ours":
        return Server(name, [os.path.join(build, "server", "inventory-server"),
                             "--port", str(port), "--quiet", "--in-memory"],
                      port)
    if name == "ours-durable":
        return Server(name, [os.path.join(build, "server", "inventory-server"),
                             "--port", str(port), "--quiet", "--data",
                             os.path.join(tmp, f"bench-{port}.db")], port)
    if name == "python":
        return Server(name, [sys.executable, os.path.join(
            ROOT, "tests", "reference", "inventory_server.py"), "--port",
            str(port), "--quiet"], port)
    if name == "xmlrpc-c":
        return Server(name, [os.path.join(
            build, "bench", "peers", "xmlrpc-c-inventory-server"), str(port)],
            port)
    if name == "nginx":
        conf = os.path.join(tmp, "nginx.conf")
        body_text = NGINX_BODY.replace("\n", "\\n")
        with open(conf, "w") as f:
            f.write(f"""daemon off; worker_processes 1; pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log; events {{ worker_connections 4096; }}
http {{ access_log off; keepalive_requests 1000000; keepalive_timeout 60;
  client_body_temp_path {tmp}; proxy_temp_path {tmp};
  server {{ listen 127.0.0.1:{port};
    location = /RPC2 {{ default_type text/xml; return 200 '{body_text}'; }} }} }}
""")
        return Server(name, ["nginx", "-c", conf, "-p", tmp], port)
    raise ValueError(name)


def seed(url, count):
    rpc = xmlrpc.client.ServerProxy(url)
    for start_i in range(0, count, 500):
        multi = xmlrpc.client.MultiCall(rpc)
        for i in range(start_i, min(count, start_i + 500)):
            multi.add_item(f"item-{i + 1:07d}-" + "x" * 24, 1000)
        list(multi())


def stress(build, url, mix, conns, seconds, tmp):
    out = os.path.join(tmp, "stress.json")
    if os.path.exists(out):
        os.remove(out)
    res = subprocess.run(
        [os.path.join(build, "tools", "stress", "inventory-stress"), "--url",
         url, "--scenario", "seed", "--mix", mix, "--clients", str(conns),
         "--duration", f"{seconds}s", "--warmup", "1s", "--quiet",
         "--timeout", "5s", "--json", out],
        capture_output=True, text=True, timeout=seconds * 4 + 120)
    if not os.path.exists(out):
        return {"error": f"inventory-stress exited {res.returncode}: "
                         + (res.stderr or res.stdout).strip()[:200]}
    with open(out) as f:
        data = json.load(f)
    # Transport errors (no reply: refused, reset, timed out) and faults the
    # workload did not expect are different failures; both are counted.
    return {"rps": data["rps"], "p50_us": data["latency_us"]["p50"],
            "p90_us": data["latency_us"]["p90"],
            "p99_us": data["latency_us"]["p99"],
            "p999_us": data["latency_us"]["p99.9"],
            "transport_errors": sum(data["transport_errors"].values()),
            "faults": sum(data.get("faults_unexpected", {}).values()),
            "invariants_ok": data["invariants_ok"]}


def wrk(url, conns, seconds, script="get_item.lua"):
    res = subprocess.run(
        ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--latency", "-s",
         os.path.join(ROOT, "bench", script), url],
        capture_output=True, text=True, timeout=seconds + 60)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", res.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", res.stdout)
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", res.stdout)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", res.stdout)

    def us(m):
        if not m:
            return None
        return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]

    return {"rps": float(rps.group(1)) if rps else 0, "p50_us": us(p50),
            "p99_us": us(p99),
            "errors": int(errors.group(1)) if errors else 0}


def time_get_all(url, rounds=3):
    body = xmlrpc.client.dumps((), "get_all_items").encode()
    times, size = [], 0
    for _ in range(rounds):
        out = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w",
             "%{time_total} %{size_download}", "--data-binary", "@-", "-H",
             "Content-Type: text/xml", url],
            input=body, capture_output=True, check=True,
            timeout=120).stdout.split()
        times.append(float(out[0]))
        size = int(out[1])
    return {"seconds": statistics.median(times), "bytes": size}


def fmt_us(x):
    if x is None:
        return "-"
    return f"{x / 1000:.2f} ms" if x >= 1000 else f"{x:.0f} us"


def failures(cell):
    """What went wrong in a cell, naming the kind: transport errors (no
    reply) or faults (a reply the workload did not expect)."""
    parts = []
    if cell.get("transport_errors"):
        parts.append(f"{cell['transport_errors']} transport errors")
    if cell.get("faults"):
        parts.append(f"{cell['faults']} faults")
    return "".join(f", {p}" for p in parts)


def render(results, args):
    lines = [f"Measured {results['date']} on {results['machine']}; "
             f"`{results['command']}` "
             f"(inventory-stress, `seed` scenario, closed loop, 1 s warmup, "
             f"{args.seconds} s per cell; servers alone on loopback, sharing "
             f"the 2 cores with the load generator).", ""]
    for mix in MIXES:
        lines += [f"**{mix}** (`--mix {MIXES[mix]}`): req/s and p99", "",
                  "| server | " + " | ".join(f"{c} conn" for c in CONNS) + " |",
                  "|---|" + "---|" * len(CONNS)]
        for name, r in results["servers"].items():
            if name == "nginx":
                continue
            cells = []
            for c in CONNS:
                cell = r["stress"][mix].get(str(c), {})
                if "rps" not in cell:
                    cells.append("failed: " + cell.get("error", "no result"))
                    continue
                cells.append(f"{cell['rps']:,.0f} / {fmt_us(cell['p99_us'])}"
                             + failures(cell))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    ours = results["servers"]["ours"]["stress"]["get-heavy"]
    lines += ["Ratios ours/peer (get-heavy req/s):", "",
              "| peer | " + " | ".join(f"{c} conn" for c in CONNS) + " |",
              "|---|" + "---|" * len(CONNS)]
    for name in ("python", "xmlrpc-c"):
        peer = results["servers"][name]["stress"]["get-heavy"]
        cells = []
        for c in CONNS:
            a, b = ours.get(str(c), {}), peer.get(str(c), {})
            cells.append(f"{a['rps'] / b['rps']:.1f}x"
                         if a.get("rps") and b.get("rps") else "-")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "wrk cross-check (`wrk -t1 -c64`, get_item, bench/get_item.lua):", "",
              "| server | req/s | p50 | p99 |", "|---|---|---|---|"]
    for name, r in results["servers"].items():
        w = r.get("wrk64")
        if w:
            lines.append(f"| {name} | {w['rps']:,.0f} | {fmt_us(w['p50_us'])} | "
                         f"{fmt_us(w['p99_us'])} |")
    # The RSS columns say the item count they were measured with: a --quick
    # run stops at 10,000 items.
    counts = [n for n in GET_ALL_COUNTS if n <= results["items_max"]]
    held = f"{results['items_max']:,}"
    lines += ["", "Memory and get_all_items:", "",
              "| server | RSS idle | RSS peak under load | "
              + " | ".join(f"get_all_items {n // 1000}k (size)" for n in counts)
              + f" | RSS holding {held} items | RSS after get_all_items |",
              "|---|---|---|" + "---|" * len(counts) + "---|---|"]

    def mib(kib):
        return f"{kib / 1024:.1f} MiB" if kib else "-"

    for name, r in results["servers"].items():
        g = r.get("get_all")
        if not g:
            continue
        row = [name, mib(r["rss_idle_kib"]), mib(r["rss_peak_kib"])]
        for n in counts:
            cell = g.get(str(n))
            row.append(f"{cell['seconds'] * 1000:.0f} ms ({cell['bytes'] / 1e6:.1f} MB)"
                       if cell else "-")
        row += [mib(r.get("rss_seeded_kib")), mib(r.get("rss_after_reads_kib"))]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "![req/s against connections](bench-rps.png)",
              "![latency percentiles at 64 connections](bench-latency.png)", ""]
    return "\n".join(lines)


def plot(results, out):
    data_rps = os.path.join(out, "bench-rps.dat")
    data_lat = os.path.join(out, "bench-latency.dat")
    names = [n for n in results["servers"]]
    with open(data_rps, "w") as f:
        f.write("# connections " + " ".join(names) + "\n")
        for c in CONNS:
            row = [str(c)]
            for n in names:
                r = results["servers"][n]
                if n == "nginx":
                    row.append(str(r["wrk"].get(str(c), {}).get("rps", "NaN")))
                else:
                    row.append(str(r["stress"]["get-heavy"].get(str(c), {}).get("rps", "NaN")))
            f.write(" ".join(row) + "\n")
    with open(data_lat, "w") as f:
        f.write("# server p50 p90 p99 p99.9 (ms, get-heavy, 64 connections)\n")
        for n in names:
            if n == "nginx":
                continue
            cell = results["servers"][n]["stress"]["get-heavy"].get("64", {})
            if "rps" in cell:
                f.write(f"{n} " + " ".join(str(cell[k] / 1000) for k in
                                           ("p50_us", "p90_us", "p99_us", "p999_us")) + "\n")
    script = f"""set terminal pngcairo size 900,540 noenhanced
set output '{out}/bench-rps.png'
set title 'get_item-heavy: requests/s against connections (nginx: constant reply, wrk)'
set logscale xy; set xlabel 'connections'; set ylabel 'requests/s'; set key outside
set xtics (1,16,64,256)
plot """ + ", ".join(
        f"'{data_rps}' using 1:{i + 2} with linespoints title '{n}'"
        for i, n in enumerate(names)) + f"""
set output '{out}/bench-latency.png'
set title 'latency percentiles at 64 connections (get_item-heavy)'
unset logscale x; set logscale y; set ylabel 'ms'; set xlabel ''
set style data histograms; set style fill solid 0.8; set boxwidth 0.9
plot '{data_lat}' using 2:xtic(1) title 'p50', '' using 3 title 'p90', '' using 4 title 'p99', '' using 5 title 'p99.9'
"""
    for term in ("pngcairo", "png"):
        res = subprocess.run(["gnuplot"], input=script.replace("pngcairo", term),
                             capture_output=True, text=True)
        if res.returncode == 0:
            return
    log("gnuplot failed:", res.stderr.strip()[:300])


def output_dir(args):
    """Where this run writes: --out, else docs/ for a full run and a fresh
    scratch directory for --quick. A --quick run never writes into docs/:
    its numbers (one connection count, 10k items) would replace the
    committed full results."""
    if args.out is None:
        if not args.quick:
            return DOCS
        return tempfile.mkdtemp(prefix="bench-compare-quick-")
    out = os.path.realpath(args.out)
    if args.quick and out == os.path.realpath(DOCS):
        sys.exit("compare: --quick never writes into docs/ (its partial "
                 "results would replace the committed ones); pick another "
                 "--out")
    os.makedirs(out, exist_ok=True)
    return out


def write_table(out, table):
    """The table between the compare markers of out/benchmarks.md (a new
    file with just the table outside docs/)."""
    doc = os.path.join(out, "benchmarks.md")
    text = "# Benchmarks\n"
    if os.path.exists(doc):
        with open(doc) as f:
            text = f.read()
    begin, end = "<!-- compare:begin -->", "<!-- compare:end -->"
    block = f"{begin}\n{table}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block,
                      text, flags=re.S)
    else:
        text += "\n## Side by side: bench/compare\n\n" + block + "\n"
    with open(doc, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--seconds", type=int, default=4)
    ap.add_argument("--quick", action="store_true",
                    help="only 64 connections, no 100k get_all_items; writes "
                         "into a scratch directory unless --out says where")
    ap.add_argument("--out", metavar="DIR",
                    help="where to write the results, plots and table "
                         "(default: docs/, or a scratch directory with "
                         "--quick)")
    args = ap.parse_args()
    out = output_dir(args)
    # The command as it was typed (bench/compare passes it on), so the
    # results say exactly what produced them.
    command = os.environ.get("BENCH_COMPARE_COMMAND") or shlex.join(
        ["python3", "bench/compare.py", *sys.argv[1:]])
    global CONNS
    if args.quick:
        CONNS = [64]
    counts = [10000] if args.quick else GET_ALL_COUNTS
    machine = subprocess.run(["uname", "-srm"], capture_output=True,
                             text=True).stdout.strip()
    results = {"date": time.strftime("%Y-%m-%d"),
               "machine": f"{machine}, {os.cpu_count()} cores",
               "command": command, "items_max": counts[-1], "servers": {}}
    log("writing into", out)
    tmp = tempfile.mkdtemp(prefix="bench-compare-")
    try:
        for name in ("nginx", "ours", "ours-durable", "python", "xmlrpc-c"):
            r = results["servers"][name] = {"stress": {m: {} for m in MIXES},
                                            "wrk": {}}
            server = start(name, args.build, tmp)
            try:
                r["rss_idle_kib"] = rss_kib(server.proc.pid)
                if name != "nginx":
                    log(name, "seeding 1,000 items")
                    seed(server.url, 1000)
                    for mix, spec in MIXES.items():
                        for c in CONNS:
                            log(f"{name} {mix} {c} connections")
                            r["stress"][mix][str(c)] = stress(
                                args.build, server.url, spec, c, args.seconds, tmp)
                else:
                    for c in CONNS:
                        log(f"{name} wrk {c} connections")
                        r["wrk"][str(c)] = wrk(server.url, c, args.seconds)
                log(f"{name} wrk cross-check, 64 connections")
                r["wrk64"] = wrk(server.url, 64, args.seconds)
                r["rss_peak_kib"] = rss_kib(server.proc.pid, "VmHWM")
            finally:
                server.stop()
            if name in ("nginx", "ours-durable"):
                continue
            server = start(name, args.build, tmp)  # fresh, for get_all_items
            try:
                r["get_all"] = {}
                have = 0
                for n in counts:
                    log(f"{name} seeding to {n} items")
                    seed(server.url, n - have)
                    have = n
                    if n == counts[-1]:  # holding all the items, not yet read
                        r["rss_seeded_kib"] = rss_kib(server.proc.pid)
                    log(f"{name} timing get_all_items of {n} items")
                    r["get_all"][str(n)] = time_get_all(server.url)
                r["rss_after_reads_kib"] = rss_kib(server.proc.pid)
            finally:
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(out, "bench-results.json"), "w") as f:
        json.dump(results, f, indent=2)
    plot(results, out)
    table = render(results, args)
    print(table)
    write_table(out, table)
    log(f"wrote {out}/: benchmarks.md, bench-results.json, bench-*.png")


if __name__ == "__main__":
    main()
