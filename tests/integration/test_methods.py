"""The seed, inventory.* and system.* methods of the real server, driven by
Python's stdlib xmlrpc.client (an independent implementation)."""

import unittest
import xmlrpc.client

from server_process import ServerCase, parse_reply, post, read_response


class SeedMethods(ServerCase):
    def test_the_original_five_methods_reply_word_for_word(self):
        self.assertEqual(self.rpc.add_item("widget", 5),
                         "Product added with ID 1\n")
        self.assertEqual(self.rpc.add_item("gadget", 0),
                         "Product added with ID 2\n")
        self.assertEqual(self.rpc.get_item(1),
                         "Product ID: 1, Name: widget, Quantity: 5\n")
        self.assertEqual(self.rpc.update_item(1, 9),
                         "Product with ID 1 quantity updated\n")
        self.assertEqual(self.rpc.get_all_items(), {
            "1": {"name": "widget", "quantity": 9},
            "2": {"name": "gadget", "quantity": 0}})
        self.assertEqual(self.rpc.delete_item(2),
                         "Product with ID 2 deleted successfully\n")
        self.assertEqual(self.rpc.get_item(2), "Product with ID 2 not found")
        self.assertEqual(self.rpc.update_item(2, 1),
                         "Product with ID 2 not found\n")
        self.assertEqual(self.rpc.delete_item(2),
                         "Product with ID 2 not found\n")

    def test_ids_are_never_reused_and_shared_with_inventory_methods(self):
        self.rpc.add_item("a", 1)
        self.rpc.delete_item(1)
        self.assertEqual(self.rpc.inventory.add("b", 1)["id"], 2)
        self.assertEqual(self.rpc.add_item("c", 1), "Product added with ID 3\n")
        self.assertEqual(self.rpc.inventory.get(3)["name"], "c")

    def test_seed_methods_validate_their_params(self):
        self.assertFault(-32602, self.rpc.add_item, "x", -1,
                         message="add_item: quantity must not be negative, got -1")
        self.assertFault(-32602, self.rpc.add_item, "", 1,
                         message="add_item: name must not be empty")
        self.assertFault(-32602, self.rpc.add_item, "x", "5")
        self.assertFault(-32602, self.rpc.add_item, "x")
        self.assertFault(-32602, self.rpc.update_item, 1, -5)
        self.assertFault(-32602, self.rpc.get_item, "1")
        self.assertFault(-32602, self.rpc.get_all_items, 1)
        self.assertEqual(self.rpc.get_all_items(), {})

    def test_update_item_bumps_the_version(self):
        self.rpc.add_item("a", 1)
        self.rpc.update_item(1, 4)
        self.assertEqual(self.rpc.inventory.get(1),
                         {"id": 1, "name": "a", "quantity": 4, "version": 2})


class StructuredMethods(ServerCase):
    def test_add_get_adjust_delete(self):
        inv = self.rpc.inventory
        self.assertEqual(inv.add("bolt", 10),
                         {"id": 1, "name": "bolt", "quantity": 10, "version": 1})
        self.assertEqual(inv.adjust(1, -4)["quantity"], 6)
        self.assertEqual(inv.get(1)["version"], 2)
        self.assertFault(422, inv.adjust, 1, -7,
                         message="inventory.adjust: quantity of item 1 would go below 0")
        self.assertFault(422, inv.adjust, 1, 2**31 - 1)
        self.assertEqual(inv.get(1)["quantity"], 6)
        self.assertIs(inv.delete(1), True)
        self.assertFault(404, inv.get, 1, message="inventory.get: no item with ID 1")
        self.assertFault(404, inv.delete, 1)
        self.assertFault(404, inv.adjust, 1, 1)

    def test_set_quantity_with_and_without_expected_version(self):
        inv = self.rpc.inventory
        inv.add("a", 1)
        self.assertEqual(inv.set_quantity(1, 5)["version"], 2)
        self.assertEqual(inv.set_quantity(1, 6, None)["version"], 3)
        self.assertEqual(inv.set_quantity(1, 7, 3)["quantity"], 7)
        self.assertFault(409, inv.set_quantity, 1, 8, 3)
        self.assertEqual(inv.get(1)["quantity"], 7)
        self.assertFault(404, inv.set_quantity, 9, 1)
        self.assertFault(-32602, inv.set_quantity, 1, -1)
        self.assertFault(-32602, inv.set_quantity, 1, 1, 0)

    def test_adjust_many_is_all_or_nothing(self):
        inv = self.rpc.inventory
        inv.add("a", 5)
        inv.add("b", 5)
        done = inv.adjust_many([{"id": 1, "delta": -2}, {"id": 2, "delta": 3}])
        self.assertEqual([x["quantity"] for x in done], [3, 8])
        self.assertFault(422, inv.adjust_many,
                         [{"id": 1, "delta": -1}, {"id": 2, "delta": -9}])
        self.assertFault(404, inv.adjust_many,
                         [{"id": 1, "delta": -1}, {"id": 7, "delta": 1}])
        self.assertEqual(inv.get(1)["quantity"], 3)
        self.assertEqual(inv.get(2)["quantity"], 8)
        self.assertEqual(inv.adjust_many([]), [])
        self.assertFault(-32602, inv.adjust_many, [{"id": 1}])
        self.assertFault(-32602, inv.adjust_many, [{"id": 1, "delta": "1"}])
        self.assertFault(-32602, inv.adjust_many, {"id": 1, "delta": 1})

    def test_list_pages_in_id_order_and_checks_the_limit(self):
        inv = self.rpc.inventory
        for i in range(5):
            inv.add(f"item{i}", i)
        inv.delete(2)
        self.assertEqual([x["id"] for x in inv.list(0, 2)], [1, 3])
        self.assertEqual([x["id"] for x in inv.list(3, 1000)], [4, 5])
        self.assertEqual(inv.list(5, 10), [])
        self.assertFault(-32602, inv.list, 0, 0)
        self.assertFault(-32602, inv.list, 0, 1001)
        self.assertEqual(inv.count(), 4)

    def test_names_are_limited_to_256_bytes_of_utf8(self):
        inv = self.rpc.inventory
        self.assertEqual(inv.add("x" * 256, 1)["name"], "x" * 256)
        self.assertFault(-32602, inv.add, "x" * 257, 1)
        self.assertEqual(inv.add("é" * 128, 1)["name"], "é" * 128)  # 256 bytes
        self.assertFault(-32602, inv.add, "é" * 129, 1)
        odd = "]]> <tag> & \"q\" 'a' \t ☃ 📦"
        self.assertEqual(inv.add(odd, 1)["name"], odd)

    def test_ints_are_32_bit_and_strings_are_not_ints(self):
        inv = self.rpc.inventory
        inv.add("a", 1)
        body = (b"<?xml version='1.0'?><methodCall><methodName>inventory.get"
                b"</methodName><params><param><value><i8>4294967297</i8></value>"
                b"</param></params></methodCall>")
        self.assertEqual(self.send_raw_call(body).faultCode, -32602)
        with self.server.connect() as s:
            s.sendall(post("/RPC2", body.replace(b"4294967297", b"1")))
            self.assertEqual(parse_reply(read_response(s)[2])["id"], 1)
        self.assertFault(-32602, inv.get, "1")
        self.assertFault(-32602, inv.get, 1.0)
        self.assertFault(-32602, inv.get, True)
        self.assertFault(-32602, inv.get)

    def test_unknown_methods(self):
        self.assertFault(-32601, self.rpc.inventory.nope,
                         message="inventory.nope: unknown method")


class Introspection(ServerCase):
    METHODS = ["add_item", "delete_item", "get_all_items", "get_item",
               "inventory.add", "inventory.adjust", "inventory.adjust_many",
               "inventory.count", "inventory.delete", "inventory.get",
               "inventory.list", "inventory.set_quantity",
               "system.listMethods", "system.methodHelp",
               "system.methodSignature", "system.multicall", "update_item"]

    def test_every_method_is_listed_with_help_and_signature(self):
        self.assertEqual(self.rpc.system.listMethods(), self.METHODS)
        for name in self.METHODS:
            help_text = self.rpc.system.methodHelp(name)
            self.assertTrue(help_text.startswith(name + "("), help_text)
            signatures = self.rpc.system.methodSignature(name)
            self.assertTrue(signatures and all(isinstance(s, list) and s
                                               for s in signatures))
        self.assertEqual(self.rpc.system.methodSignature("add_item"),
                         [["string", "string", "int"]])
        self.assertFault(-32602, self.rpc.system.methodHelp, "nope")

    def test_multicall(self):
        multi = xmlrpc.client.MultiCall(self.rpc)
        multi.add_item("a", 1)
        multi.inventory.adjust(1, -5)
        multi.get_item(1)
        multi.nope()
        results = multi()
        self.assertEqual(results[0], "Product added with ID 1\n")
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            results[1]
        self.assertEqual(ctx.exception.faultCode, 422)
        self.assertEqual(results[2], "Product ID: 1, Name: a, Quantity: 1\n")
        with self.assertRaises(xmlrpc.client.Fault) as ctx:
            results[3]
        self.assertEqual(ctx.exception.faultCode, -32601)


if __name__ == "__main__":
    unittest.main()
