"""Idempotency keys against the real server: replays byte for byte, reuse
with another request, concurrent duplicates, kill -9, expiry, principals,
and a retry through another gateway."""

import base64
import os
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import xmlrpc.client

from server_process import (BINARY, ServerProcess, call_body, parse_reply,
                            post, read_response)
from test_nodes import StoreProcess, gateway
from tls_fixture import add_user


def keyed(server, method, *params, key=None, headers=""):
    """POSTs one call, with `key` as its Idempotency-Key; returns (status,
    headers, body)."""
    extra = headers
    if key is not None:
        extra += f"Idempotency-Key: {key}\r\n"
    with server.connect() as s:
        s.sendall(post("/RPC2", call_body(method, *params), extra))
        status, head, body, _ = read_response(s)
    return status, head, body


def call(server, method, *params):
    """One call through xmlrpc.client, its connection closed after it."""
    with server.proxy() as proxy:
        target = proxy
        for part in method.split("."):
            target = getattr(target, part)
        return target(*params)


def quantity(server, item_id):
    return call(server, "inventory.get", item_id)["quantity"]


def fault_of(body):
    try:
        parse_reply(body)
    except xmlrpc.client.Fault as f:
        return f.faultCode, f.faultString
    raise AssertionError(f"no fault in {body!r}")


class KeysCase(unittest.TestCase):
    """One durable server per test, with item 1 (10 in stock)."""

    server_args = ()

    def setUp(self):
        self.server = ServerProcess(*self.server_args)
        self.addCleanup(self.server.kill)
        call(self.server, "inventory.add", "widget", 10)

    def tearDown(self):
        code, _, err = self.server.stop()
        self.assertEqual(code, 0, err)


class Replays(KeysCase):
    def test_a_retry_gets_the_same_bytes_and_runs_nothing(self):
        status, head, first = keyed(self.server, "inventory.adjust", 1, 5,
                                    key="k-1")
        self.assertEqual(status, 200)
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(parse_reply(first)["quantity"], 15)
        status, head, again = keyed(self.server, "inventory.adjust", 1, 5,
                                    key="k-1")
        self.assertEqual(status, 200)
        self.assertEqual(head.get("idempotent-replayed"), "true")
        self.assertEqual(again, first)
        self.assertEqual(quantity(self.server, 1), 15)
        self.assertEqual(call(self.server, "inventory.get", 1)["version"], 2)

    def test_the_original_methods_take_keys_with_their_own_replies(self):
        _, _, first = keyed(self.server, "add_item", "gadget", 3, key="add")
        _, head, again = keyed(self.server, "add_item", "gadget", 3, key="add")
        self.assertEqual(parse_reply(first), "Product added with ID 2\n")
        self.assertEqual(again, first)
        self.assertEqual(head.get("idempotent-replayed"), "true")
        self.assertEqual(call(self.server, "inventory.count"), 2)
        _, _, deleted = keyed(self.server, "delete_item", 2, key="del")
        _, head, again = keyed(self.server, "delete_item", 2, key="del")
        self.assertEqual(again, deleted)
        self.assertEqual(head.get("idempotent-replayed"), "true")

    def test_another_request_under_the_key_is_422_and_changes_nothing(self):
        keyed(self.server, "inventory.adjust", 1, 5, key="k-1")
        status, head, body = keyed(self.server, "inventory.adjust", 1, 6,
                                   key="k-1")
        self.assertEqual(status, 200)
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(fault_of(body), (
            422, "inventory.adjust: idempotency key reused with a different "
                 "request"))
        # the same parameters through another method are another request
        _, _, body = keyed(self.server, "inventory.set_quantity", 1, 5,
                           key="k-1")
        self.assertEqual(fault_of(body)[0], 422)
        self.assertEqual(quantity(self.server, 1), 15)

    def test_a_rule_refusal_is_stored_and_replayed(self):
        _, _, refused = keyed(self.server, "inventory.adjust", 1, -50,
                              key="short")
        self.assertEqual(fault_of(refused)[0], 422)
        call(self.server, "inventory.adjust", 1, 100)
        _, head, again = keyed(self.server, "inventory.adjust", 1, -50,
                               key="short")
        self.assertEqual(again, refused)
        self.assertEqual(head.get("idempotent-replayed"), "true")
        self.assertEqual(quantity(self.server, 1), 110)

    def test_invalid_params_store_nothing_so_the_key_stays_free(self):
        _, _, body = keyed(self.server, "inventory.adjust", 1, key="k")
        self.assertEqual(fault_of(body)[0], -32602)
        _, head, body = keyed(self.server, "inventory.adjust", 1, 2, key="k")
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(parse_reply(body)["quantity"], 12)

    def test_reads_ignore_the_key(self):
        for _ in range(2):
            status, head, body = keyed(self.server, "inventory.get", 1,
                                       key="read")
            self.assertEqual(status, 200)
            self.assertNotIn("idempotent-replayed", head)
        # and the key is still free for a change
        _, head, _ = keyed(self.server, "inventory.adjust", 1, 1, key="read")
        self.assertNotIn("idempotent-replayed", head)

    def test_multicall_refuses_a_key(self):
        calls = [{"methodName": "inventory.adjust", "params": [1, 1]}]
        status, _, body = keyed(self.server, "system.multicall", calls,
                                key="multi")
        self.assertEqual(status, 200)
        code, text = fault_of(body)
        self.assertEqual(code, -32600)
        self.assertIn("inventory.adjust_many", text)
        self.assertEqual(quantity(self.server, 1), 10)

    def test_malformed_keys_get_400_and_change_nothing(self):
        bad = ["Idempotency-Key: \r\n",
               f"Idempotency-Key: {'k' * 256}\r\n",
               "Idempotency-Key: caf\xe9\r\n",
               "Idempotency-Key: a\r\nIdempotency-Key: b\r\n"]
        for headers in bad:
            with self.subTest(headers=headers):
                with self.server.connect() as s:
                    s.sendall(post("/RPC2",
                                   call_body("inventory.adjust", 1, 1),
                                   "").replace(
                        b"\r\n\r\n", b"\r\n" + headers.encode("latin-1")
                        + b"\r\n", 1))
                    status, _, _, _ = read_response(s)
                self.assertEqual(status, 400)
        self.assertEqual(quantity(self.server, 1), 10)
        status, _, _ = keyed(self.server, "inventory.adjust", 1, 1,
                             key="k" * 255)
        self.assertEqual(status, 200)

    def test_32_threads_with_one_key_change_it_once(self):
        start = threading.Barrier(32)
        replies = [None] * 32

        def send(i):
            with self.server.connect() as s:
                start.wait(10)
                s.sendall(post("/RPC2", call_body("inventory.adjust", 1, 1),
                               "Idempotency-Key: together\r\n"))
                status, head, body, _ = read_response(s)
                replies[i] = (status, head.get("idempotent-replayed"), body)

        threads = [threading.Thread(target=send, args=(i,))
                   for i in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertTrue(all(r is not None for r in replies), replies)
        self.assertEqual({r[0] for r in replies}, {200})
        self.assertEqual(len({r[2] for r in replies}), 1)
        self.assertEqual([r[1] for r in replies].count(None), 1)
        self.assertEqual(quantity(self.server, 1), 11)


class Restart(unittest.TestCase):
    def test_a_key_acknowledged_before_kill_9_is_honoured_after_it(self):
        tmp = tempfile.TemporaryDirectory(prefix="inventory-keys-")
        self.addCleanup(tmp.cleanup)
        data = os.path.join(tmp.name, "inventory.db")
        server = ServerProcess(data=data)
        self.addCleanup(server.kill)
        call(server, "inventory.add", "widget", 10)
        _, _, first = keyed(server, "inventory.adjust", 1, 5, key="durable")
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        again_server = ServerProcess(data=data)
        self.addCleanup(again_server.kill)
        _, head, again = keyed(again_server, "inventory.adjust", 1, 5,
                               key="durable")
        self.assertEqual(again, first)
        self.assertEqual(head.get("idempotent-replayed"), "true")
        self.assertEqual(quantity(again_server, 1), 15)
        code, _, err = again_server.stop()
        self.assertEqual(code, 0, err)


class Expiry(KeysCase):
    server_args = ("--idempotency-ttl", "1s")

    def test_an_expired_key_runs_again(self):
        keyed(self.server, "inventory.adjust", 1, 1, key="brief")
        _, head, _ = keyed(self.server, "inventory.adjust", 1, 1, key="brief")
        self.assertEqual(head.get("idempotent-replayed"), "true")
        time.sleep(1.3)
        _, head, body = keyed(self.server, "inventory.adjust", 1, 1,
                              key="brief")
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(parse_reply(body)["quantity"], 12)


class InMemory(KeysCase):
    server_args = ("--in-memory", "--idempotency-keys", "2")

    def test_in_memory_keys_replay_and_the_oldest_are_forgotten(self):
        for k in ("a", "b"):
            keyed(self.server, "inventory.adjust", 1, 1, key=k)
        _, head, _ = keyed(self.server, "inventory.adjust", 1, 1, key="a")
        self.assertEqual(head.get("idempotent-replayed"), "true")
        keyed(self.server, "inventory.adjust", 1, 1, key="c")  # a goes
        _, head, _ = keyed(self.server, "inventory.adjust", 1, 1, key="a")
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(quantity(self.server, 1), 14)


class Principals(unittest.TestCase):
    def test_two_users_never_share_a_key(self):
        tmp = tempfile.TemporaryDirectory(prefix="inventory-keys-")
        self.addCleanup(tmp.cleanup)
        users = os.path.join(tmp.name, "users")
        for name in ("alice", "carol"):
            add_user(users, name, "writer", name + "-pw")
        server = ServerProcess("--in-memory", "--users", users)
        self.addCleanup(server.kill)

        def as_user(name, *params):
            login = base64.b64encode(f"{name}:{name}-pw".encode()).decode()
            return keyed(server, "inventory.adjust", *params, key="shared",
                         headers=f"Authorization: Basic {login}\r\n")

        as_user("alice", 0, 0)  # nothing there: a stored 404 for alice
        with xmlrpc.client.ServerProxy(
                f"http://alice:alice-pw@127.0.0.1:{server.port}/RPC2") as add:
            add.inventory.add("widget", 10)
        _, head, body = as_user("carol", 1, 1)
        self.assertNotIn("idempotent-replayed", head)
        self.assertEqual(parse_reply(body)["quantity"], 11)
        _, head, body = as_user("alice", 0, 0)
        self.assertEqual(head.get("idempotent-replayed"), "true")
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)


class Gateways(unittest.TestCase):
    def test_a_retry_through_another_gateway_is_deduplicated(self):
        tmp = tempfile.TemporaryDirectory(prefix="inventory-keys-")
        self.addCleanup(tmp.cleanup)
        store = StoreProcess(os.path.join(tmp.name, "store.db"))
        self.addCleanup(store.kill)
        gws = [gateway(store), gateway(store)]
        for gw in gws:
            self.addCleanup(gw.kill)
        deadline = time.monotonic() + 5
        while True:  # the gateways reach the store in the background
            try:
                call(gws[0], "inventory.add", "widget", 10)
                call(gws[1], "inventory.count")
                break
            except xmlrpc.client.Fault:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        _, head, first = keyed(gws[0], "inventory.adjust", 1, 5, key="via")
        self.assertNotIn("idempotent-replayed", head)
        _, head, again = keyed(gws[1], "inventory.adjust", 1, 5, key="via")
        self.assertEqual(head.get("idempotent-replayed"), "true")
        self.assertEqual(again, first)
        self.assertEqual(quantity(gws[1], 1), 15)
        for gw in gws:
            code, _, err = gw.stop()
            self.assertEqual(code, 0, err)


class Flags(unittest.TestCase):
    def test_bad_lifetimes_are_usage_errors(self):
        for value in ("0s", "1x", "-5m", "367d", "0x10"):
            with self.subTest(value=value):
                done = subprocess.run(
                    [BINARY, "--in-memory", "--idempotency-ttl", value],
                    capture_output=True, timeout=10)
                self.assertEqual(done.returncode, 2, done.stderr)
                self.assertIn(b"--idempotency-ttl", done.stderr)

    def test_a_gateway_has_no_keys_of_its_own(self):
        done = subprocess.run(
            [BINARY, "--role", "gateway", "--store", "127.0.0.1:1",
             "--idempotency-ttl", "1h"], capture_output=True, timeout=10)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn(b"--idempotency-ttl is for --role store or all",
                      done.stderr)


if __name__ == "__main__":
    unittest.main()
