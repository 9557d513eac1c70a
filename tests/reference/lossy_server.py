#!/usr/bin/env python3
"""An inventory server that loses replies, for testing the client's
retries. It keeps the server's Idempotency-Key contract: a request of a
method that changes data with a key runs once; the same key with the same
request again gets the stored reply and `Idempotent-Replayed: true`, with a
different request fault 422. Its inventory is faulty_server.py's, without a
fault.

  --lose N       run each of the first N requests but send no reply: close
                 the connection (0: lose none)
  --hang         lose a reply by keeping the connection open without a word
                 until the client gives up (its timeout) instead
  --record FILE  append each request as a JSON line
                 {"method", "key" (null: none), "body"}

usage: lossy_server.py [--host 127.0.0.1] [--port 0] [--lose 2] [--hang]
                       [--record FILE]"""

import argparse
import json
import sys
import threading
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xmlrpc.server import SimpleXMLRPCDispatcher

from faulty_server import Inventory

CHANGING = {"add_item", "update_item", "delete_item", "inventory.add",
            "inventory.set_quantity", "inventory.adjust",
            "inventory.adjust_many", "inventory.delete"}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, lose, hang, record):
        super().__init__(address, Handler)
        self.lose, self.hang, self.record = lose, hang, record
        self.lock = threading.Lock()
        self.requests = 0
        self.stored = {}  # key: (request body, reply body)
        self.dispatcher = SimpleXMLRPCDispatcher(allow_none=True)
        self.dispatcher.register_multicall_functions()
        inv = Inventory(0)
        for name in ("add", "get", "adjust", "delete", "list", "count"):
            self.dispatcher.register_function(getattr(inv, name),
                                              "inventory." + name)
        for name in ("add_item", "get_item", "update_item", "delete_item",
                     "get_all_items"):
            self.dispatcher.register_function(getattr(inv, name), name)

    def answer(self, body, key):
        """(reply body, replayed, lost) for one request."""
        with self.lock:
            self.requests += 1
            lost = self.requests <= self.lose
            try:
                method = xmlrpc.client.loads(body)[1]
            except Exception:  # noqa: BLE001 - the dispatcher answers it
                method = None
            if self.record:
                with open(self.record, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"method": method, "key": key,
                                        "body": body.decode("latin-1")})
                            + "\n")
            if key is None or method not in CHANGING:
                return self.dispatcher._marshaled_dispatch(body), False, lost
            if key in self.stored:
                first, reply = self.stored[key]
                if first == body:
                    return reply, True, lost
                fault = xmlrpc.client.Fault(
                    422, f"{method}: idempotency key reused with a different "
                         f"request")
                return xmlrpc.client.dumps(fault).encode(), False, lost
            reply = self.dispatcher._marshaled_dispatch(body)
            self.stored[key] = (body, reply)
            return reply, False, lost


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like ours

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        reply, replayed, lost = self.server.answer(
            body, self.headers.get("Idempotency-Key"))
        if lost:  # it ran; the client never learns
            if self.server.hang:
                self.rfile.read()  # until the client closes
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(reply)))
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(reply)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lose", type=int, default=0)
    ap.add_argument("--hang", action="store_true")
    ap.add_argument("--record")
    args = ap.parse_args()
    server = Server((args.host, args.port), args.lose, args.hang, args.record)
    print(f"Server is listening on port {server.server_address[1]}...",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
