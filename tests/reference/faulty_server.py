#!/usr/bin/env python3
"""A deliberately broken inventory server for testing the stress tool's
oracle: it speaks the structured inventory.* methods correctly, except that
it acknowledges the Nth inventory.adjust without applying it.

usage: faulty_server.py [--host 127.0.0.1] [--port 0] [--drop-adjust 3]"""

import argparse
import sys
import threading
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
    protocol_version = "HTTP/1.1"  # keep-alive, like ours

    def log_message(self, *args):
        pass


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


class Inventory:
    def __init__(self, drop):
        self.items, self.next_id, self.adjusts = {}, 1, 0
        self.drop, self.lock = drop, threading.Lock()

    def add(self, name, quantity):
        with self.lock:
            item = {"id": self.next_id, "name": name, "quantity": quantity,
                    "version": 1}
            self.items[self.next_id] = item
            self.next_id += 1
            return dict(item)

    def get(self, item_id):
        with self.lock:
            return dict(self.items[item_id])

    def adjust(self, item_id, delta):
        with self.lock:
            self.adjusts += 1
            item = self.items[item_id]
            changed = dict(item, quantity=item["quantity"] + delta,
                           version=item["version"] + 1)
            if self.adjusts != self.drop:  # the injected fault
                self.items[item_id] = changed
            return changed

    def delete(self, item_id):
        with self.lock:
            del self.items[item_id]
            return True

    def list(self, after_id, limit):
        with self.lock:
            return [dict(self.items[i]) for i in sorted(self.items)
                    if i > after_id][:limit]

    def count(self):
        with self.lock:
            return len(self.items)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--drop-adjust", type=int, default=3)
    args = ap.parse_args()
    server = Server((args.host, args.port), requestHandler=Handler,
                    allow_none=True, logRequests=False)
    inv = Inventory(args.drop_adjust)
    for name in ("add", "get", "adjust", "delete", "list", "count"):
        server.register_function(getattr(inv, name), "inventory." + name)
    print(f"Server is listening on port {server.server_address[1]}...",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
