"""Durability of the real server: restarts, kill -9 mid-run, startup
errors, and a disk that fills up at run time."""

import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
import xmlrpc.client

from server_process import BINARY, ServerProcess

# "inventory-server 0.2.0", as the startup line ends.
VERSION = subprocess.run([BINARY, "--version"], capture_output=True,
                         check=True, timeout=30).stdout.decode().strip()


class DataDir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="inventory-durable-")
        self.path = os.path.join(self.dir, "inventory.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, **kwargs):
        return ServerProcess(data=self.path, **kwargs)


class Restarts(DataDir):
    def test_changes_ids_and_versions_survive_a_restart(self):
        server = self.start()
        self.assertEqual(server.data_line,
                         f"Data: {self.path} (new database, 0 items); "
                         f"{VERSION}\n".encode())
        rpc = server.proxy()
        rpc.add_item("a", 1)
        rpc.inventory.add("b", 2)
        rpc.inventory.adjust(1, 4)
        rpc.delete_item(2)
        self.assertEqual(server.stop()[0], 0)
        server = self.start()
        self.assertEqual(server.data_line,
                         f"Data: {self.path} (1 items); {VERSION}\n".encode())
        rpc = server.proxy()
        self.assertEqual(rpc.inventory.get(1),
                         {"id": 1, "name": "a", "quantity": 5, "version": 2})
        self.assertEqual(rpc.add_item("c", 1), "Product added with ID 3\n")
        self.assertEqual(server.stop()[0], 0)

    def test_in_memory_mode_writes_no_file(self):
        os.chdir(self.dir)
        server = ServerProcess("--in-memory")
        self.assertEqual(server.data_line,
                         f"Data: in memory only (--in-memory); {VERSION}\n"
                         .encode())
        server.proxy().add_item("a", 1)
        self.assertEqual(server.stop()[0], 0)
        self.assertEqual(os.listdir(self.dir), [])


class Crash(DataDir):
    CLIENTS = 8
    ITEMS = 4

    def test_kill_9_mid_run_keeps_every_acknowledged_change(self):
        server = self.start()
        rpc = server.proxy()
        for i in range(self.ITEMS):
            rpc.inventory.add(f"item{i}", 1000)
        acked = {i: 0 for i in range(1, self.ITEMS + 1)}
        in_flight = {}  # thread -> (item, delta) sent but not answered
        added = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(n):
            proxy = xmlrpc.client.ServerProxy(server.url)
            rnd = random.Random(n)
            while not stop.is_set():
                if rnd.random() < 0.1:
                    with lock:
                        in_flight[n] = ("add", None)
                    try:
                        item = proxy.inventory.add(f"c{n}", 1)
                    except Exception:  # noqa: BLE001 - the server died
                        return
                    with lock:
                        added.append(item["id"])
                        del in_flight[n]
                    continue
                item_id = rnd.randint(1, self.ITEMS)
                delta = rnd.choice([-1, 1, 2])
                with lock:
                    in_flight[n] = (item_id, delta)
                try:
                    proxy.inventory.adjust(item_id, delta)
                except Exception:  # noqa: BLE001 - the server died
                    return
                with lock:
                    acked[item_id] += delta
                    del in_flight[n]

        threads = [threading.Thread(target=client, args=(n,))
                   for n in range(self.CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        total_acked = sum(abs(v) for v in acked.values()) + len(added)
        self.assertGreater(total_acked, 50, "too little load to mean anything")

        server = self.start()
        rpc = server.proxy()
        for item_id in range(1, self.ITEMS + 1):
            got = rpc.inventory.get(item_id)["quantity"]
            expected = 1000 + acked[item_id]
            # Changes in flight at the kill may or may not have landed,
            # but each one whole or not at all.
            pending = [d for (i, d) in in_flight.values() if i == item_id]
            possible = {expected}
            for d in pending:
                possible |= {p + d for p in possible}
            self.assertIn(got, possible, f"item {item_id}")
        for item_id in added:
            self.assertEqual(rpc.inventory.get(item_id)["name"][0], "c")
        # ids are never reused across the crash
        new_id = rpc.inventory.add("after", 1)["id"]
        self.assertGreater(new_id, max(added + [self.ITEMS]))
        self.assertEqual(server.stop()[0], 0)


class StartupErrors(DataDir):
    def run_server(self, *args):
        return subprocess.run([BINARY, "--port", "0", "--quiet", *args],
                              capture_output=True, timeout=30)

    def contents(self):
        if not os.path.exists(self.path):
            return None
        with open(self.path, "rb") as f:
            return f.read()

    def assertRefused(self, needle, *args):
        before = self.contents()
        res = self.run_server("--data", self.path, *args)
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
        self.assertIn(needle, res.stderr)
        self.assertEqual(res.stdout, b"")
        self.assertEqual(self.contents(), before)

    def test_a_newer_schema(self):
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
            db.execute("INSERT INTO meta VALUES ('schema_version', 9)")
        self.assertRefused(b"schema version 9 is newer")

    def test_a_corrupt_file(self):
        with open(self.path, "wb") as f:
            f.write(os.urandom(8192))
        self.assertRefused(b"not a usable database")

    def test_a_file_another_server_holds(self):
        server = self.start()
        try:
            self.assertRefused(b"locked by another inventory-server")
        finally:
            server.stop()

    def test_a_file_another_process_has_locked(self):
        self.start().stop()
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            self.assertRefused(b"cannot write")
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    def test_a_path_that_cannot_be_written(self):
        self.path = os.path.join(self.dir, "missing", "inventory.db")
        self.assertRefused(b"cannot open")


class StorageFailure(DataDir):
    def test_a_full_disk_fails_writes_once_logged_and_nothing_diverges(self):
        server = self.start(quiet=False)
        rpc = server.proxy()
        rpc.inventory.add("first", 1)
        server.stop()
        # Restart with no file allowed to grow past 64 KiB more than the
        # database has now (RLIMIT_FSIZE is per file: database and WAL).
        limit = os.path.getsize(self.path) + 64 * 1024

        def cap():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        server = ServerProcess("--data", self.path, program=None,
                               data=self.path, preexec_fn=cap)
        rpc = server.proxy()
        acknowledged, failures = [], 0
        for i in range(400):
            try:
                acknowledged.append(rpc.inventory.add(f"n{i}-" + "x" * 200, i)["id"])
            except xmlrpc.client.Fault as f:
                self.assertEqual(f.faultCode, -32603)
                self.assertEqual(f.faultString, "inventory.add: storage unavailable")
                failures += 1
        self.assertGreater(failures, 10)
        # reads go on, and memory holds exactly what the disk holds
        self.assertEqual(rpc.get_item(1), "Product ID: 1, Name: first, Quantity: 1\n")
        count = rpc.inventory.count()
        self.assertEqual(count, 1 + len(acknowledged))
        code, _, err = server.stop()
        self.assertEqual(code, 0)
        self.assertEqual(err.count(b"storage failure"), 1, err)
        server = self.start()
        rpc = server.proxy()
        self.assertEqual(rpc.inventory.count(), count)
        for item_id in acknowledged:
            rpc.inventory.get(item_id)
        server.stop()


if __name__ == "__main__":
    unittest.main()
