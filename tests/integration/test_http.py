"""HTTP behaviour of the real server over raw sockets: keep-alive, HTTP/1.0,
pipelining, Expect, chunked bodies, errors and limits."""

import unittest

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
