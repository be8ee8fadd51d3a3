"""The robustness corpus of workbooks: malformed and hostile spreadsheets, made at test time.

    cases = make_corpus(office, folder, trace_file)   # a list of Case, every file written into folder

Most workbooks are built through the office itself (python-uno: merged cells, protection, macros,
encryption, error formulas, hidden sheets); the broken ones (corrupt zip, truncated, empty, text, a
10,000-column xlsx, a missing add-in) are written byte by byte. Everything is deterministic: the same
cells, the same bytes for the hand-written files. `python3 tests/robustness/workbooks.py DIR` writes the
corpus into DIR for a look (it starts its own office; set KPI_OXT as for the e2e tests).

Each Case says what is wrong with the file and what the user must see (`expect`), which the end-to-end
test tests/e2e/test_robustness.py checks through the RulesEngine service and `kpirules check`.
"""

import os
import sys
import zipfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from kpi_office import HeadlessOffice, file_url, properties  # noqa: E402  (imports uno)

# The table every corpus workbook starts from: three title-ish rows, a header row, five indicators.
HEADERS = ["PI Code", "Indicator", "Aim", "Annual target", "Apr", "May", "Jun"]
ROWS = [
    ["K01", "Households recycling (%)", "Higher", 50, 48, 51, 44],        # Jun 12% short: red
    ["K02", "Days to process a claim", "Lower", 10, 9, 11, 12],            # 20% over: red
    ["K03", "Library visits", "Higher", 1000, 1000, 990, 1200],            # green
    ["K04", "Complaints answered on time (%)", "Higher", 95, 93, 94, 92],  # 3.2% short: amber
    ["K05", "Potholes repaired", "Higher", 200, "", "", ""],               # no data
]
TITLE = "Corporate KPIs - robustness corpus"
SHEET = "KPIs"
HEADER_ROW = 3  # 0-based: A4 holds "PI Code"

with open(os.path.join(HERE, "corpus.kpirules"), encoding="utf-8") as _rules:
    RULES = _rules.read()

# Non-Latin names: Greek sheet, Arabic key header, CJK headers, emoji and combining marks in the names.
UNICODE_SHEET = "Δείκτες"
UNICODE_HEADERS = ["رمز المؤشر", "指标名称", "Aim", "Annual target", "一月", "二月", "三月"]
UNICODE_ROWS = [
    ["Κ-01", "Ανακύκλωση ♻️ (%)", "Higher", 50, 48, 51, 44],
    ["م-02", "مدة معالجة الطلب", "Lower", 10, 9, 11, 12],
    ["图-03", "图书馆访问量 📚", "Higher", 1000, 1000, 990, 1200],
    ["Z̤͔ͧ-04", "Ç̈ombining marks: e\u0301 a\u0308 n\u0303", "Higher", 95, 93, 94, 92],
]
UNICODE_RULES = RULES.replace('sheet "KPIs"', 'sheet "%s"' % UNICODE_SHEET) \
    .replace('key "PI Code"', 'key "%s"' % UNICODE_HEADERS[0]) \
    .replace('field code     = "PI Code"', 'field code     = "%s"' % UNICODE_HEADERS[0]) \
    .replace('field title    = "Indicator"', 'field title    = "%s"' % UNICODE_HEADERS[1]) \
    .replace('series actual  = "Apr" .. "Jun"', 'series actual  = "%s" .. "%s"' % (UNICODE_HEADERS[4], UNICODE_HEADERS[6]))


@dataclass
class Case:
    name: str            # the file name, also the case's id
    what: str            # what is wrong with it
    expect: dict         # see tests/e2e/test_robustness.py: engine (ok or a failure naming a place), runner status
    rules: str = RULES
    sheet: str = SHEET
    macro: bool = False  # holds Basic that would leave a trace if it ever ran
    path: str = ""
    notes: list = field(default_factory=list)


# -- UNO helpers ----------------------------------------------------------------------------------

def _block(rows, width=None):
    width = width or max(len(r) for r in rows)
    return tuple(tuple((float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))
                       for v in list(r) + [""] * (width - len(r))) for r in rows)


def _name_of(column):
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _fill(sheet, rows, top=0, left=0):
    block = _block(rows)
    sheet.getCellRangeByPosition(left, top, left + len(block[0]) - 1, top + len(block) - 1).setDataArray(block)


def _standard_table(doc, name=SHEET, headers=HEADERS, rows=ROWS):
    sheet = doc.getSheets().getByIndex(0)
    sheet.setName(name)
    _fill(sheet, [[TITLE], [""], [""], headers] + rows)
    return sheet


def _store(office, doc, path, filter_name, **extra):
    doc.storeToURL(file_url(path), properties(FilterName=filter_name, Overwrite=True, **extra))
    office.close(doc)


def _macro_source(trace_file):
    """Basic that appends a line to trace_file and writes a cell: every way it could be started."""
    return """
Sub Trace(what As String)
    Dim n As Integer
    n = FreeFile()
    Open "%s" For Append As #n
    Print #n, what
    Close #n
    On Error Resume Next
    ThisComponent.Sheets(0).getCellRangeByName("Z1").String = "macro ran: " & what
End Sub
Sub OnEvent(Optional e)
    Dim name As String
    name = "?"
    On Error Resume Next
    name = e.EventName
    Trace("document event " & name)
End Sub
Sub OnSheetEvent(Optional e) : Trace("sheet event") : End Sub
Sub Workbook_Open() : Trace("Workbook_Open") : End Sub
Sub Auto_Open() : Trace("Auto_Open") : End Sub
Function KPITRACE(x)
    Trace("cell function")
    KPITRACE = x
End Function
""" % trace_file


def _bind(events, event, script):
    """Binds a Basic script to an event (the value must travel as a typed sequence of PropertyValue)."""
    import uno
    value = uno.Any("[]com.sun.star.beans.PropertyValue", properties(EventType="Script", Script=script))
    uno.invoke(events, "replaceByName", (event, value))


def _add_macros(doc, trace_file):
    libraries = doc.BasicLibraries
    if not libraries.hasByName("Standard"):
        libraries.createLibrary("Standard")
    libraries.getByName("Standard").insertByName("Trace", _macro_source(trace_file))
    script = "vnd.sun.star.script:Standard.Trace.%s?language=Basic&location=document"
    events = doc.getEvents()
    for event in events.getElementNames():  # OnLoad, OnCopyTo (a store), OnUnload, ... every one of them
        _bind(events, event, script % "OnEvent")
    sheet_events = doc.getSheets().getByIndex(0).getEvents()
    for event in sheet_events.getElementNames():  # OnChange, OnCalculate, OnSelect, ...
        _bind(sheet_events, event, script % "OnSheetEvent")


# -- hand-written files --------------------------------------------------------------------------------

_FIXED_TIME = (2024, 10, 20, 12, 0, 0)


def _zip(path, members):
    """A zip with fixed time stamps: the same bytes every time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def _xml_text(value):
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_xlsx(path, rows, cell_xml=None):
    """A minimal .xlsx, inline strings only. cell_xml(row, column, value) may return a cell's own XML."""
    sheet_rows = []
    for r, values in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(values):
            ref = "%s%d" % (_name_of(c), r)
            custom = cell_xml(r, c, value) if cell_xml else None
            if custom is not None:
                cells.append(custom.replace("REF", ref))
            elif value == "" or value is None:
                continue
            elif isinstance(value, (int, float)):
                cells.append('<c r="%s"><v>%r</v></c>' % (ref, value))
            else:
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, _xml_text(value)))
        sheet_rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    members = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>' % SHEET),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
         'Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData>'
         '</worksheet>' % "".join(sheet_rows)),
    ]
    _zip(path, members)


def write_fods(path, rows, cell_xml=None):
    """A flat ODF spreadsheet (.fods). cell_xml(row, column, value) may return a cell's own XML."""
    body = []
    for r, values in enumerate(rows):
        cells = []
        for c, value in enumerate(values):
            custom = cell_xml(r, c, value) if cell_xml else None
            if custom is not None:
                cells.append(custom)
            elif value == "" or value is None:
                cells.append("<table:table-cell/>")
            elif isinstance(value, (int, float)):
                cells.append('<table:table-cell office:value-type="float" office:value="%r"><text:p>%r</text:p>'
                             '</table:table-cell>' % (value, value))
            else:
                cells.append('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>'
                             % _xml_text(value))
        body.append("<table:table-row>%s</table:table-row>" % "".join(cells))
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
            '<office:body><office:spreadsheet><table:table table:name="%s">%s</table:table>'
            '</office:spreadsheet></office:body></office:document>\n' % (SHEET, "".join(body)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _table_rows(headers=HEADERS, rows=ROWS):
    return [[TITLE], [], [], headers] + rows


# -- the corpus ---------------------------------------------------------------------------------------

def make_corpus(office, folder, trace_file):
    """Writes every corpus workbook into folder; returns the cases in a fixed order."""
    os.makedirs(folder, exist_ok=True)
    cases = []

    def add(name, what, expect, **kw):
        case = Case(name, what, expect, **kw)
        case.path = os.path.join(folder, name)
        cases.append(case)
        return case

    def calc():
        return office.new_calc()

    # 1. The plain table, as a control: every other case differs from it in one way.
    doc = calc()
    _standard_table(doc)
    _store(office, doc, add("control.ods", "nothing: the plain table every case starts from",
                            {"ok": True, "indicators": 5, "red": 2}).path, "calc8")

    # 2. Merged title over the table and a merged header pair (May hidden under Apr's merge).
    doc = calc()
    sheet = _standard_table(doc)
    sheet.getCellRangeByName("A1:G1").merge(True)
    sheet.getCellRangeByName("E4:F4").merge(True)
    _store(office, doc, add("merged-headers.ods", "title merged over A1:G1; header cells Apr and May merged (E4:F4)",
                            {"ok": True, "indicators": 5}).path, "calc8")

    # 3. A header row split over two rows with vertically merged cells: "PI" above "Code".
    doc = calc()
    sheet = doc.getSheets().getByIndex(0)
    sheet.setName(SHEET)
    _fill(sheet, [[TITLE], [""], ["PI", "Indicator", "Aim", "Annual", "Apr", "May", "Jun"],
                  ["Code", "", "", "target", "", "", ""]] + ROWS)
    for column in "BCEFG":
        sheet.getCellRangeByName("%s3:%s4" % (column, column)).merge(True)
    _store(office, doc, add("split-header.ods", "header row split across two rows (PI / Code, merged cells)",
                            {"ok": False, "place": [SHEET, "PI Code"]}).path, "calc8")

    # 4. Duplicate headers: two "Apr" columns and two "PI Code" columns.
    doc = calc()
    _standard_table(doc, headers=HEADERS + ["Apr", "PI Code"], rows=[r + [1, "X"] for r in ROWS])
    _store(office, doc, add("duplicate-headers.ods", "two columns headed Apr and two headed PI Code",
                            {"ok": True, "warning": "W0505", "place": [SHEET, '"PI Code"', '"Apr"']}).path, "calc8")

    # 5. No header row at all: just the indicator rows.
    doc = calc()
    sheet = doc.getSheets().getByIndex(0)
    sheet.setName(SHEET)
    _fill(sheet, ROWS)
    _store(office, doc, add("no-header.ods", "no header row, only indicator rows",
                            {"ok": False, "place": [SHEET, "PI Code"]}).path, "calc8")

    # 6. Duplicate keys.
    doc = calc()
    _standard_table(doc, rows=ROWS + [["K01", "Households recycling again", "Higher", 50, 50, 50, 50]])
    _store(office, doc, add("duplicate-keys.ods", "key K01 on two rows",
                            {"ok": True, "warning": "W0504", "place": ["K01"]}).path, "calc8")

    # 7. A very tall used area: a stray note in the last row the sheet has.
    doc = calc()
    sheet = _standard_table(doc)
    last_row = sheet.getRows().getCount() - 1
    sheet.getCellByPosition(0, last_row).setString("stray note in the last row")
    sheet.getCellByPosition(6, last_row).setValue(1)
    case = add("last-row.ods", "a stray note in row %d, the sheet's last: the used area is %d rows tall"
               % (last_row + 1, last_row + 1), {"ok": True, "indicators": 6})
    case.notes.append("rows per sheet: %d" % (last_row + 1))
    _store(office, doc, case.path, "calc8")

    # 8. The used area spans the whole sheet: a stray value in the very last cell.
    doc = calc()
    sheet = _standard_table(doc)
    last_column = sheet.getColumns().getCount() - 1
    sheet.getCellByPosition(last_column, last_row).setString("stray")
    case = add("last-cell.ods", "a stray value in the sheet's last cell %s%d: the used area is the whole sheet"
               % (_name_of(last_column), last_row + 1), {"ok": False, "place": [SHEET, "%s%d" % (_name_of(last_column), last_row + 1)]})
    case.notes.append("columns per sheet: %d" % (last_column + 1))
    _store(office, doc, case.path, "calc8")

    # 9. Error cells everywhere: every period and target cell an error formula.
    doc = calc()
    sheet = _standard_table(doc)
    errors = ["=1/0", "=NA()", "=SQRT(-1)", "=#REF!+1", '=VALUE("x")', "=1E308*10"]
    formulas = tuple(tuple(errors[(r + c) % len(errors)] for c in range(4)) for r in range(len(ROWS)))
    sheet.getCellRangeByPosition(3, HEADER_ROW + 1, 6, HEADER_ROW + len(ROWS)).setFormulaArray(formulas)
    _store(office, doc, add("error-cells.ods", "every target and period cell is an error (#DIV/0!, #N/A, #NUM!, #REF!, #VALUE!)",
                            {"ok": True, "nodata": 5, "note": "N0701"}).path, "calc8")

    # 10. A protected sheet (with a password): nothing can be written into the table.
    doc = calc()
    _standard_table(doc).protect("secret")
    _store(office, doc, add("protected-sheet.ods", "the table's sheet is protected with a password",
                            {"ok": False, "place": ['sheet "KPIs" is protected']}).path, "calc8")

    # 11. A protected document structure: no sheet can be added.
    doc = calc()
    _standard_table(doc)
    doc.protect("secret")
    _store(office, doc, add("protected-structure.ods", "the workbook structure is protected (sheets cannot be added "
                                                       "by hand; the API still adds the Exceptions sheet)",
                            {"ok": True, "indicators": 5}).path, "calc8")

    # 12. Macros: Basic bound to every document and sheet event, and a cell calling a Basic function.
    doc = calc()
    sheet = _standard_table(doc)
    _add_macros(doc, trace_file)
    sheet.getCellRangeByName("H4").setString("Trace")
    sheet.getCellRangeByName("H5").setFormula("=KPITRACE(1)")
    _store(office, doc, add("macros.ods", "Basic that writes a trace file, bound to every document event (open, save, "
                                          "close, ...) and sheet event (content changed, calculate, ...), and a cell "
                                          "calling a Basic function", {"ok": True, "indicators": 5},
                            macro=True).path, "calc8")

    # 13. Password-protected (encrypted) files.
    doc = calc()
    _standard_table(doc)
    _store(office, doc, add("encrypted.ods", "encrypted with a password",
                            {"loads": False, "place": ["encrypted.ods", "password"]}).path, "calc8", Password="secret")
    doc = calc()  # (LibreOffice 7.4 does not write encrypted .xlsx; it does write encrypted .xls)
    _standard_table(doc)
    _store(office, doc, add("encrypted.xls", "an Excel 97 file encrypted with a password",
                            {"loads": False, "place": ["encrypted.xls", "password"]}).path, "MS Excel 97", Password="secret")

    # 14. Hidden sheets: the table on a hidden sheet behind a visible cover sheet.
    doc = calc()
    _standard_table(doc)
    doc.getSheets().insertNewByName("Cover", 0)
    doc.getSheets().getByName(SHEET).IsVisible = False
    _store(office, doc, add("hidden-sheet.ods", "the table is on a hidden sheet", {"ok": True, "indicators": 5}).path,
           "calc8")

    # 15. A sheet named Exceptions already, holding the user's own notes.
    doc = calc()
    _standard_table(doc)
    doc.getSheets().insertNewByName("Exceptions", 1)
    doc.getSheets().getByName("Exceptions").getCellRangeByName("A1").setString("my own exceptions list")
    _store(office, doc, add("exceptions-sheet.ods", "a sheet named Exceptions already, the user's own",
                            {"ok": False, "place": ['"Exceptions"']}).path, "calc8")

    # 16. Non-Latin sheet, headers and indicator names (Greek, Arabic, CJK, emoji, combining marks).
    doc = calc()
    _standard_table(doc, name=UNICODE_SHEET, headers=UNICODE_HEADERS, rows=UNICODE_ROWS)
    _store(office, doc, add("unicode.ods", "Greek sheet name; Arabic and CJK headers; emoji and combining marks in names",
                            {"ok": True, "indicators": 4, "red": 2}, rules=UNICODE_RULES, sheet=UNICODE_SHEET).path, "calc8")

    # 17. The widest table the office allows (16,384 columns, A..XFD, in LibreOffice 7.4), every column headed.
    doc = calc()
    sheet = doc.getSheets().getByIndex(0)
    sheet.setName(SHEET)
    width = sheet.getColumns().getCount()
    headers = HEADERS + ["Extra %d" % i for i in range(width - len(HEADERS))]
    _fill(sheet, [[TITLE], [""], [""], headers] + [r + [i for i in range(width - len(r))] for r in ROWS])
    case = add("widest.ods", "%d columns, all headed: the widest sheet LibreOffice 7.4 has, no room for a computed column"
               % width, {"ok": False, "place": ['sheet "KPIs" has no free column for "Status"', _name_of(width - 1)]})
    case.notes.append("the computed column has no room: it would be column %d" % (width + 1))
    _store(office, doc, case.path, "calc8")

    # 18. xlsx variants: the table, merged cells and error cells as .xlsx; an old .xls.
    doc = calc()
    _standard_table(doc)
    _store(office, doc, add("control.xlsx", "the plain table as .xlsx", {"ok": True, "indicators": 5, "red": 2}).path,
           "Calc Office Open XML")
    doc = calc()
    sheet = _standard_table(doc)
    sheet.getCellRangeByName("A1:G1").merge(True)
    sheet.getCellRangeByPosition(3, HEADER_ROW + 1, 6, HEADER_ROW + 2).setFormulaArray(formulas[:2])
    _store(office, doc, add("merged-errors.xlsx", "an xlsx with a merged title and error cells",
                            {"ok": True, "indicators": 5, "note": "N0701"}).path, "Calc Office Open XML")
    doc = calc()
    _standard_table(doc)
    _store(office, doc, add("control.xls", "the plain table as Excel 97 .xls", {"ok": True, "indicators": 5}).path,
           "MS Excel 97")

    # 19. Hand-written: 10,000 columns in an xlsx (more than the office's 1024).
    add_10k = add("10000-columns.xlsx", "10,000 columns, written by hand (a sheet has %d in LibreOffice 7.4)" % width,
                  {"ok": True, "indicators": 5})
    wide_headers = HEADERS + ["Extra %d" % i for i in range(10000 - len(HEADERS))]
    write_xlsx(add_10k.path, _table_rows(wide_headers, [r + [1] * (10000 - len(r)) for r in ROWS]))

    # 20. Hand-written: formulas calling an add-in that is not installed (cached values kept).
    def missing_addin_fods(r, c, value):
        if r > HEADER_ROW and c == 6:
            return ('<table:table-cell table:formula="of:=COM.EXAMPLE.NOTINSTALLED.FORECAST([.F%d])" '
                    'office:value-type="float" office:value="%r"><text:p>%r</text:p></table:table-cell>'
                    % (r + 1, value if value != "" else 0, value if value != "" else 0))
        return None
    write_fods(add("missing-addin.fods", "Jun cells are formulas of an add-in that is not installed",
                   {"ok": True, "indicators": 5}).path, _table_rows(), missing_addin_fods)

    def missing_addin_xlsx(r, c, value):
        if r > HEADER_ROW + 1 and c == 6 and value != "":
            return '<c r="REF"><f>_xll.NOTINSTALLED(F%d)</f><v>%r</v></c>' % (r, value)
        return None
    write_xlsx(add("missing-addin.xlsx", "Jun cells call an Excel add-in (_xll.) that is not installed",
                   {"ok": True, "indicators": 5}).path, _table_rows(), missing_addin_xlsx)

    # 21. Hand-written: an xlsx whose cells point at shared strings that do not exist.
    def dangling_string(r, c, value):
        return '<c r="REF" t="s"><v>%d</v></c>' % (1000 + c) if r == HEADER_ROW + 2 and c == 1 else None
    write_xlsx(add("dangling-shared-string.xlsx", "a cell refers to shared string 1001 in a workbook without any",
                   {"ok": True, "indicators": 5}).path, _table_rows(), dangling_string)

    # 22. Broken files: a corrupt zip, a truncated package, an empty file, text named .ods.
    with open(os.path.join(folder, "control.ods"), "rb") as f:
        good = f.read()
    corrupt = bytearray(good)
    for i in range(200, len(corrupt) - 200, 97):  # the local headers stay, the deflated data is garbage
        corrupt[i] ^= 0x5A
    with open(add("corrupt-zip.ods", "a zip whose compressed data is damaged",
                  {"loads": False, "place": ["corrupt-zip.ods", "damaged"]}).path, "wb") as f:
        f.write(bytes(corrupt))
    with open(add("truncated.ods", "the first half of a valid .ods",
                  {"loads": False, "place": ["truncated.ods", "damaged"]}).path, "wb") as f:
        f.write(good[:len(good) // 2])
    with open(add("empty.ods", "an empty file (0 bytes)", {"ok": False, "place": ['"KPIs"']}).path, "wb"):
        pass
    with open(add("text.ods", "a text file named .ods", {"ok": None}).path, "w") as f:
        f.write("PI Code,Indicator\nthis is not a spreadsheet\n")
    with open(add("random.xlsx", "random bytes named .xlsx", {"loads": False, "place": ["random.xlsx"]}).path, "wb") as f:
        state = 12345
        data = bytearray()
        for _ in range(4096):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            data.append(state >> 16 & 0xFF)
        f.write(b"PK\x03\x04" + bytes(data))

    # 23. Hostile cell text: formula-looking keys and names, quotes in the sheet name (see the security test).
    doc = calc()
    hostile_rows = [[r[0], r[1]] + r[2:] for r in ROWS]
    hostile_rows[0][1] = '=WEBSERVICE("http://127.0.0.1:9/leak")'
    hostile_rows[1][0] = "=HYPERLINK(\"http://127.0.0.1:9/\";\"x\")"
    hostile_rows[3][1] = "'; DROP TABLE kpis; --"
    sheet = _standard_table(doc, name="Bob's \"KPIs\" (2024)", rows=hostile_rows)
    _store(office, doc, add("formula-text.ods", "keys and names that look like formulas; quotes in the sheet name",
                            {"ok": True, "indicators": 5, "red": 2},
                            rules=RULES.replace('sheet "KPIs"', 'sheet "Bob\'s ""KPIs"" (2024)"'),
                            sheet="Bob's \"KPIs\" (2024)").path, "calc8")

    # 24. A sheet of very long texts (32,767 characters, the most a cell holds in xlsx).
    doc = calc()
    long_rows = [list(r) for r in ROWS]
    long_rows[0][1] = ("Very long indicator name " * 1400)[:32767]
    _standard_table(doc, rows=long_rows)
    _store(office, doc, add("long-text.ods", "an indicator name of 32,767 characters", {"ok": True, "indicators": 5}).path,
           "calc8")
    return cases


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: workbooks.py OUTPUT-FOLDER\n")
        return 2
    folder = os.path.abspath(argv[1])
    with HeadlessOffice() as office:
        for case in make_corpus(office, folder, os.path.join(folder, "macro-trace.txt")):
            print("%-28s %s" % (case.name, case.what))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
