#!/usr/bin/env python3
"""A deliberately broken inventory server for testing the stress tool's
oracle: it speaks the structured inventory.* methods and the five seed
methods correctly, except for the fault chosen:

  --drop-adjust N  acknowledge the Nth inventory.adjust without applying it
                   (0: never)
  --garbage-keys   get_all_items answers keys that are not item ids
  --meddle         start with one hand-made item and change it on every
                   inventory.adjust, as another client would

usage: faulty_server.py [--host 127.0.0.1] [--port 0] [--drop-adjust 3]
                        [--garbage-keys] [--meddle]"""

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
    def __init__(self, drop, garbage_keys=False, meddle=False):
        self.items, self.next_id, self.adjusts = {}, 1, 0
        self.drop, self.lock = drop, threading.Lock()
        self.garbage_keys, self.meddle = garbage_keys, meddle
        if meddle:
            self.add("hand-made", 10)

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
            if self.meddle and item_id != 1:  # another client's change
                self.items[1]["quantity"] += 1
                self.items[1]["version"] += 1
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

    # The seed methods, with the original's reply strings.
    def add_item(self, name, quantity):
        return f"Product added with ID {self.add(name, quantity)['id']}\n"

    def get_item(self, item_id):
        with self.lock:
            item = self.items.get(item_id)
            if item is None:
                return f"Product with ID {item_id} not found"
            return (f"Product ID: {item_id}, Name: {item['name']}, "
                    f"Quantity: {item['quantity']}\n")

    def update_item(self, item_id, quantity):
        with self.lock:
            if item_id not in self.items:
                return f"Product with ID {item_id} not found\n"
            self.items[item_id]["quantity"] = quantity
            return f"Product with ID {item_id} quantity updated\n"

    def delete_item(self, item_id):
        with self.lock:
            if self.items.pop(item_id, None) is None:
                return f"Product with ID {item_id} not found\n"
            return f"Product with ID {item_id} deleted successfully\n"

    def get_all_items(self):
        with self.lock:
            key = "item-{}" if self.garbage_keys else "{}"  # the fault
            return {key.format(i): {"name": x["name"], "quantity": x["quantity"]}
                    for i, x in self.items.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--drop-adjust", type=int, default=3)
    ap.add_argument("--garbage-keys", action="store_true")
    ap.add_argument("--meddle", action="store_true")
    args = ap.parse_args()
    server = Server((args.host, args.port), requestHandler=Handler,
                    allow_none=True, logRequests=False)
    inv = Inventory(args.drop_adjust, args.garbage_keys, args.meddle)
    for name in ("add", "get", "adjust", "delete", "list", "count"):
        server.register_function(getattr(inv, name), "inventory." + name)
    for name in ("add_item", "get_item", "update_item", "delete_item",
                 "get_all_items"):
        server.register_function(getattr(inv, name), name)
    print(f"Server is listening on port {server.server_address[1]}...",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
