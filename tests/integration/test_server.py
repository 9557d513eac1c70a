"""The real inventory-server over real sockets, driven by Python's stdlib
xmlrpc.client (an independent implementation) and raw sockets."""

import re
import signal
import socket
import subprocess
import threading
import time
import unittest
import xmlrpc.client

from server_process import (BINARY, ServerProcess, ServerTestCase, call_body, is_closed,
                            parse_reply, post, read_response)


class ServerCase(ServerTestCase):
    def setUp(self):
        super().setUp()
        self.rpc = self.server.proxy()

    def tearDown(self):
        self.rpc("close")()
        super().tearDown()

    def assertFault(self, code, call, *args, message=None):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            call(*args)
        self.assertEqual(ctx.exception.faultCode, code,
                         ctx.exception.faultString)
        if message is not None:
            self.assertEqual(ctx.exception.faultString, message)
        return ctx.exception

    def send_raw_call(self, body):
        """POSTs a raw body; returns the fault the server answered with."""
        with self.server.connect() as s:
            s.sendall(post("/RPC2", body))
            status, _, reply, _ = read_response(s)
        self.assertEqual(status, 200)
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            parse_reply(reply)
        return ctx.exception

    def assertHealthyAndUnchanged(self, before):
        """A normal call still works and the data did not change."""
        self.assertEqual(self.rpc.get_all_items(), before)
        self.assertEqual(self.rpc.inventory.count(), len(before))


class SeedMethods(ServerCase):
    def test_the_original_five_methods_reply_word_for_word(self):
        self.assertEqual(self.rpc.add_item("widget", 5),
                         "Product added with ID 1\n")
        self.assertEqual(self.rpc.add_item("gadget", 0),
                         "Product added with ID 2\n")
        self.assertEqual(self.rpc.get_item(1),
                         "Product ID: 1, Name: widget, Quantity: 5\n")
        self.assertEqual(self.rpc.update_item(1, 9),
                         "Product with ID 1 quantity updated\n")
        self.assertEqual(self.rpc.get_all_items(), {
            "1": {"name": "widget", "quantity": 9},
            "2": {"name": "gadget", "quantity": 0}})
        self.assertEqual(self.rpc.delete_item(2),
                         "Product with ID 2 deleted successfully\n")
        self.assertEqual(self.rpc.get_item(2), "Product with ID 2 not found")
        self.assertEqual(self.rpc.update_item(2, 1),
                         "Product with ID 2 not found\n")
        self.assertEqual(self.rpc.delete_item(2),
                         "Product with ID 2 not found\n")

    def test_ids_are_never_reused_and_shared_with_inventory_methods(self):
        self.rpc.add_item("a", 1)
        self.rpc.delete_item(1)
        self.assertEqual(self.rpc.inventory.add("b", 1)["id"], 2)
        self.assertEqual(self.rpc.add_item("c", 1), "Product added with ID 3\n")
        self.assertEqual(self.rpc.inventory.get(3)["name"], "c")

    def test_seed_methods_validate_their_params(self):
        self.assertFault(-32602, self.rpc.add_item, "x", -1,
                         message="add_item: quantity must not be negative, got -1")
        self.assertFault(-32602, self.rpc.add_item, "", 1,
                         message="add_item: name must not be empty")
        self.assertFault(-32602, self.rpc.add_item, "x", "5")
        self.assertFault(-32602, self.rpc.add_item, "x")
        self.assertFault(-32602, self.rpc.update_item, 1, -5)
        self.assertFault(-32602, self.rpc.get_item, "1")
        self.assertFault(-32602, self.rpc.get_all_items, 1)
        self.assertEqual(self.rpc.get_all_items(), {})

    def test_update_item_bumps_the_version(self):
        self.rpc.add_item("a", 1)
        self.rpc.update_item(1, 4)
        self.assertEqual(self.rpc.inventory.get(1),
                         {"id": 1, "name": "a", "quantity": 4, "version": 2})


class StructuredMethods(ServerCase):
    def test_add_get_adjust_delete(self):
        inv = self.rpc.inventory
        self.assertEqual(inv.add("bolt", 10),
                         {"id": 1, "name": "bolt", "quantity": 10, "version": 1})
        self.assertEqual(inv.adjust(1, -4)["quantity"], 6)
        self.assertEqual(inv.get(1)["version"], 2)
        self.assertFault(422, inv.adjust, 1, -7,
                         message="inventory.adjust: quantity of item 1 would go below 0")
        self.assertFault(422, inv.adjust, 1, 2**31 - 1)
        self.assertEqual(inv.get(1)["quantity"], 6)
        self.assertIs(inv.delete(1), True)
        self.assertFault(404, inv.get, 1, message="inventory.get: no item with ID 1")
        self.assertFault(404, inv.delete, 1)
        self.assertFault(404, inv.adjust, 1, 1)

    def test_set_quantity_with_and_without_expected_version(self):
        inv = self.rpc.inventory
        inv.add("a", 1)
        self.assertEqual(inv.set_quantity(1, 5)["version"], 2)
        self.assertEqual(inv.set_quantity(1, 6, None)["version"], 3)
        self.assertEqual(inv.set_quantity(1, 7, 3)["quantity"], 7)
        self.assertFault(409, inv.set_quantity, 1, 8, 3)
        self.assertEqual(inv.get(1)["quantity"], 7)
        self.assertFault(404, inv.set_quantity, 9, 1)
        self.assertFault(-32602, inv.set_quantity, 1, -1)
        self.assertFault(-32602, inv.set_quantity, 1, 1, 0)

    def test_adjust_many_is_all_or_nothing(self):
        inv = self.rpc.inventory
        inv.add("a", 5)
        inv.add("b", 5)
        done = inv.adjust_many([{"id": 1, "delta": -2}, {"id": 2, "delta": 3}])
        self.assertEqual([x["quantity"] for x in done], [3, 8])
        self.assertFault(422, inv.adjust_many,
                         [{"id": 1, "delta": -1}, {"id": 2, "delta": -9}])
        self.assertFault(404, inv.adjust_many,
                         [{"id": 1, "delta": -1}, {"id": 7, "delta": 1}])
        self.assertEqual(inv.get(1)["quantity"], 3)
        self.assertEqual(inv.get(2)["quantity"], 8)
        self.assertEqual(inv.adjust_many([]), [])
        self.assertFault(-32602, inv.adjust_many, [{"id": 1}])
        self.assertFault(-32602, inv.adjust_many, [{"id": 1, "delta": "1"}])
        self.assertFault(-32602, inv.adjust_many, {"id": 1, "delta": 1})

    def test_list_pages_in_id_order_and_checks_the_limit(self):
        inv = self.rpc.inventory
        for i in range(5):
            inv.add(f"item{i}", i)
        inv.delete(2)
        self.assertEqual([x["id"] for x in inv.list(0, 2)], [1, 3])
        self.assertEqual([x["id"] for x in inv.list(3, 1000)], [4, 5])
        self.assertEqual(inv.list(5, 10), [])
        self.assertFault(-32602, inv.list, 0, 0)
        self.assertFault(-32602, inv.list, 0, 1001)
        self.assertEqual(inv.count(), 4)

    def test_names_are_limited_to_256_bytes_of_utf8(self):
        inv = self.rpc.inventory
        self.assertEqual(inv.add("x" * 256, 1)["name"], "x" * 256)
        self.assertFault(-32602, inv.add, "x" * 257, 1)
        self.assertEqual(inv.add("é" * 128, 1)["name"], "é" * 128)  # 256 bytes
        self.assertFault(-32602, inv.add, "é" * 129, 1)
        odd = "]]> <tag> & \"q\" 'a' \t ☃ 📦"
        self.assertEqual(inv.add(odd, 1)["name"], odd)

    def test_ints_are_32_bit_and_strings_are_not_ints(self):
        inv = self.rpc.inventory
        inv.add("a", 1)
        body = (b"<?xml version='1.0'?><methodCall><methodName>inventory.get"
                b"</methodName><params><param><value><i8>4294967297</i8></value>"
                b"</param></params></methodCall>")
        self.assertEqual(self.send_raw_call(body).faultCode, -32602)
        with self.server.connect() as s:
            s.sendall(post("/RPC2", body.replace(b"4294967297", b"1")))
            self.assertEqual(parse_reply(read_response(s)[2])["id"], 1)
        self.assertFault(-32602, inv.get, "1")
        self.assertFault(-32602, inv.get, 1.0)
        self.assertFault(-32602, inv.get, True)
        self.assertFault(-32602, inv.get)

    def test_unknown_methods(self):
        self.assertFault(-32601, self.rpc.inventory.nope,
                         message="inventory.nope: unknown method")


class Introspection(ServerCase):
    METHODS = ["add_item", "delete_item", "get_all_items", "get_item",
               "inventory.add", "inventory.adjust", "inventory.adjust_many",
               "inventory.count", "inventory.delete", "inventory.get",
               "inventory.list", "inventory.set_quantity",
               "system.listMethods", "system.methodHelp",
               "system.methodSignature", "system.multicall", "update_item"]

    def test_every_method_is_listed_with_help_and_signature(self):
        self.assertEqual(self.rpc.system.listMethods(), self.METHODS)
        for name in self.METHODS:
            help_text = self.rpc.system.methodHelp(name)
            self.assertTrue(help_text.startswith(name + "("), help_text)
            signatures = self.rpc.system.methodSignature(name)
            self.assertTrue(signatures and all(isinstance(s, list) and s
                                               for s in signatures))
        self.assertEqual(self.rpc.system.methodSignature("add_item"),
                         [["string", "string", "int"]])
        self.assertFault(-32602, self.rpc.system.methodHelp, "nope")

    def test_multicall(self):
        multi = xmlrpc.client.MultiCall(self.rpc)
        multi.add_item("a", 1)
        multi.inventory.adjust(1, -5)
        multi.get_item(1)
        multi.nope()
        results = multi()
        self.assertEqual(results[0], "Product added with ID 1\n")
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            results[1]
        self.assertEqual(ctx.exception.faultCode, 422)
        self.assertEqual(results[2], "Product ID: 1, Name: a, Quantity: 1\n")
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            results[3]
        self.assertEqual(ctx.exception.faultCode, -32601)


class Http(ServerCase):
    def exchange(self, raw, sock=None):
        own = sock is None
        sock = sock or self.server.connect()
        try:
            sock.sendall(raw)
            return read_response(sock)
        finally:
            if own:
                sock.close()

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        with self.server.connect() as s:
            for i in range(1, 4):
                status, headers, body, line = self.exchange(
                    post("/RPC2", call_body("add_item", f"x{i}", i)), s)
                self.assertEqual(line, "HTTP/1.1 200 OK")
                self.assertEqual(headers["content-type"], "text/xml")
                self.assertNotIn("connection", headers)
                self.assertEqual(parse_reply(body), f"Product added with ID {i}\n")

    def test_pipelined_requests_are_answered_in_order(self):
        with self.server.connect() as s:
            s.sendall(b"".join(post("/RPC2", call_body("add_item", f"p{i}", i))
                               for i in range(1, 6)))
            for i in range(1, 6):
                _, _, body, _ = read_response(s)
                self.assertEqual(parse_reply(body), f"Product added with ID {i}\n")

    def test_http10_closes_unless_keep_alive_is_asked_for(self):
        with self.server.connect() as s:
            status, headers, body, line = self.exchange(
                post("/RPC2", call_body("inventory.count"), version="HTTP/1.0"), s)
            self.assertEqual(line, "HTTP/1.0 200 OK")
            self.assertEqual(headers["connection"], "close")
            self.assertTrue(is_closed(s))
        with self.server.connect() as s:
            self.exchange(post("/RPC2", call_body("inventory.count"),
                               "Connection: keep-alive\r\n", "HTTP/1.0"), s)
            _, headers, body, _ = self.exchange(
                post("/RPC2", call_body("inventory.count"),
                     "Connection: keep-alive\r\n", "HTTP/1.0"), s)
            self.assertEqual(headers["connection"], "keep-alive")
            self.assertEqual(parse_reply(body), 0)

    def test_connection_close_is_honoured(self):
        with self.server.connect() as s:
            _, headers, _, _ = self.exchange(
                post("/RPC2", call_body("inventory.count"), "Connection: close\r\n"), s)
            self.assertEqual(headers["connection"], "close")
            self.assertTrue(is_closed(s))

    def test_expect_100_continue(self):
        body = call_body("add_item", "c", 1)
        with self.server.connect() as s:
            s.sendall(post("/RPC2", b"", "Expect: 100-continue\r\n")[:-0 or None]
                      .replace(b"Content-Length: 0", f"Content-Length: {len(body)}".encode()))
            self.assertEqual(s.recv(100), b"HTTP/1.1 100 Continue\r\n\r\n")
            s.sendall(body)
            _, _, reply, _ = read_response(s)
            self.assertEqual(parse_reply(reply), "Product added with ID 1\n")
        with self.server.connect() as s:  # refused before the body is sent
            s.sendall(b"POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                      b"Expect: 100-continue\r\n\r\n")
            status, _, _, _ = read_response(s)
            self.assertEqual(status, 404)

    def test_chunked_request_bodies(self):
        body = call_body("add_item", "chunky", 3)
        chunks = [body[:10], body[10:50], body[50:]]
        raw = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        for c in chunks:
            raw += f"{len(c):x}\r\n".encode() + c + b"\r\n"
        raw += b"0\r\n\r\n"
        _, _, reply, _ = self.exchange(raw)
        self.assertEqual(parse_reply(reply), "Product added with ID 1\n")

    def test_other_paths_are_404_and_other_methods_405(self):
        body = call_body("inventory.count")
        for path in ["/", "/rpc2", "/RPC2/", "/RPC2?x=1", "/RPC"]:
            status, _, _, _ = self.exchange(post(path, body))
            self.assertEqual(status, 404, path)
        for method in ["GET", "PUT", "DELETE", "PATCH"]:
            with self.server.connect() as s:
                status, headers, _, _ = self.exchange(
                    f"{method} /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .encode(), s)
                self.assertEqual(status, 405, method)
                self.assertEqual(headers["allow"], "POST")
                # the connection stays usable
                _, _, reply, _ = self.exchange(post("/RPC2", body), s)
                self.assertEqual(parse_reply(reply), 0)

    def test_body_limit_413_and_exactly_one_mebibyte_accepted(self):
        before = self.rpc.get_all_items()
        prefix = call_body("inventory.count")
        exact = prefix + b" " * (1024 * 1024 - len(prefix))  # trailing space is XML Misc
        _, _, reply, _ = self.exchange(post("/RPC2", exact))
        self.assertEqual(parse_reply(reply), 0)
        with self.server.connect() as s:  # refused on Content-Length alone
            s.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n")
            status, headers, _, _ = read_response(s)
            self.assertEqual(status, 413)
            self.assertEqual(headers["connection"], "close")
        raw = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        raw += (f"{600000:x}\r\n".encode() + b" " * 600000 + b"\r\n") * 2 + b"0\r\n\r\n"
        with self.server.connect() as s:
            try:
                s.sendall(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.assertEqual(read_response(s)[0], 413)
        self.assertHealthyAndUnchanged(before)

    def test_conflicting_content_lengths_are_400(self):
        status, _, _, _ = self.exchange(
            b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Content-Length: 6\r\n\r\nhello!")
        self.assertEqual(status, 400)

    def test_malformed_http_is_400(self):
        for raw in [b"NOT HTTP\r\n\r\n", b"POST /RPC2 HTTP/9.9\r\n\r\n",
                    b"POST /RPC2 HTTP/1.1\r\nContent-Length: abc\r\n\r\n"]:
            status, _, _, _ = self.exchange(raw)
            self.assertEqual(status, 400, raw)

    def test_oversized_headers_are_431(self):
        raw = (b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000
               + b"\r\nContent-Length: 0\r\n\r\n")
        with self.server.connect() as s:
            try:
                s.sendall(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.assertEqual(read_response(s)[0], 431)


class Hostile(ServerCase):
    server_args = ("--read-timeout", "1", "--idle-timeout", "2",
                   "--max-connections", "40")

    def setUp(self):
        super().setUp()
        self.rpc.add_item("keep", 7)
        self.before = self.rpc.get_all_items()

    def test_hostile_documents_get_faults_and_change_nothing(self):
        laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10)
                             for i in range(2, 10)).replace(b"&lol1;", b"&lol;")
                  + b']><methodCall><methodName>add_item</methodName><params>'
                  b'<param><value><string>&lol9;</string></value></param>'
                  b'<param><value><int>1</int></value></param></params></methodCall>')
        xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM '
               b'"file:///etc/passwd">]><methodCall><methodName>add_item'
               b'</methodName><params><param><value><string>&xxe;</string>'
               b'</value></param><param><value><int>1</int></value></param>'
               b'</params></methodCall>')
        undeclared = call_body("add_item", "PLACEHOLDER", 1).replace(
            b"PLACEHOLDER", b"&lol;")
        bad_utf8 = call_body("add_item", "PLACEHOLDER", 1).replace(
            b"PLACEHOLDER", b"\xff\xfe")
        control = call_body("add_item", "PLACEHOLDER", 1).replace(
            b"PLACEHOLDER", b"\x01")
        deep = (b"<methodCall><methodName>add_item</methodName><params><param>"
                + b"<value><array><data>" * 5000 + b"</data></array></value>" * 5000
                + b"</param></params></methodCall>")
        cases = {"billion laughs": (laughs, -32700), "xxe": (xxe, -32700),
                 "undeclared entity": (undeclared, -32700),
                 "invalid utf-8": (bad_utf8, -32700),
                 "control character": (control, -32700),
                 "deep nesting": (deep, -32600),
                 "not xml": (b"\x00\x01garbage", -32700),
                 "empty": (b"", -32700),
                 "wrong root": (b"<methodResponse/>", -32600)}
        for name, (body, code) in cases.items():
            with self.subTest(name):
                fault = self.send_raw_call(body)
                self.assertEqual(fault.faultCode, code, fault.faultString)
                self.assertNotIn("root:", fault.faultString)
                self.assertHealthyAndUnchanged(self.before)

    def test_slowloris_is_cut_off_and_does_not_starve_others(self):
        slow = self.server.connect()
        slow.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        # others are served while the slow client trickles
        self.assertEqual(self.rpc.get_item(1),
                         "Product ID: 1, Name: keep, Quantity: 7\n")
        self.assertLess(time.monotonic() - started, 0.5)
        cut_off = None
        while time.monotonic() - started < 4:  # one header byte every 0.1 s
            try:
                slow.sendall(b"X")
                slow.settimeout(0.1)
                if slow.recv(1) == b"":
                    cut_off = time.monotonic() - started
                    break
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                cut_off = time.monotonic() - started
                break
        slow.close()
        self.assertIsNotNone(cut_off, "the slow client was never cut off")
        self.assertGreater(cut_off, 0.9)  # --read-timeout 1
        self.assertLess(cut_off, 2.0)
        self.assertHealthyAndUnchanged(self.before)

    def test_idle_keep_alive_connections_are_closed(self):
        with self.server.connect() as s:
            s.sendall(post("/RPC2", call_body("inventory.count")))
            read_response(s)
            started = time.monotonic()
            self.assertTrue(is_closed(s, timeout=5))
            self.assertGreater(time.monotonic() - started, 1.5)

    def test_over_max_connections_gets_503_and_the_server_recovers(self):
        socks = [self.server.connect() for _ in range(40)]
        try:
            time.sleep(0.2)
            with self.server.connect() as extra:
                status, _, _, _ = read_response(extra)
                self.assertEqual(status, 503)
        finally:
            for s in socks:
                s.close()
        time.sleep(0.2)
        self.assertHealthyAndUnchanged(self.before)

    def test_garbage_and_early_disconnects_do_not_hurt(self):
        for raw in [b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # TLS hello
                    b"POST /RPC2 HTTP/1.1\r\nContent-Length: 100\r\n\r\n<meth",
                    b"\r\n\r\n\r\n"]:
            with self.server.connect() as s:
                s.sendall(raw)
        self.assertHealthyAndUnchanged(self.before)


class Concurrency(ServerCase):
    THREADS = 32
    OPS = 150

    def test_32_threads_of_adjusts_and_adds_lose_nothing(self):
        for i in range(4):
            self.rpc.inventory.add(f"shared{i}", 1000)
        acked = [0] * 5
        added = []
        lock = threading.Lock()
        errors = []

        def worker(n):
            rpc = xmlrpc.client.ServerProxy(self.server.url)
            try:
                for k in range(self.OPS):
                    if k % 10 == 0:
                        item = rpc.inventory.add(f"t{n}-{k}", 1)
                        with lock:
                            added.append(item["id"])
                    else:
                        item_id = 1 + (n + k) % 4
                        delta = 1 if (n + k) % 3 else -1
                        rpc.inventory.adjust(item_id, delta)
                        with lock:
                            acked[item_id] += delta
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(n,))
                   for n in range(self.THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(errors, [])
        for item_id in range(1, 5):
            got = self.rpc.inventory.get(item_id)
            self.assertEqual(got["quantity"], 1000 + acked[item_id])
        total_adds = self.THREADS * (self.OPS // 10)
        self.assertEqual(sorted(added), list(range(5, 5 + total_adds)))
        self.assertEqual(self.rpc.inventory.count(), 4 + total_adds)


class Operations(unittest.TestCase):
    def run_binary(self, *args):
        return subprocess.run([BINARY, *args], capture_output=True, timeout=30)

    def test_help_and_version(self):
        res = self.run_binary("--help")
        self.assertEqual(res.returncode, 0)
        for flag in [b"--host", b"--port", b"--threads", b"--max-body",
                     b"--max-depth", b"--max-connections", b"--read-timeout",
                     b"--idle-timeout", b"--request-timeout", b"--quiet"]:
            self.assertIn(flag, res.stdout)
        res = self.run_binary("--version")
        self.assertEqual(res.returncode, 0)
        self.assertTrue(res.stdout.startswith(b"inventory-server "))

    def test_bad_flags_exit_2_with_one_line(self):
        for args in [("--bogus",), ("--port", "abc"), ("--port", "70000"),
                     ("--threads", "0"), ("--scheduler", "fast")]:
            res = self.run_binary(*args)
            self.assertEqual(res.returncode, 2, args)
            self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
            self.assertTrue(res.stderr.startswith(b"inventory-server: "))

    def test_a_taken_port_exits_1(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            res = self.run_binary("--port", str(taken.getsockname()[1]))
        self.assertEqual(res.returncode, 1)
        self.assertIn(b"cannot listen", res.stderr)

    def test_access_log_lines_in_the_original_format(self):
        server = ServerProcess(quiet=False)
        server.proxy().inventory.count()
        with server.connect() as s:
            s.sendall(post("/nope", b""))
            read_response(s)
        code, out, err = server.stop()
        self.assertEqual(code, 0)
        lines = err.decode().splitlines()
        pattern = (r'127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\] '
                   r'"%s" %d -')
        self.assertRegex(lines[0], pattern % ("POST /RPC2 HTTP/1.1", 200))
        self.assertRegex(lines[1], pattern % ("POST /nope HTTP/1.1", 404))

    def test_sigterm_and_sigint_under_load_exit_0_and_keep_acknowledged_writes(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            server = ServerProcess()
            server.proxy().inventory.add("a", 0)
            stop = threading.Event()
            acked = [0]

            def load():
                rpc = xmlrpc.client.ServerProxy(server.url)
                while not stop.is_set():
                    try:
                        rpc.inventory.adjust(1, 1)
                        acked[0] += 1
                    except Exception:  # noqa: BLE001 - the server went away
                        return

            threads = [threading.Thread(target=load) for _ in range(4)]
            for t in threads:
                t.start()
            time.sleep(0.5)
            started = time.monotonic()
            code, out, _ = server.stop(sig)
            stop.set()
            for t in threads:
                t.join(timeout=10)
            self.assertEqual(code, 0)
            self.assertLess(time.monotonic() - started, 5)
            self.assertTrue(out.endswith(b"Server closed.\n"))
            self.assertGreater(acked[0], 0)

    def test_a_signal_as_soon_as_it_listens_still_shuts_down_cleanly(self):
        # The handler used to be installed after the "listening" line: a
        # SIGTERM sent on seeing it killed about one server in four (-15,
        # no "Server closed."). Twenty tries find that nearly always.
        for attempt in range(20):
            sig = signal.SIGTERM if attempt % 2 == 0 else signal.SIGINT
            server = ServerProcess()
            code, out, err = server.stop(sig)
            self.assertEqual(code, 0, (attempt, err))
            self.assertTrue(out.endswith(b"Server closed.\n"), (attempt, out))


if __name__ == "__main__":
    unittest.main()
