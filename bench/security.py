#!/usr/bin/env python3
"""What TLS and logins cost, measured side by side in one run.

1. get_item at 64 keep-alive connections (wrk -t1), alternating: plain HTTP
   without users against HTTPS with Basic credentials, same build.
2. A login storm: threads open new TLS connections as fast as they can,
   each logging in as a user not seen before (so every login runs Argon2id),
   while wrk measures a keep-alive client's p99; the same client without
   the storm beside it.

usage: bench/security.py SERVER_BINARY [--rounds 2] [--seconds 8]
Needs wrk and the openssl CLI. Prints a Markdown table."""

import argparse
import base64
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GET_ITEM = os.path.join(HERE, "get_item.lua")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*argv, stdin=None):
    return subprocess.run(argv, check=True, capture_output=True, input=stdin)


class Server:
    def __init__(self, binary, *args):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [binary, "--in-memory", "--quiet", "--port", str(self.port), *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        while b"listening" not in self.proc.stdout.readline():
            pass

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def wrk(url, seconds, connections, header=None):
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
            "-s", GET_ITEM]
    if header:
        argv += ["-H", "Authorization: " + header]
    out = subprocess.run(argv + [url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = "Non-2xx" in out or "Socket errors" in out
    return rps, float(p99.group(1)) * scale, errors


def seed(url, context, header):
    import http.client
    host, port = url.split("//")[1].split("/")[0].split(":")
    make = (http.client.HTTPSConnection if url.startswith("https")
            else http.client.HTTPConnection)
    kwargs = {"context": context} if url.startswith("https") else {}
    conn = make(host, int(port), **kwargs)
    headers = {"Content-Type": "text/xml"}
    if header:
        headers["Authorization"] = header
    for i in range(1000):
        body = (f"<?xml version='1.0'?><methodCall><methodName>add_item"
                f"</methodName><params><param><value><string>item-{i}</string>"
                f"</value></param><param><value><int>1000</int></value>"
                f"</param></params></methodCall>").encode()
        conn.request("POST", "/RPC2", body, headers)
        conn.getresponse().read()
    conn.close()


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=8)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-security-")
    d = tmp.name
    p = lambda name: os.path.join(d, name)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        p("key.pem"), "-out", p("cert.pem"), "-days", "1", "-subj",
        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
    users = p("users")
    run(args.binary, "users", "add", "writer", "--role", "writer", "--file",
        users, stdin=b"pw\n")
    with open(users) as f:
        hash_text = f.read().split(":", 2)[2].strip()
    # Many users with one hash: each one's first login still runs Argon2id.
    with open(users, "a") as f:
        for i in range(20000):
            f.write(f"u{i}:reader:{hash_text}\n")
    os.chmod(users, 0o600)
    tls = ["--tls-cert", p("cert.pem"), "--tls-key", p("key.pem"),
           "--users", users]
    header = basic("writer", "pw")
    context = ssl.create_default_context(cafile=p("cert.pem"))
    load = os.getloadavg()[0]

    print(f"load average before: {load:.1f}; {args.rounds} alternating rounds "
          f"of {args.seconds} s, wrk -t1")
    print()
    print("| run | req/s | p99 |")
    print("|---|---|---|")
    results = {"plain": [], "https+basic": []}
    for r in range(args.rounds):
        for name in ("plain", "https+basic"):
            server = Server(args.binary, *(tls if name != "plain" else []))
            scheme = "https" if name != "plain" else "http"
            url = f"{scheme}://127.0.0.1:{server.port}/RPC2"
            h = header if name != "plain" else None
            seed(url, context, h)
            rps, p99, errors = wrk(url, args.seconds, 64, h)
            server.stop()
            results[name].append(rps)
            print(f"| {name} round {r + 1} | {rps:,.0f} | {p99:.2f} ms "
                  f"{'(errors!)' if errors else ''}|")
    best = {k: max(v) for k, v in results.items()}
    print()
    print(f"HTTPS with Basic / plain (best of each): "
          f"{best['https+basic'] / best['plain']:.2f}")

    # The login storm.
    server = Server(args.binary, *tls)
    url = f"https://127.0.0.1:{server.port}/RPC2"
    seed(url, context, header)
    quiet = wrk(url, args.seconds, 4, header)
    stop = threading.Event()
    logins = [0]
    refused = [0]
    next_user = [0]
    lock = threading.Lock()

    def storm():
        body = (b"<?xml version='1.0'?><methodCall><methodName>"
                b"inventory.count</methodName></methodCall>")
        while not stop.is_set():
            with lock:
                i = next_user[0]
                next_user[0] += 1
            try:
                with socket.create_connection(("127.0.0.1", server.port),
                                              timeout=10) as raw, \
                        context.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                    s.sendall(f"POST /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: "
                              f"{basic(f'u{i}', 'pw')}\r\nContent-Length: "
                              f"{len(body)}\r\n\r\n".encode() + body)
                    status = s.recv(64).split(b" ")[1]
                with lock:
                    if status == b"200":
                        logins[0] += 1
                    else:
                        refused[0] += 1
            except OSError:
                with lock:
                    refused[0] += 1

    threads = [threading.Thread(target=storm) for _ in range(16)]
    for t in threads:
        t.start()
    time.sleep(1)
    stormy = wrk(url, args.seconds, 4, header)
    stop.set()
    for t in threads:
        t.join()
    server.stop()
    print()
    print("| keep-alive client (wrk -t1 -c4, logged in) | req/s | p99 |")
    print("|---|---|---|")
    print(f"| alone | {quiet[0]:,.0f} | {quiet[1]:.2f} ms |")
    print(f"| during a login storm (16 threads, a new user per connection) "
          f"| {stormy[0]:,.0f} | {stormy[1]:.2f} ms |")
    print()
    print(f"storm: {logins[0]} logins verified, {refused[0]} refused "
          f"(busy/throttled/errors) in about {args.seconds + 1} s")


if __name__ == "__main__":
    sys.exit(main())
