#!/usr/bin/python3
"""End-to-end: `kpirules check` on copies of the samples, with the built .oxt in its own headless
LibreOffice. Issue 4's "Checked by": exit 0 or 1; exactly one checked workbook, a CSV and a JSON
report in the output folder; the input byte-identical; the checked copy has an Exceptions sheet
listing the flags and KPI Red, Amber and Green applied. A broken rules file exits 2, names the
line, writes no workbook; a missing input exits 2 and is named; --format xlsx writes an xlsx.

Usage: test_runner.py [--kpirules PATH]  (default: $KPI_RUNNER, else build/src/runner/kpirules)
"""

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

from kpi_office import HeadlessOffice  # noqa: E402

SAMPLE = os.path.join(ROOT, "samples", "council-monthly.ods")
RULES = os.path.join(ROOT, "rules", "council-monthly.kpirules")
AS_OF = "2024-10-20"
KPIRULES = os.environ.get("KPI_RUNNER", os.path.join(ROOT, "build", "src", "runner", "kpirules"))
OXT = os.environ.get("KPI_OXT", os.path.join(ROOT, "build", "kpirules.oxt"))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# The runners' TMPDIR: whatever a run leaves there is a leak (set up by CheckCommand).
RUNNER_TMP = None


def run_check(*arguments):
    """Runs kpirules check; returns (exit status, stdout, stderr)."""
    result = subprocess.run([KPIRULES, "check", *arguments, "--oxt", OXT], capture_output=True, text=True,
                            timeout=600, stdin=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=RUNNER_TMP))
    sys.stderr.write("$ kpirules check %s\n-> %d\n%s%s" % (" ".join(arguments), result.returncode, result.stdout,
                                                          result.stderr))
    return result.returncode, result.stdout, result.stderr


def used_rows(sheet):
    """The sheet's used area as a tuple of rows of cell strings (one UNO call)."""
    cursor = sheet.createCursor()
    cursor.gotoStartOfUsedArea(False)
    cursor.gotoEndOfUsedArea(True)
    return cursor.getDataArray(), cursor.getRangeAddress()


def styles_used(sheet):
    """Every cell style name applied in the sheet's used area."""
    _, address = used_rows(sheet)
    names = set()
    for row in range(address.StartRow, address.EndRow + 1):
        for column in range(address.StartColumn, address.EndColumn + 1):
            names.add(sheet.getCellByPosition(column, row).CellStyle)
    return names


class CheckCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(KPIRULES):
            raise unittest.SkipTest("kpirules not built: %s" % KPIRULES)
        cls.folder = tempfile.mkdtemp(prefix="kpi-runner-test-")
        global RUNNER_TMP
        RUNNER_TMP = os.path.join(cls.folder, "tmp")
        os.makedirs(RUNNER_TMP)
        cls.input_folder = os.path.join(cls.folder, "in")
        os.makedirs(cls.input_folder)
        cls.input = os.path.join(cls.input_folder, "council-monthly.ods")
        shutil.copyfile(SAMPLE, cls.input)
        cls.input_hash = sha256(cls.input)
        # The main job, as a performance officer runs it.
        cls.out = os.path.join(cls.folder, "checked")
        cls.status, cls.stdout, cls.stderr = run_check(cls.input, "--rules", RULES, "--out", cls.out,
                                                       "--report", "csv,json", "--as-of", AS_OF)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def report(self):
        with open(os.path.join(self.out, "council-monthly.exceptions.json"), encoding="utf-8") as f:
            return json.load(f)

    def test_exit_status_and_outputs(self):
        self.assertIn(self.status, (0, 1), self.stderr)
        self.assertEqual(["council-monthly.exceptions.csv", "council-monthly.exceptions.json", "council-monthly.ods"],
                         sorted(os.listdir(self.out)))
        self.assertEqual(self.input_hash, sha256(self.input), "the input was changed")
        self.assertEqual(self.input_hash, sha256(SAMPLE))
        self.assertEqual(["council-monthly.ods"], os.listdir(self.input_folder), "files left beside the input")
        self.assertEqual([], os.listdir(RUNNER_TMP), "temporary files left behind")
        report = self.report()
        counts = report["counts"]
        # 1 exactly when the rules raised flags.
        self.assertEqual(1 if counts["flags"] > 0 else 0, self.status)
        self.assertGreaterEqual(counts["indicators"], 40)
        self.assertEqual(self.input, report["workbook"])
        self.assertTrue(all(row["workbook"] == self.input for row in report["exceptions"]))
        self.assertEqual(os.path.basename(RULES), report["rules"]["name"])
        self.assertEqual(sha256(RULES), report["rules"]["sha256"])

    def test_csv_lists_the_same_exceptions_as_json(self):
        exceptions = self.report()["exceptions"]
        self.assertGreater(len(exceptions), 0)
        with open(os.path.join(self.out, "council-monthly.exceptions.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(exceptions), len(rows))
        self.assertEqual([(e["code"], e["severity"], e["message"]) for e in exceptions],
                         [(r["code"], r["severity"], r["message"]) for r in rows])
        self.assertTrue(all(r["workbook"] == self.input for r in rows))

    def test_summary_printed(self):
        counts = self.report()["counts"]
        lines = self.stdout.splitlines()
        self.assertEqual(["Workbook", "Indicators", "Red", "Amber", "Green", "No", "data", "SMART", "failures",
                          "Flags"], lines[0].split())
        row = [line for line in lines if line.startswith(self.input)]
        self.assertEqual(1, len(row), self.stdout)
        numbers = [int(n) for n in row[0][len(self.input):].split()]
        self.assertEqual([counts["indicators"], counts["red"], counts["amber"], counts["green"], counts["nodata"],
                          counts["smartFailures"], counts["flags"]], numbers)

    def test_checked_copy_has_exceptions_sheet_and_status_styles(self):
        report = self.report()
        with HeadlessOffice() as office:
            doc = office.load(os.path.join(self.out, "council-monthly.ods"), read_only=True)
            sheets = doc.getSheets()
            self.assertTrue(sheets.hasByName("Exceptions"), sheets.getElementNames())
            rows, _ = used_rows(sheets.getByName("Exceptions"))
            header = [str(text).strip().lower() for text in rows[0]]
            code = header.index("code")
            self.assertEqual(sorted(str(e["code"]) for e in report["exceptions"]),
                             sorted(str(row[code]) for row in rows[1:]))
            flags = [e for e in report["exceptions"] if e["severity"] != "smart"]
            self.assertEqual(report["counts"]["flags"] > 0, len(flags) > 0)
            styles = set()
            for table in report["tables"]:
                styles |= styles_used(sheets.getByName(table["sheet"]))
            for status in ("KPI Red", "KPI Amber", "KPI Green"):
                self.assertIn(status, styles)
            office.close(doc)

    def test_comments_option_chooses_which_flags_get_comments(self):
        """--comments high: only the codes with a high flag get a comment, and it lists only those; the
        default run comments on every flagged code; the reports are the same. A bad value is a usage error."""
        out = os.path.join(self.folder, "checked-high")
        status, _, stderr = run_check(self.input, "--rules", RULES, "--out", out, "--report", "json", "--as-of", AS_OF,
                                      "--comments", "high")
        self.assertEqual(self.status, status, stderr)
        with open(os.path.join(out, "council-monthly.exceptions.json"), encoding="utf-8") as f:
            high_report = json.load(f)
        report = self.report()
        self.assertEqual(report["exceptions"], high_report["exceptions"])
        flags = [e for e in report["exceptions"] if e["severity"] != "smart"]
        sheet_name = report["tables"][0]["sheet"]

        def comments(path):
            with HeadlessOffice() as office:
                doc = office.load(path, read_only=True)
                annotations = doc.getSheets().getByName(sheet_name).getAnnotations()
                texts = [annotations.getByIndex(i).getString() for i in range(annotations.getCount())]
                office.close(doc)
            return texts
        every = comments(os.path.join(self.out, "council-monthly.ods"))
        high = comments(os.path.join(out, "council-monthly.ods"))
        self.assertEqual(len({e["code"] for e in flags}), len(every))
        self.assertEqual(len({e["code"] for e in flags if e["severity"] == "high"}), len(high))
        self.assertLess(len(high), len(every))
        self.assertTrue(all(text.startswith("KPI Rules \u2014 high: ") and "medium:" not in text and "low:" not in text
                            for text in high), high)
        status, _, stderr = run_check(self.input, "--rules", RULES, "--out", os.path.join(self.folder, "never"),
                                      "--comments", "some")
        self.assertEqual(2, status)
        self.assertIn("--comments", stderr)
        self.assertFalse(os.path.exists(os.path.join(self.folder, "never")))

    def test_broken_rules_exit_2_name_the_line_and_write_nothing(self):
        with open(RULES, encoding="utf-8") as f:
            lines = f.read().split("\n")
        broken_line = next(i for i, line in enumerate(lines) if line.startswith("key ")) + 1
        lines[broken_line - 1] = "key = = \"PI Code\""
        broken = os.path.join(self.folder, "broken.kpirules")
        with open(broken, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        out = os.path.join(self.folder, "broken-out")
        status, stdout, stderr = run_check(self.input, "--rules", broken, "--out", out)
        self.assertEqual(2, status)
        self.assertIn("broken.kpirules:%d:" % broken_line, stderr)
        self.assertIn("error", stderr)
        self.assertFalse(os.path.exists(out) and os.listdir(out), "something was written")
        self.assertEqual(self.input_hash, sha256(self.input))

    def test_missing_input_exit_2_and_named(self):
        missing = os.path.join(self.folder, "no-such-workbook.ods")
        out = os.path.join(self.folder, "missing-out")
        status, stdout, stderr = run_check(missing, "--rules", RULES, "--out", out)
        self.assertEqual(2, status)
        self.assertIn("no-such-workbook.ods", stderr)
        self.assertFalse(os.path.exists(out) and os.listdir(out), "something was written")

    def test_xlsx_copy_and_pdf(self):
        out = os.path.join(self.folder, "xlsx-out")
        status, stdout, stderr = run_check(self.input, "--rules", RULES, "--out", out, "--format", "xlsx",
                                           "--report", "json,pdf", "--as-of", AS_OF)
        self.assertEqual(self.status, status, stderr)
        self.assertEqual(["council-monthly.exceptions.json", "council-monthly.exceptions.pdf", "council-monthly.xlsx"],
                         sorted(os.listdir(out)))
        with zipfile.ZipFile(os.path.join(out, "council-monthly.xlsx")) as xlsx:
            self.assertIn("xl/workbook.xml", xlsx.namelist())
            workbook = xlsx.read("xl/workbook.xml").decode("utf-8")
            self.assertIn('name="Exceptions"', workbook)
        with open(os.path.join(out, "council-monthly.exceptions.pdf"), "rb") as pdf:
            self.assertEqual(b"%PDF", pdf.read(4))
        self.assertEqual(self.input_hash, sha256(self.input))

    def test_in_place_rewrites_only_the_named_input(self):
        folder = os.path.join(self.folder, "in-place")
        os.makedirs(folder)
        target = os.path.join(folder, "council-monthly.xlsx")
        shutil.copyfile(os.path.join(ROOT, "samples", "council-monthly.xlsx"), target)
        before = sha256(target)
        out = os.path.join(self.folder, "in-place-out")
        status, stdout, stderr = run_check(target, "--rules", RULES, "--out", out, "--in-place", "--as-of", AS_OF)
        self.assertIn(status, (0, 1), stderr)
        self.assertEqual(["council-monthly.xlsx"], os.listdir(folder), "temporary files left beside the input")
        self.assertNotEqual(before, sha256(target))
        with zipfile.ZipFile(target) as xlsx:
            self.assertIn('name="Exceptions"', xlsx.read("xl/workbook.xml").decode("utf-8"))
        self.assertEqual(["council-monthly.exceptions.csv", "council-monthly.exceptions.json"], sorted(os.listdir(out)))

    def test_connect_uses_a_running_office_and_leaves_it_running(self):
        out = os.path.join(self.folder, "connect-out")
        with HeadlessOffice(oxt=OXT) as office:
            accept = next(a for a in office.process.args if a.startswith("--accept="))
            url = "uno:" + accept[len("--accept="):]
            status, stdout, stderr = run_check(self.input, "--rules", RULES, "--out", out, "--connect", url,
                                               "--as-of", AS_OF)
            self.assertEqual(self.status, status, stderr)
            self.assertEqual(["council-monthly.exceptions.csv", "council-monthly.exceptions.json",
                              "council-monthly.ods"], sorted(os.listdir(out)))
            doc = office.new_calc()  # still serving
            self.assertTrue(doc.getSheets().getCount() >= 1)
            office.close(doc)

    def test_kpi_functions_compute_in_the_runners_office(self):
        """The runner's office has the add-in too (its types and components are handed to soffice, not installed
        with unopkg): a KPI.STATUS formula that depends on the Status column the run writes is recalculated there,
        and the checked copy stores its new result ("Green"), not the input's ("Red") or #NAME?."""
        folder = os.path.join(self.folder, "functions")
        os.makedirs(folder)
        source = os.path.join(folder, "with-functions.ods")
        with HeadlessOffice(oxt=OXT) as office:
            doc = office.load(SAMPLE)
            sheets = doc.getSheets()
            sheets.insertNewByName("Check", sheets.getCount())
            cell = sheets.getByName("Check").getCellByPosition(0, 0)
            # X5:Y70 (Mar, and after the table) is empty until a run writes the Status column at Y (inserting columns
            # there, which widens the range); then the formula sees 95 against 90.
            cell.setFormula('=KPI.STATUS(IF(COUNTA($\'Corporate KPIs\'.$X$5:$Y$70)>0;95;0);90;"higher")')
            self.assertEqual("Red", cell.getString())
            office.store(doc, source, "calc8")
            office.close(doc)
        out = os.path.join(self.folder, "functions-out")
        status, stdout, stderr = run_check(source, "--rules", RULES, "--out", out, "--as-of", AS_OF)
        self.assertEqual(self.status, status, stderr)
        with zipfile.ZipFile(os.path.join(out, "with-functions.ods")) as ods:
            content = ods.read("content.xml").decode("utf-8")
        check = content[content.index('table:name="Check"'):]
        cell = check[check.index("<table:table-cell"):check.index("</table:table-cell>")]
        self.assertIn("table:formula=", cell)  # still the formula, with the result it gave in the runner's office
        self.assertEqual(["Green"], re.findall(r"<text:p>([^<]*)</text:p>", cell), cell)

    def test_interrupt_ends_its_office_and_removes_its_files(self):
        temporary = tempfile.mkdtemp(prefix="kpi-runner-tmp-")
        self.addCleanup(shutil.rmtree, temporary, True)
        out = os.path.join(self.folder, "interrupted-out")
        runner = subprocess.Popen([KPIRULES, "check", self.input, "--rules", RULES, "--out", out, "--oxt", OXT],
                                  env=dict(os.environ, TMPDIR=temporary), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while not offices_under(temporary, listening=True):  # the office itself, past its start-up
                self.assertIsNone(runner.poll(), "the runner ended before its office started")
                self.assertLess(time.monotonic(), deadline, "no office started")
                time.sleep(0.1)
            runner.send_signal(signal.SIGINT)
            stdout, stderr = runner.communicate(timeout=120)
        finally:
            if runner.poll() is None:
                runner.kill()
                runner.wait()
        self.assertEqual(130, runner.returncode, stderr)
        self.assertIn("interrupted", stderr)
        deadline = time.monotonic() + 10
        while offices_under(temporary) and time.monotonic() < deadline:
            time.sleep(0.1)  # killed processes may take a moment to disappear
        self.assertEqual([], offices_under(temporary))
        self.assertEqual([], os.listdir(temporary))
        self.assertEqual(self.input_hash, sha256(self.input))


def offices_under(folder, listening=False):
    """Process ids of live soffice processes whose profile lies under `folder` (listening: with --accept)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                command = f.read().decode(errors="replace")
            with open("/proc/%s/stat" % pid) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "soffice" in command and folder in command and state != "Z" and (not listening or "--accept" in command):
            found.append(int(pid))
    return found


if __name__ == "__main__":
    if "--kpirules" in sys.argv:
        at = sys.argv.index("--kpirules")
        KPIRULES = sys.argv[at + 1]
        del sys.argv[at:at + 2]
    unittest.main(verbosity=2)
