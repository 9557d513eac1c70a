"""Hostile input against the real server: malformed XML, entities, deep
nesting, slow and oversized requests. Nothing crashes, hangs or changes data."""

import socket
import time
import unittest
import xmlrpc.client

from server_process import (ServerCase, call_body, is_closed, post, read_response)


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

    def test_over_max_connections_python_clients_see_the_503(self):
        socks = [self.server.connect() for _ in range(40)]
        try:
            time.sleep(0.2)
            # The request is read (a large body too) before the 503, so
            # the client sees the status instead of a broken pipe.
            for args in [(1,), ("x" * 200_000,)]:
                for _ in range(5):
                    rpc = xmlrpc.client.ServerProxy(self.server.url)
                    with self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
                        rpc.get_item(*args)
                    self.assertEqual(ctx.exception.errcode, 503)
                    self.assertEqual(ctx.exception.headers["Retry-After"], "1")
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


if __name__ == "__main__":
    unittest.main()
