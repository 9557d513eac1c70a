"""bench/compare.py's bookkeeping, without running a benchmark: where a run
writes, the command it records, the RSS columns' names, and failures that
say what failed (issue 16, Benchmarks)."""

import argparse
import importlib.util
import os
import shutil
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location(
    "compare", os.path.join(ROOT, "bench", "compare.py"))
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)


def args(**kw):
    base = {"quick": False, "out": None, "seconds": 4}
    base.update(kw)
    return argparse.Namespace(**base)


def cell(rps=1000.0, **kw):
    c = {"rps": rps, "p50_us": 100, "p90_us": 200, "p99_us": 300,
         "p999_us": 400, "transport_errors": 0, "faults": 0,
         "invariants_ok": True}
    c.update(kw)
    return c


def results(items_max, ours_cell):
    stress = {m: {"64": ours_cell} for m in compare.MIXES}
    server = {"stress": stress, "wrk": {}, "rss_idle_kib": 10240,
              "rss_peak_kib": 20480, "rss_seeded_kib": 30720,
              "rss_after_reads_kib": 40960,
              "get_all": {"10000": {"seconds": 0.01, "bytes": 2400000}}}
    peer = {"stress": {m: {"64": cell()} for m in compare.MIXES}, "wrk": {}}
    return {"date": "2026-12-01", "machine": "test", "items_max": items_max,
            "command": "bench/compare --quick --seconds 1",
            "servers": {"ours": server, "python": peer, "xmlrpc-c": peer}}


class OutputDir(unittest.TestCase):
    def test_quick_writes_into_a_scratch_directory_not_docs(self):
        out = compare.output_dir(args(quick=True))
        self.addCleanup(shutil.rmtree, out, ignore_errors=True)
        self.assertNotEqual(os.path.realpath(out),
                            os.path.realpath(compare.DOCS))
        self.assertEqual(os.listdir(out), [])

    def test_quick_refuses_docs_as_out(self):
        with self.assertRaises(SystemExit) as ctx:
            compare.output_dir(args(quick=True, out=compare.DOCS))
        self.assertIn("--quick never writes into docs/", str(ctx.exception))

    def test_a_full_run_writes_into_docs_unless_told(self):
        self.assertEqual(compare.output_dir(args()), compare.DOCS)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "results")
            self.assertEqual(compare.output_dir(args(out=out)), out)
            self.assertTrue(os.path.isdir(out))

    def test_the_table_goes_between_the_markers_of_the_out_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            compare.write_table(tmp, "| first |")
            compare.write_table(tmp, "| second |")
            with open(os.path.join(tmp, "benchmarks.md")) as f:
                text = f.read()
        self.assertEqual(text.count("<!-- compare:begin -->"), 1)
        self.assertIn("| second |", text)
        self.assertNotIn("| first |", text)


class Render(unittest.TestCase):
    def setUp(self):
        self.saved = compare.CONNS
        compare.CONNS = [64]
        self.addCleanup(setattr, compare, "CONNS", self.saved)

    def test_the_recorded_command_is_the_one_that_ran(self):
        table = compare.render(results(10000, cell()), args(seconds=1))
        self.assertIn("`bench/compare --quick --seconds 1`", table)

    def test_rss_columns_name_the_item_count_they_were_measured_with(self):
        table = compare.render(results(10000, cell()), args())
        self.assertIn("RSS holding 10,000 items", table)
        self.assertNotIn("100k", table)
        row = [l for l in table.splitlines() if l.startswith("| ours |")
               and "MiB" in l][0]
        self.assertTrue(row.endswith("| 30.0 MiB | 40.0 MiB |"), row)

    def test_failures_say_transport_errors_or_faults(self):
        table = compare.render(
            results(10000, cell(transport_errors=3, faults=2)), args())
        self.assertIn("3 transport errors, 2 faults", table)
        failed = {"error": "inventory-stress exited 3: server down"}
        table = compare.render(results(10000, failed), args())
        self.assertIn("failed: inventory-stress exited 3: server down", table)


if __name__ == "__main__":
    unittest.main()
