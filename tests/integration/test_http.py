"""HTTP behaviour of the real server over raw sockets: keep-alive, HTTP/1.0,
pipelining, Expect, chunked bodies, errors and limits."""

import gzip
import http.client
import unittest
import xmlrpc.client

from server_process import (ServerCase, call_body, is_closed, parse_reply, post, read_response)


class Http(ServerCase):
    def round_trip(self, raw, sock=None):
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
                status, headers, body, line = self.round_trip(
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
            status, headers, body, line = self.round_trip(
                post("/RPC2", call_body("inventory.count"), version="HTTP/1.0"), s)
            self.assertEqual(line, "HTTP/1.0 200 OK")
            self.assertEqual(headers["connection"], "close")
            self.assertTrue(is_closed(s))
        with self.server.connect() as s:
            self.round_trip(post("/RPC2", call_body("inventory.count"),
                               "Connection: keep-alive\r\n", "HTTP/1.0"), s)
            _, headers, body, _ = self.round_trip(
                post("/RPC2", call_body("inventory.count"),
                     "Connection: keep-alive\r\n", "HTTP/1.0"), s)
            self.assertEqual(headers["connection"], "keep-alive")
            self.assertEqual(parse_reply(body), 0)

    def test_connection_close_is_honoured(self):
        with self.server.connect() as s:
            _, headers, _, _ = self.round_trip(
                post("/RPC2", call_body("inventory.count"), "Connection: close\r\n"), s)
            self.assertEqual(headers["connection"], "close")
            self.assertTrue(is_closed(s))

    def test_expect_100_continue(self):
        body = call_body("add_item", "c", 1)
        with self.server.connect() as s:
            # The head alone, announcing the body that follows the 100.
            head = post("/RPC2", b"", "Expect: 100-continue\r\n")
            s.sendall(head.replace(b"Content-Length: 0",
                                   f"Content-Length: {len(body)}".encode()))
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
        _, _, reply, _ = self.round_trip(raw)
        self.assertEqual(parse_reply(reply), "Product added with ID 1\n")

    def test_other_paths_are_404_and_other_methods_405(self):
        body = call_body("inventory.count")
        for path in ["/", "/rpc2", "/RPC2/", "/RPC2?x=1", "/RPC"]:
            status, _, _, _ = self.round_trip(post(path, body))
            self.assertEqual(status, 404, path)
        for method in ["GET", "PUT", "DELETE", "PATCH"]:
            with self.server.connect() as s:
                status, headers, _, _ = self.round_trip(
                    f"{method} /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .encode(), s)
                self.assertEqual(status, 405, method)
                self.assertEqual(headers["allow"], "POST")
                # the connection stays usable
                _, _, reply, _ = self.round_trip(post("/RPC2", body), s)
                self.assertEqual(parse_reply(reply), 0)

    def test_body_limit_413_and_exactly_one_mebibyte_accepted(self):
        before = self.rpc.get_all_items()
        prefix = call_body("inventory.count")
        exact = prefix + b" " * (1024 * 1024 - len(prefix))  # trailing space is XML Misc
        _, _, reply, _ = self.round_trip(post("/RPC2", exact))
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
        status, _, _, _ = self.round_trip(
            b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Content-Length: 6\r\n\r\nhello!")
        self.assertEqual(status, 400)

    def test_malformed_http_is_400(self):
        for raw in [b"NOT HTTP\r\n\r\n", b"POST /RPC2 HTTP/9.9\r\n\r\n",
                    b"POST /RPC2 HTTP/1.1\r\nContent-Length: abc\r\n\r\n"]:
            status, _, _, _ = self.round_trip(raw)
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


if __name__ == "__main__":
    unittest.main()


class Gzip(ServerCase):
    """Python's xmlrpc.client sends Accept-Encoding: gzip and can gzip its
    request bodies (Transport.encode_threshold); both work end to end."""

    def test_a_large_reply_comes_gzipped_and_python_reads_it(self):
        proxy = self.server.proxy()
        multi = xmlrpc.client.MultiCall(proxy)
        for i in range(700):  # a reply of about 130 KB, over 64 KiB
            multi.add_item(f"item-{i}", i)
        list(multi())
        items = proxy.get_all_items()  # gzipped on the wire, decoded by Python
        self.assertEqual(len(items), 700)
        self.assertEqual(items["700"], {"name": "item-699",
                                        "quantity": 699})
        conn = http.client.HTTPConnection(self.server.host, self.server.port,
                                          timeout=10)
        body = xmlrpc.client.dumps((), "get_all_items").encode()
        for accept, gzipped in (("gzip", True), ("identity", False)):
            conn.request("POST", "/RPC2", body, {
                "Content-Type": "text/xml", "Accept-Encoding": accept})
            resp = conn.getresponse()
            raw = resp.read()
            self.assertEqual(resp.getheader("Content-Encoding") == "gzip",
                             gzipped)
            plain = gzip.decompress(raw) if gzipped else raw
            self.assertEqual(xmlrpc.client.loads(plain)[0][0], items)
            if gzipped:
                self.assertLess(len(raw), len(plain) / 4)
        conn.close()

    def test_a_gzipped_request_body_is_served(self):
        transport = xmlrpc.client.Transport()
        transport.encode_threshold = 0  # gzip every request body
        proxy = xmlrpc.client.ServerProxy(self.server.url,
                                          transport=transport)
        self.assertEqual(proxy.add_item("zipped", 3),
                         "Product added with ID 1\n")
        self.assertEqual(self.server.proxy().inventory.get(1)["name"],
                         "zipped")

    def test_a_gzip_bomb_gets_413_and_changes_nothing(self):
        call = xmlrpc.client.dumps(("x" * 1000, 1), "add_item").encode()
        bomb = gzip.compress(call.replace(b"x" * 1000, b"x" * 3_000_000))
        self.assertLess(len(bomb), 1 << 20)  # within --max-body compressed
        status, _, _, _ = self.post_raw(bomb, {"Content-Encoding": "gzip"})
        self.assertEqual(status, 413)
        self.assertEqual(self.server.proxy().inventory.count(), 0)
        status, _, _, _ = self.post_raw(b"\x1f\x8b broken",
                                        {"Content-Encoding": "gzip"})
        self.assertEqual(status, 400)
        status, _, _, _ = self.post_raw(call, {"Content-Encoding": "br"})
        self.assertEqual(status, 415)
        self.assertEqual(self.server.proxy().inventory.count(), 0)

    def post_raw(self, body, headers):
        sock = self.server.connect()
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(f"POST /RPC2 HTTP/1.1\r\nHost: x\r\n{head}Content-Length:"
                     f" {len(body)}\r\n\r\n".encode() + body)
        try:
            return read_response(sock)
        finally:
            sock.close()
