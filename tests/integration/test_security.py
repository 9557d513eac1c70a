"""TLS, users and roles against the real server: Python's ServerProxy over
https with Basic credentials (as existing clients send them), raw sockets,
certificates made with the openssl CLI."""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import xmlrpc.client

from server_process import BINARY, HOST, ServerProcess, call_body, post
from tls_fixture import Pki, add_user

PASSWORDS = {"alice": "alice-pw", "bob": "bob-pw", "root": "root-pw"}
ROLES = {"alice": "writer", "bob": "reader", "root": "admin"}

# Every method, with arguments that make sense once item 1 exists.
READS = [("get_item", (1,)), ("get_all_items", ()), ("inventory.get", (1,)),
         ("inventory.list", (0, 10)), ("inventory.count", ()),
         ("system.listMethods", ()), ("system.methodHelp", ("get_item",)),
         ("system.methodSignature", ("get_item",)),
         ("system.multicall", ([],))]
WRITES = [("add_item", ("x", 1)), ("update_item", (1, 9)),
          ("inventory.add", ("y", 2)), ("inventory.set_quantity", (1, 8)),
          ("inventory.adjust", (1, 1)),
          ("inventory.adjust_many", ([{"id": 1, "delta": 1}],)),
          ("delete_item", (2,)), ("inventory.delete", (3,))]


def call(proxy, method, args):
    target = proxy
    for part in method.split("."):
        target = getattr(target, part)
    return target(*args)


class Secured(unittest.TestCase):
    """A CA, a server certificate for 127.0.0.1 and a users file, shared by
    the tests; each test starts its own server."""

    @classmethod
    def setUpClass(cls):
        cls.pki = Pki()
        cls.users = cls.pki.path("users")
        for name, role in ROLES.items():
            add_user(cls.users, name, role, PASSWORDS[name])
        cls.context = ssl.create_default_context(cafile=cls.pki.ca_file())

    @classmethod
    def tearDownClass(cls):
        cls.pki.cleanup()

    def start(self, *extra, quiet=True):
        server = ServerProcess("--in-memory", "--tls-cert", self.pki.server_cert,
                               "--tls-key", self.pki.server_key,
                               "--users", self.users, *extra, quiet=quiet)
        self.addCleanup(server.kill)
        return server

    def proxy(self, server, user=None, password=None, context=None):
        auth = f"{user}:{password}@" if user else ""
        return xmlrpc.client.ServerProxy(
            f"https://{auth}{HOST}:{server.port}/RPC2",
            context=context or self.context, allow_none=True)

    def as_user(self, server, name):
        return self.proxy(server, name, PASSWORDS[name])

    def stop(self, server):
        code, out, err = server.stop()
        self.assertEqual(code, 0, err)
        return out, err


class Roles(Secured):
    def test_each_role_calls_exactly_what_it_may(self):
        server = self.start()
        root = self.as_user(server, "root")
        for name in ("a", "b", "c", "d"):
            root.inventory.add(name, 10)
        for user in ("bob", "alice", "root"):
            rpc = self.as_user(server, user)
            for method, args in READS:
                call(rpc, method, args)  # every role may read
        bob = self.as_user(server, "bob")
        before = root.get_all_items()
        for method, args in WRITES:
            with self.assertRaises(xmlrpc.client.Fault, msg=method) as ctx:
                call(bob, method, args)
            self.assertEqual(ctx.exception.faultCode, 403)
            self.assertEqual(ctx.exception.faultString,
                             f"{method}: forbidden for role reader")
        self.assertEqual(root.get_all_items(), before)  # nothing changed
        alice = self.as_user(server, "alice")
        for method, args in WRITES:
            call(alice, method, args)  # a writer may change data
        self.assertEqual(alice.inventory.count(), 4)
        self.stop(server)

    def test_a_readers_multicall_runs_the_reads_and_refuses_the_write(self):
        server = self.start()
        self.as_user(server, "alice").inventory.add("a", 5)
        bob = self.as_user(server, "bob")
        multi = xmlrpc.client.MultiCall(bob)
        multi.inventory.get(1)
        multi.inventory.adjust(1, -5)
        multi.inventory.count()
        results = multi()
        self.assertEqual(results[0]["quantity"], 5)
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            results[1]
        self.assertEqual(ctx.exception.faultCode, 403)
        self.assertEqual(ctx.exception.faultString,
                         "inventory.adjust: forbidden for role reader")
        self.assertEqual(results[2], 1)
        self.assertEqual(bob.inventory.get(1)["quantity"], 5)
        self.stop(server)


class Logins(Secured):
    def assert401(self, rpc):
        with self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
            rpc.inventory.count()
        self.assertEqual(ctx.exception.errcode, 401)
        self.assertEqual(ctx.exception.headers["WWW-Authenticate"],
                         'Basic realm="inventory", charset="UTF-8"')

    def test_no_wrong_or_unknown_credentials_get_401(self):
        server = self.start()
        self.assert401(self.proxy(server))                      # no header
        self.assert401(self.proxy(server, "alice", "wrong"))    # wrong password
        self.assert401(self.proxy(server, "mallory", "x"))      # unknown user
        self.assertEqual(self.as_user(server, "alice").inventory.count(), 0)
        self.stop(server)

    def test_401_is_decided_from_the_header_before_the_body(self):
        server = self.start()
        with socket.create_connection((HOST, server.port)) as raw, \
                self.context.wrap_socket(raw, server_hostname=HOST) as s:
            # Expect: 100-continue: the 401 comes instead of the 100.
            s.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 100"
                      b"\r\nExpect: 100-continue\r\n\r\n")
            head = s.recv(4096)
        self.assertTrue(head.startswith(b"HTTP/1.1 401 "), head)
        self.stop(server)

    def test_the_access_log_names_the_user_and_no_secret(self):
        server = self.start(quiet=False)
        self.as_user(server, "alice").inventory.count()
        self.proxy(server, "alice", "not-the-password-42")
        try:
            self.proxy(server, "alice", "not-the-password-42").inventory.count()
        except xmlrpc.client.ProtocolError:
            pass
        _, err = self.stop(server)
        text = err.decode()
        self.assertRegex(text, r'127\.0\.0\.1 - alice \[[^]]+\] "POST /RPC2 '
                               r'HTTP/1\.1" 200 -')
        self.assertIn('127.0.0.1 - - [', text)  # the refused one
        for secret in ("alice-pw", "not-the-password-42", "Authorization",
                       "YWxpY2U"):
            self.assertNotIn(secret, text)

    def test_five_failures_get_429_until_the_block_ends_others_unaffected(self):
        server = self.start("--login-block", "1")
        wrong = self.proxy(server, "alice", "wrong")
        for _ in range(5):
            with self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
                wrong.inventory.count()
            self.assertEqual(ctx.exception.errcode, 401)
        with self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
            self.as_user(server, "alice").inventory.count()  # even the right one
        self.assertEqual(ctx.exception.errcode, 429)
        retry = int(ctx.exception.headers["Retry-After"])
        self.assertGreaterEqual(retry, 1)
        # Another address (127.0.0.2 is loopback too) is not throttled.
        conn = http.client.HTTPSConnection(HOST, server.port, context=self.context,
                                           source_address=("127.0.0.2", 0),
                                           timeout=10)
        conn.request("POST", "/RPC2", call_body("inventory.count"),
                     {"Authorization": "Basic YWxpY2U6YWxpY2UtcHc="})
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        time.sleep(retry + 0.2)
        self.assertEqual(self.as_user(server, "alice").inventory.count(), 0)
        self.stop(server)


class Transport(Secured):
    def test_tls_1_2_and_1_3_are_offered_and_nothing_older(self):
        server = self.start()
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = ssl.create_default_context(cafile=self.pki.ca_file())
            ctx.minimum_version = ctx.maximum_version = version
            with socket.create_connection((HOST, server.port)) as raw, \
                    ctx.wrap_socket(raw, server_hostname=HOST) as s:
                self.assertEqual(s.version(), version.name.replace("_", "."))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(self.pki.ca_file())
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        with socket.create_connection((HOST, server.port)) as raw:
            with self.assertRaises(ssl.SSLError):
                ctx.wrap_socket(raw, server_hostname=HOST)
        self.stop(server)

    def test_replies_of_many_tls_records_arrive_whole(self):
        # Over TLS the head went out and a body above one 16 KiB record
        # never followed (Asio's two-buffer write met Beast's flat_stream).
        server = self.start()
        alice = self.as_user(server, "alice")
        for i in range(400):
            alice.add_item(f"item-{i:03}", i)
        bob = self.as_user(server, "bob")
        items = bob.get_all_items()
        self.assertEqual(len(items), 400)
        self.assertEqual(items["400"], {"name": "item-399", "quantity": 399})
        self.assertEqual(len(bob.inventory.list(0, 1000)), 400)
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = ssl.create_default_context(cafile=self.pki.ca_file())
            ctx.minimum_version = ctx.maximum_version = version
            rpc = self.proxy(server, "bob", PASSWORDS["bob"], context=ctx)
            self.assertEqual(len(rpc.inventory.list(200, 1000)), 200)
            rpc("close")()
        alice("close")()
        bob("close")()
        self.stop(server)

    def test_plain_http_to_the_tls_port_is_told_to_use_https(self):
        server = self.start()
        with socket.create_connection((HOST, server.port), timeout=5) as s:
            s.sendall(post("/RPC2", call_body("add_item", "sneaky", 1)))
            reply = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
        self.assertTrue(reply.startswith(b"HTTP/1.1 400 Bad Request\r\n"), reply)
        self.assertTrue(reply.endswith(b"This port speaks HTTPS only: use "
                                       b"https://\n"), reply)
        self.assertEqual(self.as_user(server, "root").inventory.count(), 0)
        self.stop(server)

    def test_connections_that_never_handshake_do_not_hold_up_others(self):
        # Held up, the call would wait for the silent ones to be cut off
        # (6 s); answered well before that, it was not (a margin wide
        # enough for a login's Argon2id under the sanitizers).
        server = self.start("--read-timeout", "6")
        opened = time.monotonic()
        idle = [socket.create_connection((HOST, server.port))
                for _ in range(200)]
        try:
            self.assertEqual(self.as_user(server, "bob").inventory.count(), 0)
            self.assertLess(time.monotonic() - opened, 4)
            # Past --read-timeout: all of them cut off.
            time.sleep(max(0.0, 6.5 - (time.monotonic() - opened)))
            for s in idle:
                s.settimeout(2)
                self.assertEqual(s.recv(1), b"")
        finally:
            for s in idle:
                s.close()
        self.stop(server)

    def test_client_certificates_of_the_ca_log_in_as_their_common_name(self):
        server = self.start("--tls-client-ca", self.pki.ca_file())
        cert, key = self.pki.issue("alice-client", "alice", self.pki.ca)
        ctx = ssl.create_default_context(cafile=self.pki.ca_file())
        ctx.load_cert_chain(cert, key)
        alice = self.proxy(server, context=ctx)  # no password at all
        self.assertEqual(alice.inventory.add("a", 1)["id"], 1)
        bob_cert, bob_key = self.pki.issue("bob-client", "bob", self.pki.ca)
        ctx = ssl.create_default_context(cafile=self.pki.ca_file())
        ctx.load_cert_chain(bob_cert, bob_key)
        with self.assertRaises(xmlrpc.client.Fault) as fault:
            self.proxy(server, context=ctx).inventory.adjust(1, 1)
        self.assertEqual(fault.exception.faultCode, 403)  # bob is a reader
        # A certificate from another CA is refused in the handshake.
        evil_cert, evil_key = self.pki.issue("evil", "root", self.pki.other_ca)
        ctx = ssl.create_default_context(cafile=self.pki.ca_file())
        ctx.load_cert_chain(evil_cert, evil_key)
        with self.assertRaises((ssl.SSLError, ConnectionError, OSError)):
            self.proxy(server, context=ctx).inventory.count()
        # Without a certificate, Basic credentials still work.
        self.assertEqual(self.as_user(server, "bob").inventory.count(), 1)
        self.stop(server)


class Reload(Secured):
    def test_sighup_reloads_users_and_certificates_under_load(self):
        users = self.pki.path("reloaded-users")
        shutil.copy(self.users, users)
        os.chmod(users, 0o600)
        cert = self.pki.path("live.pem")
        key = self.pki.path("live.key")
        shutil.copy(self.pki.server_cert, cert)
        shutil.copy(self.pki.server_key, key)
        server = ServerProcess("--in-memory", "--tls-cert", cert, "--tls-key",
                               key, "--users", users)
        self.addCleanup(server.kill)
        self.as_user(server, "root").inventory.add("a", 0)
        stop = threading.Event()
        errors = []
        done = [0]

        def load():
            rpc = self.as_user(server, "alice")  # keep-alive, one connection
            while not stop.is_set():
                try:
                    rpc.inventory.adjust(1, 1)
                    done[0] += 1
                except Exception as e:  # noqa: BLE001 - what the test counts
                    errors.append(repr(e))

        worker = threading.Thread(target=load)
        worker.start()
        try:
            time.sleep(0.3)
            # bob goes, dave comes; a new certificate takes over.
            subprocess.run([BINARY, "users", "remove", "bob", "--file", users],
                           check=True, capture_output=True)
            add_user(users, "dave", "writer", "dave-pw")
            new_cert, new_key = self.pki.issue("server2", "127.0.0.1",
                                               self.pki.ca, san="IP:127.0.0.1")
            shutil.copy(new_cert, cert)
            shutil.copy(new_key, key)
            server.proc.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    self.proxy(server, "dave", "dave-pw").inventory.count()
                    break
                except xmlrpc.client.ProtocolError:
                    time.sleep(0.05)
            self.assertEqual(self.proxy(server, "dave", "dave-pw")
                             .inventory.count(), 1)
            with self.assertRaises(xmlrpc.client.ProtocolError) as ctx:
                self.as_user(server, "bob").inventory.count()
            self.assertEqual(ctx.exception.errcode, 401)
            # New connections get the new certificate.
            with socket.create_connection((HOST, server.port)) as raw, \
                    self.context.wrap_socket(raw, server_hostname=HOST) as s:
                served = ssl.DER_cert_to_PEM_cert(s.getpeercert(True))
            with open(new_cert) as f:
                self.assertEqual(served.strip(), f.read().strip())
            time.sleep(0.3)
        finally:
            stop.set()
            worker.join(timeout=10)
        self.assertEqual(errors, [])  # the open connection was never dropped
        self.assertGreater(done[0], 0)
        self.stop(server)

    def test_a_broken_new_users_file_keeps_the_old_users(self):
        users = self.pki.path("broken-users")
        shutil.copy(self.users, users)
        os.chmod(users, 0o600)
        server = ServerProcess("--in-memory", "--tls-cert",
                               self.pki.server_cert, "--tls-key",
                               self.pki.server_key, "--users", users)
        self.addCleanup(server.kill)
        with open(users, "a") as f:
            f.write("not a user line\n")
        server.proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        self.assertEqual(self.as_user(server, "bob").inventory.count(), 0)
        _, err = self.stop(server)
        self.assertIn(b"reload: users: ", err)
        self.assertIn(b"line 4: expected name:role:hash", err)


class Startup(Secured):
    def run_binary(self, *args, netns=False):
        argv = [BINARY, *args]
        if netns:  # a network namespace of our own: nothing else can reach it
            argv = ["unshare", "--net", "sh", "-c",
                    'ip link set lo up && exec "$@"', "sh"] + argv
        return subprocess.run(argv, capture_output=True, timeout=30)

    def test_a_non_loopback_address_needs_tls_and_users(self):
        res = self.run_binary("--host", "0.0.0.0", "--port", "0",
                              "--in-memory", netns=True)
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertEqual(res.stderr.count(b"\n"), 1, res.stderr)
        self.assertIn(b"0.0.0.0 is not a loopback address: serving it needs "
                      b"--tls-cert and --users (or --insecure", res.stderr)
        res = self.run_binary("--host", "0.0.0.0", "--port", "0",
                              "--in-memory", "--users", self.users, netns=True)
        self.assertEqual(res.returncode, 2, res.stderr)
        self.assertIn(b"needs --tls-cert (or", res.stderr)

    def test_insecure_serves_with_a_warning(self):
        script = ('ip link set lo up; "$1" --host 0.0.0.0 --port 0 --in-memory '
                  '--insecure --quiet & pid=$!; sleep 1; kill -TERM $pid; '
                  'wait $pid')
        res = subprocess.run(["unshare", "--net", "sh", "-c", script, "sh",
                              BINARY], capture_output=True, timeout=30)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn(b"Server is listening on port", res.stdout)
        self.assertIn(b" warning inventory-server: serving 0.0.0.0 without --tls-cert and "
                      b"--users (--insecure)", res.stderr)
        self.assertIn(b"Server closed.", res.stdout)

    def test_a_users_file_others_can_read_is_refused(self):
        users = self.pki.path("open-users")
        shutil.copy(self.users, users)
        os.chmod(users, 0o644)
        res = self.run_binary("--port", "0", "--in-memory", "--users", users)
        self.assertEqual(res.returncode, 1)
        self.assertRegex(res.stderr.decode(),
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z error "
                         + re.escape(f"inventory-server: {users}: others may read "
                                     f"or write it; chmod o-rwx {users}\n") + "$")

    def test_the_users_command_adds_lists_and_removes(self):
        with tempfile.TemporaryDirectory() as tmp:
            users = os.path.join(tmp, "users")
            add_user(users, "erin", "writer", "pw")
            self.assertEqual(os.stat(users).st_mode & 0o777, 0o600)
            listed = subprocess.run([BINARY, "users", "list", "--file", users],
                                    capture_output=True, check=True)
            self.assertEqual(listed.stdout, b"erin writer\n")
            with open(users) as f:
                self.assertNotIn("pw", f.read().split(":")[0])
            gone = subprocess.run([BINARY, "users", "remove", "nobody",
                                   "--file", users], capture_output=True)
            self.assertEqual(gone.returncode, 1)
            self.assertIn(b"no user nobody in", gone.stderr)
            bad = subprocess.run([BINARY, "users", "add", "x", "--role", "god",
                                  "--file", users], capture_output=True,
                                 input=b"pw\n")
            self.assertEqual(bad.returncode, 2)
            subprocess.run([BINARY, "users", "remove", "erin", "--file", users],
                           check=True, capture_output=True)
            listed = subprocess.run([BINARY, "users", "list", "--file", users],
                                    capture_output=True, check=True)
            self.assertEqual(listed.stdout, b"")

    def test_bad_certificate_files_exit_1_with_one_line(self):
        res = self.run_binary("--port", "0", "--in-memory", "--tls-cert",
                              self.pki.server_cert, "--tls-key",
                              self.pki.path("other-ca.key"))
        self.assertEqual(res.returncode, 1)
        self.assertIn(b"the key does not match", res.stderr)
        res = self.run_binary("--port", "0", "--in-memory", "--tls-cert",
                              self.pki.server_cert)
        self.assertEqual(res.returncode, 2)  # --tls-cert needs --tls-key


if __name__ == "__main__":
    unittest.main()
