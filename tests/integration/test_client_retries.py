"""inventory-client's Idempotency-Key and retries over real sockets, against
a server that runs requests but loses their replies
(tests/reference/lossy_server.py) and records each request's key and
body."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import unittest

from server_process import CLIENT, ServerProcess

LOSSY = [sys.executable, os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "reference",
    "lossy_server.py")]
UUID_V4 = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def retry_line(reason, n, of):
    return (f"inventory-client: no reply ({reason}), retrying with the same "
            f"Idempotency-Key ({n} of {of})\n")


class LossyServerCase(unittest.TestCase):
    def start(self, *args):
        """Starts the lossy server (killed by PID after the test)."""
        tmp = tempfile.TemporaryDirectory(prefix="lossy-")
        self.addCleanup(tmp.cleanup)
        self.record = os.path.join(tmp.name, "requests.jsonl")
        self.server = ServerProcess("--record", self.record, *args,
                                    program=LOSSY, quiet=False)
        # SIGKILL by PID; stop() also closes its pipes.
        self.addCleanup(self.server.stop, signal.SIGKILL)

    def client(self, *args, stdin=""):
        env = dict(os.environ)
        env.pop("INVENTORY_URL", None)
        env.pop("INVENTORY_PASSWORD", None)
        res = subprocess.run([CLIENT, "--url", self.server.url, *args],
                             input=stdin, capture_output=True, text=True,
                             timeout=30, env=env)
        return res

    def requests(self):
        """What the server received: [(method, key, body)], in order."""
        if not os.path.exists(self.record):
            return []
        with open(self.record, encoding="utf-8") as f:
            return [(r["method"], r["key"], r["body"])
                    for r in map(json.loads, f)]


class Retries(LossyServerCase):
    def test_a_lost_reply_is_sent_again_with_the_same_key_and_runs_once(self):
        self.start("--lose", "2")
        res = self.client("add", "widget", "5")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, "Product added with ID 1\n")
        closed = "connection closed by the server"
        self.assertEqual(res.stderr, retry_line(closed, 1, 2)
                         + retry_line(closed, 2, 2))
        sent = self.requests()
        self.assertEqual(len(sent), 3)
        methods, keys, bodies = zip(*sent)
        self.assertEqual(set(methods), {"add_item"})
        self.assertRegex(keys[0], UUID_V4)
        self.assertEqual(set(keys), {keys[0]})
        self.assertEqual(set(bodies), {bodies[0]})  # byte for byte
        # The server ran it once and replayed the rest.
        count = self.client("count")
        self.assertEqual((count.returncode, count.stdout), (0, "1\n"))

    def test_a_timeout_is_sent_again_too(self):
        self.start("--lose", "1", "--hang")
        res = self.client("--timeout", "0.5", "add", "bolt", "2")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, "Product added with ID 1\n")
        self.assertEqual(res.stderr, retry_line("timed out", 1, 2))
        (_, first, a), (_, second, b) = self.requests()
        self.assertEqual((first, a), (second, b))
        self.assertRegex(first, UUID_V4)

    def test_each_invocation_takes_a_fresh_key(self):
        self.start()
        keys = []
        for args in (["add", "a", "1"], ["add", "a", "1"], ["update", "1", "3"],
                     ["adjust", "1", "-1"], ["delete", "2"],
                     ["call", "inventory.add", "c", "4"]):
            res = self.client(*args)
            self.assertEqual(res.returncode, 0, args)
            self.assertEqual(res.stderr, "")
            method, key, _ = self.requests()[-1]
            self.assertRegex(key or "", UUID_V4, method)
            keys.append(key)
        self.assertEqual(len(set(keys)), len(keys), keys)

    def test_reads_carry_no_key_and_go_once(self):
        self.start()
        self.client("add", "a", "1")
        for args in (["get", "1"], ["list"], ["count"],
                     ["call", "inventory.list", "0", "10"],
                     ["call", "system.multicall",
                      'json/[{"methodName":"inventory.count","params":[]}]'],
                     ["--idempotency-key", "ignored", "get", "1"]):
            res = self.client(*args)
            self.assertEqual(res.returncode, 0, (args, res.stderr))
            method, key, _ = self.requests()[-1]
            self.assertIsNone(key, method)
        self.start("--lose", "1")
        res = self.client("get", "1")
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stderr, f"Cannot reach server at {self.server.url}"
                                     f": connection closed by the server\n")
        self.assertEqual(len(self.requests()), 1)

    def test_retries_0_gives_up_after_one_attempt(self):
        self.start("--lose", "1")
        res = self.client("--retries", "0", "add", "a", "1")
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stdout, "")
        self.assertEqual(res.stderr, f"Cannot reach server at {self.server.url}"
                                     f": connection closed by the server\n")
        self.assertEqual(len(self.requests()), 1)

    def test_used_up_retries_exit_as_unreachable(self):
        self.start("--lose", "9")
        res = self.client("--retries", "3", "delete", "1")
        self.assertEqual(res.returncode, 3)
        closed = "connection closed by the server"
        self.assertEqual(res.stderr,
                         "".join(retry_line(closed, n, 3) for n in (1, 2, 3))
                         + f"Cannot reach server at {self.server.url}: "
                           f"{closed}\n")
        keys = {key for _, key, _ in self.requests()}
        self.assertEqual(len(self.requests()), 4)
        self.assertEqual(len(keys), 1)

    def test_a_refused_connection_is_retried_then_exits_3(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}/RPC2"
        res = subprocess.run([CLIENT, "--url", url, "--retries", "1", "add",
                              "a", "1"], capture_output=True, text=True,
                             timeout=30)
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stderr, retry_line("Connection refused", 1, 1)
                         + f"Cannot reach server at {url}: Connection "
                           f"refused\n")

    def test_a_given_key_is_sent_verbatim_and_a_replay_prints_as_usual(self):
        self.start("--lose", "1")
        key = "order 17/2 ~retry"
        res = self.client("--idempotency-key", key, "add", "widget", "5")
        self.assertEqual((res.returncode, res.stdout), (0, "Product added "
                                                           "with ID 1\n"))
        self.assertEqual([k for _, k, _ in self.requests()], [key, key])
        # Again later, as a script might after a crash: the stored reply.
        again = self.client("--idempotency-key", key, "add", "widget", "5")
        self.assertEqual((again.returncode, again.stdout, again.stderr),
                         (0, "Product added with ID 1\n", ""))
        self.assertEqual(self.client("count").stdout, "1\n")
        other = self.client("--idempotency-key", key, "add", "bolt", "5")
        self.assertEqual(other.returncode, 1)
        self.assertEqual(other.stderr, "Error 422: add_item: idempotency key "
                                       "reused with a different request\n")

    def test_bad_flags_are_usage_errors(self):
        self.start()
        for args, message in (
                (["--retries", "11"], "--retries: '11' is out of range 0..10"),
                (["--retries", "-1"], "--retries: '-1' is out of range 0..10"),
                (["--retries", "0x1"],
                 "--retries: '0x1' is not a decimal whole number"),
                (["--idempotency-key", ""],
                 "--idempotency-key: an Idempotency-Key must not be empty"),
                (["--idempotency-key", "x" * 256],
                 "--idempotency-key: an Idempotency-Key has at most 255 "
                 "characters, got 256"),
                (["--idempotency-key", "a\x01"],
                 "--idempotency-key: an Idempotency-Key is printable ASCII "
                 "(0x20-0x7E); character 2 is not")):
            res = self.client(*args, "add", "a", "1")
            self.assertEqual(res.returncode, 2, args)
            self.assertEqual(res.stderr, f"inventory-client: {message} "
                                         f"(see --help)\n")
        res = self.client("--idempotency-key", "k", stdin="6\n")
        self.assertEqual(res.returncode, 2)
        self.assertIn("--idempotency-key goes with one command, not the menu",
                      res.stderr)
        self.assertEqual(self.requests(), [])


class Menu(LossyServerCase):
    def test_each_changing_action_takes_a_fresh_key_and_is_retried(self):
        self.start("--lose", "2")
        res = self.client(stdin="1\nwidget\n5\n1\nbolt\n2\n5\n6\n")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("Product added with ID 1\n", res.stdout)
        self.assertIn("Product added with ID 2\n", res.stdout)
        self.assertIn("Product ID: 1, Name: widget, Quantity: 5\n"
                      "Product ID: 2, Name: bolt, Quantity: 2\n", res.stdout)
        self.assertNotIn("Cannot reach", res.stdout)
        closed = "connection closed by the server"
        self.assertEqual(res.stderr, retry_line(closed, 1, 2)
                         + retry_line(closed, 2, 2))
        sent = self.requests()
        self.assertEqual([m for m, _, _ in sent],
                         ["add_item"] * 4 + ["get_all_items"])
        keys = [k for _, k, _ in sent]
        self.assertEqual(keys[0], keys[1])
        self.assertEqual(keys[0], keys[2])
        self.assertNotEqual(keys[0], keys[3])
        for key in keys[:4]:
            self.assertRegex(key, UUID_V4)
        self.assertIsNone(keys[4])

    def test_retries_0_reports_and_the_menu_goes_on(self):
        self.start("--lose", "1")
        res = self.client("--retries", "0", stdin="1\nwidget\n5\n6\n")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn(f"Cannot reach server at {self.server.url}: "
                      f"connection closed by the server\n", res.stdout)
        self.assertEqual(res.stderr, "")
        self.assertEqual(len(self.requests()), 1)


if __name__ == "__main__":
    unittest.main()
