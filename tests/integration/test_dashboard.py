"""The dashboard in a real browser: headless Chromium (Debian's chromium)
loads /dashboard while the stress tool runs, and the charts' latest values
(which the page keeps in its DOM) must be live and non-zero."""

import html.parser
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import xmlrpc.client

from metrics_fixture import start_with_metrics

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise AssertionError("chromium missing: tools/install-deps.sh --all "
                         "installs it")


class Latest(html.parser.HTMLParser):
    """The data-latest of every now-* element, and the body's samples."""

    def __init__(self):
        super().__init__()
        self.latest, self.samples = {}, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body" and "data-samples" in attrs:
            self.samples = int(attrs["data-samples"])
        ident = attrs.get("id", "")
        if ident.startswith("now-") and "data-latest" in attrs:
            self.latest[ident[4:]] = json.loads(attrs["data-latest"])


class Dashboard(unittest.TestCase):
    def setUp(self):
        self.server, self.base = start_with_metrics()
        self.addCleanup(self.server.kill)
        self.profile = tempfile.TemporaryDirectory(prefix="chromium-")
        self.addCleanup(self.profile.cleanup)
        self.stop = threading.Event()

    def browser(self, *args, timeout=90):
        argv = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + self.profile.name, *args]
        return subprocess.run(argv, capture_output=True, timeout=timeout)

    def faults(self):
        # Faults for the error chart next to the stress tool's load.
        rpc = xmlrpc.client.ServerProxy(self.server.url)
        while not self.stop.is_set():
            try:
                rpc.inventory.get(987654)
            except xmlrpc.client.Fault:
                pass
            time.sleep(0.01)

    def test_charts_hold_live_data_under_load(self):
        stress = subprocess.Popen(
            [STRESS, "--url", self.server.url, "--quiet", "--clients", "8",
             "--duration", "60s"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.addCleanup(lambda: stress.poll() is None and stress.kill())
        faults = threading.Thread(target=self.faults)
        faults.start()
        try:
            time.sleep(1)
            # Virtual time runs the page's 1 s timer 10 times; every fetch
            # of /metrics is real, against the live server.
            done = self.browser("--virtual-time-budget=10000", "--dump-dom",
                                self.base + "/dashboard")
            shot = os.path.join(self.profile.name, "dashboard.png")
            shot_done = self.browser("--virtual-time-budget=8000",
                                     "--window-size=1400,1000",
                                     "--screenshot=" + shot,
                                     self.base + "/dashboard")
        finally:
            self.stop.set()
            faults.join()
            stress.terminate()
            stress.wait(timeout=30)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        page = Latest()
        page.feed(done.stdout.decode())
        self.assertGreaterEqual(page.samples, 3, done.stdout[-3000:])
        latest = page.latest
        self.assertEqual(set(latest), {"rate", "latency", "connections",
                                       "batch", "items", "errors"})
        self.assertGreater(sum(latest["rate"].values()), 0, latest)
        self.assertGreater(latest["latency"]["p50"], 0, latest)
        self.assertGreaterEqual(latest["latency"]["p99"],
                                latest["latency"]["p50"], latest)
        self.assertGreater(latest["connections"]["open"], 0, latest)
        self.assertGreater(latest["batch"]["mean"], 0, latest)
        self.assertGreater(latest["items"]["items"], 0, latest)
        self.assertGreater(latest["errors"].get("404 not found", 0), 0, latest)
        self.assertEqual(shot_done.returncode, 0, shot_done.stderr[-2000:])
        with open(shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 20000)
        if os.environ.get("DASHBOARD_SCREENSHOT"):
            shutil.copy(shot, os.environ["DASHBOARD_SCREENSHOT"])


if __name__ == "__main__":
    unittest.main()
