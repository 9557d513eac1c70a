#!/usr/bin/env python3
"""The original teaching inventory server: stdlib SimpleXMLRPCServer with
ThreadingMixIn and the five seed methods, written from its public
description. It is the peer our client must work against and the Python
baseline in the benchmarks. Like the original it keeps a plain dict with no
lock (so concurrent read-modify-write loses updates) and answers HTTP/1.0,
closing the connection after every reply.

usage: inventory_server.py [--host 127.0.0.1] [--port 9090] [--quiet]
"""

import argparse
import sys
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class RequestHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)


class QuietRequestHandler(RequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass


class ThreadedXMLRPCServer(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


inventory = {}
product_id_counter = 1


def add_item(name, quantity):
    global product_id_counter
    product_id = product_id_counter
    inventory[product_id] = {"name": name, "quantity": quantity}
    product_id_counter += 1
    return f"Product added with ID {product_id}\n"


def update_item(product_id, quantity):
    if product_id in inventory:
        inventory[product_id]["quantity"] = quantity
        return f"Product with ID {product_id} quantity updated\n"
    return f"Product with ID {product_id} not found\n"


def delete_item(product_id):
    if product_id in inventory:
        del inventory[product_id]
        return f"Product with ID {product_id} deleted successfully\n"
    return f"Product with ID {product_id} not found\n"


def get_item(product_id):
    if product_id in inventory:
        item = inventory[product_id]
        return (f"Product ID: {product_id}, Name: {item['name']}, "
                f"Quantity: {item['quantity']}\n")
    return f"Product with ID {product_id} not found"


def get_all_items():
    return {str(k): v for k, v in list(inventory.items())}


def main():
    ap = argparse.ArgumentParser(description="The original Python inventory server.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9090)
    ap.add_argument("--quiet", action="store_true", help="no request log")
    args = ap.parse_args()
    handler = QuietRequestHandler if args.quiet else RequestHandler
    server = ThreadedXMLRPCServer((args.host, args.port), requestHandler=handler,
                                  allow_none=True, logRequests=not args.quiet)
    server.register_introspection_functions()
    server.register_multicall_functions()
    for fn in (add_item, update_item, delete_item, get_item, get_all_items):
        server.register_function(fn)
    print(f"Server is listening on port {server.server_address[1]}...", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()
    print("Server closed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
