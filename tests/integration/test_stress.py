"""inventory-stress against our server, the Python original and a faulty
server: every scenario, the oracle catching a dropped change, dead and
garbage servers, JSON output, thresholds; hand-made items left alone, a
server stopping mid-run, the terminal's header and live line, several URLs
in front of one shared state. Runs are short: these test the tool, not the
server's speed."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from server_process import REFERENCE, ServerProcess, ServerTestCase
from terminal import Terminal

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")
REFERENCE_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "reference")
FAULTY = [sys.executable, os.path.join(REFERENCE_DIR, "faulty_server.py")]
PROXY = [sys.executable, os.path.join(REFERENCE_DIR, "gateway_proxy.py")]


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
        # a missed threshold names the flag and its limit
        self.assertRegex(res.stderr, r"inventory-stress: threshold missed: "
                                     r"\d+ req/s is below --min-rps "
                                     r"1000000000\n")
        res = stress(self.server.url, "--clients", "2", "--duration", "1s",
                     "--max-p99", "1us")
        self.assertEqual(res.returncode, 4)
        self.assertRegex(res.stderr, r"inventory-stress: threshold missed: "
                                     r"p99 \S+ is above --max-p99 1us\n")
        res = stress(self.server.url, "--clients", "2", "--duration", "1s",
                     "--max-p99", "10s", "--min-rps", "1")
        self.assertEqual(res.returncode, 0)


    def test_hand_made_items_are_left_alone_and_the_runs_own_removed(self):
        rpc = self.server.proxy()
        self.addCleanup(rpc("close"))
        for i in range(20):
            rpc.add_item(f"hand-made {i}", 10 + i)
        rpc.inventory.adjust(3, 5)  # version 2
        before = rpc.inventory.list(0, 1000)
        res = stress(self.server.url, "--duration", "1s", "--clients", "8")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn("invariants: OK", res.stdout)
        self.assertRegex(res.stdout, r"items: 100 created by this run, named "
                                     r"stress-[0-9a-f]{8}-\*; 20 others left "
                                     r"untouched\n")
        self.assertRegex(res.stdout, r"removed the \d+ items this run "
                                     r"created\n")
        self.assertEqual(rpc.inventory.list(0, 1000), before)
        # --keep leaves the run's items, all named with its prefix
        res = stress(self.server.url, "--duration", "0.5s", "--clients", "2",
                     "--items", "5", "--keep")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        prefix = re.search(r"named (stress-[0-9a-f]{8}-)", res.stdout).group(1)
        self.assertIn(f"kept ", res.stdout)
        after = rpc.inventory.list(0, 1000)
        self.assertEqual(after[:20], before)
        self.assertGreaterEqual(len(after), 25)
        for item in after[20:]:
            self.assertTrue(item["name"].startswith(prefix), item)

    def test_the_seed_scenario_leaves_hand_made_items_alone(self):
        rpc = self.server.proxy()
        self.addCleanup(rpc("close"))
        for i in range(5):
            rpc.add_item(f"seed hand-made {i}", i)
        before = rpc.get_all_items()
        res = stress(self.server.url, "--scenario", "seed", "--duration",
                     "1s", "--clients", "4", "--items", "10")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertEqual(rpc.get_all_items(), before)

    def test_a_server_stopping_mid_run_prints_the_figures_then_exits_3(self):
        proc = subprocess.Popen(
            [STRESS, "--url", self.server.url, "--quiet", "--clients", "4",
             "--duration", "30s"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        stopped, self.server = self.server, None
        stopped.kill()
        for pipe in (stopped.proc.stdout, stopped.proc.stderr):
            pipe.close()
        started = time.monotonic()
        out, err = proc.communicate(timeout=60)
        self.assertLess(time.monotonic() - started, 15, out + err)
        self.assertEqual(proc.returncode, 3, out + err)
        lines = out.splitlines()
        table = lines.index(next(l for l in lines if "requests" in l
                                 and "req/s" in l))
        self.assertGreater(int(lines[table + 1].split()[0]), 0, out)
        self.assertIn("invariants: not checked", out)
        self.assertIn("stopped mid-run (connection refused); the figures "
                      "above cover the run until then", err)
        self.server = ServerProcess()  # for tearDown's clean stop

    def test_on_a_terminal_the_header_comes_first_and_the_time_left_shows(self):
        term = Terminal([STRESS, "--url", self.server.url, "--clients", "2",
                         "--duration", "3s", "--items", "5"])
        self.addCleanup(term.close)
        self.assertTrue(term.read_until(b"invariants: OK", timeout=60),
                        term.output)
        self.assertEqual(term.wait(timeout=30), 0, term.output)
        text = term.output.decode()
        self.assertTrue(text.startswith(
            f"inventory-stress: {self.server.url}, scenario mix, 2 clients"),
            text)
        self.assertRegex(text, r"\r +\d+s left +\d+ req/s +p99 ")

    def test_numbers_in_flags_are_decimal(self):
        res = stress(self.server.url, "--clients", "010", "--duration",
                     "0.5s", "--items", "05")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn(", 10 clients,", res.stdout)
        self.assertIn("items: 5 created", res.stdout)
        for args, message in (
                (["--clients", "0x10"], "'0x10' is not a decimal whole number"),
                (["--clients", "20000"], "'20000' is out of range 1..10000"),
                (["--rate", "0x10"], "'0x10' is not a decimal number"),
                (["--duration", "0x1s"], "'0x1s' is not a duration"),
                (["--mix", "get=0x1"], "'0x1' is not a decimal whole number"),
                (["--url", "http://127.0.0.1:99999/RPC2"],
                 "'99999' is out of range 1..65535")):
            with self.subTest(args=args):
                res = stress(self.server.url, *args)
                self.assertEqual(res.returncode, 2, res.stderr)
                self.assertIn(message, res.stderr)

    def test_the_scenarios_explain_themselves(self):
        res = stress(self.server.url, "--scenario", "lost-update",
                     "--clients", "4", "--duration", "1s")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn("the lost read-modify-write increments are the point "
                      "of this scenario and the oracle expected them",
                      res.stdout)
        res = stress(self.server.url, "--scenario", "checkout",
                     "--clients", "8", "--duration", "1s")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        orders = re.search(r"checkout: (\d+) orders placed, (\d+) refused "
                           r"\(not enough stock\), (\d+) restocks\n",
                           res.stdout)
        self.assertTrue(orders, res.stdout)
        self.assertGreater(int(orders.group(1)), 0)
        stock = re.search(r"stock: (\d+) units at start, (\d+) sold, (\d+) "
                          r"restocked, (\d+) at end; \d+ of 20 items sold "
                          r"out\n", res.stdout)
        self.assertTrue(stock, res.stdout)
        start, sold, restocked, end = map(int, stock.groups())
        self.assertEqual(start, 1000)
        self.assertEqual(end, start - sold + restocked)

    def test_several_urls_share_the_clients_and_one_state(self):
        gateways = [ServerProcess("--backend", self.server.url, program=PROXY)
                    for _ in range(2)]
        try:
            res = stress(gateways[0].url, "--url", gateways[1].url,
                         "--clients", "4", "--duration", "1s", "--items",
                         "10")
        finally:
            counts = []
            for g in gateways:
                code, out, err = g.stop(sig=signal.SIGINT)
                counts.append(json.loads(out.decode().splitlines()[-1]))
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn("invariants: OK", res.stdout)
        self.assertIn(f"inventory-stress: {gateways[0].url}, "
                      f"{gateways[1].url}, scenario mix", res.stdout)
        for c in counts:  # each gateway carried clients
            self.assertGreater(c.get("inventory.get", 0), 0, counts)
        # the state is read through the first one only: once before and
        # once after the run (one short page each)
        self.assertEqual(counts[0].get("inventory.list"), 2, counts)
        self.assertNotIn("inventory.list", counts[1])

    def test_a_gateway_stopping_mid_run_is_named_and_the_items_removed(self):
        gateways = [ServerProcess("--backend", self.server.url, program=PROXY)
                    for _ in range(2)]
        try:
            proc = subprocess.Popen(
                [STRESS, "--url", gateways[0].url, "--url", gateways[1].url,
                 "--quiet", "--clients", "4", "--duration", "30s",
                 "--items", "10"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(2)
            gateways[1].stop(sig=signal.SIGINT)
            out, err = proc.communicate(timeout=30)
        finally:
            for g in gateways:
                g.kill()
        self.assertEqual(proc.returncode, 3, out + err)
        self.assertIn(f"cannot use the server at {gateways[1].url}: it "
                      f"stopped mid-run", err)
        self.assertIn("invariants: OK", out)  # read through the first one
        self.assertRegex(out, r"removed the \d+ items this run created")
        with self.server.proxy() as rpc:
            self.assertEqual(rpc.inventory.count(), 0)

    def test_version(self):
        res = subprocess.run([STRESS, "--version"], capture_output=True,
                             text=True)
        self.assertEqual(res.returncode, 0)
        self.assertRegex(res.stdout, r"^inventory-stress \d+\.\d+\.\d+\n$")


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

    def test_the_oracle_catches_a_change_to_an_item_it_did_not_create(self):
        server = ServerProcess("--drop-adjust", "0", "--meddle",
                               program=FAULTY, quiet=False)
        try:
            res = stress(server.url, "--mix", "adjust=100", "--clients", "2",
                         "--requests", "20", "--items", "5")
            self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
            self.assertRegex(res.stdout, r"violation: item 1, not created by "
                                         r"this run, changed: 'hand-made' "
                                         r"quantity 10 version 1 before, "
                                         r"'hand-made' quantity \d+ version "
                                         r"\d+ after\n")
            self.assertIn("invariants: 1 violated", res.stdout)
        finally:
            server.stop(sig=signal.SIGINT)

    def test_get_all_items_keys_that_are_no_ids_exit_3(self):
        server = ServerProcess("--garbage-keys", program=FAULTY, quiet=False)
        try:
            res = stress(server.url, "--scenario", "seed", "--clients", "2",
                         "--duration", "1s", "--items", "3")
            self.assertEqual(res.returncode, 3, res.stdout + res.stderr)
            self.assertIn(f"inventory-stress: cannot use the server at "
                          f"{server.url}: get_all_items: item id 'item-1' "
                          f"is not a decimal whole number\n", res.stderr)
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
