"""The native-formula baseline of B2 (docs/performance.md): rules/council-monthly.kpirules written as plain
Calc formulas and conditional formats in the same workbook, the way a performance team would without the
extension. `add_native_formulas(doc, count)` adds them to the "Corporate KPIs" sheet of a workbook made by
workbooks.py (helper columns from Y on, one row per indicator, a small "Native" sheet with the profile
fractions, due dates and the as-of date) and returns where the results are, so the benchmark can compare
them with the engine's results cell by cell.

The first row of each run of indicator rows is set with setFormulaArray and filled down with fillAuto. docs/performance.md lists the
formulas; FORMULAS below is that list (row 5 shown there as `{r}`).
"""

from workbooks import FIRST_MONTH_COLUMN, HEADER_ROW, PROFILES, indicator_sheet_rows

NATIVE_SHEET = "Native"


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# Helper columns, in order from Y. Each formula is for sheet row {r}; {name} is the letter of another helper.
def _helpers():
    months = [column_letters(FIRST_MONTH_COLUMN + k) for k in range(12)]
    P = "$M{r}:$X{r}"
    cols = []
    cols.append(("Status", '=IF({now}{r}="";"";INDEX({st1}{r}:{st12}{r};1;{now}{r}))'))
    cols.append(("SMART", '=IF(AND({cS}{r};{cM}{r};{cA}{r};{cR}{r};{cT}{r});"OK";IF({cS}{r};"";"S")&IF({cM}{r};"";"M")'
                          '&IF({cA}{r};"";"A")&IF({cR}{r};"";"R")&IF({cT}{r};"";"T"))'))
    # lastperiod(actual): the position of the last value entered, blank when none
    cols.append(("now", '=IF(COUNT(%s)=0;"";SUMPRODUCT(MAX(ISNUMBER(%s)*COLUMN(%s)))-COLUMN($M{r})+1)' % (P, P, P)))
    # profile(shape, even): the row of the profile in the Native sheet, even (row 1) when blank or unknown
    cols.append(("prow", '=IFERROR(MATCH($K{r};$Native.$A$1:$A$%d;0);1)' % len(PROFILES)))
    # target(annual, profile, if(not isblank(unit) and unit in ("number", "£"), "cumulative", "level")):
    # annual x the profile's cumulative fraction for year-to-date totals, the annual figure for levels
    for k in range(12):
        cols.append(("t%d" % (k + 1), '=$I{r}*IF(OR($F{r}="number";$F{r}="£");INDEX($Native.$B$1:$M$%d;{prow}{r};%d);1)'
                     % (len(PROFILES), k + 1)))
    # status per period: shortfall by polarity (blank = higher), green <= 0%, amber <= 5%, red otherwise;
    # periods after the latest one any indicator reported stay blank (Native.B7)
    for k in range(12):
        x, t = "%s{r}" % months[k], "{t%d}{r}" % (k + 1)
        short = '(IF($E{r}="Lower";{x}-{t};IF($E{r}="Band";ABS({x}-{t});{t}-{x}))/ABS({t}))'.replace("{x}", x).replace("{t}", t)
        cols.append(("st%d" % (k + 1), '=IF(%d>$Native.$B$7;"";IF(NOT(ISNUMBER(%s));"No data";IF(%s<=0;"Green";IF(%s<=0.05;"Amber";"Red"))))'
                     % (k + 1, x, short, short)))
    # SMART checks
    cols.append(("cS", '=IF(TRIM($B{r})="";0;LEN(TRIM($B{r}))-LEN(SUBSTITUTE(TRIM($B{r});" ";""))+1)>=3'))
    cols.append(("cM", '=AND(ISNUMBER($I{r});$F{r}<>"")'))
    cols.append(("cA", '=ABS($I{r}-$H{r})<=0.5*ABS($H{r})'))
    cols.append(("cR", '=AND($J{r}<>"";$C{r}<>"")'))
    cols.append(("cT", '=OR($G{r}="Monthly";$G{r}="Quarterly";$G{r}="Annual")'))
    # flag high: red this period and the one before
    cols.append(("fRed", '=IF(N({now}{r})>=2;IF(INDEX({st1}{r}:{st12}{r};1;{now}{r})="Red";'
                         'INDEX({st1}{r}:{st12}{r};1;{now}{r}-1)="Red";0);0)=TRUE()'))
    # flag medium: a period due before the as-of date (Native.B6) without a value
    cols.append(("fDue", '=SUMPRODUCT(($Native.$B$4:$M$4<$Native.$B$6)*NOT(ISNUMBER(%s)))>0' % P))
    # SPC (XmR, Making Data Count): mean, mean moving range, signals of the latest point
    cols.append(("n", '=COUNT(%s)' % P))
    cols.append(("mean", '=IF({n}{r}<2;"";AVERAGE(%s))' % P))
    cols.append(("mR", '=IF({n}{r}<2;"";SUMPRODUCT(ISNUMBER($N{r}:$X{r})*ISNUMBER($M{r}:$W{r})*ABS($N{r}:$X{r}-$M{r}:$W{r}))/({n}{r}-1))'))
    x0, x1, x2 = ("INDEX(%s;1;{now}{r})" % P, "INDEX(%s;1;{now}{r}-1)" % P, "INDEX(%s;1;{now}{r}-2)" % P)
    near = "2*2.66/3*{mR}{r}"
    cols.append(("hi", ('=IF({n}{r}<2;FALSE();OR(%s>{mean}{r}+2.66*{mR}{r};IF({n}{r}>=3;AND(%s>{mean}{r}+%s;%s>{mean}{r};%s>{mean}{r};'
                        'OR(%s>{mean}{r}+%s;%s>{mean}{r}+%s));FALSE())))') % (x0, x0, near, x1, x2, x1, near, x2, near)))
    cols.append(("lo", ('=IF({n}{r}<2;FALSE();OR(%s<{mean}{r}-2.66*{mR}{r};IF({n}{r}>=3;AND(%s<{mean}{r}-%s;%s<{mean}{r};%s<{mean}{r};'
                        'OR(%s<{mean}{r}-%s;%s<{mean}{r}-%s));FALSE())))') % (x0, x0, near, x1, x2, x1, near, x2, near)))
    cols.append(("fSpc", '=OR(AND($E{r}<>"Lower";$E{r}<>"Band";{lo}{r};NOT({hi}{r}));AND($E{r}="Lower";{hi}{r};NOT({lo}{r})))'))
    # flag low: variance(latest, target[now], polarity) >= 20%
    cols.append(("var", '=IF({now}{r}="";"";-(IF($E{r}="Lower";%s-INDEX({t1}{r}:{t12}{r};1;{now}{r});IF($E{r}="Band";'
                        'ABS(%s-INDEX({t1}{r}:{t12}{r};1;{now}{r}));INDEX({t1}{r}:{t12}{r};1;{now}{r})-%s))/ABS(INDEX({t1}{r}:{t12}{r};1;{now}{r}))))'
                 % (x0, x0, x0)))
    cols.append(("fVar", '=IF({var}{r}="";FALSE();{var}{r}>=0.2)'))
    cols.append(("flagged", '=OR({fRed}{r};{fDue}{r};{fSpc}{r};{fVar}{r})'))
    # the comment's text: one line per raised flag
    # the comment's one line: "KPI Rules — " and the flags joined with "; " (MID drops the first "; "); the
    # variance as the engine formats percentages, with at most one decimal
    cols.append(("reasons", '=IF({flagged}{r};"KPI Rules \u2014 "&MID(IF({fRed}{r};"; high: Off target two months running";"")'
                            '&IF({fDue}{r};"; medium: Return overdue";"")'
                            '&IF({fSpc}{r};"; medium: Unusual variation: "&IF({lo}{r};"Concern (low)";"Concern (high)");"")'
                            '&IF({fVar}{r};"; low: Exceptional: "&IF(ROUND({var}{r}*100;1)=ROUND({var}{r}*100;0);TEXT({var}{r};"0%");TEXT({var}{r};"0.0%"))&" ahead of target";"");3;1000);"")'))
    return cols


HELPERS = _helpers()
FIRST_HELPER = FIRST_MONTH_COLUMN + 12  # Y
LETTER = {name: column_letters(FIRST_HELPER + i) for i, (name, _) in enumerate(HELPERS)}
FORMULAS = [(name, text.replace("{r}", "\x00").format(**LETTER).replace("\x00", "{r}")) for name, text in HELPERS]


def _formula_rows(rows):
    texts = [text for _, text in FORMULAS]
    return tuple(tuple(t.replace("{r}", str(r + 1)) for t in texts) for r in rows)


def add_native_formulas(doc, count, as_of_serial, latest_reported):
    """Adds the native sheet, helper headers, formulas and conditional formats; returns the sheet rows."""
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.sheet.FillDirection import TO_BOTTOM

    sheets = doc.Sheets
    sheets.insertNewByName(NATIVE_SHEET, sheets.getCount())
    native = sheets.getByName(NATIVE_SHEET)
    rows = []
    for name, weights in PROFILES.items():
        total, to_date, fractions = float(sum(weights)), 0.0, []
        for w in weights:
            to_date += w
            fractions.append(to_date / total)
        rows.append([name] + fractions)
    native.getCellRangeByPosition(0, 0, 12, len(rows) - 1).setDataArray(tuple(tuple(r) for r in rows))
    # due dates: day 15 of the month after each period (Apr 2024 .. Mar 2025); as-of date; latest period reported
    due = ["Due"] + ["=DATE(2024;%d;15)" % (4 + k + 1) for k in range(12)]
    native.getCellRangeByPosition(0, 3, 12, 3).setFormulaArray((tuple(due),))
    native.getCellRangeByPosition(0, 5, 1, 6).setDataArray((("As of", as_of_serial), ("Latest period", latest_reported)))

    sheet = sheets.getByName("Corporate KPIs")
    # Setting up is not what is measured (calculateAll is): no recalculation while the formulas go in.
    doc.enableAutomaticCalculation(False)
    doc.lockControllers()
    doc.addActionLock()
    last = FIRST_HELPER + len(FORMULAS) - 1
    sheet.getCellRangeByPosition(FIRST_HELPER, HEADER_ROW, last, HEADER_ROW).setDataArray(
        (tuple(name for name, _ in FORMULAS),))
    indicator_rows = indicator_sheet_rows(count)
    # Runs of neighbouring rows (the heading rows between sections break them): one call per run.
    start = 0
    while start < len(indicator_rows):
        end = start
        while end + 1 < len(indicator_rows) and indicator_rows[end + 1] == indicator_rows[end] + 1:
            end += 1
        block = indicator_rows[start:end + 1]
        # the run's first row typed in, then filled down (as a user does; Calc copies the compiled formulas)
        sheet.getCellRangeByPosition(FIRST_HELPER, block[0], last, block[0]).setFormulaArray(_formula_rows(block[:1]))
        if len(block) > 1:
            sheet.getCellRangeByPosition(FIRST_HELPER, block[0], last, block[-1]).fillAuto(TO_BOTTOM, 1)
        start = end + 1

    first, final = indicator_rows[0], indicator_rows[-1]

    def conditional(range_name, entries):
        target = sheet.getCellRangeByName(range_name)
        formats = target.ConditionalFormat
        for formula, style in entries:
            props = []
            for key, value in (("Operator", uno.Enum("com.sun.star.sheet.ConditionOperator", "FORMULA")),
                               ("Formula1", formula), ("StyleName", style)):
                p = PropertyValue()
                p.Name, p.Value = key, value
                props.append(p)
            formats.addNew(tuple(props))
        target.ConditionalFormat = formats

    # Period cells take the style of their status cell (same offset: Apr -> st1 ...).
    st1 = LETTER["st1"]
    top = first + 1
    conditional("M%d:X%d" % (top, final + 1), [('%s%d="%s"' % (st1, top, status), "KPI " + status)
                                               for status in ("Red", "Amber", "Green", "No data")])
    conditional("A%d:A%d" % (top, final + 1), [("%s%d" % (LETTER["flagged"], top), "KPI Flag")])
    # SMART: the cells each failing check reads.
    reads = {"B": ["cS"], "F": ["cM"], "I": ["cM", "cA"], "H": ["cA"], "J": ["cR"], "C": ["cR"], "G": ["cT"]}
    for column, checks in reads.items():
        condition = "OR(%s)" % ";".join("NOT(%s%d)" % (LETTER[c], top) for c in checks)
        conditional("%s%d:%s%d" % (column, top, column, final + 1), [(condition, "KPI SMART")])
    doc.removeActionLock()
    doc.unlockControllers()
    doc.enableAutomaticCalculation(True)
    return indicator_rows


def create_styles(doc):
    """The KPI styles the engine would create, so the conditional formats have them."""
    colours = {"KPI Green": 0xC6EFCE, "KPI Amber": 0xFFEB9C, "KPI Red": 0xFFC7CE, "KPI No data": 0xD9D9D9,
               "KPI Flag": 0xFFFF00, "KPI SMART": 0xE4DFEC}
    styles = doc.StyleFamilies.getByName("CellStyles")
    for name, colour in colours.items():
        if styles.hasByName(name):
            continue
        style = doc.createInstance("com.sun.star.style.CellStyle")
        styles.insertByName(name, style)
        style.CellBackColor = colour
