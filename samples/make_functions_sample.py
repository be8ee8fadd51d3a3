#!/usr/bin/python3
"""Writes samples/functions.ods: the self-checking workbook of every KPI Rules function.

One sheet per function, one row per case (samples/function_cases.py): A the case, B the formula
as text, C the formula itself, D the expected value typed as a constant (worked out by hand from
the spec), E a check that is TRUE when C matches D, F onwards the case's data cells. The Summary
sheet counts the passed checks of every sheet.

    /usr/bin/python3 samples/make_functions_sample.py --oxt build-b/kpirules.oxt [--output samples/functions.ods]

The add-in must be installed while the file is written so the formulas compile to the add-in's
functions; the script does that in a throwaway profile.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

from function_cases import CASES, ERROR, FUNCTIONS, Date, data_columns, formula_for_row  # noqa: E402
from kpi_office import HeadlessOffice  # noqa: E402

HEADER = ("Case", "Formula", "Result", "Expected", "Check", "Data")
FIRST_CASE_ROW = 2  # row 1 is the header


def number_format(doc, code):
    formats = doc.getNumberFormats()
    locale = doc.getPropertyValue("CharLocale")
    key = formats.queryKey(code, locale, False)
    return key if key != -1 else formats.addNew(code, locale)


def check_formula(case, row):
    """A formula that is TRUE when the result in C matches the expected value in D."""
    c, d = "C%d" % row, "D%d" % row
    if case.expected == ERROR:
        return "=IF(ISERROR(%s),ERRORTYPE(%s)=502,FALSE())" % (c, c)  # ERRORTYPE: the Calc error number
    if isinstance(case.expected, bool):
        return "=IF(ISERROR(%s),FALSE(),AND(ISNUMBER(%s),%s=%s))" % (c, c, c, d)
    if isinstance(case.expected, (int, float)):
        return "=IF(ISERROR(%s),FALSE(),AND(ISNUMBER(%s),ABS(%s-%s)<=1E-9*MAX(1,ABS(%s))))" % (c, c, c, d, d)
    return "=IF(ISERROR(%s),FALSE(),AND(ISTEXT(%s)+(%s=\"\"),EXACT(%s,%s)))" % (c, c, c, c, d)


def write_expected(cell, case, formats):
    expected = case.expected
    if expected == ERROR:
        cell.setString(ERROR)
    elif isinstance(expected, bool):
        cell.setValue(1 if expected else 0)
        cell.setPropertyValue("NumberFormat", formats["boolean"])
    elif isinstance(expected, Date):
        cell.setValue(expected)
        cell.setPropertyValue("NumberFormat", formats["date"])
    elif isinstance(expected, (int, float)):
        cell.setValue(expected)
    else:
        cell.setString(expected)  # "" leaves the cell empty, which EXACT treats as ""


def write_cases(doc, sheet, cases):
    """Fills one function sheet; returns the row numbers of its cases."""
    formats = {"boolean": number_format(doc, "BOOLEAN"), "date": number_format(doc, "YYYY-MM-DD")}
    for column, title in enumerate(HEADER):
        sheet.getCellByPosition(column, 0).setString(title)
    rows = []
    for index, case in enumerate(cases):
        row = FIRST_CASE_ROW + index
        formula = formula_for_row(case, row)
        sheet.getCellRangeByName("A%d" % row).setString(case.description)
        sheet.getCellRangeByName("B%d" % row).setString(formula)
        for column, value in zip(data_columns(case), case.data):
            if value is not None:
                cell = sheet.getCellRangeByName("%s%d" % (column, row))
                cell.setValue(value)
                if isinstance(value, Date):
                    cell.setPropertyValue("NumberFormat", formats["date"])
        result = sheet.getCellRangeByName("C%d" % row)
        result.setPropertyValue("FormulaLocal", formula)
        if isinstance(case.expected, Date):
            result.setPropertyValue("NumberFormat", formats["date"])
        elif isinstance(case.expected, bool):
            result.setPropertyValue("NumberFormat", formats["boolean"])
        write_expected(sheet.getCellRangeByName("D%d" % row), case, formats)
        sheet.getCellRangeByName("E%d" % row).setPropertyValue("FormulaLocal", check_formula(case, row))
        rows.append(row)
    sheet.getColumns().getByIndex(0).setPropertyValue("Width", 9000)
    sheet.getColumns().getByIndex(1).setPropertyValue("Width", 9000)
    return rows


def build_workbook(doc):
    sheets = doc.getSheets()
    sheets.getByIndex(0).setName("Summary")
    summary = sheets.getByIndex(0)
    for column, title in enumerate(("Function", "Cases", "Passed", "Failed")):
        summary.getCellByPosition(column, 0).setString(title)
    for index, function in enumerate(FUNCTIONS):
        sheets.insertNewByName(function, index + 1)
        rows = write_cases(doc, sheets.getByName(function), CASES[function])
        row = index + 2
        checks = "$%s.E%d:E%d" % (function, rows[0], rows[-1])
        summary.getCellRangeByName("A%d" % row).setString("KPI." + function)
        summary.getCellRangeByName("B%d" % row).setValue(len(rows))
        summary.getCellRangeByName("C%d" % row).setPropertyValue("FormulaLocal", "=COUNTIF(%s,TRUE())" % checks)
        summary.getCellRangeByName("D%d" % row).setPropertyValue("FormulaLocal", "=B%d-C%d" % (row, row))
    total = len(FUNCTIONS) + 2
    summary.getCellRangeByName("A%d" % total).setString("All")
    for column in "BCD":
        summary.getCellRangeByName("%s%d" % (column, total)).setPropertyValue(
            "FormulaLocal", "=SUM(%s2:%s%d)" % (column, column, total - 1))
    summary.getColumns().getByIndex(0).setPropertyValue("Width", 4000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oxt", required=True, help="the built kpirules.oxt")
    parser.add_argument("--output", default=os.path.join(HERE, "functions.ods"))
    args = parser.parse_args()
    with HeadlessOffice(oxt=args.oxt) as office:
        doc = office.new_calc()
        try:
            build_workbook(doc)
            doc.calculateAll()
            office.store(doc, args.output, "calc8")
        finally:
            office.close(doc)
    print("wrote", args.output)


if __name__ == "__main__":
    main()
