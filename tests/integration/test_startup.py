"""Starting the real server (issue 16, defects 1 and 4): decimal flags, the
config file, host names, a failed start leaving nothing behind, and the
startup line."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest

from server_process import BINARY, ServerProcess, post, read_response


def version():
    out = subprocess.run([BINARY, "--version"], capture_output=True,
                         check=True, timeout=30).stdout.decode().strip()
    return out.split(" ")[1]


def free_port():
    """A port nothing listens on now, written with five digits none of
    which is 8 or 9 (so that read as octal it is a different valid
    number, not an error that would hide the bug)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 10000 and not set(str(port)) & {"8", "9"}:
            return port
    raise RuntimeError("no suitable free port")


class TempDir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="inventory-startup-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)

    def run_server(self, *args, cwd=None):
        return subprocess.run([BINARY, *args], capture_output=True,
                              timeout=30, cwd=cwd or self.dir)

    def assertUsageError(self, res, needle):
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
        self.assertTrue(res.stderr.startswith(b"inventory-server: "))
        self.assertIn(needle, res.stderr)


class DecimalFlags(TempDir):
    def test_a_zero_padded_port_is_decimal(self):
        port = free_port()
        server = ServerProcess("--in-memory", port=f"0{port}")
        self.addCleanup(server.kill)
        self.assertEqual(server.port, port)
        with server.proxy() as rpc:
            self.assertEqual(rpc.inventory.count(), 0)
        self.assertEqual(server.stop()[0], 0)

    def test_hexadecimal_and_other_notations_are_refused(self):
        for flag, value in [("--max-depth", "0x10"), ("--port", "1e3"),
                            ("--threads", "4.0"), ("--max-body", "+-1"),
                            ("--read-timeout", "0x1p3"),
                            ("--idle-timeout", "inf"),
                            ("--request-timeout", "nan")]:
            res = self.run_server(flag, value, "--in-memory")
            self.assertUsageError(res, b"is not a decimal")

    def test_out_of_range_values_name_the_range(self):
        for flag, value, allowed in [
                ("--port", "70000", b"0..65535"),
                ("--threads", "0", b"1..256"),
                ("--max-depth", "3", b"4..10000"),
                ("--max-connections", "0", b"1..1000000"),
                ("--max-body", "-1", b"1..1073741824"),
                ("--read-timeout", "0", b"0.01..3600")]:
            res = self.run_server(flag, value, "--in-memory")
            self.assertUsageError(res, b"out of range " + allowed)

    def test_a_zero_padded_port_in_the_config_file_is_decimal(self):
        port = free_port()
        config = os.path.join(self.dir, "server.toml")
        with open(config, "w") as f:
            f.write(f"port = 0{port}\nin-memory = true\n")
        # ServerProcess passes --port 0 itself: use the file alone.
        proc = subprocess.Popen([BINARY, "--config", config, "--quiet"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out = ServerProcess._read_line(proc.stdout, 10)
            out += ServerProcess._read_line(proc.stdout, 10)
            self.assertIn(f"listening on port {port}...".encode(), out)
        finally:
            proc.terminate()
            proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 0)


class ConfigFile(TempDir):
    def write(self, text):
        path = os.path.join(self.dir, "server.toml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_every_flag_can_come_from_the_file_and_flags_override_it(self):
        data = os.path.join(self.dir, "from-file.db")
        log = os.path.join(self.dir, "access.log")
        config = self.write(
            f'data = "{data}"\nmax-depth = 5\naccess-log = "{log}"\n'
            'access-log-format = "json"\nmax-body = 100\n')
        # --max-body on the command line wins over the file's 100.
        server = ServerProcess("--config", config, "--max-body", "2000",
                               quiet=False)
        self.addCleanup(server.kill)
        self.assertIn(data.encode(), server.data_line)
        rpc = server.proxy()
        self.assertEqual(rpc.inventory.add("x" * 50, 1)["id"], 1)
        # max-depth 5 from the file: a nested array goes past it.
        with server.connect() as s:
            body = (b"<?xml version='1.0'?><methodCall><methodName>add_item"
                    b"</methodName><params><param><value><array><data><value>"
                    b"<array><data></data></array></value></data></array>"
                    b"</value></param></params></methodCall>")
            s.sendall(post("/RPC2", body))
            status, _, reply, _ = read_response(s)
        self.assertIn(b"-32600", reply)
        self.assertEqual(server.stop()[0], 0)
        self.assertTrue(os.path.exists(data))
        with open(log) as f:
            self.assertIn('"method":"inventory.add"', f.read())

    def test_an_unknown_key_is_a_usage_error(self):
        config = self.write("prot = 9090\n")
        res = self.run_server("--config", config)
        self.assertUsageError(res, b"prot")

    def test_a_missing_file_is_a_usage_error(self):
        res = self.run_server("--config", os.path.join(self.dir, "nope"))
        self.assertUsageError(res, b"nope")

    def test_help_lists_the_file_keys(self):
        res = self.run_server("--help")
        self.assertEqual(res.returncode, 0)
        keys = res.stdout.split(b"Keys:")[1]
        for key in [b"host", b"port", b"threads", b"max-body", b"data",
                    b"in-memory", b"access-log", b"access-log-format",
                    b"request-timeout", b"quiet"]:
            self.assertRegex(keys, rb"\b" + key + rb"[,.]")


class FailedStart(TempDir):
    def start_on_a_taken_port(self, *args):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            res = self.run_server("--port", str(port), *args)
        self.assertEqual(res.returncode, 1, res.stderr)
        return port, res.stderr

    def test_a_taken_port_creates_no_database(self):
        port, err = self.start_on_a_taken_port("--data", "x.db")
        self.assertEqual(os.listdir(self.dir), [])
        self.assertRegex(
            err, rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error "
                 rb"inventory-server: cannot listen on 127\.0\.0\.1:%d: Address "
                 rb"already in use\n$" % port)

    def test_a_taken_port_creates_no_access_log(self):
        self.start_on_a_taken_port("--data", "x.db", "--access-log", "a.log")
        self.assertEqual(os.listdir(self.dir), [])

    def test_a_refused_database_leaves_no_new_log(self):
        with open(os.path.join(self.dir, "x.db"), "wb") as f:
            f.write(os.urandom(8192))
        res = self.run_server("--port", "0", "--data", "x.db",
                              "--access-log", "access.log")
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(os.listdir(self.dir), ["x.db"])

    def test_error_lines_show_no_boost_header_path(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            for args in [("--port", str(port)),
                         ("--host", "256.1.1.1", "--port", "0"),
                         ("--host", "no-such-host.invalid", "--port", "0")]:
                res = self.run_server(*args, "--in-memory")
                self.assertEqual(res.returncode, 1, res.stderr)
                self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
                self.assertNotIn(b"/usr/include", res.stderr)
                self.assertNotIn(b".hpp", res.stderr)
                self.assertNotIn(b"[system:", res.stderr)

    def test_in_memory_with_data_is_a_usage_error(self):
        res = self.run_server("--in-memory", "--data", "x.db")
        self.assertUsageError(res, b"--in-memory")
        self.assertEqual(os.listdir(self.dir), [])

    def test_the_lock_error_names_the_pid_holding_the_file(self):
        path = os.path.join(self.dir, "inventory.db")
        holder = ServerProcess(data=path)
        self.addCleanup(holder.kill)
        res = self.run_server("--port", "0", "--data", path)
        self.assertEqual(res.returncode, 1)
        self.assertIn(b"locked by another inventory-server (PID %d)"
                      % holder.proc.pid, res.stderr)
        self.assertEqual(holder.stop()[0], 0)


class HostNames(unittest.TestCase):
    def test_localhost_is_resolved(self):
        server = ServerProcess("--in-memory", host="localhost")
        self.addCleanup(server.kill)
        with server.proxy() as rpc:
            self.assertEqual(rpc.inventory.count(), 0)
        self.assertEqual(server.stop()[0], 0)


class StartupLine(TempDir):
    def test_it_shows_the_absolute_path_a_new_database_and_the_version(self):
        tail = f"; inventory-server {version()}\n".encode()
        path = os.path.join(os.path.realpath(self.dir), "inventory.db")
        server = ServerProcess("--data", "inventory.db", cwd=self.dir)
        self.addCleanup(server.kill)
        self.assertEqual(server.data_line,
                         f"Data: {path} (new database, 0 items)".encode()
                         + tail)
        with server.proxy() as rpc:
            rpc.add_item("a", 1)
        self.assertEqual(server.stop()[0], 0)
        server = ServerProcess("--data", "inventory.db", cwd=self.dir)
        self.addCleanup(server.kill)
        self.assertEqual(server.data_line,
                         f"Data: {path} (1 items)".encode() + tail)
        self.assertEqual(server.stop()[0], 0)

    def test_the_server_header_carries_the_version(self):
        server = ServerProcess("--in-memory")
        self.addCleanup(server.kill)
        with server.connect() as s:
            s.sendall(post("/RPC2", b"<methodCall/>"))
            _, headers, _, _ = read_response(s)
        self.assertEqual(headers["server"], f"inventory-server/{version()}")
        self.assertEqual(server.stop()[0], 0)


if __name__ == "__main__":
    unittest.main()
