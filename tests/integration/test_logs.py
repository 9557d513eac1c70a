"""Logs that survive operations (issue 16, defect 3 and "Operating it"):
SIGPIPE from a vanished log reader, SIGHUP reopening the log file for
logrotate, and the access-log formats."""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import xmlrpc.client

from server_process import BINARY, ServerProcess, post, read_response


def wait_for(predicate, timeout=10, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"no {what} within {timeout}s")


def read(path):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


class LogDir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="inventory-logs-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.log = os.path.join(self.dir, "access.log")

    def start(self, *args):
        server = ServerProcess("--in-memory", "--access-log", self.log, *args,
                               quiet=False)
        self.addCleanup(server.kill)
        return server

    def stop_cleanly(self, server):
        code, out, err = server.stop()
        self.assertEqual(code, 0, err)
        self.assertTrue(out.endswith(b"Server closed.\n"), out)
        return out, err


class BrokenLogReader(unittest.TestCase):
    def test_a_vanished_stderr_reader_is_counted_not_fatal(self):
        # `inventory-server 2>&1 | head`: the reader of the access log goes
        # away; the next line used to kill the server with SIGPIPE.
        server = ServerProcess("--in-memory", quiet=False)
        self.addCleanup(server.kill)
        server.proc.stderr.close()
        with server.proxy() as rpc:
            for i in range(20):
                rpc.inventory.add(f"item{i}", i)
                time.sleep(0.01)  # several log batches, each one failing
            time.sleep(0.3)  # the log flushes every 100 ms
            self.assertEqual(rpc.inventory.count(), 20)
        server.proc.send_signal(signal.SIGTERM)
        out, _ = server.proc.communicate(timeout=10)
        self.assertEqual(server.proc.returncode, 0)
        self.assertTrue(out.endswith(b"Server closed.\n"), out)
        lost = re.search(rb"Access log: (\d+) lines could not be written\n",
                         out)
        self.assertIsNotNone(lost, out)
        self.assertGreaterEqual(int(lost.group(1)), 20)


class Sighup(LogDir):
    def test_sighup_does_not_stop_the_server(self):
        server = ServerProcess("--in-memory")
        self.addCleanup(server.kill)
        server.proc.send_signal(signal.SIGHUP)
        time.sleep(0.2)
        with server.proxy() as rpc:
            self.assertEqual(rpc.inventory.count(), 0)
        self.stop_cleanly(server)

    def test_sighup_reopens_the_access_log_for_logrotate(self):
        server = self.start()
        with server.proxy() as rpc:
            rpc.inventory.add("before", 1)
            wait_for(lambda: read(self.log).count("\n") == 1,
                     what="first line")
            rotated = self.log + ".1"
            os.rename(self.log, rotated)
            server.proc.send_signal(signal.SIGHUP)
            wait_for(lambda: os.path.exists(self.log), what="reopened log")
            rpc.inventory.add("after", 1)
            wait_for(lambda: read(self.log).count("\n") == 1,
                     what="line in the new file")
        self.assertEqual(read(rotated).count("\n"), 1)
        _, err = self.stop_cleanly(server)
        self.assertIn(b"SIGHUP: reloaded access log", err)

    def test_a_log_that_cannot_be_reopened_stays_on_the_old_file(self):
        server = self.start()
        with server.proxy() as rpc:
            os.rename(self.log, self.log + ".1")
            os.mkdir(self.log)  # reopening the path now fails
            server.proc.send_signal(signal.SIGHUP)
            time.sleep(0.3)
            rpc.inventory.add("still logged", 1)
            wait_for(lambda: read(self.log + ".1").count("\n") == 1,
                     what="line in the old file")
        _, err = self.stop_cleanly(server)
        self.assertIn(b"reload: access log: ", err)


class Formats(LogDir):
    def requests(self, server):
        with server.proxy() as rpc:
            rpc.inventory.add("widget", 5)
            with self.assertRaises(xmlrpc.client.Fault):
                rpc.inventory.get(99)
        with server.connect() as s:
            s.sendall(post("/nope", b"", "User-Agent: probe \"x\"\r\n"))
            read_response(s)

    def lines(self, server):
        self.stop_cleanly(server)
        return read(self.log).splitlines()

    def test_seed_is_the_default_and_goes_to_the_file(self):
        server = self.start()
        self.requests(server)
        lines = self.lines(server)
        self.assertEqual(len(lines), 3)
        pattern = (r'127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4} '
                   r'\d\d:\d\d:\d\d\] "%s" %d -$')
        self.assertRegex(lines[0], pattern % ("POST /RPC2 HTTP/1.1", 200))
        self.assertRegex(lines[2], pattern % ("POST /nope HTTP/1.1", 404))

    def test_combined_adds_method_fault_code_and_latency(self):
        server = self.start("--access-log-format", "combined")
        self.requests(server)
        lines = self.lines(server)
        self.assertEqual(len(lines), 3)
        head = (r'127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d '
                r'[+-]\d{4}\] ')
        self.assertRegex(lines[0], head + r'"POST /RPC2 HTTP/1\.1" 200 \d+ "-" '
                         r'"Python-xmlrpc/[\d.]+" inventory\.add 0 '
                         r'\d+\.\d{6}$')
        self.assertRegex(lines[1], r'" inventory\.get 404 \d+\.\d{6}$')
        self.assertRegex(lines[2], head + r'"POST /nope HTTP/1\.1" 404 \d+ '
                         r'"-" "probe \\"x\\"" - 0 \d+\.\d{6}$')

    def test_json_has_the_same_fields_one_object_per_line(self):
        server = self.start("--access-log-format", "json")
        self.requests(server)
        entries = [json.loads(line) for line in self.lines(server)]
        self.assertEqual([e["method"] for e in entries],
                         ["inventory.add", "inventory.get", None])
        self.assertEqual([e["fault_code"] for e in entries], [0, 404, 0])
        self.assertEqual([e["status"] for e in entries], [200, 200, 404])
        self.assertEqual(entries[2]["user_agent"], 'probe "x"')
        self.assertEqual(entries[0]["request"], "POST /RPC2 HTTP/1.1")
        for e in entries:
            self.assertGreater(e["latency_s"], 0)
            self.assertLess(e["latency_s"], 5)
            self.assertRegex(e["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_an_unwritable_log_file_is_one_error_line_and_exit_1(self):
        res = subprocess.run(
            [BINARY, "--port", "0", "--in-memory", "--access-log",
             os.path.join(self.dir, "missing", "access.log")],
            capture_output=True, timeout=30)
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
        self.assertIn(b"No such file or directory", res.stderr)


if __name__ == "__main__":
    unittest.main()
