"""inventory-client and inventory-stress against a secured server (issue
11, client side): https with --cacert, logins from --user with
INVENTORY_PASSWORD, a prompt on a terminal or user:pass@ in the URL, the
refused login (exit 4), a reader's 403 fault, untrusted certificates, and
a stress run with its oracle. Certificates come from the openssl CLI
(tls_fixture.py), users from `inventory-server users add`."""

import os
import socket
import ssl
import subprocess
import unittest
import xmlrpc.client

from server_process import CLIENT, HOST, ServerProcess
from terminal import Terminal
from tls_fixture import Pki, add_user

STRESS = os.environ.get("INVENTORY_STRESS", "inventory-stress")
PASSWORDS = {"alice": "alice-pw", "bob": "bob-pw"}
REFUSED = b"inventory-client: authentication failed\n"
MENU_PROMPT = b"Enter your choice: "


def environment(password=None):
    env = dict(os.environ)
    env.pop("INVENTORY_URL", None)
    env.pop("INVENTORY_PASSWORD", None)
    if password is not None:
        env["INVENTORY_PASSWORD"] = password
    return env


class Secured(unittest.TestCase):
    """A CA, a server certificate for 127.0.0.1 and a users file shared by
    the tests; each test starts its own server (so the login throttle of
    one never meets another)."""

    @classmethod
    def setUpClass(cls):
        cls.pki = Pki()
        cls.users = cls.pki.path("users")
        add_user(cls.users, "alice", "writer", PASSWORDS["alice"])
        add_user(cls.users, "bob", "reader", PASSWORDS["bob"])
        cls.ca = cls.pki.ca_file()

    @classmethod
    def tearDownClass(cls):
        cls.pki.cleanup()

    def setUp(self):
        self.server = ServerProcess(
            "--in-memory", "--tls-cert", self.pki.server_cert, "--tls-key",
            self.pki.server_key, "--users", self.users)
        self.addCleanup(self.server.kill)
        self.port = self.server.port
        self.url = f"https://{HOST}:{self.port}/RPC2"

    def tearDown(self):
        code, _, err = self.server.stop()
        self.assertEqual(code, 0, err)

    def url_as(self, userinfo, host=HOST):
        return f"https://{userinfo}@{host}:{self.port}/RPC2"

    def client(self, *args, url=None, password=None, cacert=True, stdin="",
               timeout=30):
        argv = [CLIENT, "--url", url or self.url]
        if cacert:
            argv += ["--cacert", self.ca]
        return subprocess.run(argv + list(args), input=stdin.encode(),
                              capture_output=True, timeout=timeout,
                              env=environment(password))

    def proxy(self, user):
        context = ssl.create_default_context(cafile=self.ca)
        rpc = xmlrpc.client.ServerProxy(
            self.url_as(f"{user}:{PASSWORDS[user]}"), context=context)
        self.addCleanup(rpc("close"))
        return rpc

    def assertNoPassword(self, *outputs):
        for out in outputs:
            for password in PASSWORDS.values():
                self.assertNotIn(password.encode(), out)


class Commands(Secured):
    def test_a_writer_adds_and_gets_over_https(self):
        res = self.client("--user", "alice", "add", "widget", "5",
                          password="alice-pw")
        self.assertEqual((res.returncode, res.stdout, res.stderr),
                         (0, b"Product added with ID 1\n", b""))
        res = self.client("--user", "alice", "get", "1", password="alice-pw")
        self.assertEqual((res.returncode, res.stdout),
                         (0, b"Product ID: 1, Name: widget, Quantity: 5\n"))
        self.assertEqual(self.proxy("alice").inventory.count(), 1)

    def test_a_reply_above_one_tls_record_arrives_whole(self):
        # 300 items are about 60 KiB of get_all_items, several TLS records
        # (the server once sent only the head of such a reply).
        rpc = self.proxy("alice")
        for i in range(300):
            rpc.add_item(f"item-{i}", i)
        res = self.client("--user", "bob", "list", password="bob-pw",
                          timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stdout.decode().splitlines()
        self.assertEqual(len(lines), 300)
        self.assertEqual(lines[-1], "Product ID: 300, Name: item-299, "
                                    "Quantity: 299")

    def test_a_refused_login_exits_4_with_one_line(self):
        cases = [
            (("--user", "alice"), "wrong"),           # wrong password
            (("--user", "mallory"), "alice-pw"),       # unknown user
            ((), None),                                # no credentials
        ]
        for flags, password in cases:
            with self.subTest(flags=flags):
                res = self.client(*flags, "add", "x", "1", password=password)
                self.assertEqual(res.returncode, 4, res.stderr)
                self.assertEqual(res.stderr, REFUSED)
                self.assertEqual(res.stdout, b"")
        res = self.client("--json", "--user", "alice", "count",
                          password="wrong")
        self.assertEqual((res.returncode, res.stderr), (4, REFUSED))
        self.assertEqual(self.proxy("alice").inventory.count(), 0)

    def test_a_readers_write_prints_the_403_fault(self):
        self.proxy("alice").add_item("widget", 5)
        res = self.client("--user", "bob", "add", "x", "1", password="bob-pw")
        self.assertEqual(res.returncode, 1, res.stderr)
        self.assertEqual(res.stderr,
                         b"Error 403: add_item: forbidden for role reader\n")
        res = self.client("--user", "bob", "adjust", "1", "-5",
                          password="bob-pw")
        self.assertEqual(res.stderr, b"Error 403: inventory.adjust: "
                                     b"forbidden for role reader\n")
        res = self.client("--json", "--user", "bob", "delete", "1",
                          password="bob-pw")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr, b'{"faultCode":403,"faultString":'
                                     b'"delete_item: forbidden for role '
                                     b'reader"}\n')
        # Nothing changed, and a reader still reads.
        self.assertEqual(self.proxy("alice").get_all_items(),
                         {"1": {"name": "widget", "quantity": 5}})
        res = self.client("--user", "bob", "get", "1", password="bob-pw")
        self.assertEqual(res.returncode, 0, res.stderr)

    def test_an_untrusted_certificate_is_a_tls_error(self):
        untrusted = (f"Cannot reach server at {self.url}: TLS handshake "
                     "failed: the server's certificate is not trusted "
                     "(unable to get local issuer certificate; --cacert "
                     "names the CA to trust)\n").encode()
        res = self.client("--user", "alice", "count", password="alice-pw",
                          cacert=False)  # the system's trust store
        self.assertEqual((res.returncode, res.stderr), (3, untrusted))
        other = subprocess.run(
            [CLIENT, "--url", self.url, "--cacert",
             self.pki.ca_file(self.pki.other_ca), "--user", "alice", "count"],
            capture_output=True, timeout=30, env=environment("alice-pw"))
        self.assertEqual((other.returncode, other.stderr), (3, untrusted))
        # The certificate is for 127.0.0.1, not for the name localhost.
        local = f"https://localhost:{self.port}/RPC2"
        res = self.client("--user", "alice", "count", url=local,
                          password="alice-pw")
        self.assertEqual(res.returncode, 3, res.stderr)
        self.assertEqual(res.stderr, (
            f"Cannot reach server at {local}: TLS handshake failed: the "
            "server's certificate is not trusted (hostname mismatch)\n")
            .encode())
        self.assertEqual(self.proxy("alice").inventory.count(), 0)

    def test_plain_http_to_the_tls_port_is_an_http_error(self):
        res = self.client("count", url=self.url.replace("https", "http"),
                          cacert=False)
        self.assertEqual((res.returncode, res.stderr),
                         (3, b"HTTP 400 from server\n"))

    def test_user_and_password_in_the_url(self):
        res = self.client("add", "widget", "2",
                          url=self.url_as("alice:alice-pw"))
        self.assertEqual((res.returncode, res.stdout),
                         (0, b"Product added with ID 1\n"), res.stderr)
        # Percent escapes are decoded as Python's ServerProxy does.
        res = self.client("count", url=self.url_as("al%69ce:alice%2Dpw"))
        self.assertEqual((res.returncode, res.stdout), (0, b"1\n"),
                         res.stderr)
        res = self.client("count", url=self.url_as("alice:alice%2Dpx"))
        self.assertEqual((res.returncode, res.stderr), (4, REFUSED))
        # A name without a password takes it from the environment.
        res = self.client("count", url=self.url_as("bob"), password="bob-pw")
        self.assertEqual((res.returncode, res.stdout), (0, b"1\n"))
        # --user beside a user in the URL is a usage error.
        res = self.client("--user", "bob", "count",
                          url=self.url_as("alice:alice-pw"))
        self.assertEqual(res.returncode, 2)
        self.assertNoPassword(res.stderr)

    def test_no_line_shows_the_password(self):
        with socket.socket() as s:
            s.bind((HOST, 0))
            closed = s.getsockname()[1]
        url = f"https://alice:alice-pw@{HOST}:{closed}/RPC2"
        res = self.client("count", url=url)
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stderr.decode(),
                         f"Cannot reach server at https://alice:***@{HOST}:"
                         f"{closed}/RPC2: Connection refused\n")
        res = self.client("count", url=f"https://alice:alice-pw@{HOST}:0/")
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"alice:***@", res.stderr)
        res = self.client(stdin="5\n6\n", url=url)
        self.assertIn(b"alice:***@", res.stdout)
        self.assertNoPassword(res.stdout, res.stderr)

    def test_the_password_comes_from_inventory_password(self):
        res = self.client("--user", "alice", "count", password="alice-pw")
        self.assertEqual((res.returncode, res.stdout), (0, b"0\n"), res.stderr)
        # No terminal to ask on and no INVENTORY_PASSWORD: a clear usage
        # error before anything is sent.
        res = self.client("--user", "alice", "count")
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"no password for user 'alice': set INVENTORY_PASSWORD",
                      res.stderr)
        self.assertEqual(res.stderr.count(b"\n"), 1)

    def test_the_exit_codes_are_documented(self):
        res = subprocess.run([CLIENT, "--help"], capture_output=True,
                             timeout=30)
        self.assertIn(b"4 authentication failed", res.stdout)
        for flag in (b"--cacert", b"--user", b"INVENTORY_PASSWORD"):
            self.assertIn(flag, res.stdout)


class Menu(Secured):
    def menu(self, *args):
        term = Terminal([CLIENT, "--url", self.url, "--cacert", self.ca,
                         *args])
        self.addCleanup(term.close)
        return term

    def test_the_menu_asks_for_a_login_on_401_without_echo(self):
        term = self.menu()
        self.assertTrue(term.read_until(MENU_PROMPT), term.output)
        term.write(b"1\r")
        self.assertTrue(term.read_until(b"Enter the item name: "))
        term.write(b"widget\r")
        self.assertTrue(term.read_until(b"Enter the quantity to add: "))
        term.write(b"3\r")
        self.assertTrue(term.read_until(b"User name: "), term.output)
        term.write(b"alice\r")
        self.assertTrue(term.read_until(b"Password for alice: "), term.output)
        term.write(b"alice-pw\r")
        self.assertTrue(term.read_until(b"Product added with ID 1"),
                        term.output)
        # Logged in from then on: no second question.
        self.assertTrue(term.read_until(MENU_PROMPT, 2), term.output)
        term.write(b"5\r")
        self.assertTrue(term.read_until(b"Name: widget, Quantity: 3"),
                        term.output)
        self.assertTrue(term.read_until(MENU_PROMPT, 3), term.output)
        term.write(b"6\r")
        self.assertTrue(term.read_until(b"Client session ended."))
        self.assertEqual(term.wait(), 0, term.output)
        self.assertEqual(term.output.count(b"User name: "), 1)
        self.assertNotIn(b"alice-pw", term.output)  # never echoed
        self.assertEqual(self.proxy("alice").inventory.count(), 1)

    def test_a_wrong_password_in_the_menu_exits_4(self):
        term = self.menu()
        self.assertTrue(term.read_until(MENU_PROMPT), term.output)
        term.write(b"5\r")
        self.assertTrue(term.read_until(b"User name: "), term.output)
        term.write(b"alice\r")
        self.assertTrue(term.read_until(b"Password for alice: "), term.output)
        term.write(b"guess\r")
        self.assertTrue(term.read_until(REFUSED.strip()), term.output)
        self.assertEqual(term.wait(), 4, term.output)
        self.assertNotIn(b"guess", term.output)

    def test_user_flag_asks_for_the_password_at_start(self):
        term = self.menu("--user", "alice", "count")
        self.assertTrue(term.read_until(b"Password for alice: "), term.output)
        term.write(b"alice-pw\r")
        self.assertEqual(term.wait(), 0, term.output)
        self.assertNotIn(b"alice-pw", term.output)
        self.assertTrue(term.output.endswith(b"0\r\n"), term.output)

    def test_without_a_terminal_the_menu_exits_4_on_401(self):
        res = self.client(stdin="5\n6\n")
        self.assertEqual(res.returncode, 4)
        self.assertEqual(res.stderr, REFUSED)
        self.assertTrue(res.stdout.endswith(b"Client session ended.\n"))


class Stress(Secured):
    def stress(self, *args, password=None):
        argv = [STRESS, "--cacert", self.ca, "--duration", "1s", "--clients",
                "4", "--items", "20", "--quiet", *args]
        return subprocess.run(argv, capture_output=True, timeout=120,
                              env=environment(password))

    def test_every_scenario_runs_against_the_secured_server(self):
        for scenario in ("mix", "lost-update", "checkout", "seed"):
            with self.subTest(scenario=scenario):
                res = self.stress("--url", self.url_as("alice:alice-pw"),
                                  "--scenario", scenario)
                self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
                self.assertIn(b"invariants: OK", res.stdout)
                self.assertIn(b"transport errors: none", res.stdout)
                self.assertIn(f"https://alice:***@{HOST}".encode(),
                              res.stdout)
                self.assertNoPassword(res.stdout, res.stderr)
        self.assertEqual(self.proxy("alice").inventory.count(), 0)

    def test_user_flag_and_a_connection_per_request(self):
        res = self.stress("--url", self.url, "--user", "alice",
                          "--no-keep-alive", password="alice-pw")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertIn(b"invariants: OK", res.stdout)

    def test_a_refused_login_or_certificate_stops_the_run(self):
        res = self.stress("--url", self.url_as("alice:wrong"))
        self.assertEqual(res.returncode, 3, res.stderr)
        self.assertIn(b"HTTP 401 from server: authentication failed",
                      res.stderr)
        res = self.stress("--url", self.url_as("bob:bob-pw"))
        self.assertEqual(res.returncode, 3, res.stderr)
        self.assertIn(b"403", res.stderr)  # a reader cannot set up a run
        res = subprocess.run(
            [STRESS, "--url", self.url_as("alice:alice-pw"), "--duration",
             "1s", "--quiet"], capture_output=True, timeout=60,
            env=environment())
        self.assertEqual(res.returncode, 3)
        self.assertIn(b"certificate is not trusted", res.stderr)
        self.assertNoPassword(res.stdout, res.stderr)


if __name__ == "__main__":
    unittest.main()
