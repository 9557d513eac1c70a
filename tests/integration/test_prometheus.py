"""A real Prometheus (Debian's prometheus) scrapes the server with
deploy/prometheus.yml (its target and interval replaced for the test) while
load runs; its HTTP API must then answer rate() above zero and a
histogram_quantile()."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse
import urllib.request
import xmlrpc.client

from metrics_fixture import start_with_metrics

DEPLOY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "deploy", "prometheus.yml")


def free_port():
    # Prometheus cannot be told port 0 and report it: take a free one.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RealPrometheus(unittest.TestCase):
    def setUp(self):
        self.binary = shutil.which("prometheus")
        if self.binary is None:
            raise AssertionError("prometheus missing: tools/install-deps.sh "
                                 "--all installs it")
        self.server, self.base = start_with_metrics()
        self.addCleanup(self.server.kill)
        self.tmp = tempfile.TemporaryDirectory(prefix="prometheus-")
        self.addCleanup(self.tmp.cleanup)

    def config(self):
        with open(DEPLOY) as f:
            text = f.read()
        target = self.base[len("http://"):]
        text = text.replace('"127.0.0.1:9100"', f'"{target}"')
        text = re.sub(r"scrape_interval: \S+", "scrape_interval: 1s", text)
        text = re.sub(r"evaluation_interval: \S+", "evaluation_interval: 1s",
                      text)
        path = os.path.join(self.tmp.name, "prometheus.yml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def query(self, port, expr):
        url = (f"http://127.0.0.1:{port}/api/v1/query?"
               + urllib.parse.urlencode({"query": expr}))
        with urllib.request.urlopen(url, timeout=10) as r:
            reply = json.load(r)
        self.assertEqual(reply["status"], "success", reply)
        return reply["data"]["result"]

    def test_rate_and_quantile_from_a_real_prometheus(self):
        port = free_port()
        log_path = os.path.join(self.tmp.name, "prometheus.log")
        log = open(log_path, "wb")
        self.addCleanup(log.close)
        prom = subprocess.Popen(
            [self.binary, "--config.file=" + self.config(),
             "--storage.tsdb.path=" + os.path.join(self.tmp.name, "data"),
             f"--web.listen-address=127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=log)

        def stop_prometheus():
            if prom.poll() is None:
                prom.send_signal(signal.SIGTERM)
                try:
                    prom.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    prom.kill()
                    prom.wait()
        self.addCleanup(stop_prometheus)
        stop = threading.Event()

        def load():
            rpc = xmlrpc.client.ServerProxy(self.server.url)
            rpc.add_item("widget", 5)
            while not stop.is_set():
                rpc.get_item(1)
        worker = threading.Thread(target=load)
        worker.start()
        rate = quantile = None
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                time.sleep(1)
                try:
                    rate = self.query(port, 'sum(rate(inventory_rpc_requests_total{method="get_item",outcome="ok"}[15s]))')
                    quantile = self.query(port, 'histogram_quantile(0.99, sum by (le) (rate(inventory_rpc_request_duration_seconds_bucket{method="get_item"}[15s])))')
                except OSError:
                    continue    # not listening yet
                if rate and float(rate[0]["value"][1]) > 0 and quantile \
                        and quantile[0]["value"][1] not in ("NaN", "+Inf"):
                    break
        finally:
            stop.set()
            worker.join()
        with open(log_path, "rb") as f:
            self.assertTrue(rate, f.read()[-3000:])
        self.assertGreater(float(rate[0]["value"][1]), 0, rate)
        p99 = float(quantile[0]["value"][1])
        self.assertGreater(p99, 0, quantile)
        self.assertLess(p99, 10, quantile)
        up = self.query(port, 'up{job="inventory-server"}')
        self.assertEqual(up[0]["value"][1], "1", up)
        code, _, err = self.server.stop()
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    unittest.main()
