"""Gateway and store nodes (--role): several real processes on loopback,
CAF's middleman between them, Python's xmlrpc.client in front."""

import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
import xmlrpc.client

from server_process import BINARY, HOST, ServerProcess
from tls_fixture import Pki

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")
# Our store link with another middleman.app-identifiers (tests/node/).
FOREIGN_GATEWAY = os.environ.get("FOREIGN_GATEWAY", "foreign_gateway")
# Short link timings so losing a store shows within a test's patience.
FAST_LINK = ("--node-heartbeat", "0.2", "--node-timeout", "1")


class StoreProcess:
    """One --role store process; its node address is self.address."""

    def __init__(self, data, *args, port=0):
        """`data` None: --in-memory."""
        argv = [BINARY, "--role", "store",
                *(["--data", data] if data else ["--in-memory"]),
                "--node-listen", f"{HOST}:{port}", *args]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        read = ServerProcess._read_line
        line = read(self.proc.stdout, timeout=10)
        if line.startswith(b"Data: "):
            line = read(self.proc.stdout, timeout=10)
        match = re.fullmatch(rb"Store node listening on (\S+):(\d+)\n", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"unexpected startup line {line!r}, "
                               f"{self.proc.stderr.read()!r}")
        self.listening_at = time.monotonic()
        self.port = int(match.group(2))
        self.address = f"{HOST}:{self.port}"

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=10)
        return self.proc.returncode, out, err


def gateway(store, *args):
    return ServerProcess("--role", "gateway", "--store", store.address,
                         *args, quiet=True)


class _ImpatientTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = 1.0
        return conn


def impatient(server):
    """A proxy whose calls give up after 1 s without an answer."""
    return xmlrpc.client.ServerProxy(server.url,
                                     transport=_ImpatientTransport())


def fault_of(call, *args):
    """The fault `call(*args)` raises, or None when it succeeds."""
    try:
        call(*args)
    except xmlrpc.client.Fault as f:
        return f
    return None


DEPLOY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "..", "deploy")


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Nginx:
    """Debian's nginx with deploy/nginx-gateways.conf, its gateways and port
    replaced by `gateways` and a free port."""

    def __init__(self, directory, gateways):
        with open(os.path.join(DEPLOY, "nginx-gateways.conf")) as f:
            site = f.read()
        servers = "".join(
            f"    server {HOST}:{gw.port} max_fails=3 fail_timeout=5s;\n"
            for gw in gateways)
        site = re.sub(r"(    server 127\.0\.0\.1:909[12] .*\n)+", servers,
                      site)
        self.port = free_port()
        site = site.replace("listen 127.0.0.1:9090;",
                            f"listen {HOST}:{self.port};")
        with open(os.path.join(directory, "gateways.conf"), "w") as f:
            f.write(site)
        temp = os.path.join(directory, "temp")
        os.mkdir(temp)
        with open(os.path.join(directory, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/gateways.conf;
}}
""")
        self.proc = subprocess.Popen(
            ["nginx", "-p", directory, "-c", f"{directory}/nginx.conf",
             "-g", "daemon off;"], stderr=subprocess.PIPE)
        self.url = f"http://{HOST}:{self.port}/RPC2"
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection((HOST, self.port), 1).close()
                return
            except OSError:
                if self.proc.poll() is not None or \
                        time.monotonic() > deadline:
                    raise RuntimeError(
                        f"nginx did not start: {self.proc.stderr.read()!r}")
                time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc.stderr.close()


class Nodes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="inventory-nodes-")
        self.data = os.path.join(self.tmp.name, "store.db")

    def start_store(self, *args, port=0, in_memory=False):
        store = StoreProcess(None if in_memory else self.data, *args,
                             port=port)
        self.addCleanup(store.kill)
        return store

    def start_gateway(self, store, *args):
        gw = gateway(store, *args)
        self.addCleanup(gw.kill)
        self.wait_until_served(gw)
        return gw

    def wait_until_served(self, gw, limit=5):
        """Seconds until `gw` answers a call (its link is up)."""
        started = time.monotonic()
        while True:
            if fault_of(gw.proxy().inventory.count) is None:
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                self.fail(f"gateway not served within {limit}s")
            time.sleep(0.02)

    def test_two_gateways_serve_one_inventory_without_losing_a_change(self):
        store = self.start_store()
        gws = [self.start_gateway(store), self.start_gateway(store)]
        item = gws[0].proxy().inventory.add("shared", 0)["id"]
        self.assertEqual(gws[1].proxy().get_item(item),
                         f"Product ID: {item}, Name: shared, Quantity: 0\n")
        errors = []

        def adjust(gw):
            proxy = gw.proxy()
            try:
                for _ in range(150):
                    proxy.inventory.adjust(item, 1)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
        threads = [threading.Thread(target=adjust, args=(gw,))
                   for gw in gws for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(gws[1].proxy().inventory.get(item)["quantity"], 900)
        many = gws[0].proxy().inventory.adjust_many(
            [{"id": item, "delta": -900}])
        self.assertEqual(many[0]["quantity"], 0)
        self.assertEqual(gws[0].proxy().get_all_items(),
                         gws[1].proxy().get_all_items())

    def test_get_all_items_crosses_in_pages(self):
        store = self.start_store(in_memory=True)
        gw = self.start_gateway(store)
        proxy = gw.proxy()
        count = 11000  # more than two pages of 5,000
        for first in range(0, count, 2000):
            multicall = xmlrpc.client.MultiCall(proxy)
            for i in range(first, min(count, first + 2000)):
                multicall.inventory.add(f"item-{i}", i)
            list(multicall())
        items = proxy.get_all_items()
        self.assertEqual(len(items), count)
        self.assertEqual(list(items), [str(i) for i in range(1, count + 1)])
        self.assertEqual(items[str(count)], {"name": f"item-{count - 1}",
                                             "quantity": count - 1})

    def test_stress_checkout_through_both_gateways_passes_its_oracle(self):
        store = self.start_store()
        gws = [self.start_gateway(store), self.start_gateway(store)]
        for scenario in ("checkout", "mix"):
            res = subprocess.run(
                [STRESS, "--url", gws[0].url, "--url", gws[1].url,
                 "--scenario", scenario, "--duration", "1", "--clients", "8"],
                capture_output=True, timeout=60)
            self.assertEqual(res.returncode, 0,
                             res.stdout.decode() + res.stderr.decode())

    def test_a_killed_gateway_costs_the_other_gateways_clients_nothing(self):
        store = self.start_store()
        gws = [self.start_gateway(store), self.start_gateway(store)]
        item = gws[1].proxy().inventory.add("x", 0)["id"]
        done, errors, calls = threading.Event(), [], [0]

        def load():
            proxy = gws[1].proxy()
            while not done.is_set():
                try:
                    proxy.inventory.adjust(item, 1)
                    calls[0] += 1
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)
        t = threading.Thread(target=load)
        t.start()
        time.sleep(0.3)
        gws[0].proc.kill()
        time.sleep(0.5)
        done.set()
        t.join(10)
        self.assertEqual(errors, [])
        self.assertEqual(gws[1].proxy().inventory.get(item)["quantity"],
                         calls[0])

    def test_store_killed_mid_run_faults_fast_and_resumes_with_every_ack(self):
        store = self.start_store(*FAST_LINK)
        gw = self.start_gateway(store, *FAST_LINK)
        proxy = gw.proxy()
        item = proxy.inventory.add("counted", 0)["id"]
        acked, stop = [0], threading.Event()

        def writer():
            p = gw.proxy()
            while not stop.is_set():
                try:
                    p.inventory.adjust(item, 1)
                    acked[0] += 1
                except xmlrpc.client.Fault:
                    pass
        t = threading.Thread(target=writer)
        t.start()
        time.sleep(0.3)
        store.proc.kill()
        store.proc.wait(10)
        time.sleep(0.3)
        stop.set()
        t.join(10)
        # During the outage every call faults at once, never hangs.
        for _ in range(5):
            started = time.monotonic()
            f = fault_of(proxy.inventory.count)
            self.assertIsNotNone(f)
            self.assertEqual(f.faultCode, -32603)
            self.assertEqual(f.faultString,
                             "inventory.count: store unavailable, retry")
            self.assertLess(time.monotonic() - started, 0.5)
        # The same port and file again: the gateway resumes by itself.
        again = self.start_store(*FAST_LINK, port=store.port)
        waited = self.wait_until_served(gw)
        self.assertLess(time.monotonic() - again.listening_at, 2.0)
        self.assertGreater(acked[0], 0)
        # Every acknowledged change survived (ones whose reply was lost
        # may be there too: the store commits before it answers).
        self.assertGreaterEqual(proxy.inventory.get(item)["quantity"],
                                acked[0])
        self.assertLess(waited, 2.0)
        code, _, err = again.stop()
        self.assertEqual(code, 0, err)
        _, _, gw_err = gw.stop()
        self.assertIn(f"store {store.address}: connected".encode(), gw_err)
        self.assertIn(f"store {store.address}: lost".encode(), gw_err)
        self.assertIn(f"store {store.address}: reconnected".encode(), gw_err)

    def test_a_request_in_flight_fails_at_once_when_the_store_dies(self):
        store = self.start_store()
        gw = self.start_gateway(store, "--request-timeout", "30")
        store.proc.send_signal(signal.SIGSTOP)
        result = {}

        def call():
            result["fault"] = fault_of(gw.proxy().inventory.count)
        t = threading.Thread(target=call)
        t.start()
        time.sleep(0.5)  # the call waits at the stopped store
        self.assertTrue(t.is_alive())
        killed = time.monotonic()
        store.proc.kill()
        t.join(10)
        # At once, not at the 30 s request timeout.
        self.assertFalse(t.is_alive())
        self.assertLess(time.monotonic() - killed, 2.0)
        self.assertEqual(result["fault"].faultCode, -32603)
        self.assertIn("store unavailable, retry", result["fault"].faultString)

    def test_a_stopped_store_is_detected_and_recovers_after_sigcont(self):
        store = self.start_store(*FAST_LINK)
        gw = self.start_gateway(store, *FAST_LINK)
        store.proc.send_signal(signal.SIGSTOP)
        time.sleep(2.0)  # twice the node timeout
        started = time.monotonic()
        f = fault_of(gw.proxy().inventory.count)
        self.assertIsNotNone(f)
        self.assertIn("store unavailable, retry", f.faultString)
        self.assertLess(time.monotonic() - started, 0.5)
        store.proc.send_signal(signal.SIGCONT)
        self.assertLess(self.wait_until_served(gw, limit=10), 10)

    def test_over_the_bound_of_requests_in_flight_the_gateway_says_busy(self):
        store = self.start_store()
        gw = self.start_gateway(store, "--store-max-in-flight", "1",
                                "--request-timeout", "30")
        store.proc.send_signal(signal.SIGSTOP)
        self.addCleanup(lambda: store.proc.send_signal(signal.SIGCONT))
        first = threading.Thread(target=fault_of,
                                 args=(gw.proxy().inventory.count,))
        first.start()  # holds the only slot, at the stopped store
        # Probes give up after 1 s: one that came before the first call
        # took the slot itself, so a later one must find it taken.
        deadline = time.monotonic() + 10
        while True:
            started = time.monotonic()
            try:
                f = fault_of(impatient(gw).inventory.count)
            except (socket.timeout, TimeoutError):
                f = None
            if f is not None:
                self.assertEqual((f.faultCode, f.faultString),
                                 (-32603, "inventory.count: busy, retry"))
                self.assertLess(time.monotonic() - started, 0.5)
                break
            self.assertLess(time.monotonic(), deadline)
        store.proc.send_signal(signal.SIGCONT)
        first.join(10)
        self.assertIsNone(fault_of(gw.proxy().inventory.count))

    def test_node_links_use_mutual_tls_with_the_private_ca(self):
        pki = Pki()
        self.addCleanup(pki.tmp.cleanup)
        ca = pki.path(pki.ca + ".pem")

        def node_tls(name, ca_name=pki.ca):
            cert, key = pki.issue(name, name, ca_name)
            return ("--node-cert", cert, "--node-key", key, "--node-ca",
                    pki.path(ca_name + ".pem"))
        store = self.start_store(*node_tls("store"))
        gw = self.start_gateway(store, *node_tls("gateway"))
        self.assertIsNone(fault_of(gw.proxy().inventory.count))
        # A certificate of another CA, and plain BASP, get nowhere.
        for args in (node_tls("stranger", pki.other_ca), ()):
            other = gateway(store, *args)
            self.addCleanup(other.kill)
            time.sleep(1.5)
            f = fault_of(other.proxy().inventory.count)
            self.assertIsNotNone(f, args)
            self.assertIn("store unavailable, retry", f.faultString)
        self.assertTrue(os.path.exists(ca))

    def test_a_peer_that_never_speaks_basp_leaves_calls_failing_fast(self):
        # Accepts TCP and says nothing: CAF's blocking remote_actor would
        # wait forever; the link's connect times out and tries again.
        silent = socket.socket()
        silent.bind((HOST, 0))
        silent.listen(16)
        self.addCleanup(silent.close)
        port = silent.getsockname()[1]
        gw = ServerProcess("--role", "gateway", "--store", f"{HOST}:{port}",
                           quiet=True)
        self.addCleanup(gw.kill)
        time.sleep(2.5)  # past the first connect timeout (2 s)
        for _ in range(3):
            started = time.monotonic()
            f = fault_of(gw.proxy().inventory.count)
            self.assertIn("store unavailable, retry", f.faultString)
            self.assertLess(time.monotonic() - started, 0.5)
        code, _, err = gw.stop()
        self.assertEqual(code, 0, err)
        self.assertIn(f"store {HOST}:{port}: cannot connect (no answer "
                      f"within the connect timeout), retrying".encode(), err)

    def test_a_peer_of_another_application_is_refused_with_a_clear_line(self):
        store = self.start_store()
        res = subprocess.run([FOREIGN_GATEWAY, HOST, str(store.port), "2"],
                             capture_output=True, timeout=30)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn(f"store {store.address}: cannot connect (refused: the "
                      f"peer is another application or version".encode(),
                      res.stderr)
        gw = self.start_gateway(store)  # ours still get in
        self.assertIsNone(fault_of(gw.proxy().inventory.count))

    def test_nginx_in_front_of_two_gateways_survives_losing_one(self):
        store = self.start_store()
        gws = [self.start_gateway(store), self.start_gateway(store)]
        nginx = Nginx(self.tmp.name, gws)
        self.addCleanup(nginx.stop)
        for scenario in ("checkout", "mix"):
            res = subprocess.run(
                [STRESS, "--url", nginx.url, "--scenario", scenario,
                 "--duration", "1", "--clients", "8"],
                capture_output=True, timeout=60)
            self.assertEqual(res.returncode, 0,
                             res.stdout.decode() + res.stderr.decode())
        proxy = xmlrpc.client.ServerProxy(nginx.url)
        item = proxy.inventory.add("via nginx", 0)["id"]
        gws[0].proc.kill()
        gws[0].proc.wait(10)
        # nginx finds the dead gateway refusing and sends on to the other.
        for _ in range(50):
            proxy.inventory.adjust(item, 1)
        self.assertEqual(gws[1].proxy().inventory.get(item)["quantity"], 50)

    def test_a_gateways_health_and_link_metrics_follow_its_store(self):
        store = self.start_store(*FAST_LINK)
        gw = self.start_gateway(store, *FAST_LINK, "--metrics-listen",
                                f"{HOST}:0")
        line = ServerProcess._read_line(gw.proc.stdout, timeout=10)
        match = re.fullmatch(rb"Metrics at (http://\S+)/metrics\n", line)
        self.assertTrue(match, line)
        base = match.group(1).decode()

        def get(path):
            try:
                with urllib.request.urlopen(base + path, timeout=5) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        def metric(name):
            _, text = get("/metrics")
            return float(re.search(rf"^{name} (\S+)$", text, re.M).group(1))
        self.assertEqual(get("/health"), (200, "ok\n"))
        self.assertEqual(metric("inventory_store_link_up"), 1)
        self.assertEqual(metric("inventory_store_reconnects_total"), 0)
        store.proc.kill()
        store.proc.wait(10)
        deadline = time.monotonic() + 5
        while get("/health")[0] != 503 and time.monotonic() < deadline:
            time.sleep(0.05)
        status, reason = get("/health")
        self.assertEqual(status, 503)
        self.assertIn(f"store {store.address} unavailable", reason)
        self.assertEqual(metric("inventory_store_link_up"), 0)
        self.start_store(*FAST_LINK, port=store.port)
        self.wait_until_served(gw)
        self.assertEqual(get("/health"), (200, "ok\n"))
        self.assertEqual(metric("inventory_store_reconnects_total"), 1)

    def test_a_second_store_on_the_same_file_refuses_to_start(self):
        first = self.start_store()
        res = subprocess.run([BINARY, "--role", "store", "--data", self.data,
                              "--node-listen", f"{HOST}:0"],
                             capture_output=True, timeout=30)
        self.assertEqual(res.returncode, 1)
        self.assertIn(f"PID {first.proc.pid}".encode(), res.stderr)
        self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)

    def test_role_flags_are_checked(self):
        cases = [
            (("--role", "gateway"), b"--role gateway needs --store"),
            (("--role", "gateway", "--store", "127.0.0.1:1", "--in-memory"),
             b"--in-memory is for --role store or all"),
            (("--role", "store", "--port", "0"), b"--port is for --role"),
            (("--store", "127.0.0.1:1"), b"--store is for --role gateway"),
            (("--role", "store", "--node-listen", "127.0.0.1:x"),
             b"expected HOST:PORT"),
            (("--role", "store", "--node-listen", "0.0.0.0:0",
              "--in-memory"), b"node links off this machine need mutual TLS"),
            (("--role", "gateway", "--store", "192.0.2.1:4242"),
             b"node links off this machine need mutual TLS"),
            (("--role", "store", "--node-heartbeat", "2", "--node-timeout",
              "1"), b"--node-heartbeat must be shorter"),
        ]
        for args, message in cases:
            res = subprocess.run([BINARY, *args], capture_output=True,
                                 timeout=30, cwd=self.tmp.name)
            self.assertEqual(res.returncode, 2, (args, res.stderr))
            self.assertIn(message, res.stderr, args)
            self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
        self.assertEqual(os.listdir(self.tmp.name), [])


if __name__ == "__main__":
    unittest.main()
