#!/usr/bin/env python3
"""Writes the seed corpus under tests/fuzz/corpus/: real requests for every
method and every type, and each hostile case. Reproducers of crashes found
by fuzzing are added beside these files by hand, under a name that says
what they broke."""

import datetime
import os
import xmlrpc.client

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

CALLS = {
    "add_item": ("add_item", "widget", 5),
    "update_item": ("update_item", 1, 9),
    "delete_item": ("delete_item", 1),
    "get_item": ("get_item", 1),
    "get_all_items": ("get_all_items",),
    "inventory_add": ("inventory.add", "bolt", 10),
    "inventory_get": ("inventory.get", 1),
    "inventory_set_quantity": ("inventory.set_quantity", 1, 4, 2),
    "inventory_set_quantity_nil": ("inventory.set_quantity", 1, 4, None),
    "inventory_adjust": ("inventory.adjust", 1, -2),
    "inventory_adjust_many": ("inventory.adjust_many",
                              [{"id": 1, "delta": -1}, {"id": 2, "delta": 3}]),
    "inventory_delete": ("inventory.delete", 1),
    "inventory_list": ("inventory.list", 0, 100),
    "inventory_count": ("inventory.count",),
    "list_methods": ("system.listMethods",),
    "method_help": ("system.methodHelp", "inventory.adjust"),
    "method_signature": ("system.methodSignature", "add_item"),
    "multicall": ("system.multicall", [
        {"methodName": "add_item", "params": ["a", 1]},
        {"methodName": "get_item", "params": [1]}]),
    "every_type": ("echo", 1, -2147483648, True, 1.5, "text <&>",
                   None, datetime.datetime(2026, 11, 24, 10, 45, 47),
                   xmlrpc.client.Binary(b"\x00\x01\xff"), [1, [2, []]],
                   {"a": {"b": []}, "": ""}),
}


def dumps(params, method=None, response=False):
    return xmlrpc.client.dumps(params, method, methodresponse=response or None,
                               allow_none=True).encode()


def call_body(name):
    method, *params = CALLS[name]
    return dumps(tuple(params), method)


HOSTILE = {
    "billion_laughs": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                      b'<!ENTITY b "&a;&a;&a;&a;">]><methodCall><methodName>'
                      b'add_item</methodName><params><param><value>&b;'
                      b'</value></param></params></methodCall>',
    "xxe": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
           b'"file:///etc/passwd">]><methodCall><methodName>get_item'
           b'</methodName><params><param><value>&e;</value></param>'
           b'</params></methodCall>',
    "unknown_entity": b"<methodCall><methodName>x</methodName><params><param>"
                      b"<value>&nope;</value></param></params></methodCall>",
    "bad_utf8": b"<methodCall><methodName>x</methodName><params><param>"
                b"<value>\xff\xfe</value></param></params></methodCall>",
    "control_char": b"<methodCall><methodName>x</methodName><params><param>"
                    b"<value>\x01</value></param></params></methodCall>",
    "deep": b"<methodCall><methodName>x</methodName><params><param>"
            + b"<value><array><data>" * 100 + b"</data></array></value>" * 100
            + b"</param></params></methodCall>",
    "cdata": b"<methodCall><methodName>x</methodName><params><param><value>"
             b"<string><![CDATA[<raw> & ]]></string></value></param></params>"
             b"</methodCall>",
    "i8": b"<methodCall><methodName>inventory.get</methodName><params><param>"
          b"<value><i8>1099511627776</i8></value></param></params></methodCall>",
    "char_refs": b"<methodCall><methodName>x</methodName><params><param><value>"
                 b"&#65;&#x1F4E6;&lt;&amp;</value></param></params></methodCall>",
}


def http(body, path="/RPC2", method="POST", extra=b"", version=b"HTTP/1.1"):
    return (method.encode() + b" " + path.encode() + b" " + version
            + b"\r\nHost: x\r\nContent-Length: " + str(len(body)).encode()
            + b"\r\n" + extra + b"\r\n" + body)


def write(target, name, data):
    folder = os.path.join(HERE, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    for name in CALLS:
        write("decode_call", name, call_body(name))
        write("request", name, http(call_body(name)))
    for name, data in HOSTILE.items():
        write("decode_call", name, data)
        write("request", name, http(data))
    responses = {
        "string": ("Product added with ID 1\n",),
        "item": ({"id": 1, "name": "a", "quantity": 2, "version": 3},),
        "all_items": ({"1": {"name": "a", "quantity": 1},
                       "2": {"name": "b <&>", "quantity": 0}},),
        "every_type": CALLS["every_type"][1:2] + (
            [None, True, 2.5, "x", [1, {"k": "v"}]],),
    }
    for name, params in responses.items():
        write("decode_response", name, dumps(params[:1], response=True))
    write("decode_response", "fault",
          xmlrpc.client.dumps(xmlrpc.client.Fault(404, "no item"),
                              methodresponse=True).encode())
    body = call_body("inventory_count")
    write("request", "pipelined", http(body) * 3)
    write("request", "http10_keep_alive",
          http(body, extra=b"Connection: keep-alive\r\n", version=b"HTTP/1.0"))
    write("request", "not_found", http(body, path="/"))
    write("request", "method_not_allowed", http(b"", method="GET"))
    write("request", "expect_continue",
          http(body, extra=b"Expect: 100-continue\r\n"))
    write("request", "conflicting_lengths",
          b"POST /RPC2 HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4"
          b"\r\n\r\nabcd")
    chunked = (b"POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
               + f"{len(body):x}".encode() + b"\r\n" + body + b"\r\n0\r\n\r\n")
    write("request", "chunked", chunked)
    write("request", "garbage", b"\x16\x03\x01\x00\xff garbage\r\n\r\n")


if __name__ == "__main__":
    main()
