"""Deterministic synthetic workbooks for the benchmarks (docs/performance.md).

`indicator_rows(n, seed)` gives n indicator rows in the shape of samples/council-monthly.ods (columns A-K
definitions, L Notes, M-X Apr..Mar), so rules/council-monthly.kpirules applies unchanged. The same seed
always gives the same rows. The data is chosen so the native-formula baseline can mirror the rules exactly:
period cells hold numbers or are empty, and the empty ones are only at the end of the reported months (a
missed return), never in between. About 3% of rows fail each SMART check, some returns are missing
(overdue), some are off target two months running, some are far ahead of target.

`write_workbook(office, path, rows)` writes them below the sample's title rows and header (header on row 4,
one section heading row every 250 indicators, as the sample has headings between services) with one
setDataArray call and saves an .ods.
"""

import random

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
DEFINITION_HEADERS = ["PI Code", "Indicator", "Responsible officer", "Escalation owner", "Aim", "Unit",
                      "Frequency", "Baseline", "Annual target", "Corporate priority", "Profile"]
HEADERS = DEFINITION_HEADERS + ["Notes"] + MONTHS
HEADER_ROW = 3          # 0-based: rows 1-3 are titles, row 4 the header, as in the sample
FIRST_MONTH_COLUMN = 12  # M
SECTION_EVERY = 250      # a heading row (PI Code blank) before every 250 indicators
PROFILES = {"even": [1] * 12, "seasonal": [6, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 9]}
AS_OF = "2024-10-20"     # the runs' date: Apr..Sep are due, Oct..Mar are the future

WORDS = ["households", "residents", "streets", "cleaned", "repairs", "completed", "within", "target", "time",
         "visits", "library", "missed", "bins", "collected", "planning", "applications", "decided", "invoices",
         "paid", "days", "calls", "answered", "first", "contact", "resolved"]
PEOPLE = ["Head of Waste", "Housing Manager", "Planning Lead", "Finance Officer", "Customer Services Lead",
          "Leisure Manager", "Highways Engineer", "Revenues Manager"]
PRIORITIES = ["Clean and green", "Homes for all", "A thriving economy", "Healthy lives", "A modern council"]


def indicator_rows(n, seed=20241020):
    """n rows of 24 cells (A..X), each a str, float or "" (empty)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        words = rng.randint(3, 6) if rng.random() > 0.03 else 2            # S fails for ~3%
        title = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()
        officer = rng.choice(PEOPLE) if rng.random() > 0.02 else ""        # R fails
        escalation = rng.choice(PEOPLE)
        aim = "Higher" if rng.random() < 0.6 else ("Lower" if rng.random() < 0.9 else "Band")
        unit = rng.choice(["number", "£", "%", "days"]) if rng.random() > 0.03 else ""  # M fails
        frequency = "Monthly" if rng.random() > 0.03 else "Weekly"          # T fails
        baseline = float(rng.randint(200, 50000))
        annual = round(baseline * rng.uniform(0.85, 1.25), 0)
        if rng.random() < 0.03:
            annual = baseline * 2                                           # A fails
        priority = rng.choice(PRIORITIES) if rng.random() > 0.02 else ""
        shape = rng.choice(["even", "even", "seasonal", ""])
        weights = PROFILES[shape or "even"]
        total = float(sum(weights))
        reported = 6 if rng.random() > 0.12 else rng.choice([4, 5])         # a missing return is overdue
        # Actuals near the target the rules compare with: a steady performance level plus monthly noise,
        # around the profiled year-to-date target for totals (number, £), around the annual figure for
        # levels (every other unit, blank included), as rules/council-monthly.kpirules reads them.
        level = rng.gauss(1.0, 0.06)
        cumulative = unit in ("number", "£")
        periods, to_date = [], 0.0
        for k in range(12):
            to_date += weights[k]
            if k < reported:
                share = to_date / total if cumulative else 1.0
                periods.append(round(annual * share * (level + rng.gauss(0.0, 0.03)), 1))
            else:
                periods.append("")
        rows.append(["PI%06d" % (i + 1), title, officer, escalation, aim, unit, frequency, baseline, annual,
                     priority, shape, ""] + periods)
    return rows


def sheet_rows(indicators):
    """The whole sheet: titles, header, then the indicators with a heading row before every SECTION_EVERY."""
    width = len(HEADERS)
    rows = [["Corporate performance report (synthetic, %d indicators)" % len(indicators)] + [""] * (width - 1),
            ["Generated for the benchmarks; financial year 2024/25"] + [""] * (width - 1),
            [""] * width,
            list(HEADERS)]
    for i, row in enumerate(indicators):
        if i % SECTION_EVERY == 0:
            rows.append(["", "Service %d" % (i // SECTION_EVERY + 1)] + [""] * (width - 2))
        rows.append(row)
    return rows


def indicator_sheet_rows(count):
    """0-based sheet row of each indicator (in order), as sheet_rows lays them out."""
    result, row = [], HEADER_ROW + 1
    for i in range(count):
        if i % SECTION_EVERY == 0:
            row += 1
        result.append(row)
        row += 1
    return result


def write_workbook(office, path, indicators, sheet_name="Corporate KPIs"):
    """Writes the sheet into a new Calc document in one setDataArray and saves it as .ods."""
    doc = office.new_calc()
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.Name = sheet_name
        rows = sheet_rows(indicators)
        block = sheet.getCellRangeByPosition(0, 0, len(HEADERS) - 1, len(rows) - 1)
        block.setDataArray(tuple(tuple(r) for r in rows))
        sheet.getCellRangeByPosition(0, HEADER_ROW, len(HEADERS) - 1, HEADER_ROW).CharWeight = 150.0
        office.store(doc, path, "calc8")
    finally:
        office.close(doc)
