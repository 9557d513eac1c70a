"""--metrics-listen against the real server: the counters equal the calls
made, the exposition is valid for Prometheus' own promtool, and /health
follows the storage."""

import os
import resource
import socket
import subprocess
import tempfile
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
        import time
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


if __name__ == "__main__":
    unittest.main()
