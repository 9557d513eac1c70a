#!/usr/bin/env python3
"""RSS per idle keep-alive connection: the server's RSS with 200 connections
open, then with 10,000 more, each of which made one call and stays open.

usage: bench/idle_connections.py SERVER_BINARY (raises its own descriptor
limit to the hard limit, which must allow 10,200 sockets)"""
import resource, socket, subprocess, sys, time, re
h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]; resource.setrlimit(resource.RLIMIT_NOFILE, (h, h))
def rss(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1])
p = subprocess.Popen([sys.argv[1], "--in-memory", "--quiet", "--port", "0", "--max-connections", "20000"], stdout=subprocess.PIPE)
port = int(re.search(rb"port (\d+)", p.stdout.readline() + p.stdout.readline()).group(1))
body = b"<?xml version='1.0'?><methodCall><methodName>inventory.count</methodName><params></params></methodCall>"
req = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body
def open_n(n):
    socks = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port)); s.sendall(req); socks.append(s)
    for s in socks:
        data = b""
        while b"</methodResponse>" not in data: data += s.recv(4096)
    return socks
warm = open_n(200); time.sleep(0.5)
base = rss(p.pid)
socks = open_n(10000); time.sleep(1)
after = rss(p.pid)
print(f"RSS {base} KiB with 200 connections, {after} KiB with 10,200: {(after-base)/10000:.2f} KiB per idle connection")
p.terminate(); p.wait()
