"""What the end-to-end tests of the document engine share.

Import it before anything that imports `uno`: this process must know the extension's UNO types to receive the
org.kpirules.RulesEngine service object over the bridge (it drops otherwise), and `uno` reads URE_MORE_TYPES
once, on import. So this module extracts kpirules.rdb from the built .oxt, adds it to URE_MORE_TYPES, imports
kpi_office (and with it `uno`), then removes the variable again (soffice and unopkg must not see it).

    from kpi_engine import OXT, HeadlessOffice, engine_service, copy_to, snapshot_sheet

Paths: KPI_OXT (default build/kpirules.oxt) and the runner, KPI_RUNNER or `--kpirules PATH` on the command line
(taken out of sys.argv so unittest does not see it; default build/src/runner/kpirules).
"""

import atexit
import os
import shutil
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
OXT = os.environ.get("KPI_OXT", os.path.join(ROOT, "build", "kpirules.oxt"))
KPIRULES = os.environ.get("KPI_RUNNER", os.path.join(ROOT, "build", "src", "runner", "kpirules"))
if "--kpirules" in sys.argv:
    _at = sys.argv.index("--kpirules")
    KPIRULES = sys.argv[_at + 1]
    del sys.argv[_at:_at + 2]

TYPES_DIR = tempfile.mkdtemp(prefix="kpi-types-")
atexit.register(shutil.rmtree, TYPES_DIR, True)
with zipfile.ZipFile(OXT) as _oxt:
    _oxt.extract("kpirules.rdb", TYPES_DIR)
os.environ["URE_MORE_TYPES"] = "<file:///usr/lib/libreoffice/program/types>* file://" + os.path.join(TYPES_DIR, "kpirules.rdb")

from kpi_office import HeadlessOffice, OfficeTestCase, file_url, properties  # noqa: E402,F401  (re-exported)

del os.environ["URE_MORE_TYPES"]

SAMPLE_ODS = os.path.join(ROOT, "samples", "council-monthly.ods")
SAMPLE_XLSX = os.path.join(ROOT, "samples", "council-monthly.xlsx")
RULES_PATH = os.path.join(ROOT, "rules", "council-monthly.kpirules")
RULES_NAME = "council-monthly.kpirules"
SHEET = "Corporate KPIs"
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]  # the sample's reported months
FIRST_MONTH_COLUMN = 12  # M = Apr


def engine_service(office):
    """The org.kpirules.RulesEngine service of a running office; fails clearly when it is not registered."""
    engine = office.context.ServiceManager.createInstanceWithContext("org.kpirules.RulesEngine", office.context)
    if engine is None:
        raise AssertionError("the org.kpirules.RulesEngine service is not registered")
    return engine


def copy_to(folder, source=SAMPLE_ODS, name=None):
    """A copy of source (the sample by default) in folder, named name or like the source; returns its path."""
    path = os.path.join(folder, name or os.path.basename(source))
    shutil.copyfile(source, path)
    return path


def read_reference(title="council-monthly: reference results"):
    """The table under the heading `### TITLE` of docs/samples.md, one dict per row (by default the
    council-monthly sample's expected results, one row per indicator)."""
    with open(os.path.join(ROOT, "docs", "samples.md"), encoding="utf-8") as doc:
        text = doc.read()
    section = text.split("### " + title, 1)[1].split("###", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, [cell.strip() for cell in line.strip("|").split("|")])) for line in lines[2:]]


def used_end(sheet):
    """(last column, last row) of the sheet's used area, 0-based."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    return end.EndColumn, end.EndRow


def snapshot_sheet(sheet, end=None):
    """Every cell's formula (or constant) and style, and every comment, of the used area (or A1:end)."""
    end_column, end_row = end or used_end(sheet)
    area = sheet.getCellRangeByPosition(0, 0, end_column, end_row)
    formulas = area.getFormulaArray()
    values = area.getDataArray()
    styles = {}
    unique = area.getUniqueCellFormatRanges()
    for i in range(unique.getCount()):
        ranges = unique.getByIndex(i)
        for address in ranges.getRangeAddresses():
            for row in range(address.StartRow, address.EndRow + 1):
                for column in range(address.StartColumn, address.EndColumn + 1):
                    styles[(row, column)] = (ranges.CellStyle, ranges.CellBackColor, ranges.NumberFormat)
    annotations = sheet.getAnnotations()
    comments = sorted((annotations.getByIndex(i).getPosition().Row, annotations.getByIndex(i).getPosition().Column,
                       annotations.getByIndex(i).getString()) for i in range(annotations.getCount()))
    return {"formulas": formulas, "values": values, "styles": styles, "comments": comments}
