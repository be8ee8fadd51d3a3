#!/usr/bin/python3
"""End-to-end: every KPI function typed into a sheet of a real headless LibreOffice, in the English
UI syntax (=KPI.STATUS(A2,B2) with ',' separators, ranges, inline arrays, omitted and empty
arguments), checked against values worked out by hand from the spec (samples/function_cases.py);
then saved as .ods and .xlsx, reloaded, recalculated and checked again.

Needs KPI_OXT (the built kpirules.oxt; ctest sets it). Run: /usr/bin/python3 tests/e2e/test_functions.py
"""

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "samples"))

from function_cases import CASES, ERROR, FUNCTIONS, Date  # noqa: E402
from kpi_office import OfficeTestCase  # noqa: E402
from make_functions_sample import FIRST_CASE_ROW, write_cases  # noqa: E402

SPEC_FUNCTIONS = ["STATUS", "VARIANCE", "TARGET", "LAST", "TREND", "SPC", "SPCPOINTS", "SPCLIMITS", "FORECAST",
                  "REQUIRED", "DUE", "OVERDUE", "QUARTILE", "SMART", "SMARTWHY"]


def mismatch(case, cell):
    """None when the cell holds the case's expected result, else a description of the difference."""
    error = cell.getError()
    if case.expected == ERROR:
        return None if error == 502 else "expected Err:502, got %r (error %d)" % (cell.getString(), error)
    if error:
        return "error %d (%s)" % (error, cell.getString())
    if isinstance(case.expected, bool):
        want = 1.0 if case.expected else 0.0
        return None if cell.getValue() == want else "expected %s, got %r" % (case.expected, cell.getValue())
    if isinstance(case.expected, (int, float)):
        got = cell.getValue()
        if cell.getType().value != "FORMULA" or cell.getPropertyValue("FormulaResultType2") != 1:  # 1 = VALUE
            return "expected the number %r, got %r" % (case.expected, cell.getString())
        if abs(got - case.expected) > 1e-9 * max(1.0, abs(case.expected)):
            return "expected %r, got %r" % (case.expected, got)
        return None
    got = cell.getString()
    if case.expected != "" and cell.getPropertyValue("FormulaResultType2") != 2:  # 2 = TEXT
        return "expected the text %r, got %r" % (case.expected, got)
    return None if got == case.expected else "expected %r, got %r" % (case.expected, got)


class FunctionsInCalc(OfficeTestCase):
    oxt = os.environ.get("KPI_OXT", "build/kpirules.oxt")

    def fill(self, doc):
        sheets = doc.getSheets()
        for index, function in enumerate(FUNCTIONS):
            sheets.insertNewByName(function, index)
            write_cases(doc, sheets.getByName(function), CASES[function])

    def check(self, doc, stage):
        failures = []
        for function in FUNCTIONS:
            sheet = doc.getSheets().getByName(function)
            for index, case in enumerate(CASES[function]):
                row = FIRST_CASE_ROW + index
                cell = sheet.getCellRangeByName("C%d" % row)
                problem = mismatch(case, cell)
                if problem:
                    failures.append("%s %s row %d %s: %s" % (stage, function, row, case.description, problem))
                typed = cell.getPropertyValue("FormulaLocal")
                if not typed.upper().startswith("=") or ("KPI." + function + "(") not in typed.upper():
                    failures.append("%s %s row %d: formula reads %r" % (stage, function, row, typed))
        self.assertEqual([], failures, "\n".join(failures))

    def test_cases_cover_every_function(self):
        self.assertEqual(SPEC_FUNCTIONS, FUNCTIONS)
        for function in FUNCTIONS:
            self.assertGreaterEqual(len(CASES[function]), 2, function)
        self.assertGreaterEqual(sum(case.expected == ERROR for cases in CASES.values() for case in cases), 9)

    def test_every_function_typed_saved_and_reloaded(self):
        doc = self.office.new_calc()
        with tempfile.TemporaryDirectory(prefix="kpi-e2e-") as folder:
            try:
                self.fill(doc)
                doc.calculateAll()
                self.check(doc, "typed")
                stored = {"ods": ("calc8", os.path.join(folder, "functions.ods")),
                          "xlsx": ("Calc Office Open XML", os.path.join(folder, "functions.xlsx"))}
                for kind, (filter_name, path) in stored.items():
                    self.office.store(doc, path, filter_name)
            finally:
                self.office.close(doc)
            for kind, (_, path) in stored.items():
                with self.subTest(format=kind):
                    reloaded = self.office.load(path)
                    try:
                        reloaded.calculateAll()
                        self.check(reloaded, "reloaded " + kind)
                    finally:
                        self.office.close(reloaded)

    def test_stored_names(self):
        """.ods keeps the service-qualified name; .xlsx keeps it too (no Excel equivalent exists)."""
        doc = self.office.new_calc()
        with tempfile.TemporaryDirectory(prefix="kpi-e2e-") as folder:
            try:
                cell = doc.getSheets().getByIndex(0).getCellRangeByName("A1")
                cell.setPropertyValue("FormulaLocal", "=KPI.STATUS(96,100)")
                self.assertEqual("=ORG.KPIRULES.FUNCTIONS.STATUS(96;100)", cell.getFormula())
                ods, xlsx = os.path.join(folder, "a.ods"), os.path.join(folder, "a.xlsx")
                self.office.store(doc, ods, "calc8")
                self.office.store(doc, xlsx, "Calc Office Open XML")
            finally:
                self.office.close(doc)
            import zipfile
            with zipfile.ZipFile(ods) as archive:
                self.assertIn("of:=ORG.KPIRULES.FUNCTIONS.STATUS(96;100)", archive.read("content.xml").decode())
            with zipfile.ZipFile(xlsx) as archive:
                sheet = archive.read("xl/worksheets/sheet1.xml").decode()
                self.assertIn("<f aca=\"false\">ORG.KPIRULES.FUNCTIONS.STATUS(96,100)</f>", sheet)
                self.assertIn("<v>Amber</v>", sheet)  # the cached result, for readers without the add-in

    def test_bad_arguments_give_error_values(self):
        doc = self.office.new_calc()
        try:
            sheet = doc.getSheets().getByIndex(0)
            formulas = ['=KPI.STATUS(1,2,"sideways")', "=KPI.TARGET(100,13)", "=KPI.QUARTILE(2,{1,2,3})",
                        '=KPI.SPC({1,2,3},"diagonal")', "=KPI.DUE(\"not a date\")", "=KPI.STATUS()",
                        "=KPI.STATUS(1,2,3,4,5,6,7)"]
            for row, formula in enumerate(formulas):
                sheet.getCellByPosition(0, row).setPropertyValue("FormulaLocal", formula)
            doc.calculateAll()
            for row, formula in enumerate(formulas):
                cell = sheet.getCellByPosition(0, row)
                with self.subTest(formula=formula):
                    self.assertNotEqual(0, cell.getError(), "%s gave %r" % (formula, cell.getString()))
            # A function given a bad argument gives Err:502 precisely (IllegalArgumentException).
            self.assertEqual(502, sheet.getCellByPosition(0, 0).getError())
            self.assertEqual("Err:502", sheet.getCellByPosition(0, 0).getString())
        finally:
            self.office.close(doc)

    def test_hostile_input_never_hurts_the_office(self):
        """Error cells, 20000-cell ranges, huge numbers and strings: a value or an error, never a crash."""
        doc = self.office.new_calc()
        try:
            sheet = doc.getSheets().getByIndex(0)
            sheet.getCellRangeByName("A1").setValue(1)
            sheet.getCellRangeByName("A2").setFormula("=1/0")
            sheet.getCellRangeByName("A3").setValue(3)
            sheet.getCellRangeByName("Z1:Z20000").setDataArray(tuple((float(i % 7),) for i in range(20000)))
            formulas = {
                "=KPI.LAST(A1:A3)": 504,           # Calc refuses a range holding an error cell (Err:504)
                "=KPI.STATUS(A2,100)": 532,        # an error cell on its own: Calc passes its error on
                "=KPI.SPC(Z1:Z20000)": 0,
                "=INDEX(KPI.SPCLIMITS(Z1:Z20000),1,1)": 0,
                '=KPI.STATUS(REPT("x",30000),1)': 502,
                "=KPI.TARGET(1E308,1,{1E-300,1E300})": 0,
                "=KPI.DUE(-1E10)": 502,
                "=KPI.DUE(1E10)": 502,
                "=KPI.TREND(Z1:Z20000,,19999)": 0,
                "=KPI.QUARTILE(1,Z1:Z20000)": 0,
                '=KPI.STATUS(1,1,{"a","b"})': 502,
            }
            for row, formula in enumerate(formulas):
                sheet.getCellByPosition(1, row).setPropertyValue("FormulaLocal", formula)
            doc.calculateAll()
            for row, (formula, error) in enumerate(formulas.items()):
                with self.subTest(formula=formula):
                    self.assertEqual(error, sheet.getCellByPosition(1, row).getError())
            # Mean of 0..6 repeated: 20000 = 2857 cycles of 7 (each summing to 21) and one more 0.
            self.assertAlmostEqual(2857 * 21 / 20000, sheet.getCellByPosition(1, 3).getValue(), places=9)
        finally:
            self.office.close(doc)
        still_there = self.office.new_calc()  # the office still answers
        self.assertIsNotNone(still_there)
        self.office.close(still_there)

    def test_dates_follow_the_document_null_date(self):
        """A document counting days from 1904-01-01 (the hidden caller tells the add-in)."""
        import uno
        doc = self.office.new_calc()
        try:
            null_date = uno.createUnoStruct("com.sun.star.util.Date")
            null_date.Year, null_date.Month, null_date.Day = 1904, 1, 1
            doc.setPropertyValue("NullDate", null_date)
            sheet = doc.getSheets().getByIndex(0)
            sheet.getCellRangeByName("A1").setPropertyValue("FormulaLocal", "=KPI.DUE(DATE(2024,3,31))")
            sheet.getCellRangeByName("A2").setPropertyValue(
                "FormulaLocal", "=KPI.OVERDUE(\"\",DATE(2024,4,15),DATE(2024,4,16))")
            doc.calculateAll()
            # 2024-04-15 is day 43935 after 1904-01-01 (45397 after 1899-12-30, minus 1462).
            self.assertEqual(43935, sheet.getCellRangeByName("A1").getValue())
            self.assertEqual(1, sheet.getCellRangeByName("A2").getValue())
        finally:
            self.office.close(doc)

    def test_empty_single_cell_reference_arrives_as_zero(self):
        """Records a Calc behaviour: a reference to one empty cell reaches an add-in as 0, so
        =KPI.STATUS(A1,100) with A1 empty is Red, not "No data"; a one-cell range A1:A1 is blank."""
        doc = self.office.new_calc()
        try:
            sheet = doc.getSheets().getByIndex(0)
            sheet.getCellRangeByName("B1").setPropertyValue("FormulaLocal", "=KPI.STATUS(A1,100)")
            sheet.getCellRangeByName("B2").setPropertyValue("FormulaLocal", "=KPI.STATUS(A1:A1,100)")
            doc.calculateAll()
            self.assertEqual("Red", sheet.getCellRangeByName("B1").getString())
            self.assertEqual("No data", sheet.getCellRangeByName("B2").getString())
        finally:
            self.office.close(doc)


if __name__ == "__main__":
    unittest.main(verbosity=2)
