"""inventory-stress against our server, the Python original and a faulty
server: every scenario, the oracle catching a dropped change, dead and
garbage servers, JSON output, thresholds. Runs are short: these test the
tool, not the server's speed."""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest

from server_process import REFERENCE, ServerProcess, ServerTestCase

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")
FAULTY = [sys.executable, os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "reference",
    "faulty_server.py")]


def stress(url, *args, timeout=120):
    return subprocess.run([STRESS, "--url", url, "--quiet", *args],
                          capture_output=True, timeout=timeout, text=True)


class AgainstOurServer(ServerTestCase):
    def test_every_scenario_keeps_the_invariants(self):
        for args in (["--scenario", "mix"],
                     ["--scenario", "checkout"],
                     ["--scenario", "seed"],
                     ["--mix", "get=20,adjust=30,adjust_many=20,add=10,"
                               "delete=10,list=5,count=5"],
                     ["--no-keep-alive"],
                     ["--rate", "400"]):
            with self.subTest(args=args):
                res = stress(self.server.url, "--clients", "8",
                             "--duration", "1s", *args)
                self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                self.assertIn("invariants: OK", res.stdout)
                self.assertIn("transport errors: none", res.stdout)

    def test_the_lost_update_demonstration(self):
        res = stress(self.server.url, "--scenario", "lost-update",
                     "--clients", "8", "--duration", "2s")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        rmw = [l for l in res.stdout.splitlines() if l.startswith("read-modify")]
        adj = [l for l in res.stdout.splitlines() if l.startswith("inventory.adjust")]
        self.assertEqual(len(rmw), 1, res.stdout)
        self.assertTrue(adj and adj[0].endswith(" 0 lost"), res.stdout)
        lost = int(rmw[0].split(", ")[-1].split(" ")[0])
        self.assertGreater(lost, 0, "concurrent read-modify-write lost nothing?")

    def test_json_output_and_a_request_budget(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.json")
            res = stress(self.server.url, "--clients", "4", "--requests",
                         "200", "--json", path)
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            with open(path) as f:
                data = json.load(f)
        self.assertEqual(data["requests"], 200)
        self.assertTrue(data["invariants_ok"])
        self.assertGreater(data["rps"], 0)
        for key in ("p50", "p90", "p99", "p99.9", "max"):
            self.assertGreater(data["latency_us"][key], 0)
        self.assertLessEqual(data["latency_us"]["p50"], data["latency_us"]["max"])

    def test_thresholds_set_the_exit_code(self):
        res = stress(self.server.url, "--clients", "2", "--duration", "1s",
                     "--min-rps", "1000000000")
        self.assertEqual(res.returncode, 4, res.stdout + res.stderr)
        res = stress(self.server.url, "--clients", "2", "--duration", "1s",
                     "--max-p99", "1us")
        self.assertEqual(res.returncode, 4)
        res = stress(self.server.url, "--clients", "2", "--duration", "1s",
                     "--max-p99", "10s", "--min-rps", "1")
        self.assertEqual(res.returncode, 0)


class AgainstOtherServers(unittest.TestCase):
    def test_the_seed_scenario_against_the_python_original(self):
        server = ServerProcess(program=REFERENCE)
        try:
            res = stress(server.url, "--scenario", "seed", "--clients", "4",
                         "--duration", "1s", "--items", "20")
            self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
            self.assertIn("invariants: OK", res.stdout)
        finally:
            server.stop(sig=signal.SIGINT)

    def test_the_oracle_catches_a_dropped_adjust(self):
        server = ServerProcess(program=FAULTY, quiet=False)
        try:
            res = stress(server.url, "--mix", "adjust=100", "--clients", "2",
                         "--requests", "50", "--items", "5")
            self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
            self.assertIn("violation: item", res.stdout)
            # the version always shows it; the quantity too unless delta was 0
            self.assertRegex(res.stdout, r"version \d+, expected \d+")
            self.assertRegex(res.stdout, r"invariants: [12] violated")
        finally:
            server.stop(sig=signal.SIGINT)

    def test_a_dead_port_exits_3(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        res = stress(f"http://127.0.0.1:{port}/RPC2", "--duration", "1s")
        self.assertEqual(res.returncode, 3)
        self.assertIn("cannot use the server", res.stderr)
        self.assertIn("refused", res.stderr)

    def test_a_server_answering_garbage_exits_3(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def answer():
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\njunk")
                conn.close()

        threading.Thread(target=answer, daemon=True).start()
        try:
            res = stress(f"http://127.0.0.1:{listener.getsockname()[1]}/RPC2",
                         "--duration", "1s", timeout=30)
        finally:
            listener.close()
        self.assertEqual(res.returncode, 3)
        self.assertIn("invalid reply", res.stderr)

    def test_usage_errors_exit_2(self):
        for args in (["--clients", "0"], ["--mix", "bogus=1"],
                     ["--duration", "soon"], ["--scenario", "seed", "--mix",
                                              "adjust=1"]):
            res = stress("http://127.0.0.1:1/RPC2", *args)
            self.assertEqual(res.returncode, 2, args)
        res = subprocess.run([STRESS, "--help"], capture_output=True, text=True)
        self.assertEqual(res.returncode, 0)
        self.assertIn("--scenario", res.stdout)


if __name__ == "__main__":
    unittest.main()
