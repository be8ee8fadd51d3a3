#!/usr/bin/python3
"""End-to-end robustness: the corpus of malformed and hostile workbooks (tests/robustness/workbooks.py,
made at test time in the office itself or byte by byte), each run through the org.kpirules.RulesEngine
service in-process and through `kpirules check` (connected to the same office). Every time: no crash (the
office still answers), a clear message naming the place (sheet, cell or file) where the input is at fault,
the input byte-identical afterwards, and no macro ever ran.

Usage: test_robustness.py [--kpirules PATH]  (default: $KPI_RUNNER, else build/src/runner/kpirules)
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from kpi_engine import KPIRULES, OXT, ROOT, HeadlessOffice, engine_service, file_url, properties  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "tests", "robustness"))
import workbooks  # noqa: E402

AS_OF = "2024-07-20"
NEVER_EXECUTE = 0            # com.sun.star.document.MacroExecMode
ALWAYS_EXECUTE_NO_WARN = 4

OFFICE = None
ENGINE = None
FOLDER = None
TRACE = None
CASES = []
SEEN = {}  # case name -> what the user was told, printed at the end (the table of docs/robustness.md)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def trace_text():
    try:
        with open(TRACE, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def setUpModule():
    global OFFICE, ENGINE, FOLDER, TRACE, CASES
    FOLDER = tempfile.mkdtemp(prefix="kpi-robust-")
    os.chmod(FOLDER, 0o755)  # the runner's unopkg runs as nobody when the test runs as root
    TRACE = os.path.join(FOLDER, "macro-trace.txt")
    OFFICE = HeadlessOffice(oxt=OXT)
    try:
        OFFICE.__enter__()
        ENGINE = engine_service(OFFICE)
        if ENGINE is None:
            raise AssertionError("the org.kpirules.RulesEngine service is not registered")
        CASES = workbooks.make_corpus(OFFICE, os.path.join(FOLDER, "corpus"), TRACE)
        if os.path.exists(TRACE):  # events fired while the corpus was made: the checks start from nothing
            os.remove(TRACE)
    except BaseException:
        tearDownModule()
        raise


def tearDownModule():
    for name in sorted(SEEN):
        sys.stderr.write("SEEN %s | %s\n" % (name, " | ".join(SEEN[name])))
    if OFFICE is not None:
        OFFICE.stop()
    if FOLDER is not None:
        shutil.rmtree(FOLDER, ignore_errors=True)


def office_answers():
    """A cheap round trip that needs a working office: a new document, one cell, closed again."""
    doc = OFFICE.new_calc()
    try:
        cell = doc.getSheets().getByIndex(0).getCellByPosition(0, 0)
        cell.setFormula("=6*7")
        return cell.getValue() == 42
    finally:
        OFFICE.close(doc)


def load(path, **extra):
    """Opens a workbook hidden, macros off unless asked: (document or None, error text)."""
    values = dict(Hidden=True, MacroExecutionMode=NEVER_EXECUTE)
    values.update(extra)
    try:
        doc = OFFICE.desktop.loadComponentFromURL(file_url(path), "_blank", 0, properties(**values))
    except Exception as e:  # a UNO exception: the office refused the file
        return None, "%s: %s" % (type(e).__name__, getattr(e, "Message", str(e)))
    if doc is None:
        return None, "no document"
    return doc, ""


def report_text(report):
    """Everything the user is told: the error and every diagnostic as rendered."""
    parts = [report.get("error", "")]
    for d in report.get("diagnostics", []):
        parts.append("%s %s %s %s" % (d.get("sheet", ""), d.get("code", ""), d.get("message", ""), d.get("rendered", "")))
    return "\n".join(parts)


def connect_url():
    accept = next(a for a in OFFICE.process.args if a.startswith("--accept="))
    return "uno:" + accept[len("--accept="):]


def run_check(arguments, timeout=300):
    result = subprocess.run([KPIRULES, "check", *arguments], capture_output=True, text=True, timeout=timeout,
                            stdin=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=FOLDER))
    sys.stderr.write("$ kpirules check %s\n-> %d\n%s%s" % (" ".join(arguments), result.returncode, result.stdout,
                                                          result.stderr))
    return result


def rules_file(case):
    path = os.path.join(FOLDER, "rules-" + case.name + ".kpirules")
    with open(path, "w", encoding="utf-8") as f:
        f.write(case.rules)
    return path


class WorkbookCorpus(unittest.TestCase):
    def test_corpus_is_large_and_the_macros_are_live(self):
        self.assertGreaterEqual(len(CASES), 20)
        self.assertEqual(len(CASES), len({c.name for c in CASES}))
        for case in CASES:
            self.assertTrue(os.path.isfile(case.path), case.name)

    def test_engine_on_every_workbook(self):
        for case in CASES:
            with self.subTest(workbook=case.name):
                self.check_engine(case)

    def check_engine(self, case):
        before = sha256(case.path)
        expect = case.expect
        doc, load_error = load(case.path)
        try:
            SEEN.setdefault(case.name, []).append("engine: " + (load_error or "opened"))
            if expect.get("loads", True) is False:
                self.assertIsNone(doc, "%s opened although it should not" % case.name)
                self.assertTrue(load_error)
                return
            if doc is None and expect.get("ok") is None:
                return  # either way is fine; the runner names the file (below)
            self.assertIsNotNone(doc, "%s did not open: %s" % (case.name, load_error))
            if not hasattr(doc, "getSheets"):
                self.assertIsNone(expect.get("ok"), "%s opened as something other than a spreadsheet" % case.name)
                return  # the engine needs a spreadsheet; the runner tells the user (below)
            report = json.loads(ENGINE.run(doc, case.rules, "corpus.kpirules", json.dumps({"asOf": AS_OF})))
            text = report_text(report)
            SEEN[case.name].append("ok" if report["ok"] else report.get("error", ""))
            SEEN[case.name].append("; ".join("%s %s" % (d["code"], d["message"]) for d in report.get("diagnostics", []))[:300])
            if expect.get("ok") is True:
                self.assertTrue(report["ok"], text)
                for count in ("indicators", "red", "nodata"):
                    if count in expect:
                        self.assertEqual(expect[count], report["counts"][count], (count, report["counts"]))
                for code in (expect.get("warning"), expect.get("note")):
                    if code:
                        self.assertIn(code, [d["code"] for d in report["diagnostics"]])
                for place in expect.get("place", []):  # a warning names where
                    self.assertIn(place, text, "%s: the diagnostics do not name %r" % (case.name, place))
                self.assertTrue(doc.getSheets().hasByName("Exceptions"))
            elif expect.get("ok") is False:
                self.assertFalse(report["ok"], "%s: expected a failure, got %s" % (case.name, report.get("counts")))
                self.assertFalse(doc.isModified(), "%s: a failed run changed the document" % case.name)
            if not report["ok"]:  # a failure names the place: sheet, header, cell
                for place in expect.get("place", []):
                    self.assertIn(place, text, "%s: the message does not name %r" % (case.name, place))
        finally:
            if doc is not None:
                OFFICE.close(doc)
            self.assertTrue(office_answers(), "the office stopped answering after %s" % case.name)
            self.assertEqual(before, sha256(case.path), "%s was changed" % case.name)
            self.assertEqual("", trace_text(), "a macro ran while checking %s" % case.name)
            self.assertFalse([n for n in os.listdir(os.path.dirname(case.path)) if n.startswith(".~lock")])

    def test_runner_on_every_workbook(self):
        url = connect_url()
        for case in CASES:
            with self.subTest(workbook=case.name):
                before = sha256(case.path)
                out = os.path.join(FOLDER, "out-" + case.name)
                result = run_check([case.path, "--rules", rules_file(case), "--out", out, "--connect", url,
                                    "--as-of", AS_OF, "--report", "csv,json"])
                expect = case.expect
                SEEN.setdefault(case.name, []).append("runner %d: %s" % (result.returncode, result.stderr.strip()[:300]))
                self.assertGreaterEqual(result.returncode, 0, "kpirules died of a signal")
                if expect.get("ok") is True:
                    self.assertIn(result.returncode, (0, 1), result.stderr)
                    self.assertIn(os.path.basename(case.path), os.listdir(out))
                    summary = result.stdout.splitlines()
                    self.assertEqual(2, len(summary), result.stdout)
                    self.assertEqual(str(expect.get("indicators", summary[1].split()[1])), summary[1].split()[1])
                elif expect.get("ok") is False or expect.get("loads") is False:
                    self.assertEqual(2, result.returncode, result.stdout + result.stderr)
                    self.assertIn(case.path, result.stderr)  # the file is named
                    for place in expect.get("place", []):
                        self.assertIn(place, result.stderr, "%s: stderr does not name %r" % (case.name, place))
                    self.assertFalse(os.path.isdir(out) and os.listdir(out), "%s: something was written" % case.name)
                else:  # either outcome, but a failure names the file
                    self.assertIn(result.returncode, (0, 1, 2))
                    if result.returncode == 2:
                        self.assertIn(case.path, result.stderr)
                self.assertEqual("", result.stderr.count("Traceback") * "traceback")
                self.assertTrue(office_answers(), "the office stopped answering after %s" % case.name)
                self.assertEqual(before, sha256(case.path), "%s was changed" % case.name)
                self.assertEqual("", trace_text(), "a macro ran while checking %s" % case.name)

    # -- particular cases, looked at more closely -------------------------------------------------------

    def case(self, name):
        return next(c for c in CASES if c.name == name)

    def test_macros_never_run_but_would_if_allowed(self):
        """The runner and the engine never run a workbook's macros; the control proves the macros work."""
        case = self.case("macros.ods")
        # The runner in its own office (NEVER_EXECUTE on load), then the checked copy opened again.
        out = os.path.join(FOLDER, "out-macros-own-office")
        result = run_check([case.path, "--rules", rules_file(case), "--out", out, "--as-of", AS_OF, "--oxt", OXT],
                           timeout=600)
        self.assertIn(result.returncode, (0, 1), result.stderr)
        self.assertEqual("", trace_text(), "a macro ran in the runner's own office")
        checked, _ = load(os.path.join(out, "macros.ods"))
        try:
            sheet = checked.getSheets().getByName(workbooks.SHEET)
            self.assertEqual("", sheet.getCellRangeByName("Z1").getString())
            self.assertTrue(checked.getSheets().hasByName("Exceptions"))
            self.assertTrue(checked.BasicLibraries.getByName("Standard").hasByName("Trace"), "the macros are kept")
        finally:
            OFFICE.close(checked)
        # The engine on a document opened with the API's default macro mode (no MacroExecutionMode given).
        doc = OFFICE.desktop.loadComponentFromURL(file_url(case.path), "_blank", 0, properties(Hidden=True))
        try:
            report = json.loads(ENGINE.run(doc, case.rules, "corpus.kpirules", json.dumps({"asOf": AS_OF})))
            self.assertTrue(report["ok"], report)
            doc.calculateAll()
            OFFICE.store(doc, os.path.join(FOLDER, "macros-stored.ods"), "calc8")
        finally:
            OFFICE.close(doc)
        self.assertEqual("", trace_text(), "a macro ran around the engine")
        # Control: the same file opened with macros allowed runs its OnLoad macro at once.
        doc, error = load(case.path, MacroExecutionMode=ALWAYS_EXECUTE_NO_WARN)
        try:
            self.assertIsNotNone(doc, error)
            self.assertIn("cell function", trace_text(), "the control failed: the macro did not run even when allowed")
            sys.stderr.write("control, macros allowed: the trace reads %r\n" % trace_text())
        finally:
            if doc is not None:
                OFFICE.close(doc)
            if os.path.exists(TRACE):
                os.remove(TRACE)

    def test_unicode_names_survive(self):
        case = self.case("unicode.ods")
        doc, error = load(case.path)
        self.assertIsNotNone(doc, error)
        try:
            report = json.loads(ENGINE.run(doc, case.rules, "unicode.kpirules", json.dumps({"asOf": AS_OF})))
            self.assertTrue(report["ok"], report_text(report))
            titles = {row[0]: row[1] for row in workbooks.UNICODE_ROWS}
            flagged = [e for e in report["exceptions"] if e["severity"] == "high"]
            self.assertEqual({"Κ-01", "م-02"}, {e["code"] for e in flagged})
            for e in flagged:
                self.assertEqual(titles[e["code"]], e["title"])
                self.assertIn(titles[e["code"]], e["message"])
            exceptions = doc.getSheets().getByName("Exceptions").getCellRangeByName("A2:E3").getDataArray()
            self.assertEqual({titles[c] for c in ("Κ-01", "م-02")}, {row[2] for row in exceptions})
        finally:
            OFFICE.close(doc)


class RulesCorpusInTheEngine(unittest.TestCase):
    """Malformed rules files (tests/robustness/rules and the generated hostile ones: deep nesting, huge
    lines) through the engine inside the office, on the monthly sample: ok false, a located diagnostic,
    the document untouched, the office alive (a stack overflow here would take LibreOffice down)."""

    def test_every_malformed_rules_file_leaves_the_document_alone(self):
        import glob
        from hostile_rules import hostile_rules
        files = [(os.path.basename(p), open(p, "rb").read())
                 for p in sorted(glob.glob(os.path.join(ROOT, "tests", "robustness", "rules", "*.kpirules")))]
        files += [(name + ".kpirules", data) for name, _, data in hostile_rules()]
        sample = os.path.join(FOLDER, "rules-corpus-sample.ods")
        shutil.copyfile(os.path.join(ROOT, "samples", "council-monthly.ods"), sample)
        before = sha256(sample)
        doc, error = load(sample)
        self.assertIsNotNone(doc, error)
        try:
            sheet = doc.getSheets().getByName("Corporate KPIs")
            cells = sheet.getCellRangeByName("A1:Z70")
            original = (cells.getFormulaArray(), doc.getSheets().getElementNames())
            for name, data in files:
                with self.subTest(rules=name):
                    text = data.decode("utf-8", errors="replace")
                    report = json.loads(ENGINE.run(doc, text, name, json.dumps({"asOf": AS_OF})))
                    self.assertFalse(report["ok"], name)
                    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
                    self.assertTrue(errors, report.get("error"))
                    self.assertRegex(errors[0]["rendered"], re.escape(name) + r":\d+:\d+")
                    self.assertFalse(doc.isModified())
            self.assertEqual(original, (cells.getFormulaArray(), doc.getSheets().getElementNames()))
        finally:
            OFFICE.close(doc)
        self.assertTrue(office_answers())
        self.assertEqual(before, sha256(sample))


if __name__ == "__main__":
    unittest.main(verbosity=2)
