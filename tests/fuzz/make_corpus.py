#!/usr/bin/env python3
"""Writes the seed corpus under tests/fuzz/corpus/: real requests for every
method and every type, each hostile case, and for the differential fuzzer
(decode_diff) one document per XML 1.0 well-formedness rule. Reproducers of
crashes found by fuzzing are added beside these files by hand, under a name
that says what they broke."""

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


def wf_call(value=b"<string>x</string>", root=b"methodCall", attrs=b"",
            before=b"", inside=b"", after=b""):
    """A methodCall that decodes, but for the one rule a seed breaks."""
    return (before + b"<" + root + attrs + b">" + inside
            + b"<methodName>m</methodName><params><param><value>" + value
            + b"</value></param></params></" + root + b">" + after)


DECL = b'<?xml version="1.0"?>'

# One document per XML 1.0 well-formedness rule for decode_diff. Names say
# the rule; `ok_` documents are well-formed and show the rule's legal side.
WELL_FORMEDNESS = {
    # The prolog and the XML declaration (XMLDecl must come first, once).
    "ok_prolog_declaration_bom_comment_pi": b"\xEF\xBB\xBF"
        + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + b"<!-- c -->\n<?app data?>\n" + wf_call() + b"\n<!-- end -->\n",
    "prolog_whitespace_before_declaration": wf_call(before=b" " + DECL),
    "prolog_comment_before_declaration": wf_call(before=b"<!-- c -->" + DECL),
    "prolog_declaration_twice": wf_call(before=DECL + DECL),
    "prolog_declaration_after_root": wf_call(after=DECL),
    "prolog_declaration_inside_element": wf_call(inside=DECL),
    "prolog_declaration_without_version":
        wf_call(before=b'<?xml encoding="UTF-8"?>'),
    "prolog_declaration_encoding_before_version":
        wf_call(before=b'<?xml encoding="UTF-8" version="1.0"?>'),
    "prolog_declaration_unknown_attribute":
        wf_call(before=b'<?xml version="1.0" lang="en"?>'),
    "prolog_declaration_standalone_maybe":
        wf_call(before=b'<?xml version="1.0" standalone="maybe"?>'),
    "prolog_declaration_version_2": wf_call(before=b'<?xml version="2.0"?>'),
    "prolog_declaration_no_space_between":
        wf_call(before=b'<?xml version="1.0"encoding="UTF-8"?>'),
    "prolog_declaration_unquoted": wf_call(before=b"<?xml version=1.0?>"),
    "prolog_declaration_uppercase": wf_call(before=b'<?XML version="1.0"?>'),
    "prolog_declaration_unterminated": wf_call(before=b'<?xml version="1.0"'),
    "prolog_us_ascii_with_non_ascii_text":
        wf_call(b"<string>caf\xC3\xA9</string>",
                before=b'<?xml version="1.0" encoding="US-ASCII"?>'),
    "prolog_utf16_declared": wf_call(
        before=b'<?xml version="1.0" encoding="UTF-16"?>'),
    "prolog_bom_twice": b"\xEF\xBB\xBF\xEF\xBB\xBF" + wf_call(),
    "prolog_bom_after_declaration": wf_call(before=DECL + b"\xEF\xBB\xBF"),
    "prolog_empty_document": b"",
    "prolog_only_declaration": DECL,
    # The document type declaration: our policy refuses any DTD.
    "doctype_without_subset": wf_call(before=b"<!DOCTYPE methodCall>"),
    "doctype_after_root": wf_call(after=b"<!DOCTYPE methodCall>"),
    "doctype_inside_element": wf_call(inside=b"<!DOCTYPE methodCall>"),
    "doctype_entity_declaration_without_doctype":
        wf_call(before=b'<!ENTITY e "x">'),
    "doctype_entity_declaration_inside_element":
        wf_call(inside=b'<!ENTITY e "x">'),
    # Exactly one root element, and nothing but Misc around it.
    "root_text_before": wf_call(before=b"junk"),
    "root_text_after": wf_call(after=b"junk"),
    "root_element_after": wf_call(after=b"<x/>"),
    "root_cdata_before": wf_call(before=b"<![CDATA[x]]>"),
    "root_cdata_after": wf_call(after=b"<![CDATA[x]]>"),
    "root_entity_reference_after": wf_call(after=b"&amp;"),
    "root_character_reference_after": wf_call(after=b"&#32;"),
    "root_unclosed": wf_call()[:-len(b"</methodCall>")],
    "root_end_tag_mismatch": wf_call()[:-len(b"</methodCall>")]
        + b"</methodcall>",
    "root_nul_byte_after": wf_call(after=b"\x00"),
    # Comments: no "--" inside, no "-" before the closing "-->".
    "ok_comments_everywhere": wf_call(
        b"<string>a<!-- c -->b</string>", before=b"<!---->",
        inside=b"<!-- - -->", after=b"<!--x-->"),
    "comment_double_hyphen": wf_call(before=b"<!-- a -- b -->"),
    "comment_double_hyphen_in_text":
        wf_call(b"<string>a<!-- -- -->b</string>"),
    "comment_ending_in_hyphen": wf_call(inside=b"<!-- a --->"),
    "comment_three_hyphens": wf_call(inside=b"<!--->"),
    "comment_unterminated": wf_call(after=b"<!-- a"),
    "comment_single_hyphen_opener": wf_call(inside=b"<!- a -->"),
    # Processing instructions: a Name target, not xml in any case, and
    # whitespace between the target and the data.
    "ok_processing_instructions": wf_call(
        b"<string>a<?p?>b</string>", before=b"<?xml-stylesheet href='s'?>",
        inside=b"<?p data ? > ?>", after=b"<?p?>"),
    "pi_target_xml_mixed_case": wf_call(inside=b"<?XmL data?>"),
    "pi_target_xml_in_text": wf_call(b"<string>a<?xml x?>b</string>"),
    "pi_without_target": wf_call(inside=b"<? data?>"),
    "pi_target_not_a_name": wf_call(inside=b"<?1p data?>"),
    "pi_no_space_after_target": wf_call(inside=b'<?p"data"?>'),
    "pi_unterminated": wf_call(after=b"<?p data"),
    # CDATA sections: only inside elements, closed by the first "]]>".
    "ok_cdata": wf_call(b"<string><![CDATA[<&]]]]><![CDATA[>]]></string>"),
    "cdata_unterminated": wf_call(b"<string><![CDATA[x</string>"),
    "cdata_lowercase_keyword": wf_call(b"<string><![cdata[x]]></string>"),
    "cdata_nested": wf_call(b"<string><![CDATA[<![CDATA[x]]>]]></string>"),
    "cdata_in_attribute_position": wf_call(attrs=b" <![CDATA[x]]>"),
    # Character data: no "<", no bare "&", no "]]>".
    "text_cdata_end_marker": wf_call(b"<string>a]]>b</string>"),
    "text_cdata_end_marker_untyped": wf_call(b"a]]>b"),
    "text_less_than": wf_call(b"<string>a < b</string>"),
    "text_bare_ampersand": wf_call(b"<string>a & b</string>"),
    "text_control_character": wf_call(b"<string>a\x0Bb</string>"),
    "text_fffe": wf_call(b"<string>a\xEF\xBF\xBEb</string>"),
    "text_lone_surrogate": wf_call(b"<string>a\xED\xB2\x80b</string>"),
    "text_overlong_utf8": wf_call(b"<string>a\xC1\xBFb</string>"),
    # References: the five predefined entities, &#N; and &#xH; of a Char.
    "ok_references": wf_call(
        b"<string>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#0065;&#x10FFFF;"
        b"</string>"),
    "reference_undefined_entity": wf_call(b"<string>&nope;</string>"),
    "reference_without_semicolon": wf_call(b"<string>&amp x</string>"),
    "reference_uppercase_x": wf_call(b"<string>&#X41;</string>"),
    "reference_zero": wf_call(b"<string>&#0;</string>"),
    "reference_empty_decimal": wf_call(b"<string>&#;</string>"),
    "reference_empty_hex": wf_call(b"<string>&#x;</string>"),
    "reference_negative": wf_call(b"<string>&#-65;</string>"),
    "reference_plus_sign": wf_call(b"<string>&#+65;</string>"),
    "reference_space_inside": wf_call(b"<string>&# 65;</string>"),
    "reference_above_unicode": wf_call(b"<string>&#x110000;</string>"),
    "reference_surrogate": wf_call(b"<string>&#xDC00;</string>"),
    "ok_reference_in_method_name":
        wf_call().replace(b"<methodName>m", b"<methodName>&#109;"),
    "reference_undefined_in_method_name":
        wf_call().replace(b"<methodName>m", b"<methodName>&m;"),
    # Attributes: a Name, =, a quoted value without "<" or a bare "&",
    # unique per element, separated by whitespace.
    "ok_attributes": wf_call(
        b"<string a='&lt;&#62;\"' b=\"'\">x</string>",
        attrs=b' xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"'
              b' a = "1" b=\'2\'\t'),
    "attribute_duplicate": wf_call(attrs=b' a="1" a="2"'),
    "attribute_duplicate_on_leaf": wf_call(b'<string a="1" a="1">x</string>'),
    "attribute_less_than_in_value": wf_call(attrs=b' a="<"'),
    "attribute_bare_ampersand": wf_call(attrs=b' a="&"'),
    "attribute_undefined_entity": wf_call(attrs=b' a="&nope;"'),
    "attribute_reference_zero": wf_call(attrs=b' a="&#0;"'),
    "attribute_control_character": wf_call(attrs=b' a="\x01"'),
    "attribute_no_whitespace_between": wf_call(attrs=b' a="1"b="2"'),
    "attribute_unquoted": wf_call(attrs=b" a=1"),
    "attribute_without_value": wf_call(attrs=b" a"),
    "attribute_mismatched_quotes": wf_call(attrs=b" a=\"1'"),
    "attribute_name_starts_with_digit": wf_call(attrs=b' 1a="1"'),
    "attribute_name_nbsp": wf_call(attrs=b' \xC2\xA0="1"'),
    "attribute_on_end_tag": wf_call()[:-len(b"</methodCall>")]
        + b'</methodCall a="1">',
    # Names: NameStartChar then NameChar, end tag equal to start tag.
    "ok_names": wf_call(b"<string>x</string >", attrs=b" _:a.-1='1' :='2'"),
    # Policy, not well-formedness: expat accepts it, we refuse it (-32700).
    "policy_name_beyond_ascii": wf_call(attrs=b" caf\xC3\xA9='1'"),
    "name_element_starts_with_digit": wf_call(b"<1string>x</1string>"),
    "name_element_starts_with_combining_mark":
        wf_call(b"<\xCC\x80string>x</\xCC\x80string>"),
    "name_element_with_nbsp": wf_call(b"<string\xC2\xA0>x</string\xC2\xA0>"),
    "name_element_with_symbol": wf_call(b"<str$ing>x</str$ing>"),
    "name_space_after_lt": wf_call(b"< string>x</string>"),
    "name_space_after_end_tag_slash": wf_call(b"<string>x</ string>"),
    "name_space_inside_empty_tag_end": wf_call(b"<nil/ >"),
    "name_end_tag_mismatch": wf_call(b"<string>x</strinG>"),
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
    write("decode_diff", "ok_every_type", call_body("every_type"))
    for name, data in WELL_FORMEDNESS.items():
        write("decode_diff", name, data)
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
