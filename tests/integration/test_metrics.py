"""--metrics-listen against the real server: the counters equal the calls
made, the exposition is valid for Prometheus' own promtool, and /health
follows the storage."""

import os
import re
import resource
import socket
import subprocess
import tempfile
import time
import unittest
import xmlrpc.client

from metrics_fixture import get, parse, promtool_check, start_with_metrics, value
from server_process import (BINARY, ServerProcess, call_body, post,
                            read_response)


class Exposition(unittest.TestCase):
    def setUp(self):
        self.server, self.base = start_with_metrics("--in-memory")
        self.addCleanup(self.server.kill)
        self.rpc = self.server.proxy()

    def tearDown(self):
        code, out, err = self.server.stop()
        self.assertEqual(code, 0, err)

    def scrape(self):
        status, headers, body = get(self.base + "/metrics")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"],
                         "text/plain; version=0.0.4; charset=utf-8")
        return body.decode()

    def fault(self, code, call, *args):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            call(*args)
        self.assertEqual(ctx.exception.faultCode, code)

    def raw(self, path, body):
        with self.server.connect() as s:
            s.sendall(post(path, body))
            return read_response(s)[0]

    def test_counters_equal_the_calls_made(self):
        rpc = self.rpc
        for i in range(3):
            rpc.inventory.add(f"item{i}", 10)
        for _ in range(7):
            rpc.get_item(1)
        for _ in range(5):
            rpc.inventory.get(2)
        for _ in range(4):
            self.fault(404, rpc.inventory.get, 999)
        for _ in range(2):
            self.fault(-32602, rpc.inventory.add, "x")          # a missing param
        self.fault(422, rpc.inventory.adjust, 1, -11)
        for _ in range(3):
            self.fault(409, rpc.inventory.set_quantity, 1, 5, 99)
        self.fault(-32601, rpc.no_such_method)
        # A nested multicall is a fault entry; the multicall itself is ok.
        entries = rpc.system.multicall(
            [{"methodName": "system.multicall", "params": [[]]}])
        self.assertEqual(entries[0]["faultCode"], -32600)
        # Not XML at all: no method could be named.
        with self.server.connect() as s:
            s.sendall(post("/RPC2", b"<methodCall"))
            self.assertEqual(read_response(s)[0], 200)
        # The XML-RPC port's contract is unchanged: other paths are 404.
        self.assertEqual(self.raw("/metrics", b""), 404)
        self.assertEqual(self.raw("/health", b""), 404)

        m = parse(self.scrape())
        req = "inventory_rpc_requests_total"
        expected = {("inventory.add", "ok"): 3, ("get_item", "ok"): 7,
                    ("inventory.get", "ok"): 5, ("inventory.get", "404"): 4,
                    ("inventory.add", "-32602"): 2,
                    ("inventory.adjust", "422"): 1,
                    ("inventory.set_quantity", "409"): 3,
                    ("unknown", "-32601"): 1,
                    ("system.multicall", "ok"): 1,
                    ("unknown", "-32700"): 1}
        for (method, outcome), n in expected.items():
            self.assertEqual(value(m, req, method=method, outcome=outcome), n,
                             (method, outcome))
        total = sum(v for (name, _), v in m.items() if name == req)
        self.assertEqual(total, sum(expected.values()))
        # Every request answered 200 on the XML-RPC port, the two probes 404.
        http = "inventory_http_responses_total"
        self.assertEqual(value(m, http, status="200"), total)
        self.assertEqual(value(m, http, status="404"), 2)
        self.assertEqual(value(m, "inventory_items"), 3)
        # The latency histogram counts the same requests.
        hist = "inventory_rpc_request_duration_seconds"
        self.assertEqual(value(m, hist + "_count", method="get_item"), 7)
        self.assertEqual(value(m, hist + "_bucket", method="get_item", le="+Inf"), 7)
        self.assertGreater(value(m, hist + "_sum", method="get_item"), 0)
        self.assertGreater(value(m, "inventory_http_request_body_bytes_total"), 0)
        self.assertGreater(value(m, "inventory_http_response_body_bytes_total"), 0)
        self.assertEqual(value(m, "inventory_build_info", version="0.2.0"), 1)
        # CPU seconds come in clock ticks: maybe still 0 this early.
        self.assertIn(("process_cpu_seconds_total", frozenset()), m)
        for name in ("process_resident_memory_bytes", "process_open_fds",
                     "process_max_fds", "process_virtual_memory_bytes"):
            self.assertGreater(value(m, name), 0, name)
        # The start time is this process' own, within a minute of now.
        self.assertLess(abs(value(m, "process_start_time_seconds")
                            - time.time()), 60)

    def test_histograms_are_cumulative_and_end_in_inf(self):
        for _ in range(20):
            self.rpc.get_item(1)
        self.rpc.inventory.add("x", 1)
        text = self.scrape()
        buckets = {}
        for line in text.splitlines():
            if line.startswith("#") or "_bucket{" not in line:
                continue
            name, rest = line.split("{", 1)
            labels, count = rest.rsplit("} ", 1)
            le = [p for p in labels.split(",") if p.startswith('le="')][0]
            series = name + "{" + ",".join(p for p in labels.split(",")
                                          if not p.startswith('le="')) + "}"
            buckets.setdefault(series, []).append((le[4:-1], float(count)))
        self.assertGreaterEqual(len(buckets), 20)
        m = parse(text)
        for series, entries in buckets.items():
            self.assertEqual(entries[-1][0], "+Inf", series)
            counts = [c for _, c in entries]
            self.assertEqual(counts, sorted(counts), series)
            bounds = [float(le) for le, _ in entries[:-1]]
            self.assertEqual(bounds, sorted(bounds), series)
            self.assertEqual(len(set(bounds)), len(bounds), series)
        self.assertEqual(
            value(m, "inventory_rpc_request_duration_seconds_bucket",
                  method="get_item", le="+Inf"), 20)

    def test_promtool_accepts_the_exposition(self):
        self.rpc.get_item(1)
        self.fault(404, self.rpc.inventory.get, 5)
        code, out = promtool_check(self.scrape())
        self.assertEqual(code, 0, out)
        self.assertEqual(out.strip(), b"", out)   # no lint warnings either

    def test_operator_paths(self):
        status, headers, body = get(self.base + "/health")
        self.assertEqual((status, body), (200, b"ok\n"))
        status, _, body = get(self.base + "/dashboard")
        self.assertEqual(status, 200)
        self.assertIn(b"<canvas", body)
        status, _, body = get(self.base + "/chart.js")
        self.assertEqual(status, 200)
        self.assertIn(b"Chart", body[:2000])
        self.assertEqual(get(self.base + "/RPC2")[0], 404)
        self.assertEqual(get(self.base + "/nothing")[0], 404)
        host, port = self.base[len("http://"):].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(post("/metrics", b"x"))
            status, headers, _, _ = read_response(s)
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET")

    def test_connections_are_counted(self):
        socks = [self.server.connect() for _ in range(3)]
        for s in socks:
            s.sendall(post("/RPC2", call_body("get_item", 1)))
            self.assertEqual(read_response(s)[0], 200)
        m = parse(self.scrape())
        self.assertEqual(value(m, "inventory_http_connections_open"), 3)
        self.assertEqual(value(m, "inventory_http_connections_accepted_total"), 3)
        for s in socks:
            s.close()


class Rejections(unittest.TestCase):
    def test_connections_over_the_limit_are_counted_by_reason(self):
        server, base = start_with_metrics("--in-memory", "--max-connections",
                                          "1")
        self.addCleanup(server.kill)
        first = server.connect()
        first.sendall(post("/RPC2", call_body("get_item", 1)))
        self.assertEqual(read_response(first)[0], 200)
        for _ in range(2):
            with server.connect() as extra:
                extra.sendall(post("/RPC2", call_body("get_item", 1)))
                self.assertEqual(read_response(extra)[0], 503)
        m = parse(get(base + "/metrics")[2].decode())
        self.assertEqual(value(m, "inventory_http_connections_rejected_total",
                               reason="limit"), 2)
        self.assertEqual(value(m, "inventory_http_connections_rejected_total",
                               reason="overflow"), 0)
        self.assertEqual(value(m, "inventory_http_connections_accepted_total"), 1)
        self.assertEqual(value(m, "inventory_http_connections_open"), 1)
        first.close()
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)


class StressSeesTheServer(unittest.TestCase):
    def test_server_metrics_prints_the_server_side(self):
        server, base = start_with_metrics("--in-memory")
        self.addCleanup(server.kill)
        stress = os.environ.get("INVENTORY_STRESS", "inventory-stress")
        done = subprocess.run(
            [stress, "--url", server.url, "--quiet", "--clients", "4",
             "--requests", "2000", "--server-metrics", base + "/metrics"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        match = re.search(r"^server side \(its /metrics\): (\d+) requests, "
                          r"([\d.]+) req/s; p50 (\S+) p90 (\S+) p99 (\S+) ",
                          done.stdout, re.M)
        self.assertTrue(match, done.stdout)
        # The server answered at least the 2000 measured requests; the
        # clients' last in-flight ones may add a few.
        self.assertGreaterEqual(int(match.group(1)), 2000)
        self.assertLess(int(match.group(1)), 2100)
        self.assertGreater(float(match.group(2)), 0)
        # Unreadable metrics: exit 3 (unreachable), one line.
        done = subprocess.run(
            [stress, "--url", server.url, "--quiet", "--requests", "10",
             "--server-metrics", server.url], capture_output=True, text=True,
            timeout=60)
        self.assertEqual(done.returncode, 3, done.stdout)
        self.assertIn("--server-metrics", done.stderr)
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)


# Runs inside a network namespace of its own: starts the server with users
# and the metrics listener on 0.0.0.0 (not loopback), GETs /metrics as
# nobody, a reader and an admin, and prints the statuses as JSON.
NETNS_PROBE = r'''
import base64, json, re, subprocess, sys, urllib.error, urllib.request
binary, users = sys.argv[1:3]
proc = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", "0",
                         "--in-memory", "--quiet", "--users", users,
                         "--metrics-listen", "0.0.0.0:0"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
port = None
while port is None:
    line = proc.stdout.readline().decode()
    if not line:
        break
    m = re.match(r"Metrics at http://0\.0\.0\.0:(\d+)/metrics", line)
    if m:
        port = int(m.group(1))
out = {}
for who, password in (("nobody", None), ("bob", "bob-pw"), ("root", "root-pw"),
                      ("root-wrong", "nope")):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/metrics")
    if password:
        name = who.split("-")[0]
        token = base64.b64encode(f"{name}:{password}".encode()).decode()
        req.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            out[who] = [r.status, r.read().decode()[:200]]
    except urllib.error.HTTPError as e:
        out[who] = [e.code, dict(e.headers).get("WWW-Authenticate", "")]
proc.terminate()
proc.wait(timeout=20)
out["stderr"] = proc.stderr.read().decode()
print(json.dumps(out))
'''


class AdminRole(unittest.TestCase):
    def setUp(self):
        from tls_fixture import add_user
        self.tmp = tempfile.TemporaryDirectory(prefix="inventory-")
        self.addCleanup(self.tmp.cleanup)
        self.users = os.path.join(self.tmp.name, "users")
        add_user(self.users, "root", "admin", "root-pw")
        add_user(self.users, "bob", "reader", "bob-pw")

    def test_off_loopback_the_listener_needs_the_admin_role(self):
        import json
        import sys
        done = subprocess.run(
            ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"',
             "sh", sys.executable, "-c", NETNS_PROBE, BINARY, self.users],
            capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        out = json.loads(done.stdout)
        self.assertEqual(out["nobody"][0], 401, out)
        self.assertIn("Basic", out["nobody"][1])
        self.assertEqual(out["bob"][0], 403, out)
        self.assertEqual(out["root-wrong"][0], 401, out)
        self.assertEqual(out["root"][0], 200, out)
        self.assertTrue(out["root"][1].startswith("# HELP"), out)
        self.assertNotIn("open to anyone", out["stderr"])

    def test_on_loopback_anyone_local_may_read_it(self):
        server, base = start_with_metrics("--in-memory", "--users", self.users)
        self.addCleanup(server.kill)
        self.assertEqual(get(base + "/metrics")[0], 200)
        self.assertEqual(get(base + "/health")[0], 200)
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)


class Off(unittest.TestCase):
    def test_no_listener_and_no_line_without_the_flag(self):
        server = ServerProcess("--in-memory")
        self.addCleanup(server.kill)
        server.proxy().get_item(1)
        code, out, _ = server.stop()
        self.assertEqual(code, 0)
        self.assertNotIn(b"Metrics at", out)

    def test_a_bad_address_is_a_usage_error(self):
        for bad in ("127.0.0.1", "127.0.0.1:65536", "127.0.0.1:0x10",
                    "::1:9100", ":9100"):
            done = subprocess.run([BINARY, "--in-memory", "--metrics-listen",
                                   bad], capture_output=True, timeout=10)
            self.assertEqual(done.returncode, 2, bad)
            self.assertIn(b"--metrics-listen", done.stderr)
            self.assertEqual(done.stderr.count(b"\n"), 1, done.stderr)


class DiagnosticLines(unittest.TestCase):
    """--log-format: diagnostic lines carry a UTC timestamp and a level, as
    text or as JSON lines; the access log keeps its own format."""

    def taken_port_error(self, *args):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            done = subprocess.run([BINARY, "--in-memory", "--port", str(port),
                                   *args], capture_output=True, timeout=30)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual(done.stderr.count(b"\n"), 1, done.stderr)
        return port, done.stderr.decode()

    def test_text_lines_have_a_timestamp_and_a_level(self):
        port, err = self.taken_port_error()
        self.assertRegex(err, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error "
                              r"inventory-server: cannot listen on 127\.0\.0\.1:"
                              + str(port) + r": Address already in use\n$")

    def test_json_lines_for_log_shippers(self):
        import json
        port, err = self.taken_port_error("--log-format", "json")
        entry = json.loads(err)
        self.assertEqual(set(entry), {"time", "level", "program", "message"})
        self.assertEqual(entry["level"], "error")
        self.assertEqual(entry["program"], "inventory-server")
        self.assertEqual(entry["message"], f"cannot listen on 127.0.0.1:{port}: "
                                           "Address already in use")
        stamp = time.mktime(time.strptime(entry["time"][:19],
                                          "%Y-%m-%dT%H:%M:%S")) - time.timezone
        self.assertLess(abs(stamp - time.time()), 60)

    def test_a_storage_failure_is_a_json_error_line_and_the_access_log_stays(self):
        import json
        tmp = tempfile.TemporaryDirectory(prefix="inventory-")
        self.addCleanup(tmp.cleanup)
        path = os.path.join(tmp.name, "inventory.db")
        server = ServerProcess("--data", path, data=path)
        server.proxy().inventory.add("first", 1)
        server.stop()
        limit = os.path.getsize(path) + 64 * 1024

        def cap():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        server = ServerProcess("--data", path, "--log-format", "json",
                               data=path, preexec_fn=cap, quiet=False)
        self.addCleanup(server.kill)
        rpc = server.proxy()
        for i in range(400):
            try:
                rpc.inventory.add(f"n{i}-" + "x" * 200, i)
            except xmlrpc.client.Fault:
                break
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)
        lines = err.decode().splitlines()
        entries = [json.loads(l) for l in lines if l.startswith("{")]
        failures = [e for e in entries if "storage failure" in e["message"]]
        self.assertEqual(len(failures), 1, err)
        self.assertEqual(failures[0]["level"], "error")
        # The access log (the original server's format) is unchanged.
        access = [l for l in lines if "POST /RPC2" in l]
        self.assertTrue(access)
        self.assertRegex(access[0], r'^127\.0\.0\.1 - - \[')

    def test_an_unknown_format_is_a_usage_error(self):
        done = subprocess.run([BINARY, "--in-memory", "--log-format", "xml"],
                              capture_output=True, timeout=30)
        self.assertEqual(done.returncode, 2)
        self.assertIn(b"--log-format", done.stderr)


class Health(unittest.TestCase):
    def test_health_follows_the_storage_down_and_back(self):
        tmp = tempfile.TemporaryDirectory(prefix="inventory-")
        self.addCleanup(tmp.cleanup)
        path = os.path.join(tmp.name, "inventory.db")
        server = ServerProcess("--data", path, data=path)
        server.proxy().inventory.add("first", 1)
        server.stop()
        # As in test_durability: no file may grow past 64 KiB more.
        limit = os.path.getsize(path) + 64 * 1024

        def cap():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        server, base = start_with_metrics("--data", path, data=path,
                                          preexec_fn=cap)
        self.addCleanup(server.kill)
        rpc = server.proxy()
        self.assertEqual(get(base + "/health")[:3:2], (200, b"ok\n"))
        failed = False
        for i in range(400):
            try:
                rpc.inventory.add(f"n{i}-" + "x" * 200, i)
            except xmlrpc.client.Fault as f:
                self.assertEqual(f.faultCode, -32603)
                failed = True
                break
        self.assertTrue(failed)
        status, _, body = get(base + "/health")
        self.assertEqual((status, body),
                         (503, b"storage unavailable: writes fail\n"))
        m = parse(get(base + "/metrics")[2].decode())
        self.assertEqual(value(m, "inventory_storage_failures_total"), 1)
        self.assertEqual(value(m, "inventory_rpc_requests_total",
                               method="inventory.add", outcome="-32603"), 1)
        # Rewriting an existing row fits in the file: the storage recovers.
        recovered = False
        for _ in range(50):
            try:
                rpc.inventory.set_quantity(1, 7)
                recovered = True
                break
            except xmlrpc.client.Fault:
                pass
        self.assertTrue(recovered)
        self.assertEqual(get(base + "/health")[:3:2], (200, b"ok\n"))
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)


class AccessLogDrops(unittest.TestCase):
    def test_lines_the_log_cannot_take_are_counted_and_serving_goes_on(self):
        # /dev/full fails every write with ENOSPC.
        server, base = start_with_metrics("--in-memory", "--access-log",
                                          "/dev/full", quiet=False)
        self.addCleanup(server.kill)

        def lost():
            m = parse(get(base + "/metrics")[2].decode())
            return value(m, "inventory_access_log_dropped_lines_total",
                         reason="write_error")
        self.assertEqual(lost(), 0)
        rpc = server.proxy()
        for i in range(5):
            self.assertEqual(rpc.add_item(f"n{i}", i),
                             f"Product added with ID {i + 1}\n")
        # The writer thread counts a failed batch after the reply went out.
        deadline = time.monotonic() + 10
        while lost() < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(lost(), 5)
        m = parse(get(base + "/metrics")[2].decode())
        self.assertEqual(value(m, "inventory_access_log_dropped_lines_total",
                               reason="backlog"), 0)
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)
        self.assertEqual(err.count(b"access log: cannot write (No space left "
                                   b"on device)"), 1, err)


if __name__ == "__main__":
    unittest.main()
