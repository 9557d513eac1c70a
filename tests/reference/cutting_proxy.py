#!/usr/bin/env python3
"""A fault injector in front of one inventory server: it forwards HTTP/1.1
POSTs to the backend (keep-alive, one backend connection per client
connection, end-to-end headers both ways, so an Idempotency-Key reaches the
server and Idempotent-Replayed the client), and every Nth call it forwards
(--cut-every N, counted over all connections: the Nth, the 2Nth, ...) it
lets the backend run, reads the backend's whole reply, and then closes the
client's connection without sending a byte of it: the change happened, the
client never learns.

On SIGINT or SIGTERM it prints its counts as one JSON line: forwarded (calls
the backend answered, cut ones included), cut, methods and cut_methods (the
same by XML-RPC method), keyed (forwarded calls with an Idempotency-Key),
replayed (replies passed on marked Idempotent-Replayed: true),
backend_errors (answered 502) and refused (connections over
--max-connections, closed at once).

usage: cutting_proxy.py --backend http://127.0.0.1:9090/RPC2
                        [--cut-every 50] [--host 127.0.0.1] [--port 0]"""

import argparse
import http.client
import json
import re
import signal
import socket
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

METHOD = re.compile(rb"<methodName>([^<]*)</methodName>")
# Headers about one connection, not the request: never forwarded. The
# lengths are set anew, Server and Date by this proxy's own replies.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length"}
MAX_BODY = 16 << 20
IDLE_SECONDS = 60      # a client connection idle this long is closed
BACKEND_SECONDS = 30   # per backend round trip


class Tally:
    """The counts, shared by every connection's thread."""

    def __init__(self, cut_every):
        self.cut_every = cut_every
        self.lock = threading.Lock()
        self.counts = {"forwarded": 0, "cut": 0, "keyed": 0, "replayed": 0,
                       "backend_errors": 0, "refused": 0, "methods": {},
                       "cut_methods": {}}

    def add(self, name, n=1):
        with self.lock:
            self.counts[name] += n

    def forwarded(self, method, keyed, replayed):
        """Books one answered call; whether its reply is to be cut."""
        with self.lock:
            c = self.counts
            c["forwarded"] += 1
            c["methods"][method] = c["methods"].get(method, 0) + 1
            c["keyed"] += keyed
            cut = self.cut_every > 0 and c["forwarded"] % self.cut_every == 0
            if cut:
                c["cut"] += 1
                c["cut_methods"][method] = c["cut_methods"].get(method, 0) + 1
            else:
                c["replayed"] += replayed
            return cut

    def line(self):
        with self.lock:
            return json.dumps(self.counts, sort_keys=True)


class Server(ThreadingHTTPServer):
    """A thread per connection, at most max_connections of them."""

    daemon_threads = True
    request_queue_size = 128  # clients reconnecting after cuts, at once

    def __init__(self, address, handler, backend, tally, max_connections):
        super().__init__(address, handler)
        self.backend = backend
        self.tally = tally
        self.slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            self.tally.add("refused")
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    # The head and the body go in two writes: without this the body would
    # wait for the client's delayed ACK of the head.
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def setup(self):
        super().setup()
        self.upstream = None

    def finish(self):
        try:
            super().finish()
        finally:
            self.drop_upstream()

    def drop_upstream(self):
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None

    def refuse(self, status, text):
        """An error of the proxy's own; the connection ends after it."""
        data = text.encode() + b"\n"
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.headers.get("Transfer-Encoding"):
            return self.refuse(411, "a Content-Length is required")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return self.refuse(400, "bad Content-Length")
        if not 0 <= length <= MAX_BODY:
            return self.refuse(413, "body too large")
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True  # the client went away
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in HOP_BY_HOP}
        backend = self.server.backend
        try:
            if self.upstream is None:
                self.upstream = http.client.HTTPConnection(
                    backend.hostname, backend.port, timeout=BACKEND_SECONDS)
            self.upstream.request("POST", self.path, body, headers)
            reply = self.upstream.getresponse()
            data = reply.read()
        except (OSError, http.client.HTTPException) as e:
            self.drop_upstream()
            self.server.tally.add("backend_errors")
            return self.refuse(502, f"backend: {e}")
        if reply.will_close:
            self.drop_upstream()
            self.close_connection = True
        match = METHOD.search(body)
        method = match.group(1).decode("utf-8", "replace") if match else "?"
        replayed = (reply.getheader("Idempotent-Replayed", "").lower()
                    == "true")
        keyed = any(k.lower() == "idempotency-key" for k in headers)
        if self.server.tally.forwarded(method, keyed, replayed):
            return self.cut()
        self.send_response(reply.status, reply.reason)
        for name, value in reply.getheaders():
            if name.lower() not in HOP_BY_HOP | {"server", "date"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def cut(self):
        # The backend ran the call and answered; the client gets the end of
        # its connection instead of the reply.
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", required=True,
                    help="the server's URL (its host and port; the path is "
                         "the client's)")
    ap.add_argument("--cut-every", type=int, default=50, metavar="N",
                    help="cut the reply to every Nth call (0: none)")
    ap.add_argument("--max-connections", type=int, default=256)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    backend = urllib.parse.urlsplit(args.backend)
    if backend.scheme != "http" or not backend.hostname or not backend.port:
        ap.error("--backend must be http://HOST:PORT/...")
    if args.cut_every < 0 or args.max_connections < 1:
        ap.error("--cut-every must be 0 or more, --max-connections 1 or more")
    tally = Tally(args.cut_every)
    server = Server((args.host, args.port), Forward, backend, tally,
                    args.max_connections)

    def stop(*_):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Server is listening on port {server.server_address[1]}...",
          flush=True)
    server.serve_forever()
    server.server_close()
    print(tally.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
