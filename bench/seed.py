#!/usr/bin/env python3
"""Seeds a running inventory server with N items (ids 1..N) through the
seed method add_item, in multicalls when the server offers them.

usage: seed.py URL [--items 1000]"""

import argparse
import sys
import xmlrpc.client


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--items", type=int, default=1000)
    args = ap.parse_args()
    rpc = xmlrpc.client.ServerProxy(args.url)
    batch = 500
    for start in range(0, args.items, batch):
        multi = xmlrpc.client.MultiCall(rpc)
        for i in range(start, min(args.items, start + batch)):
            multi.add_item(f"item-{i + 1}", 1000)
        list(multi())
    print(f"seeded {args.items} items", file=sys.stderr)


if __name__ == "__main__":
    main()
