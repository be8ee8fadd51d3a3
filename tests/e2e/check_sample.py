#!/usr/bin/python3
"""Recalculates a self-checking workbook in a headless LibreOffice with the extension installed
and reports every check: one line per function sheet (cases, passed, failed), then each failing
case with its formula, result and expected value. Exit status 0 when every check passed.

    /usr/bin/python3 tests/e2e/check_sample.py --oxt build/kpirules.oxt samples/functions.ods

A function sheet has a header row, then per case: A description, B formula text, C result,
D expected, E check (TRUE when C matches D).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kpi_office import HeadlessOffice  # noqa: E402


def read_checks(doc):
    """[(sheet name, [(row, description, formula, result text, expected text, passed)])] per function sheet."""
    report = []
    sheets = doc.getSheets()
    for index in range(sheets.getCount()):
        sheet = sheets.getByIndex(index)
        if sheet.getCellRangeByName("E1").getString() != "Check":
            continue  # not a function sheet (the Summary)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row = cursor.getRangeAddress().EndRow + 1
        rows = sheet.getCellRangeByName("A2:E%d" % last_row).getDataArray()
        cases = []
        for offset, (description, _, _, _, _) in enumerate(rows):
            if not description:
                continue
            row = offset + 2
            check = sheet.getCellRangeByName("E%d" % row)
            passed = check.getError() == 0 and check.getValue() == 1
            cases.append((row, description, sheet.getCellRangeByName("B%d" % row).getString(),
                          sheet.getCellRangeByName("C%d" % row).getString(),
                          sheet.getCellRangeByName("D%d" % row).getString(), passed))
        report.append((sheet.getName(), cases))
    return report


def check_workbook(office, path):
    doc = office.load(path, read_only=True)
    try:
        doc.calculateAll()
        return read_checks(doc)
    finally:
        office.close(doc)


def print_report(report, out=sys.stdout):
    width = max([len("function")] + [len(name) for name, _ in report]) + 4
    out.write("%-*s %6s %7s %7s\n" % (width, "function", "cases", "passed", "failed"))
    total = passed = 0
    for name, cases in report:
        ok = sum(1 for case in cases if case[-1])
        total += len(cases)
        passed += ok
        out.write("%-*s %6d %7d %7d\n" % (width, "KPI." + name, len(cases), ok, len(cases) - ok))
    out.write("%-*s %6d %7d %7d\n" % (width, "all", total, passed, total - passed))
    for name, cases in report:
        for row, description, formula, result, expected, ok in cases:
            if not ok:
                out.write("FAILED %s row %d: %s\n    %s gave %r, expected %r\n"
                          % (name, row, description, formula, result, expected))
    return total, passed


def main():
    parser = argparse.ArgumentParser(description="Recalculate a self-checking KPI Rules workbook.")
    parser.add_argument("--oxt", required=True, help="the built kpirules.oxt")
    parser.add_argument("workbook", help="e.g. samples/functions.ods")
    args = parser.parse_args()
    with HeadlessOffice(oxt=args.oxt) as office:
        report = check_workbook(office, args.workbook)
    total, passed = print_report(report)
    if total == 0:
        print("no checks found in", args.workbook)
        return 1
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
