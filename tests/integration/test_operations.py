"""Operating the real server: flags, exit codes, the access log, signals."""

import os
import resource
import select
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import xmlrpc.client

from server_process import (BINARY, ServerProcess, call_body, post,
                            read_response)


def cpu_seconds(pid):
    """User plus system CPU time of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tcp_counters():
    """The kernel's TCP counters that say who reset a connection: the
    listen queue overflowing (the kernel) or a socket closed with unread
    data (the server)."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:]))
            return {k: table.get(k) for k in (
                "ListenOverflows", "ListenDrops", "TCPAbortOnData",
                "TCPAbortOnClose")}
    return {}


def answered(socks, quiet_for=0.5, limit=5, resets=None):
    """The sockets of `socks` that receive a complete reply, waiting until
    none has come for `quiet_for` seconds (at most `limit`). Sockets reset
    by the peer go into `resets` when given."""
    done, waiting = [], set(socks)
    deadline = time.monotonic() + limit
    while waiting and time.monotonic() < deadline:
        ready, _, _ = select.select(list(waiting), [], [], quiet_for)
        if not ready:
            break
        for s in ready:
            try:
                status, _, _, _ = read_response(s)
            except ConnectionResetError:
                if resets is None:
                    raise
                resets.append(s)
                status = None
            if status == 200:
                done.append(s)
            waiting.discard(s)
    return done


class OutOfDescriptors(unittest.TestCase):
    """soft = hard = 100 descriptors and 150 clients: the acceptor backs
    off instead of spinning, the open connections are served, and the
    clients left in the listen backlog are accepted once descriptors free
    up."""

    def test_the_acceptor_backs_off_serves_and_resumes_by_itself(self):
        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (100, 100))
        server = ServerProcess("--in-memory", preexec_fn=limit)
        self.addCleanup(server.kill)
        request = post("/RPC2", call_body("inventory.count"))
        clients = []
        self.addCleanup(lambda: [c.close() for c in clients])
        for _ in range(150):
            clients.append(server.connect())
            clients[-1].sendall(request)
        served = answered(clients)
        waiting = [c for c in clients if c not in served]
        self.assertGreater(len(served), 50)
        self.assertGreater(len(waiting), 20)
        before = cpu_seconds(server.proc.pid)
        time.sleep(2)
        # A spinning acceptor burns about 2 s here.
        self.assertLess(cpu_seconds(server.proc.pid) - before, 0.4)
        served[0].sendall(request)
        self.assertEqual(answered(served[:1]), served[:1])
        before_counters = tcp_counters()
        for c in served:
            c.close()
        resets = []
        late = answered(waiting, quiet_for=2, resets=resets)
        if len(late) != len(waiting):
            code, _, err = server.stop()
            self.fail(f"{len(late)} of {len(waiting)} waiting clients "
                      f"answered, {len(resets)} reset; TCP counters "
                      f"{before_counters} -> {tcp_counters()}; server exit "
                      f"{code}, stderr: {err[-2000:]!r}")
        code, _, err = server.stop()
        self.assertEqual(code, 0, err)
        self.assertIn(b"cannot accept (Too many open files)", err)


class Operations(unittest.TestCase):
    def run_binary(self, *args):
        return subprocess.run([BINARY, *args], capture_output=True, timeout=30)

    def test_help_and_version(self):
        res = self.run_binary("--help")
        self.assertEqual(res.returncode, 0)
        for flag in [b"--host", b"--port", b"--threads", b"--max-body",
                     b"--max-depth", b"--max-connections", b"--read-timeout",
                     b"--idle-timeout", b"--request-timeout", b"--quiet"]:
            self.assertIn(flag, res.stdout)
        res = self.run_binary("--version")
        self.assertEqual(res.returncode, 0)
        self.assertTrue(res.stdout.startswith(b"inventory-server "))

    def test_bad_flags_exit_2_with_one_line(self):
        for args in [("--bogus",), ("--port", "abc"), ("--port", "70000"),
                     ("--threads", "0"), ("--scheduler", "fast")]:
            res = self.run_binary(*args)
            self.assertEqual(res.returncode, 2, args)
            self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
            self.assertTrue(res.stderr.startswith(b"inventory-server: "))

    def test_a_taken_port_exits_1(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            res = self.run_binary("--port", str(taken.getsockname()[1]))
        self.assertEqual(res.returncode, 1)
        self.assertIn(b"cannot listen", res.stderr)

    def test_access_log_lines_in_the_original_format(self):
        server = ServerProcess(quiet=False)
        server.proxy().inventory.count()
        with server.connect() as s:
            s.sendall(post("/nope", b""))
            read_response(s)
        code, out, err = server.stop()
        self.assertEqual(code, 0)
        lines = err.decode().splitlines()
        pattern = (r'127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\] '
                   r'"%s" %d -')
        self.assertRegex(lines[0], pattern % ("POST /RPC2 HTTP/1.1", 200))
        self.assertRegex(lines[1], pattern % ("POST /nope HTTP/1.1", 404))

    def test_sigterm_and_sigint_under_load_exit_0_and_keep_acknowledged_writes(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            with tempfile.TemporaryDirectory(prefix="inventory-") as tmp:
                data = os.path.join(tmp, "inventory.db")
                server = ServerProcess(data=data)
                self.addCleanup(server.kill)
                server.proxy().inventory.add("a", 0)
                stop = threading.Event()
                lock = threading.Lock()
                acked = [0]
                clients = 4

                def load():
                    rpc = xmlrpc.client.ServerProxy(server.url)
                    while not stop.is_set():
                        try:
                            rpc.inventory.adjust(1, 1)
                        except Exception:  # noqa: BLE001 - the server went away
                            return
                        with lock:
                            acked[0] += 1

                threads = [threading.Thread(target=load) for _ in range(clients)]
                for t in threads:
                    t.start()
                time.sleep(0.5)
                started = time.monotonic()
                code, out, _ = server.stop(sig)
                stop.set()
                for t in threads:
                    t.join(timeout=10)
                self.assertEqual(code, 0)
                self.assertLess(time.monotonic() - started, 5)
                self.assertTrue(out.endswith(b"Server closed.\n"))
                self.assertGreater(acked[0], 0)
                # After a restart on the same file, every acknowledged
                # adjustment is there; at most one per client beyond them
                # (applied, but its reply lost in the shutdown).
                again = ServerProcess(data=data)
                self.addCleanup(again.kill)
                quantity = again.proxy().inventory.get(1)["quantity"]
                code, _, _ = again.stop()
                self.assertEqual(code, 0)
                self.assertGreaterEqual(quantity, acked[0], sig)
                self.assertLessEqual(quantity, acked[0] + clients, sig)

    def test_a_signal_as_soon_as_it_listens_still_shuts_down_cleanly(self):
        # The handler used to be installed after the "listening" line: a
        # SIGTERM sent on seeing it killed about one server in four (-15,
        # no "Server closed."). Twenty tries find that nearly always.
        for attempt in range(20):
            sig = signal.SIGTERM if attempt % 2 == 0 else signal.SIGINT
            server = ServerProcess()
            code, out, err = server.stop(sig)
            self.assertEqual(code, 0, (attempt, err))
            self.assertTrue(out.endswith(b"Server closed.\n"), (attempt, out))


if __name__ == "__main__":
    unittest.main()
