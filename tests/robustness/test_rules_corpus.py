#!/usr/bin/python3
"""Malformed rules files through `kpirules lint`: the committed corpus tests/robustness/rules/*.kpirules
and the generated hostile ones (tests/robustness/hostile_rules.py). Each must give exit status 1 (errors)
or 2, at least one diagnostic with file:line:col, within seconds, without a crash. With --fuzzer, every
file is also replayed through the sanitizer-built fuzz target (parse, check, render; ASan + UBSan).

Usage: test_rules_corpus.py --kpirules PATH [--fuzzer PATH]
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from hostile_rules import hostile_rules  # noqa: E402

ARGS = {"--kpirules": None, "--fuzzer": None}
for option in list(ARGS):
    if option in sys.argv:
        at = sys.argv.index(option)
        ARGS[option] = sys.argv[at + 1]
        del sys.argv[at:at + 2]
CORPUS = sorted(glob.glob(os.path.join(HERE, "rules", "*.kpirules")))
SANITIZER_SIGNS = ("AddressSanitizer", "UndefinedBehaviorSanitizer", "runtime error:", "LeakSanitizer", "deadly signal")


class RulesCorpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not ARGS["--kpirules"]:
            raise unittest.SkipTest("give --kpirules PATH")
        cls.folder = tempfile.TemporaryDirectory(prefix="kpi-robust-rules-")
        cls.generated = []
        for name, _, data in hostile_rules():
            path = os.path.join(cls.folder.name, name + ".kpirules")
            with open(path, "wb") as f:
                f.write(data)
            cls.generated.append(path)

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def test_corpus_size_and_descriptions(self):
        self.assertGreaterEqual(len(CORPUS) + len(self.generated), 50)
        for path in CORPUS:
            with open(path, "rb") as f:
                self.assertTrue(f.readline().startswith(b"# robust: "), path)

    def lint(self, path, *options):
        started = time.monotonic()
        result = subprocess.run([ARGS["--kpirules"], "lint", "--colour", "never", *options, path], capture_output=True,
                                timeout=120, stdin=subprocess.DEVNULL)
        return result, time.monotonic() - started

    def test_every_file_is_rejected_with_a_located_diagnostic(self):
        slowest = (0.0, "")
        for path in CORPUS + self.generated:
            with self.subTest(rules=os.path.basename(path)):
                result, seconds = self.lint(path)
                slowest = max(slowest, (seconds, os.path.basename(path)))
                output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
                self.assertGreaterEqual(result.returncode, 0, "killed by signal %d" % -result.returncode)
                self.assertIn(result.returncode, (1, 2), output[:2000])
                self.assertRegex(output, re.escape(path) + r":\d+:\d+", "no file:line:col in\n" + output[:2000])
                self.assertRegex(output, r"\berror\b")
                for sign in SANITIZER_SIGNS:
                    self.assertNotIn(sign, output)
                self.assertLess(seconds, 30, "lint took %.1f s" % seconds)
        sys.stderr.write("slowest lint: %.2f s (%s)\n" % slowest)

    def test_json_output_is_well_formed_for_every_file(self):
        import json
        for path in CORPUS + self.generated:
            with self.subTest(rules=os.path.basename(path)):
                result, _ = self.lint(path, "--format", "json")
                self.assertEqual(1, result.returncode)
                report = json.loads(result.stdout.decode("utf-8"))
                self.assertGreaterEqual(report["errors"], 1)
                for d in report["diagnostics"]:
                    self.assertGreaterEqual(d["line"], 1)
                    self.assertGreaterEqual(d["column"], 1)

    def test_sanitizers_find_nothing(self):
        if not ARGS["--fuzzer"] or not os.path.isfile(ARGS["--fuzzer"]):
            self.skipTest("no fuzzer built (needs clang)")
        # One input per file given: each runs once, under ASan and UBSan, with the evaluator for clean ones.
        result = subprocess.run([ARGS["--fuzzer"], "-rss_limit_mb=2048", "-timeout=60", *(CORPUS + self.generated)],
                                capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
        output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
        self.assertEqual(0, result.returncode, output[-4000:])
        for sign in SANITIZER_SIGNS:
            self.assertNotIn(sign, output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
