"""Exactly once: inventory-stress against our server, half its clients
behind tests/reference/cutting_proxy.py, which cuts 1 call in 50 after the
server ran it and before the client hears the reply. Without --retry-lost
the oracle shows those changes as uncertain and tolerates them; with it
each is sent again with the same Idempotency-Key, the server answers with
the stored reply, and the oracle finds every change applied exactly once.
Also the proxy itself: a cut call ran, and its client heard nothing."""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

from server_process import (ServerProcess, ServerTestCase, call_body, post,
                            read_response)

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")
CUTTING = [sys.executable, os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "reference",
    "cutting_proxy.py")]
# The methods that change data, the ones an Idempotency-Key applies to.
CHANGES = {"add_item", "update_item", "delete_item", "inventory.add",
           "inventory.set_quantity", "inventory.adjust",
           "inventory.adjust_many", "inventory.delete"}
# Mostly changes, so 1 cut in 50 hits several in a few seconds.
MIX = "get=20,adjust=45,adjust_many=15,add=10,delete=10"
VERDICT = re.compile(r"^uncertain: (\d+), applied twice: (-?\d+)$", re.M)


def changes_in(methods):
    return sum(n for m, n in methods.items() if m in CHANGES)


class BehindACuttingProxy(ServerTestCase):
    def run_stress(self, *args):
        """inventory-stress with 8 clients for 3 s, every other one through
        the proxy (the first URL, the server itself, sets the run up and
        reads the state, so the oracle's own reads are never cut); its
        result, its --json and the proxy's counts."""
        proxy = ServerProcess("--backend", self.server.url, "--cut-every",
                              "50", program=CUTTING)
        self.addCleanup(proxy.kill)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.json")
            try:
                res = subprocess.run(
                    [STRESS, "--url", self.server.url, "--url", proxy.url,
                     "--quiet", "--clients", "8", "--duration", "3s",
                     "--mix", MIX, "--json", path, *args],
                    capture_output=True, text=True, timeout=120)
            finally:
                code, out, err = proxy.stop(sig=signal.SIGINT)
            self.assertEqual(code, 0, err)
            with open(path) as f:
                data = json.load(f)
        counts = json.loads(out.decode().splitlines()[-1])
        self.assertEqual(counts["backend_errors"], 0, counts)
        return res, data, counts

    def test_without_retries_a_lost_reply_leaves_its_change_uncertain(self):
        res, data, counts = self.run_stress()
        report = res.stdout + res.stderr
        self.assertEqual(res.returncode, 0, report)
        self.assertIn("invariants: OK", res.stdout)
        cut = changes_in(counts["cut_methods"])
        self.assertGreater(cut, 0, counts)
        # Each cut change is one whose outcome its client never learned,
        # and no change was sent twice (none carries a key either).
        verdict = VERDICT.findall(res.stdout)
        self.assertEqual(verdict, [(str(cut), "0")], report)
        self.assertEqual(data["uncertain"], cut)
        self.assertEqual(data["applied_twice"], 0)
        self.assertEqual(data["resent"], 0)
        self.assertFalse(data["retry_lost"])
        self.assertEqual(counts["keyed"], 0, counts)

    def test_with_retries_every_change_is_applied_exactly_once(self):
        res, data, counts = self.run_stress("--retry-lost")
        report = res.stdout + res.stderr
        self.assertIn("lost replies re-sent", res.stdout.splitlines()[0])
        self.assertIn("uncertain: 0, applied twice: 0\n", report)
        self.assertIn("invariants: OK", report)
        self.assertEqual(res.returncode, 0, report)
        cut = changes_in(counts["cut_methods"])
        self.assertGreater(cut, 0, counts)
        # Every change carried a key; every cut one was sent again, and
        # each re-send that got through was answered with the stored reply.
        self.assertEqual(counts["keyed"], changes_in(counts["methods"]),
                         counts)
        self.assertEqual(data["resent"], cut, data)
        self.assertEqual(data["replayed"], counts["replayed"], counts)
        self.assertGreater(data["replayed"], 0, data)
        self.assertEqual((data["uncertain"], data["applied_twice"]), (0, 0))
        self.assertTrue(data["invariants_ok"])
        self.assertIn(f"--retry-lost: {cut} re-sends of changes whose reply "
                      f"was lost", res.stdout)


class TheProxy(ServerTestCase):
    def test_a_cut_call_ran_but_its_client_hears_nothing(self):
        proxy = ServerProcess("--backend", self.server.url, "--cut-every",
                              "3", program=CUTTING)
        self.addCleanup(proxy.kill)
        try:
            with proxy.connect() as s:
                for i in range(2):  # kept alive; headers passed through
                    s.sendall(post("/RPC2", call_body("inventory.add",
                                                      f"n{i}", i)))
                    status, headers, body, _ = read_response(s)
                    self.assertEqual(status, 200)
                    self.assertIn(b"<name>id</name>", body)
                s.sendall(post("/RPC2", call_body("inventory.add", "n2", 2),
                               "Idempotency-Key: k-1\r\n"))
                s.settimeout(10)
                self.assertEqual(s.recv(1), b"")  # closed, not a byte
        finally:
            code, out, err = proxy.stop(sig=signal.SIGINT)
        self.assertEqual(code, 0, err)
        counts = json.loads(out.decode().splitlines()[-1])
        self.assertEqual(
            (counts["forwarded"], counts["cut"], counts["keyed"]), (3, 1, 1))
        self.assertEqual(counts["cut_methods"], {"inventory.add": 1})
        with self.server.proxy() as rpc:
            self.assertEqual(rpc.inventory.count(), 3)  # the cut one ran


if __name__ == "__main__":
    unittest.main()
