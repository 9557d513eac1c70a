#!/usr/bin/env python3
"""A stand-in for a gateway node in front of one inventory server: it
forwards every POST to the backend unchanged (keep-alive, one backend
connection per client connection) and counts the XML-RPC methods it
forwarded. Several of them share the backend's state, as gateways in front
of one store do. On SIGINT it prints the counts as one JSON line.

usage: gateway_proxy.py --backend http://127.0.0.1:9090/RPC2 [--port 0]"""

import argparse
import http.client
import json
import re
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

METHOD = re.compile(rb"<methodName>([^<]*)</methodName>")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    backend = urllib.parse.urlsplit(args.backend)
    counts, lock = {}, threading.Lock()

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            match = METHOD.search(body)
            with lock:
                name = match.group(1).decode() if match else "?"
                counts[name] = counts.get(name, 0) + 1
            if not hasattr(self, "upstream"):
                self.upstream = http.client.HTTPConnection(
                    backend.hostname, backend.port, timeout=30)
            self.upstream.request("POST", backend.path, body,
                                  {"Content-Type": "text/xml"})
            reply = self.upstream.getresponse()
            data = reply.read()
            self.send_response(reply.status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer((args.host, args.port), Forward)
    server.daemon_threads = True

    def stop(*_):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Server is listening on port {server.server_address[1]}...",
          flush=True)
    server.serve_forever()
    with lock:
        print(json.dumps(counts, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
