#!/usr/bin/python3
"""End-to-end: the committed samples/functions.ods recalculates in a real headless LibreOffice with
the built .oxt and every check cell is TRUE (the main job of tools/run-sample, as a test)."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "samples"))

from check_sample import check_workbook, print_report  # noqa: E402
from function_cases import CASES, formula_for_row  # noqa: E402
from kpi_office import HeadlessOffice  # noqa: E402

WORKBOOK = os.path.join(HERE, "..", "..", "samples", "functions.ods")


class SampleWorkbook(unittest.TestCase):
    def test_every_check_passes(self):
        with HeadlessOffice(oxt=os.environ.get("KPI_OXT", "build/kpirules.oxt")) as office:
            report = check_workbook(office, WORKBOOK)
        total, passed = print_report(report, sys.stderr)
        self.assertEqual(sum(len(cases) for cases in CASES.values()), total, "the workbook is out of date: "
                         "regenerate it with samples/make_functions_sample.py")
        self.assertEqual(total, passed)
        # The workbook holds exactly the current case list (descriptions and formulas, row by row).
        written = {name: [(row, description, formula) for row, description, formula, *_ in cases]
                   for name, cases in report}
        expected = {name: [(2 + i, case.description, formula_for_row(case, 2 + i)) for i, case in enumerate(cases)]
                    for name, cases in CASES.items()}
        self.assertEqual(expected, written, "regenerate samples/functions.ods with samples/make_functions_sample.py")

    def test_readable_without_the_extension(self):
        """Someone without KPI Rules sees the last computed values until they recalculate."""
        with HeadlessOffice() as office:
            doc = office.load(WORKBOOK, read_only=True)
            try:
                sheet = doc.getSheets().getByName("STATUS")
                amber = sheet.getCellRangeByName("C3")  # =KPI.STATUS(96,100)
                self.assertEqual("=KPI.STATUS(96,100)", sheet.getCellRangeByName("B3").getString())
                self.assertEqual("Amber", amber.getString())
                doc.calculateAll()
                self.assertEqual(525, amber.getError())  # #NAME?: the function is unknown here
            finally:
                office.close(doc)


if __name__ == "__main__":
    unittest.main(verbosity=2)
