"""Starts the real inventory-server binary on an ephemeral loopback port."""

import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import weakref
import xmlrpc.client

BINARY = os.environ.get("INVENTORY_SERVER", "inventory-server")
CLIENT = os.environ.get("INVENTORY_CLIENT", "inventory-client")
REFERENCE = [sys.executable, os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "reference",
    "inventory_server.py")]
HOST = "127.0.0.1"


class ServerProcess:
    """One server process; stop() sends SIGTERM and checks a clean exit."""

    def __init__(self, *args, quiet=True, program=None, data=None,
                 preexec_fn=None, host=HOST, port="0", cwd=None):
        """Our server keeps its data in a fresh temporary database unless
        `data` names a file (or args say --in-memory)."""
        argv = list(program or [BINARY]) + ["--host", host, "--port", port]
        if quiet:
            argv.append("--quiet")
        self.tmpdir = None
        # A gateway owns no data: the store behind it does.
        if program is None and "--in-memory" not in args \
                and "--config" not in args and "gateway" not in args:
            if data is None:
                self.tmpdir = tempfile.TemporaryDirectory(prefix="inventory-")
                data = os.path.join(self.tmpdir.name, "inventory.db")
            if "--data" not in args:
                argv += ["--data", data]
        self.data = data
        argv.extend(args)
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=preexec_fn, cwd=cwd)
        line = self._read_line(self.proc.stdout, timeout=10)
        if line.startswith(b"Data: "):
            self.data_line = line
            line = self._read_line(self.proc.stdout, timeout=10)
        match = re.fullmatch(rb"Server is listening on port (\d+)\.\.\.\n", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"unexpected startup line {line!r}")
        self.port = int(match.group(1))
        self.host = host
        scheme = "https" if "--tls-cert" in args else "http"
        self.url = f"{scheme}://{host}:{self.port}/RPC2"

    @staticmethod
    def _read_line(stream, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        fd = stream.fileno()
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise RuntimeError(f"no line within {timeout}s, got {data!r}")
            chunk = os.read(fd, 1)
            if not chunk:
                break
            data += chunk
        return data

    def proxy(self):
        return xmlrpc.client.ServerProxy(self.url, allow_none=True)

    def connect(self, timeout=10):
        sock = socket.create_connection((self.host, self.port),
                                        timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def kill(self):
        """Kills the process if it still runs (a cleanup for failed setUps)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.tmpdir is not None:
            self.tmpdir.cleanup()

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stops the server; returns (exit code, stdout, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError(f"server did not stop within {timeout}s")
        if self.tmpdir is not None:
            self.tmpdir.cleanup()
        return self.proc.returncode, out, err


# Bytes read past one response, per socket; weak, so a closed socket's
# leftovers can never reach a later one.
_unread = weakref.WeakKeyDictionary()


class ServerTestCase(unittest.TestCase):
    """A test case with our server running: started fresh for each test,
    stopped with SIGTERM after it (exit 0 and `Server closed.` required),
    and killed even when setUp or the test fails."""

    server_args = ()

    def setUp(self):
        self.server = ServerProcess(*self.server_args)
        self.addCleanup(self.server.kill)

    def tearDown(self):
        code, out, err = self.server.stop()
        self.assertEqual(code, 0, err)
        self.assertTrue(out.endswith(b"Server closed.\n"), out)


class ServerCase(ServerTestCase):
    """A ServerTestCase with an xmlrpc.client proxy and helpers for faults
    and raw calls."""

    def setUp(self):
        super().setUp()
        self.rpc = self.server.proxy()

    def tearDown(self):
        self.rpc("close")()
        super().tearDown()

    def assertFault(self, code, call, *args, message=None):
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            call(*args)
        self.assertEqual(ctx.exception.faultCode, code,
                         ctx.exception.faultString)
        if message is not None:
            self.assertEqual(ctx.exception.faultString, message)
        return ctx.exception

    def send_raw_call(self, body):
        """POSTs a raw body; returns the fault the server answered with."""
        with self.server.connect() as s:
            s.sendall(post("/RPC2", body))
            status, _, reply, _ = read_response(s)
        self.assertEqual(status, 200)
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            parse_reply(reply)
        return ctx.exception

    def assertHealthyAndUnchanged(self, before):
        """A normal call still works and the data did not change."""
        self.assertEqual(self.rpc.get_all_items(), before)
        self.assertEqual(self.rpc.inventory.count(), len(before))



def read_response(sock):
    """Reads one HTTP response: (status, headers dict lower-cased, body,
    status line). Bytes of a following (pipelined) response are kept for
    the next call on the same socket."""
    data = _unread.pop(sock, b"")
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full head: {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the full body")
        rest += chunk
    if rest[length:]:
        _unread[sock] = rest[length:]
    return status, headers, rest[:length], lines[0]


def is_closed(sock, timeout=5):
    """True when the peer closes the connection within `timeout`."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def call_body(method, *params):
    return xmlrpc.client.dumps(params, method, allow_none=True).encode()


def post(path, body, extra_headers="", version="HTTP/1.1"):
    return (f"POST {path} {version}\r\nHost: localhost\r\n"
            f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n"
            f"{extra_headers}\r\n").encode() + body


def parse_reply(body):
    """The decoded XML-RPC reply value; raises xmlrpc.client.Fault."""
    params, _ = xmlrpc.client.loads(body)
    return params[0]
