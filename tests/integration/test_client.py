"""inventory-client against the real server and against the Python
original: full interactive transcripts through stdin, every scriptable
command and its exit code."""

import json
import os
import signal
import socket
import subprocess
import time
import unittest

from server_process import CLIENT, REFERENCE, ServerProcess, ServerTestCase
from terminal import Terminal

MENU = ("Choose an action:\n1. Add item\n2. Update item quantity\n"
        "3. Delete item\n4. Get item quantity\n5. Display all items\n"
        "6. Quit\n\nEnter your choice: ")


def run_client(url, *args, stdin="", timeout=30, env_url=None):
    env = dict(os.environ)
    env.pop("INVENTORY_URL", None)
    if env_url is not None:
        env["INVENTORY_URL"] = env_url
    argv = [CLIENT] + (["--url", url] if url else []) + list(args)
    return subprocess.run(argv, input=stdin.encode(), capture_output=True,
                          timeout=timeout, env=env)


class Transcripts:
    """Mixed into a case whose setUp starts `self.server`."""

    def test_a_full_session_word_for_word(self):
        steps = "1\nwidget\nfive\n5\n1\nbolt\n2\n5\n4\n1\n2\n1\n9\n4\nx\n7\n3\n2\n5\n9\n6\n"
        res = run_client(self.server.url, stdin=steps)
        self.assertEqual(res.returncode, 0, res.stderr)
        expected = (
            MENU + "Enter the item name: Enter the quantity to add: "
            "Please enter a whole number.\nEnter the quantity to add: "
            "Product added with ID 1\n\n"
            + MENU + "Enter the item name: Enter the quantity to add: "
            "Product added with ID 2\n\n"
            + MENU + "All Items in Inventory: \n"
            "Product ID: 1, Name: widget, Quantity: 5\n"
            "Product ID: 2, Name: bolt, Quantity: 2\n"
            + MENU + "Enter the product ID to get quantity: "
            "Product ID: 1, Name: widget, Quantity: 5\n\n"
            + MENU + "Enter the product ID to update quantity: "
            "Enter the new quantity: Product with ID 1 quantity updated\n\n"
            + MENU + "Enter the product ID to get quantity: "
            "Please enter a whole number.\n"
            "Enter the product ID to get quantity: Product with ID 7 not found\n"
            + MENU + "Enter the product ID to delete: "
            "Product with ID 2 deleted successfully\n\n"
            + MENU + "All Items in Inventory: \n"
            "Product ID: 1, Name: widget, Quantity: 9\n"
            + MENU + "Invalid choice. Please try again.\n"
            + MENU + "Thank You for using our Services\nClient session ended.\n")
        self.assertEqual(res.stdout.decode(), expected)
        self.assertNotIn(b"\x1b", res.stdout)

    def test_an_empty_inventory_and_end_of_input(self):
        res = run_client(self.server.url, stdin="5\n4\n")
        self.assertEqual(res.returncode, 0)
        self.assertEqual(res.stdout.decode(),
                         MENU + "Inventory is empty.\n" + MENU
                         + "Enter the product ID to get quantity: "
                         "\nClient session ended.\n")


class AgainstOurServer(Transcripts, ServerTestCase):
    def test_faults_are_printed_and_the_menu_goes_on(self):
        res = run_client(self.server.url, stdin="1\n\n3\n2\n1\n-4\n6\n")
        self.assertEqual(res.stdout.decode(),
                         MENU + "Enter the item name: Enter the quantity to add: "
                         "Error -32602: add_item: name must not be empty\n"
                         + MENU + "Enter the product ID to update quantity: "
                         "Enter the new quantity: Error -32602: update_item: "
                         "quantity must not be negative, got -4\n"
                         + MENU + "Thank You for using our Services\n"
                         "Client session ended.\n")

    def test_scriptable_commands_and_exit_codes(self):
        url = self.server.url
        cases = [
            (("add", "widget", "5"), 0, "Product added with ID 1\n"),
            (("add", "bolt", "3"), 0, "Product added with ID 2\n"),
            (("get", "1"), 0, "Product ID: 1, Name: widget, Quantity: 5\n"),
            (("get", "9"), 1, "Product with ID 9 not found\n"),
            (("update", "1", "7"), 0, "Product with ID 1 quantity updated\n"),
            (("update", "9", "7"), 1, "Product with ID 9 not found\n"),
            (("adjust", "2", "-1"), 0,
             "Product ID: 2, Name: bolt, Quantity: 2, Version: 2\n"),
            (("adjust", "2", "-5"), 1, ""),
            (("count",), 0, "2\n"),
            (("list",), 0, "Product ID: 1, Name: widget, Quantity: 7\n"
                           "Product ID: 2, Name: bolt, Quantity: 2\n"),
            (("delete", "2"), 0, "Product with ID 2 deleted successfully\n"),
            (("delete", "2"), 1, "Product with ID 2 not found\n"),
            (("call", "inventory.count"), 0, "1\n"),
            (("call", "get_item", "1"), 0,
             "Product ID: 1, Name: widget, Quantity: 7\n"),
            (("call", "--string", "get_item", "1"), 1, ""),
            (("call", "inventory.nope"), 1, ""),
            (("--json", "call", "inventory.get", "1"), 0,
             '{"id":1,"name":"widget","quantity":7,"version":2}\n'),
            (("--json", "list"), 0,
             '{"1":{"name":"widget","quantity":7}}\n'),
            (("add", "x"), 2, ""),
            (("get", "abc"), 2, ""),
            (("frobnicate",), 2, ""),
        ]
        for args, code, out in cases:
            with self.subTest(args=args):
                res = run_client(url, *args)
                self.assertEqual(res.returncode, code, res.stderr)
                self.assertEqual(res.stdout.decode(), out)
        res = run_client(url, "adjust", "1", "-100")
        self.assertEqual(res.stderr.decode(),
                         "Error 422: inventory.adjust: quantity of item 1 "
                         "would go below 0\n")

    def test_call_types_arguments_by_their_look(self):
        res = run_client(self.server.url, "--json", "call", "system.multicall",
                         "not-an-array")
        self.assertEqual(res.returncode, 1)
        res = run_client(self.server.url, "call", "add_item", "12", "3")
        self.assertEqual(res.returncode, 1)  # 12 is an int, not a name
        res = run_client(self.server.url, "call", "--string", "add_item",
                         "12", "3")
        self.assertEqual(res.returncode, 1)  # "3" is a string, not an int
        res = run_client(self.server.url, "call", "add_item", "tea pot", "3")
        self.assertEqual(res.stdout.decode(), "Product added with ID 1\n")
        res = run_client(self.server.url, "--json", "call", "inventory.list",
                         "0", "1000")
        self.assertEqual(json.loads(res.stdout)[0]["name"], "tea pot")

    def test_the_url_comes_from_the_environment(self):
        res = run_client(None, "count", env_url=self.server.url)
        self.assertEqual((res.returncode, res.stdout), (0, b"0\n"))


class ForScripts(ServerTestCase):
    """Issue 16: decimal numbers everywhere, --json for every command,
    explicitly typed call arguments, HTTP errors, escaped names."""

    def setUp(self):
        super().setUp()
        self.rpc = self.server.proxy()
        self.addCleanup(self.rpc("close"))

    def test_zero_padded_numbers_are_decimal(self):
        for i in range(11):
            self.rpc.add_item(f"item {i + 1}", 1)
        res = run_client(self.server.url, "delete", "010")
        self.assertEqual((res.returncode, res.stdout),
                         (0, b"Product with ID 10 deleted successfully\n"))
        self.assertEqual(self.rpc.inventory.get(8)["name"], "item 8")
        res = run_client(self.server.url, "update", "011", "050")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(self.rpc.inventory.get(11)["quantity"], 50)
        res = run_client(self.server.url, "add", "x", "08")
        self.assertEqual(res.stdout, b"Product added with ID 12\n")
        self.assertEqual(self.rpc.inventory.get(12)["quantity"], 8)
        self.assertEqual(run_client(self.server.url, "get", "012").stdout,
                         b"Product ID: 12, Name: x, Quantity: 8\n")
        res = run_client(self.server.url, "call", "inventory.get", "09")
        self.assertIn(b"item 9", res.stdout)
        res = run_client(self.server.url, "--timeout", "010", "count")
        self.assertEqual((res.returncode, res.stdout), (0, b"11\n"))
        res = run_client(self.server.url, stdin="4\n03\n6\n")
        self.assertIn(b"Product ID: 3, Name: item 3, Quantity: 1\n",
                      res.stdout)

    def test_hexadecimal_and_out_of_range_numbers_are_refused(self):
        cases = [
            (("add", "w", "0x10"), "inventory-client: add: quantity: '0x10' "
                                   "is not a decimal whole number (see "
                                   "--help)\n"),
            (("get", "2147483648"), "inventory-client: get: id: "
                                    "'2147483648' is out of range "
                                    "-2147483648..2147483647 (see --help)\n"),
            (("call", "get_item", "i/0x1"),
             "inventory-client: call: argument 1: i/: '0x1' is not a "
             "decimal whole number (see --help)\n"),
            (("--timeout", "0x10", "count"), "'0x10' is not a decimal number"),
            (("--timeout", "7200", "count"), "out of range 0.01..3600"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                res = run_client(self.server.url, *args)
                self.assertEqual(res.returncode, 2, res.stderr)
                self.assertIn(message, res.stderr.decode())
        self.assertEqual(self.rpc.inventory.count(), 0)  # nothing was sent
        res = run_client("http://127.0.0.1:99999/RPC2", "count")
        self.assertEqual(res.returncode, 2)
        self.assertIn(b"port '99999' is out of range 1..65535", res.stderr)
        res = run_client(self.server.url, stdin="4\n99999999999\n1\n6\n")
        self.assertIn(b"Please enter a whole number from -2147483648 to "
                      b"2147483647.\n", res.stdout)

    def test_json_for_every_command(self):
        url = self.server.url
        cases = [
            (("add", "widget", "5"), 0, "1\n"),
            (("add", "bolt", "3"), 0, "2\n"),
            (("get", "1"), 0, '{"id":1,"name":"widget","quantity":5}\n'),
            (("get", "9"), 1, "null\n"),
            (("update", "1", "7"), 0, "true\n"),
            (("update", "9", "7"), 1, "null\n"),
            (("adjust", "2", "-1"), 0,
             '{"id":2,"name":"bolt","quantity":2,"version":2}\n'),
            (("count",), 0, "2\n"),
            (("list",), 0, '{"1":{"name":"widget","quantity":7},'
                           '"2":{"name":"bolt","quantity":2}}\n'),
            (("delete", "2"), 0, "true\n"),
            (("delete", "2"), 1, "null\n"),
            (("call", "inventory.count"), 0, "1\n"),
        ]
        for args, code, out in cases:
            with self.subTest(args=args):
                res = run_client(url, "--json", *args)
                self.assertEqual(res.returncode, code, res.stderr)
                self.assertEqual(res.stdout.decode(), out)
                self.assertEqual(res.stderr, b"")
        res = run_client(url, "--json", "adjust", "1", "-100")
        self.assertEqual((res.returncode, res.stdout), (1, b""))
        self.assertEqual(json.loads(res.stderr), {
            "faultCode": 422,
            "faultString": "inventory.adjust: quantity of item 1 would go "
                           "below 0"})
        res = run_client(url, "--json", "call", "inventory.nope")
        self.assertEqual(json.loads(res.stderr)["faultCode"], -32601)

    def test_call_takes_explicit_types(self):
        url = self.server.url
        res = run_client(url, "call", "add_item", "s/007", "i/5")
        self.assertEqual(res.stdout, b"Product added with ID 1\n")
        self.assertEqual(self.rpc.inventory.get(1)["name"], "007")
        self.rpc.add_item("bolt", 10)
        res = run_client(url, "--json", "call", "inventory.adjust_many",
                         'json/[{"id":1,"delta":-2},{"id":2,"delta":3}]')
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual([(i["id"], i["quantity"]) for i in json.loads(res.stdout)],
                         [(1, 3), (2, 13)])
        res = run_client(url, "--json", "call", "inventory.set_quantity",
                         "i/2", "i/4", "n/")
        self.assertEqual(json.loads(res.stdout)["quantity"], 4, res.stderr)
        res = run_client(url, "call", "add_item", "b/true", "i/1")
        self.assertEqual(res.returncode, 1)  # a boolean is not a name
        self.assertIn(b"got boolean", res.stderr)
        res = run_client(url, "call", "add_item", "tea", "d/1.5")
        self.assertIn(b"got double", res.stderr)

    def test_brackets_and_double_dashes_reach_the_server_as_typed(self):
        url = self.server.url
        for name in ("[box]", "--", "[a,b]", "-x", "--json"):
            with self.subTest(name=name):
                res = run_client(url, "--json", "call", "inventory.add", name,
                                 "1")
                self.assertEqual(res.returncode, 0, res.stderr)
                self.assertEqual(json.loads(res.stdout)["name"], name)
        res = run_client(url, "call", "--string", "add_item", "[1,2]", "--")
        self.assertIn(b"got string", res.stderr)  # "--" went as the quantity
        res = run_client(url, "call", "--json", "inventory.count")
        self.assertEqual(res.returncode, 2)  # not a method called "--json"
        self.assertIn(b"flags such as --json go before the command",
                      res.stderr)

    def test_a_wrong_path_is_an_http_error(self):
        url = self.server.url.replace("/RPC2", "/nope")
        res = run_client(url, "count")
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stderr, b"HTTP 404 from server\n")
        res = run_client(url, stdin="5\n6\n")
        self.assertEqual(res.stdout.decode(),
                         MENU + "HTTP 404 from server\n" + MENU
                         + "Thank You for using our Services\n"
                         "Client session ended.\n")

    def test_names_with_control_characters_print_escaped(self):
        # a line break in a name would forge a row of its own
        name = "evil\tname\nProduct ID: 99\x7f\u009b2J"
        self.rpc.add_item(name, 1)
        res = run_client(self.server.url, "list")
        self.assertEqual(res.stdout, b"Product ID: 1, Name: evil\\tname\\n"
                                     b"Product ID: 99\\x7f\\u009b2J, "
                                     b"Quantity: 1\n")
        res = run_client(self.server.url, "get", "1")
        self.assertEqual(res.stdout.count(b"\n"), 1, res.stdout)
        self.assertIn(b"evil\\tname\\nProduct ID: 99", res.stdout)
        res = run_client(self.server.url, "adjust", "1", "1")
        self.assertIn(b"Name: evil\\tname\\n", res.stdout)
        res = run_client(self.server.url, stdin="5\n4\n1\n6\n")
        self.assertNotIn(b"\x7f", res.stdout)
        self.assertNotIn(b"\nProduct ID: 99", res.stdout)
        self.assertEqual(res.stdout.count(b"evil\\tname\\nProduct ID: 99"), 2)
        res = run_client(self.server.url, "--json", "get", "1")
        self.assertEqual(json.loads(res.stdout)["name"], name)  # exact


class OnATerminal(ServerTestCase):
    """With a terminal on stdin, GNU readline edits and recalls lines."""

    def test_the_up_arrow_recalls_the_last_line(self):
        term = Terminal([CLIENT, "--url", self.server.url])
        self.addCleanup(term.close)
        self.assertTrue(term.read_until(b"Enter your choice: "))
        term.write(b"5\r")
        self.assertTrue(term.read_until(b"Inventory is empty.", 1))
        self.assertTrue(term.read_until(b"Enter your choice: ", 2))
        term.write(b"\x1b[A\r")  # up arrow: "5" again
        self.assertTrue(term.read_until(b"Inventory is empty.", 2))
        self.assertTrue(term.read_until(b"Enter your choice: ", 3))
        term.write(b"6\r")
        self.assertTrue(term.read_until(b"Client session ended."))
        self.assertEqual(term.wait(), 0)

    def test_ctrl_c_in_the_menu_exits_130(self):
        term = Terminal([CLIENT, "--url", self.server.url])
        self.addCleanup(term.close)
        self.assertTrue(term.read_until(b"Enter your choice: "), term.output)
        term.write(b"\x03")  # the terminal sends SIGINT
        self.assertTrue(term.read_until(b"Client session ended."), term.output)
        self.assertEqual(term.wait(), 130, term.output)


class AgainstThePythonOriginal(Transcripts, unittest.TestCase):
    def setUp(self):
        self.server = ServerProcess(program=REFERENCE)

    def tearDown(self):
        self.server.stop(sig=signal.SIGINT)

    def test_scriptable_commands(self):
        url = self.server.url
        self.assertEqual(run_client(url, "add", "a", "1").stdout,
                         b"Product added with ID 1\n")
        res = run_client(url, "get", "5")
        self.assertEqual((res.returncode, res.stdout),
                         (1, b"Product with ID 5 not found\n"))
        self.assertEqual(run_client(url, "list").stdout,
                         b"Product ID: 1, Name: a, Quantity: 1\n")


class WithoutAServer(unittest.TestCase):
    def free_port(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def test_unreachable_server_in_the_menu_and_in_commands(self):
        url = f"http://127.0.0.1:{self.free_port()}/RPC2"
        res = run_client(url, stdin="5\n6\n")
        self.assertEqual(res.stdout.decode(),
                         MENU + f"Cannot reach server at {url}: Connection refused\n"
                         + MENU + "Thank You for using our Services\n"
                         "Client session ended.\n")
        res = run_client(url, "count")
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stderr.decode(),
                         f"Cannot reach server at {url}: Connection refused\n")

    def test_a_server_that_never_answers_times_out(self):
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            url = f"http://127.0.0.1:{silent.getsockname()[1]}/RPC2"
            started = time.monotonic()
            res = run_client(url, "--timeout", "0.5", "count")
        self.assertEqual(res.returncode, 3)
        self.assertIn(b"timed out", res.stderr)
        self.assertLess(time.monotonic() - started, 5)

    def test_a_server_that_answers_garbage(self):
        with socket.socket() as bad:
            bad.bind(("127.0.0.1", 0))
            bad.listen()
            url = f"http://127.0.0.1:{bad.getsockname()[1]}/RPC2"
            proc = subprocess.Popen([CLIENT, "--url", url, "count"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            conn, _ = bad.accept()
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
            out, err = proc.communicate(timeout=10)
            conn.close()
        self.assertEqual(proc.returncode, 3)
        self.assertIn(b"invalid reply", err)

    def test_ctrl_c_ends_the_session_cleanly(self):
        url = f"http://127.0.0.1:{self.free_port()}/RPC2"
        proc = subprocess.Popen([CLIENT, "--url", url], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Ctrl-C while the menu waits for input (a fixed sleep raced a slow
        # start-up, say under a sanitizer)
        shown = b""
        while not shown.endswith(b"Enter your choice: "):
            chunk = proc.stdout.read1(4096)
            self.assertTrue(chunk, shown)
            shown += chunk
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
        out = shown + out
        # issue 16: Ctrl-C exits 130 (128 + SIGINT), so scripts see it
        self.assertEqual(proc.returncode, 130)
        self.assertTrue(out.decode().endswith("\nClient session ended.\n"), out)

    def test_ctrl_c_during_a_slow_call_exits_at_once(self):
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            url = f"http://127.0.0.1:{silent.getsockname()[1]}/RPC2"
            proc = subprocess.Popen([CLIENT, "--url", url, "--timeout", "60"],
                                    stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            proc.stdin.write(b"5\n")
            proc.stdin.flush()
            conn, _ = silent.accept()  # the call is under way
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=10)
            conn.close()
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(proc.returncode, 130)
        self.assertTrue(out.endswith(b"\nClient session ended.\n"), out)

    def test_help_and_version(self):
        res = run_client(None, "--help")
        self.assertEqual(res.returncode, 0)
        for word in [b"add", b"update", b"delete", b"get", b"list", b"adjust",
                     b"count", b"call", b"--url", b"--timeout", b"--json"]:
            self.assertIn(word, res.stdout)
        res = run_client(None, "--version")
        self.assertTrue(res.stdout.startswith(b"inventory-client "))
        self.assertEqual(run_client("ftp://x/RPC2", "count").returncode, 2)


if __name__ == "__main__":
    unittest.main()
