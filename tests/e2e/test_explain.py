#!/usr/bin/python3
"""End-to-end: XRulesEngine.explain ("why is this cell red?") of the built .oxt in a real headless
LibreOffice, on a copy of samples/council-monthly.ods with rules/council-monthly.kpirules as of 2024-10-20.

Expected statuses come from the reference tables of docs/samples.md (every indicator: the canonical rules
read levels and year-to-date totals as the reference does). Each explanation must name the rule line that decided it (by
its line in the rules file) and the numbers, agree with the thresholds of the status lines, and leave the
document exactly as it was. One office for the whole module.
"""

import json
import os
import re
import sys
import time
import unittest

from kpi_engine import (FIRST_MONTH_COLUMN, MONTHS, OXT, ROOT, RULES_NAME, RULES_PATH, SAMPLE_ODS, SHEET,
                        OfficeTestCase, copy_to, engine_service, read_reference, snapshot_sheet)

OPTIONS = json.dumps({"asOf": "2024-10-20"})
STATUS_OF_LETTER = {"G": "Green", "A": "Amber", "R": "Red", "-": "No data"}
KEYS = ["ok", "kind", "sheet", "cell", "header", "indicator", "period", "status", "value", "rule", "earlier", "values",
        "flags", "checks", "text"]


def percent(text):
    """'7.5%' -> 7.5 (the engine formats shortfalls as percentages, en-GB)."""
    match = re.fullmatch(r"(-?[\d,]+(?:\.\d+)?)%", text)
    if not match:
        raise AssertionError("not a percentage: %r" % text)
    return float(match.group(1).replace(",", ""))


def number_text(value):
    """A cell number as the engine's messages show it: grouping, up to 2 decimals."""
    text = "{:,.2f}".format(value).rstrip("0").rstrip(".")
    return text


class ExplainTest(OfficeTestCase):
    oxt = OXT

    @classmethod
    def set_up_office(cls):
        with open(RULES_PATH, encoding="utf-8") as rules:
            cls.rules = rules.read()
        cls.rule_lines = cls.rules.split("\n")
        cls.engine = engine_service(cls.office)
        cls.reference = read_reference()
        cls.doc = cls.office.load(copy_to(cls.workdir))
        cls.sheet = cls.doc.getSheets().getByName(SHEET)
        cls.before = snapshot_sheet(cls.sheet)
        cls.values = cls.sheet.getCellRangeByPosition(0, 0, 23, 70).getDataArray()
        cls.timings = []

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "timings", None):
            cls.timings.sort()
            print("\nexplain: %d calls, median %.0f ms, slowest %.0f ms (bridge round trip included)"
                  % (len(cls.timings), 1000 * cls.timings[len(cls.timings) // 2], 1000 * cls.timings[-1]),
                  file=sys.stderr)
        if getattr(cls, "doc", None) is not None:
            cls.office.close(cls.doc)
        super().tearDownClass()

    def explain(self, row, column, rules=None, sheet=SHEET, doc=None):
        started = time.monotonic()
        text = self.engine.explain(doc or self.doc, self.rules if rules is None else rules, RULES_NAME, OPTIONS,
                                   sheet, row, column)
        self.timings.append(time.monotonic() - started)
        report = json.loads(text)
        if os.environ.get("KPI_EXPLAIN_SHOW"):
            print("\n--- %s row %d column %d\n%s" % (sheet, row, column, json.dumps(report, indent=1, ensure_ascii=False)),
                  file=sys.stderr)
        return report

    def line_of(self, start, after=1):
        """The 1-based line of the rules file that starts (after indentation) with `start`, from line `after`."""
        for number in range(after, len(self.rule_lines) + 1):
            if self.rule_lines[number - 1].lstrip().startswith(start):
                return number
        raise AssertionError("no rules line starts with %r" % start)

    def row_of(self, code):
        return next(int(r["Row"]) - 1 for r in self.reference if r["PI Code"] == code)

    def value_named(self, report, name):
        found = [v["text"] for v in report["values"] if v["name"] == name]
        self.assertEqual(1, len(found), "%s in %s" % (name, report["values"]))
        return found[0]

    def assert_ok(self, report):
        self.assertTrue(report["ok"], report)
        self.assertEqual(KEYS, [k for k in KEYS if k in report], report)
        self.assertTrue(report["text"].strip())

    # -- period cells ----------------------------------------------------------------------------

    def check_period(self, code, month, letter):
        row, column = self.row_of(code), FIRST_MONTH_COLUMN + MONTHS.index(month)
        report = self.explain(row, column)
        self.assert_ok(report)
        self.assertEqual("status", report["kind"])
        self.assertEqual(code, report["indicator"])
        self.assertEqual(month, report["period"])
        self.assertEqual(STATUS_OF_LETTER[letter], report["status"], report["text"])
        return report

    def test_red_period_names_the_otherwise_line_the_earlier_lines_and_the_numbers(self):
        report = self.check_period("CHS06", "Sep", "R")
        status_line = self.line_of("status actual")
        red = self.line_of("red", status_line)
        self.assertEqual({"line": red, "column": 3, "text": "red   otherwise"}, report["rule"])
        self.assertEqual([self.line_of("green", status_line), self.line_of("amber", status_line)],
                         [e["rule"]["line"] for e in report["earlier"]])
        self.assertFalse(any(e["applies"] for e in report["earlier"]))
        short = percent(self.value_named(report, "short"))
        self.assertGreater(short, 5)  # red: beyond the amber threshold of 5%
        actual = self.values[self.row_of("CHS06")][FIRST_MONTH_COLUMN + 5]
        self.assertEqual(number_text(actual), self.value_named(report, "actual"))
        self.assertEqual("Higher", self.value_named(report, "polarity"))
        target = float(self.value_named(report, "target").replace(",", ""))
        self.assertAlmostEqual(short, 100 * (target - actual) / target, delta=0.06)  # shortfall of a higher-is-better
        text = report["text"]
        self.assertIn("CHS06 Sep: Red", text)
        self.assertIn("line %d `red otherwise`" % red, text)  # aligned spaces run together in the text
        self.assertIn(RULES_NAME, text)
        self.assertIn("short = %s, not <= 0%%" % self.value_named(report, "short"), text)
        self.assertIn("short = %s, not <= 5%%" % self.value_named(report, "short"), text)
        self.assertIn("actual = %s" % number_text(actual), text)

    def test_amber_and_green_periods_name_their_lines_and_agree_with_the_thresholds(self):
        status_line = self.line_of("status actual")
        amber = self.check_period("ASC02", "Aug", "A")
        self.assertEqual(self.line_of("amber", status_line), amber["rule"]["line"])
        self.assertEqual("amber when short <= 5%", amber["rule"]["text"])
        self.assertEqual(1, len(amber["earlier"]))
        short = percent(self.value_named(amber, "short"))
        self.assertTrue(0 < short <= 5, short)
        self.assertIn("short = %s, <= 5%%" % self.value_named(amber, "short"), amber["text"])

        green = self.check_period("LIB01", "Sep", "G")
        self.assertEqual(self.line_of("green", status_line), green["rule"]["line"])
        self.assertEqual([], green["earlier"])
        self.assertLessEqual(percent(self.value_named(green, "short")), 0)

    def test_every_period_has_the_reference_status(self):
        checked = 0
        for ref in self.reference:
            for month in MONTHS:
                report = self.check_period(ref["PI Code"], month, ref[month])
                if report["status"] != "No data":
                    short = percent(self.value_named(report, "short"))
                    expected = "Green" if short <= 0 else "Amber" if short <= 5 else "Red"
                    self.assertEqual(expected, report["status"], report["text"])
                checked += 1
        self.assertEqual(49 * 6, checked)  # every indicator, 6 months each

    def test_levels_are_judged_against_the_annual_target_and_totals_against_the_profile(self):
        """The target each status was decided against: the annual target itself for a level (%, days, rates,
        snapshots, a blank unit), the annual target profiled cumulatively for a year-to-date total."""
        seasonal = [6, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 9]
        checked = {"level": 0, "cumulative": 0}
        for ref in self.reference:
            reported = [m for m in MONTHS if ref[m] != "-"]
            if not reported:
                continue
            month = reported[-1]
            row = self.row_of(ref["PI Code"])
            report = self.check_period(ref["PI Code"], month, ref[month])
            annual, shape = self.values[row][8], self.values[row][10]
            k = MONTHS.index(month) + 1
            if ref["Mode"] == "level":
                expected = annual
            else:
                weights = seasonal if shape == "seasonal" else [1] * 12
                expected = annual * sum(weights[:k]) / sum(weights)
            self.assertEqual(number_text(expected), self.value_named(report, "target"), (ref["PI Code"], month))
            checked[ref["Mode"]] += 1
        self.assertEqual({"level": 36, "cumulative": 12}, checked)
        # The officer's case: ASC04 (average days, lower is better) under its 18-day target in September is
        # green, with its own shortfall (read cumulatively it was red, 18 x 6/12 = 9 days "to date").
        asc04 = self.check_period("ASC04", "Sep", "G")
        actual = self.values[self.row_of("ASC04")][FIRST_MONTH_COLUMN + 5]
        self.assertEqual("18", self.value_named(asc04, "target"))
        self.assertLess(actual, 18)
        self.assertAlmostEqual(100 * (actual - 18) / 18, percent(self.value_named(asc04, "short")), delta=0.06)

    def test_blank_period_has_no_data(self):
        report = self.explain(self.row_of("HWY03"), FIRST_MONTH_COLUMN + 5)  # September's return is missing
        self.assert_ok(report)
        self.assertEqual("No data", report["status"])
        self.assertEqual(self.line_of("status actual"), report["rule"]["line"])
        self.assertEqual("blank", self.value_named(report, "actual"))
        self.assertNotIn("unstyled", report["text"])  # other indicators have September: a run styles it

        october = self.explain(self.row_of("CHS06"), FIRST_MONTH_COLUMN + 6)
        self.assertEqual(("status", "Oct", "No data"), (october["kind"], october["period"], october["status"]))
        self.assertIn("a run leaves this cell unstyled", october["text"])
        self.assertIn("latest one reported, Sep", october["text"])

    def test_compound_status_of_the_service_plan_names_the_line_that_decided(self):
        """samples/service-plan-quarterly.ods: A* (beyond tolerance, better than last year) must be decided by
        the `amber when improved` line, A by the tolerance line, and so on, for every Q1 and Q2 cell."""
        reference = read_reference("service-plan-quarterly: compound status")
        with open(os.path.join(ROOT, "rules", "quarterly-service-plan.kpirules"), encoding="utf-8") as rules_file:
            rules = rules_file.read()
        doc = self.office.load(copy_to(self.workdir, os.path.join(ROOT, "samples", "service-plan-quarterly.ods")))
        try:
            first_quarter = list(doc.getSheets().getByName("Service plan").getCellRangeByPosition(0, 2, 20, 2)
                                 .getDataArray()[0]).index("Q1 2024/25")
            expected_line = {"G": "green when", "A": "amber when short <= tol", "A*": "amber when improved",
                             "R": "red   otherwise"}
            checked = 0
            for ref in reference:
                for quarter, column in (("Q1", first_quarter), ("Q2", first_quarter + 1)):
                    letter = ref["Status " + quarter]
                    report = self.explain(int(ref["Row"]) - 1, column, rules=rules, sheet="Service plan", doc=doc)
                    self.assert_ok(report)
                    self.assertEqual(ref["Ref"], report["indicator"])
                    if letter == "-":
                        self.assertEqual("No data", report["status"])
                        continue
                    self.assertEqual({"G": "Green", "A": "Amber", "A*": "Amber", "R": "Red"}[letter], report["status"],
                                     report["text"])
                    self.assertTrue(report["rule"]["text"].startswith(expected_line[letter]), (letter, report["text"]))
                    checked += 1
            self.assertGreaterEqual(checked, 40)
            self.assertFalse(doc.isModified())
        finally:
            self.office.close(doc)

    # -- other cells -----------------------------------------------------------------------------

    def test_flagged_key_cell_lists_the_raised_flags_with_their_messages_and_lines(self):
        report = self.explain(self.row_of("CHS06"), 0)
        self.assert_ok(report)
        self.assertEqual("key", report["kind"])
        self.assertEqual("flagged", report["status"])
        raised = [f for f in report["flags"] if f["raised"]]
        self.assertEqual(["high"], [f["level"] for f in raised])
        self.assertEqual("Off target two months running", raised[0]["message"])
        self.assertEqual(self.line_of('flag high'), raised[0]["rule"]["line"])
        self.assertEqual(raised[0]["rule"], report["rule"])
        self.assertIn("status[now] = Red", raised[0]["reason"])
        self.assertIn("status[now - 1] = Red", raised[0]["reason"])
        self.assertEqual("6", self.value_named(report, "now"))  # September is period 6
        self.assertEqual(len(self.rules.split("\nflag ")) - 1, len(report["flags"]))  # every flag, raised or not
        self.assertIn("high: Off target two months running", report["text"])

        # A flag message with an expression comes back interpolated.
        unusual = self.explain(self.row_of("WST02"), 0)
        messages = [f["message"] for f in unusual["flags"] if f["raised"]]
        self.assertIn("Unusual variation: Concern (high)", messages)
        spc = next(f for f in unusual["flags"] if f["message"].startswith("Unusual"))
        self.assertEqual(self.line_of('flag medium "Unusual'), spc["rule"]["line"])
        self.assertIn("when spc(actual, polarity) in", spc["rule"]["text"])  # the statement's second line too

    def test_smart_failing_definition_cell_shows_the_check_and_its_values(self):
        report = self.explain(self.row_of("HR02"), 1)  # Indicator: "Staff turnover", two words
        self.assert_ok(report)
        self.assertEqual("definition", report["kind"])
        self.assertEqual("Indicator", report["header"])
        self.assertEqual("SMART fails", report["status"])
        self.assertEqual([("S", False)], [(c["letter"], c["passed"]) for c in report["checks"]])
        self.assertEqual("words(title) = 2, not >= 3", report["checks"][0]["reason"])
        self.assertEqual(self.line_of("check S"), report["rule"]["line"])
        self.assertEqual(self.values[self.row_of("HR02")][1], self.value_named(report, "title"))

        unit = self.explain(self.row_of("PH03"), 5)  # Unit blank: M fails
        self.assertEqual("SMART fails", unit["status"])
        self.assertEqual([("M", False)], [(c["letter"], c["passed"]) for c in unit["checks"]])
        self.assertIn("unit is blank", unit["checks"][0]["reason"])

        passing = self.explain(self.row_of("CHS06"), 1)
        self.assertEqual("SMART passes", passing["status"])

    def test_cells_outside_the_table_say_so(self):
        cells = [(0, 0),                       # the merged title
                 (3, 13),                      # the header row
                 (4, 1),                       # a section heading
                 (18, 5),                      # the blank separator row 19
                 (67, 1),                      # the footnote
                 (self.row_of("CHS06"), 11),   # the hidden Notes column
                 (300, 2)]                     # far below
        for row, column in cells:
            report = self.explain(row, column)
            self.assert_ok(report)
            self.assertEqual("outside", report["kind"], (row, column, report["text"]))
            self.assertIsNone(report["rule"])
            self.assertIn("not part of an indicator", report["text"])

    def test_bad_rules_and_bad_requests_are_reported(self):
        broken = self.rules.replace("words(title) >= 3", "words(titel) >= 3")
        report = self.explain(self.row_of("CHS06"), 17, rules=broken)
        self.assertFalse(report["ok"])
        self.assertEqual("the rules have errors", report["error"])
        codes = [(d["code"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"]
        self.assertEqual([("E0201", self.line_of("check S"))], codes)
        self.assertIn("titel", report["diagnostics"][0]["rendered"])

        missing = self.explain(1, 1, sheet="No such sheet")
        self.assertFalse(missing["ok"])
        self.assertIn(SHEET, missing["error"])
        negative = self.explain(-1, 3)
        self.assertFalse(negative["ok"])

    def test_explain_never_changes_the_document(self):
        for row, column in [(self.row_of("CHS06"), 17), (self.row_of("CHS06"), 0), (self.row_of("HR02"), 1), (0, 0)]:
            self.assert_ok(self.explain(row, column))
        self.assertFalse(self.doc.isModified())
        self.assertEqual(self.before, snapshot_sheet(self.sheet))
        self.assertEqual([SHEET], list(self.doc.getSheets().getElementNames()))

    def test_computed_column_after_a_run(self):
        # A run of its own document writes the Status column; explain then reads what it wrote.
        doc = self.office.load(copy_to(self.workdir, SAMPLE_ODS, "run-council-monthly.ods"))
        try:
            run = json.loads(self.engine.run(doc, self.rules, RULES_NAME, OPTIONS))
            self.assertTrue(run["ok"], run)
            sheet = doc.getSheets().getByName(SHEET)
            headers = sheet.getCellRangeByPosition(0, 3, 40, 3).getDataArray()[0]
            column = list(headers).index("Status")
            report = self.explain(self.row_of("CHS06"), column, doc=doc)
            self.assert_ok(report)
            self.assertEqual("computed", report["kind"])
            self.assertEqual("Red", report["status"])
            self.assertEqual("Red", report["value"])
            self.assertEqual(self.line_of('write "Status"'), report["rule"]["line"])
            self.assertEqual("Red", self.value_named(report, "status[now]"))
            # The engine's own sheets are not indicator tables.
            self.assertEqual("outside", self.explain(1, 1, sheet="Exceptions", doc=doc)["kind"])
        finally:
            self.office.close(doc)


if __name__ == "__main__":
    unittest.main(verbosity=2)
