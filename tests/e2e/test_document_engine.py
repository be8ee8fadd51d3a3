#!/usr/bin/python3
"""End-to-end: the org.kpirules.RulesEngine service of the built .oxt, in a real headless LibreOffice,
runs rules/council-monthly.kpirules over copies of samples/council-monthly.ods (and .xlsx).

Expected results come from the reference tables in docs/samples.md (written by the sample generator
from its own data). The canonical rules file reads the indicators as the reference does (its `let target`
profiles year-to-date totals, number and money, cumulatively and takes every other unit as a level), so
every period cell of every indicator must have the reference status. One office for the whole module.
"""

import hashlib
import json
import os
import re
import unittest
import zipfile

from kpi_engine import (FIRST_MONTH_COLUMN, MONTHS, OXT, ROOT, RULES_PATH, SAMPLE_ODS, SAMPLE_XLSX, SHEET,
                        OfficeTestCase, engine_service, read_reference, snapshot_sheet)

OPTIONS = json.dumps({"asOf": "2024-10-20"})
STYLE_OF_LETTER = {"G": "KPI Green", "A": "KPI Amber", "R": "KPI Red", "-": "KPI No data"}


def percent(text):
    """'+24.7%' -> 24.7 (the reference table's variances)."""
    return float(text.rstrip("%"))


def cell_name(column, row):
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return "%s%d" % (letters, row + 1)


def expected_comment(flags, code, levels=("high", "medium", "low")):
    """The comment the engine puts on a flagged key: one line, the flags of the given levels in the
    order the rules list them (the report's exceptions are sorted stably by severity, and the canonical
    rules list their flags high, medium, low)."""
    parts = ["%s: %s" % (e["severity"], e["message"]) for e in flags if e["code"] == code and e["severity"] in levels]
    return "KPI Rules \u2014 " + "; ".join(parts) if parts else None


def snapshot(doc, skip=("KPI Log",)):
    sheets = doc.getSheets()
    return {name: snapshot_sheet(sheets.getByName(name)) for name in sheets.getElementNames() if name not in skip}


class DocumentEngineTest(OfficeTestCase):
    oxt = OXT
    sample = SAMPLE_ODS

    @classmethod
    def set_up_office(cls):
        with open(RULES_PATH, "rb") as rules:
            cls.rules_bytes = rules.read()
        cls.rules = cls.rules_bytes.decode("utf-8")
        cls.engine = engine_service(cls.office)
        cls.reference = read_reference()

    def run_rules(self, doc, rules=None, options=OPTIONS):
        text = self.engine.run(doc, self.rules if rules is None else rules, "council-monthly.kpirules", options)
        return json.loads(text)

    # -- one run, checked cell by cell -----------------------------------------------------------

    def test_run_writes_statuses_flags_columns_comments_exceptions_and_log(self):
        doc, _ = self.open_copy()
        sheet = doc.getSheets().getByName(SHEET)
        before = snapshot_sheet(sheet)
        report = self.run_rules(doc)
        self.assertTrue(report["ok"], report)
        self.assertEqual([{"sheet": SHEET, "headerRow": 4, "indicators": 49}], report["tables"])
        self.assertEqual(49, report["counts"]["indicators"])
        self.assertEqual(hashlib.sha256(self.rules_bytes).hexdigest(), report["rules"]["sha256"])
        after = snapshot_sheet(sheet)
        style = lambda row, column: after["styles"][(row, column)][0]  # noqa: E731

        # Period cells: the reference status style of each month, Apr..Sep, of every indicator.
        checked = 0
        for ref in self.reference:
            row = int(ref["Row"]) - 1
            for month, name in enumerate(MONTHS):
                column = FIRST_MONTH_COLUMN + month
                self.assertEqual(STYLE_OF_LETTER[ref[name]], style(row, column),
                                 "%s %s (%s)" % (ref["PI Code"], name, cell_name(column, row)))
                checked += 1
        self.assertEqual(49 * 6, checked)
        # Future months (Oct..Mar) keep their style.
        for ref in self.reference:
            row = int(ref["Row"]) - 1
            for column in range(FIRST_MONTH_COLUMN + 6, FIRST_MONTH_COLUMN + 12):
                self.assertEqual(before["styles"][(row, column)], after["styles"][(row, column)])

        exceptions = report["exceptions"]
        by_rule = {}
        for e in exceptions:
            by_rule.setdefault(e["rule"], set()).add(e["code"])
        self.assertEqual({r["PI Code"] for r in self.reference if r["Red Aug+Sep"] == "yes"},
                         by_rule["Off target two months running"])
        self.assertEqual({r["PI Code"] for r in self.reference if r["Blank due"]}, by_rule["Return overdue"])
        self.assertEqual({r["PI Code"] for r in self.reference if r["SPC (last point)"] in ("Concern (high)", "Concern (low)")},
                         by_rule["Unusual variation: {spc(actual, polarity)}"])
        self.assertEqual({r["PI Code"] for r in self.reference if r["Variance at last"] and percent(r["Variance at last"]) >= 20},
                         by_rule["Exceptional: {variance(latest, target[now], polarity)} ahead of target"])
        for e in exceptions:
            if e["severity"] == "high":
                self.assertEqual("Sep", e["period"], e)
                self.assertIsNotNone(e["escalation"])
        smart_expected = {(r["PI Code"], r["SMART"]) for r in self.reference if r["SMART"] != "OK"}
        smart_letters = [(e["code"], re.match(r"SMART (\w+) fails", e["message"]).group(1))
                         for e in exceptions if e["severity"] == "smart"]
        smart_found = set(smart_letters)
        self.assertEqual(smart_expected, smart_found)
        flags = [e for e in exceptions if e["severity"] != "smart"]
        self.assertEqual(len(flags), report["counts"]["flags"])
        self.assertEqual(len({e["code"] for e in flags if e["severity"] == "high"}), report["counts"]["high"])
        severities = [e["severity"] for e in exceptions]
        order = ["high", "medium", "low", "smart"]
        self.assertEqual(sorted(severities, key=order.index), severities, "exceptions sorted by severity")

        # Keys: flagged ones get KPI Flag and a one-line comment listing every flag; others neither.
        rows_by_code = {r["PI Code"]: int(r["Row"]) - 1 for r in self.reference}
        comments = {(row, column): text for row, column, text in after["comments"]}
        flagged = {e["code"] for e in flags}
        for code, row in rows_by_code.items():
            if code in flagged:
                self.assertEqual("KPI Flag", style(row, 0), code)
                self.assertEqual(expected_comment(flags, code), comments[(row, 0)])
            else:
                self.assertNotEqual("KPI Flag", style(row, 0), code)
                self.assertNotIn((row, 0), comments, code)
        # SMART failures mark the definition cells their check reads.
        self.assertEqual("KPI SMART", style(rows_by_code["HR02"], 1))       # S: Indicator
        self.assertEqual("KPI SMART", style(rows_by_code["LIB03"], 7))      # A: Baseline
        self.assertEqual("KPI SMART", style(rows_by_code["LIB03"], 8))      # A: Annual target
        self.assertEqual("KPI SMART", style(rows_by_code["PH03"], 5))       # M: Unit
        self.assertNotEqual("KPI SMART", style(rows_by_code["ASC01"], 1))

        # Computed columns after the table: Status = the latest reported month's status, SMART letters.
        formulas = after["formulas"]
        self.assertEqual(("Status", "SMART"), (formulas[3][24], formulas[3][25]))
        status_of_style = {v: k for k, v in {"Green": "KPI Green", "Amber": "KPI Amber", "Red": "KPI Red",
                                               "No data": "KPI No data"}.items()}
        for ref in self.reference:
            row = int(ref["Row"]) - 1
            reported = [m for m in range(6) if ref[MONTHS[m]] != "-"]
            expected = status_of_style[style(row, FIRST_MONTH_COLUMN + reported[-1])] if reported else ""  # status[blank]
            self.assertEqual(expected, formulas[row][24], ref["PI Code"])
            letters = "".join(letter for code, letter in smart_letters if code == ref["PI Code"]) or "OK"
            self.assertEqual(letters, formulas[row][25], ref["PI Code"])
        for row in (4, 11, 18, 19, 67):  # a section heading, a blank row, the footnote: untouched
            self.assertEqual(("", ""), (formulas[row][24], formulas[row][25]) if len(formulas[row]) > 25 else ("", ""))

        # The Exceptions sheet: a header and one row per exception, in the report's order, with links.
        ex_sheet = doc.getSheets().getByName("Exceptions")
        ex = snapshot_sheet(ex_sheet)["formulas"]
        self.assertEqual(("Severity", "Code", "Title", "Rule", "Message", "Period", "Value", "Target", "Owner",
                          "Escalation owner", "Cell"), tuple(ex[0][:11]))
        self.assertEqual(len(exceptions), len([r for r in ex[1:] if r[0]]))
        for i, e in enumerate(exceptions, start=1):
            self.assertEqual((e["severity"], e["code"], e["message"]), (ex[i][0], ex[i][1], ex[i][4]))
            row = rows_by_code[e["code"]]
            self.assertEqual('=HYPERLINK("#\'%s\'.A%d","A%d")' % (SHEET, row + 1, row + 1),
                             ex_sheet.getCellByPosition(10, i).getFormula().replace(";", ","))
            self.assertEqual("$'%s'.$A$%d" % (SHEET, row + 1), e["cell"])
        # Target: the rules' `let target` at the reported period, in the report and on the sheet. A level's
        # is its annual target, a year-to-date total's the profiled one; none without a reported period.
        ex_values = ex_sheet.getCellRangeByPosition(0, 0, 9, len(exceptions)).getDataArray()
        annual_of = {code: before["values"][row][8] for code, row in rows_by_code.items()}
        mode_of = {r["PI Code"]: r["Mode"] for r in self.reference}
        for i, e in enumerate(exceptions, start=1):
            if not e["period"]:
                self.assertIsNone(e["target"], e)
                self.assertEqual("", ex_values[i][7], e)
                continue
            self.assertIsInstance(e["target"], float, e)
            self.assertAlmostEqual(e["target"], ex_values[i][7], places=9)
            if mode_of[e["code"]] == "level":
                self.assertEqual(annual_of[e["code"]], e["target"], e)
        chs06 = next(e for e in exceptions if e["code"] == "CHS06" and e["severity"] == "high")
        self.assertEqual(("Sep", 15.0), (chs06["period"], chs06["target"]))  # 30 x 6/12, profiled
        self.assertIsNone(next(e for e in exceptions if e["code"] == "HWY04")["target"])  # nothing reported yet

        # The KPI Log: one row with the file name, its SHA-256 and the counts.
        log = doc.getSheets().getByName("KPI Log")
        entry = log.getCellRangeByName("A2:N2").getDataArray()[0]
        self.assertRegex(entry[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(("council-monthly.kpirules", hashlib.sha256(self.rules_bytes).hexdigest()), entry[1:3])
        counts = report["counts"]
        self.assertEqual([counts[k] for k in ("indicators", "green", "amber", "red", "blue", "nodata", "smartFailures",
                                              "flags", "high", "medium", "low")], [int(v) for v in entry[3:]])
        self.assertEqual(49, sum(counts[k] for k in ("green", "amber", "red", "blue", "nodata")))
        # Each indicator counted once, by its latest reported month's reference letter.
        latest = [next((ref[m] for m in reversed(MONTHS) if ref[m] != "-"), "-") for ref in self.reference]
        self.assertEqual({"green": latest.count("G"), "amber": latest.count("A"), "red": latest.count("R"),
                          "nodata": latest.count("-")}, {k: counts[k] for k in ("green", "amber", "red", "nodata")})
        self.assertEqual("", log.getCellRangeByName("A3").getString())

    # -- a second run, clear, undo ------------------------------------------------------------------

    def test_second_run_gives_the_same_document(self):
        doc, _ = self.open_copy()
        first = self.run_rules(doc)
        self.assertTrue(first["ok"], first)
        after_first = snapshot(doc)
        second = self.run_rules(doc)
        self.assertTrue(second["ok"], second)
        self.assertEqual(first["exceptions"], second["exceptions"])
        self.assertEqual(after_first, snapshot(doc))
        log = doc.getSheets().getByName("KPI Log")
        self.assertEqual("council-monthly.kpirules", log.getCellRangeByName("B3").getString())
        self.assertEqual("", log.getCellRangeByName("B4").getString())

    def test_clear_takes_back_exactly_what_was_written(self):
        doc, _ = self.open_copy()
        original = snapshot(doc)
        self.assertTrue(self.run_rules(doc)["ok"])
        self.assertNotEqual(original, snapshot(doc))
        cleared = json.loads(self.engine.clear(doc))
        self.assertTrue(cleared["ok"], cleared)
        self.assertTrue(cleared["cleared"]["exceptionsSheet"])
        self.assertEqual(2, cleared["cleared"]["columns"])
        self.assertGreater(cleared["cleared"]["comments"], 0)
        self.assertFalse(doc.getSheets().hasByName("Exceptions"))
        self.assertTrue(doc.getSheets().hasByName("KPI Log"))
        self.assertEqual(original, snapshot(doc))
        again = json.loads(self.engine.clear(doc))
        self.assertEqual({"styledRanges": 0, "columns": 0, "comments": 0, "exceptionsSheet": False}, again["cleared"])

    def test_a_comment_already_on_a_key_comes_back_after_clear(self):
        doc, _ = self.open_copy()
        sheet = doc.getSheets().getByName(SHEET)
        address = sheet.getCellRangeByName("A18").getCellAddress()  # CHS06, red Aug and Sep
        sheet.getAnnotations().insertNew(address, "checked with the service lead")
        original = snapshot(doc)
        self.assertTrue(self.run_rules(doc)["ok"])
        comments = {(r, c): t for r, c, t in snapshot_sheet(sheet)["comments"]}
        self.assertIn("Off target two months running", comments[(17, 0)])
        self.assertTrue(json.loads(self.engine.clear(doc))["ok"])
        self.assertEqual(original, snapshot(doc))

    def test_a_second_run_rewrites_only_changed_comments_and_undo_and_clear_still_restore(self):
        doc, _ = self.open_copy(hidden=False)  # undo of a run replaces sheets: needs a view
        sheet = doc.getSheets().getByName(SHEET)
        annotations = sheet.getAnnotations()
        a18 = sheet.getCellRangeByName("A18").getCellAddress()  # CHS06: flagged, had a comment of its own
        annotations.insertNew(a18, "checked with the service lead")
        original = snapshot(doc, skip=())
        self.assertTrue(self.run_rules(doc)["ok"])
        after_first = snapshot(doc)
        comments = {(c[0], c[1]): c[2] for c in after_first[SHEET]["comments"]}
        self.assertGreater(len(comments), 3)
        ours = sorted(position for position in comments if position != (17, 0))
        shown, edited = ours[0], ours[1]

        def annotation_at(row, column):
            return sheet.getCellByPosition(column, row).getAnnotation()

        # A comment the user showed stays shown (the run leaves it as it is); one the user edited is
        # written again with the run's text.
        annotation_at(*shown).setIsVisible(True)
        edit = annotation_at(*edited)
        edit.setString("edited by hand")
        before_second = snapshot(doc)
        self.assertTrue(self.run_rules(doc)["ok"])
        self.assertEqual(after_first, snapshot(doc))
        self.assertTrue(annotation_at(*shown).getIsVisible())
        self.assertEqual(comments[edited], annotation_at(*edited).getString())
        # Undo takes the second run back: the edited text returns, nothing else changes.
        undo = doc.getUndoManager()
        self.assertEqual("KPI Rules: run", undo.getCurrentUndoActionTitle())
        undo.undo()
        self.assertEqual(before_second, snapshot(doc))
        # Clear after the two runs takes back every comment the runs wrote and puts the user's back.
        self.assertTrue(self.run_rules(doc)["ok"])
        cleared = json.loads(self.engine.clear(doc))
        self.assertTrue(cleared["ok"], cleared)
        self.assertEqual(len(comments), cleared["cleared"]["comments"])
        self.assertEqual(original[SHEET], snapshot(doc)[SHEET])
        self.assertEqual([(17, 0, "checked with the service lead")], snapshot_sheet(sheet)["comments"])

    def test_one_undo_restores_the_original(self):
        doc, _ = self.open_copy(hidden=False)
        original = snapshot(doc, skip=())
        undo = doc.getUndoManager()
        self.assertTrue(self.run_rules(doc)["ok"])
        self.assertEqual("KPI Rules: run", undo.getCurrentUndoActionTitle())
        undo.undo()
        self.assertFalse(doc.getSheets().hasByName("Exceptions"))
        self.assertFalse(doc.getSheets().hasByName("KPI Log"))
        sheet = doc.getSheets().getByName(SHEET)
        end = (len(original[SHEET]["formulas"][0]) - 1, len(original[SHEET]["formulas"]) - 1)
        self.assertEqual(original[SHEET], snapshot_sheet(sheet, end))
        # Undo may leave Calc counting the emptied computed columns as used: they must be empty and plain.
        wider = snapshot_sheet(sheet)
        self.assertEqual(set(), {cell for row in wider["formulas"] for cell in row[end[0] + 1:]} - {""})

    # -- failures leave the document alone ---------------------------------------------------------

    def test_rules_with_an_error_leave_the_document_byte_identical(self):
        doc, path = self.open_copy()
        before_path = os.path.join(self.workdir, "before.ods")
        after_path = os.path.join(self.workdir, "after.ods")
        self.office.store(doc, before_path, "calc8")
        original = snapshot(doc, skip=())
        broken = self.rules.replace('write "SMART"  = smart()', 'write "SMART"  = smart(')
        self.assertNotEqual(broken, self.rules)
        report = self.run_rules(doc, rules=broken)
        self.assertFalse(report["ok"])
        errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
        self.assertTrue(errors, report)
        broken_line = 1 + broken[:broken.index('write "SMART"')].count("\n")
        self.assertIn(errors[0]["line"], (broken_line, broken_line + 1))
        self.assertIn("council-monthly.kpirules:%d:" % errors[0]["line"], errors[0]["rendered"])
        self.assertFalse(doc.isModified())
        self.assertEqual(original, snapshot(doc, skip=()))
        self.office.store(doc, after_path, "calc8")
        # Every part of the package is byte-identical (the zip entries' own time stamps are the store time).
        with zipfile.ZipFile(before_path) as a, zipfile.ZipFile(after_path) as b:
            self.assertEqual(a.namelist(), b.namelist())
            for name in a.namelist():
                self.assertEqual(a.read(name), b.read(name), name)

    def test_a_failure_while_writing_leaves_the_document_unchanged(self):
        doc, _ = self.open_copy()
        doc.getSheets().getByName(SHEET).protect("")  # every write to the table now fails
        original = snapshot(doc, skip=())
        report = self.run_rules(doc)
        self.assertFalse(report["ok"], report)
        self.assertIn("the document is unchanged", report["error"])
        self.assertEqual(["Corporate KPIs"], list(doc.getSheets().getElementNames()))
        self.assertEqual(original, snapshot(doc, skip=()))
        self.assertNotEqual("KPI Rules: run", doc.getUndoManager().getCurrentUndoActionTitle()
                            if doc.getUndoManager().isUndoPossible() else "")

    def test_a_failure_after_the_sheets_were_replaced_is_undone(self):
        """The second run takes back the first (the Exceptions sheet goes) and writes anew; the KPI Log,
        protected, refuses the new row at the very end: everything goes back to the first run's result."""
        doc, _ = self.open_copy()  # hidden, as the runner loads documents
        self.assertTrue(self.run_rules(doc)["ok"])
        doc.getSheets().getByName("KPI Log").protect("")
        after_first = snapshot(doc, skip=())
        report = self.run_rules(doc)
        self.assertFalse(report["ok"], report)
        self.assertIn("the document is unchanged", report["error"])
        self.assertEqual(after_first, snapshot(doc, skip=()))
        self.assertTrue(json.loads(self.engine.clear(doc))["ok"])  # the first run's record is intact

    def test_missing_sheet_and_missing_header_are_reported_and_nothing_written(self):
        doc, _ = self.open_copy()
        original = snapshot(doc, skip=())
        report = self.run_rules(doc, rules=self.rules.replace('sheet "Corporate KPIs"', 'sheet "Corporate KPI"'))
        self.assertFalse(report["ok"])
        self.assertIn("Corporate KPI", report["error"])
        self.assertIn('"Corporate KPIs"', report["error"])  # names the sheets present
        report = self.run_rules(doc, rules=self.rules.replace('"Responsible officer"', '"Lead officer"'))
        self.assertFalse(report["ok"])
        self.assertTrue(any(d.get("sheet") == SHEET and d["severity"] == "error" for d in report["diagnostics"]), report)
        self.assertEqual(original, snapshot(doc, skip=()))
        self.assertFalse(doc.isModified())

    def test_bad_options_and_report_only(self):
        doc, _ = self.open_copy()
        report = self.run_rules(doc, options='{"asOf": "20 October"}')
        self.assertFalse(report["ok"])
        self.assertIn("asOf", report["error"])
        original = snapshot(doc, skip=())
        report = self.run_rules(doc, options=json.dumps({"asOf": "2024-10-20", "write": False}))
        self.assertTrue(report["ok"], report)
        self.assertEqual(49, report["counts"]["indicators"])
        self.assertTrue(report["exceptions"])
        self.assertEqual(original, snapshot(doc, skip=()))
        self.assertFalse(doc.isModified())

    # -- which flags get comments -------------------------------------------------------------------

    def test_comments_option_limits_the_comments_and_nothing_else(self):
        """The run's "comments": "high" puts comments only on keys with a high flag, listing only those
        flags; the rules' `option comments` wins over the run's; styles, exceptions and counts are those of
        the default run. A bad value is refused before anything is written."""
        default_doc, _ = self.open_copy(suffix="-default")
        default = self.run_rules(default_doc)
        default_sheet = snapshot(default_doc)
        flags = [e for e in default["exceptions"] if e["severity"] != "smart"]
        codes_by_row = {int(r["Row"]) - 1: r["PI Code"] for r in self.reference}

        high_doc, _ = self.open_copy(suffix="-high")
        high = self.run_rules(high_doc, options=json.dumps({"asOf": "2024-10-20", "comments": "high"}))
        self.assertTrue(high["ok"], high)
        self.assertEqual(default["counts"], high["counts"])
        self.assertEqual(default["exceptions"], high["exceptions"])
        high_sheet = snapshot(high_doc)
        self.assertEqual(default_sheet[SHEET]["styles"], high_sheet[SHEET]["styles"])
        comments = {codes_by_row[row]: text for row, column, text in high_sheet[SHEET]["comments"]}
        with_high = {e["code"] for e in flags if e["severity"] == "high"}
        self.assertTrue(with_high)
        self.assertLess(len(comments), len(default_sheet[SHEET]["comments"]))
        self.assertEqual({code: expected_comment(flags, code, ("high",)) for code in with_high}, comments)

        for run_option in ("all", "medium"):
            none_doc, _ = self.open_copy(suffix="-none-" + run_option)
            rules = self.rules + "\noption comments = \"none\"   # the rules' choice wins\n"
            none = self.run_rules(none_doc, rules=rules, options=json.dumps({"asOf": "2024-10-20", "comments": run_option}))
            self.assertTrue(none["ok"], none)
            self.assertEqual(default["counts"], none["counts"])
            none_sheet = snapshot(none_doc)
            self.assertEqual([], none_sheet[SHEET]["comments"])
            self.assertEqual(default_sheet[SHEET]["styles"], none_sheet[SHEET]["styles"])
            table = lambda sheet: [row[:11] for row in sheet["Exceptions"]["formulas"][:len(default["exceptions"]) + 1]]  # noqa: E731
            self.assertEqual(table(default_sheet), table(none_sheet))
            self.assertEqual(len(default["exceptions"]) + 1, len([row for row in table(none_sheet) if row[0]]))

        bad_doc, _ = self.open_copy(suffix="-bad")
        original = snapshot(bad_doc, skip=())
        report = self.run_rules(bad_doc, options=json.dumps({"asOf": "2024-10-20", "comments": "some"}))
        self.assertFalse(report["ok"])
        self.assertIn("comments", report["error"])
        self.assertEqual(original, snapshot(bad_doc, skip=()))
        self.assertFalse(bad_doc.isModified())

    # -- every sheet ----------------------------------------------------------------------------------

    def test_every_sheet_with_the_headers_is_a_table(self):
        """`sheet "*"` on the directorate workbook: three tables with their header rows at different places,
        the Notes sheet passed over silently, and the same exceptions as the one-sheet workbook."""
        every_sheet = self.rules.replace('sheet "Corporate KPIs"', 'sheet "*"')
        doc, _ = self.open_copy(os.path.join(ROOT, "samples", "directorate-multi-sheet.ods"))
        report = self.run_rules(doc, rules=every_sheet)
        self.assertTrue(report["ok"], report)
        with open(os.path.join(ROOT, "docs", "samples.md"), encoding="utf-8") as samples:
            layout = samples.read().split("### directorate-multi-sheet", 1)[1]
        expected_tables = [{"sheet": sheet, "headerRow": int(header), "indicators": len(re.findall(
            r"\b[A-Z]{2,3}\d\d \d+", re.search(r"\*\*%s\*\*: ([^\n]*)" % sheet, layout).group(1)))}
            for sheet, header in re.findall(r"\*\*(\w+)\*\*: header row (\d+)", layout)]
        self.assertEqual(expected_tables, report["tables"])
        self.assertEqual(49, sum(t["indicators"] for t in report["tables"]))
        self.assertFalse([d for d in report["diagnostics"] if d.get("sheet") == "Notes"])
        monthly, _ = self.open_copy()
        one_sheet = self.run_rules(monthly, options=json.dumps({"asOf": "2024-10-20", "write": False}))
        key = lambda e: (e["severity"], e["code"], e["rule"], e["message"], e["period"])  # noqa: E731
        self.assertEqual(sorted(map(key, one_sheet["exceptions"])), sorted(map(key, report["exceptions"])))
        self.assertEqual(one_sheet["counts"], report["counts"])
        # Links name the sheet when there are several.
        ex = doc.getSheets().getByName("Exceptions")
        first = report["exceptions"][0]
        cell = first["cell"].split(".")[1].replace("$", "")
        self.assertEqual("%s.%s" % (first["sheet"], cell), ex.getCellByPosition(10, 1).getString())
        self.assertTrue(json.loads(self.engine.clear(doc))["ok"])

    # -- Excel files ------------------------------------------------------------------------------

    def test_xlsx_keeps_the_highlighting(self):
        doc, _ = self.open_copy(SAMPLE_XLSX)
        report = self.run_rules(doc)
        self.assertTrue(report["ok"], report)
        sheet = doc.getSheets().getByName(SHEET)
        red = sheet.getCellRangeByName("R18")  # CHS06 Sep: red, as in the reference
        green = sheet.getCellRangeByName("R60")  # LIB01 Sep: green
        colours = (red.CellBackColor, green.CellBackColor)
        self.assertEqual(("KPI Red", "KPI Green"), (red.CellStyle, green.CellStyle))
        saved = os.path.join(self.workdir, "checked.xlsx")
        self.office.store(doc, saved, "Calc Office Open XML")
        reloaded = self.office.load(saved)
        self.addCleanup(self.office.close, reloaded)
        sheet = reloaded.getSheets().getByName(SHEET)
        self.assertEqual(colours, (sheet.getCellRangeByName("R18").CellBackColor,
                                   sheet.getCellRangeByName("R60").CellBackColor))
        self.assertNotEqual(colours[0], colours[1])
        self.assertTrue(reloaded.getSheets().hasByName("Exceptions"))
        # The record survives the round trip: clear still takes everything back.
        self.assertTrue(json.loads(self.engine.clear(reloaded))["cleared"]["exceptionsSheet"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
