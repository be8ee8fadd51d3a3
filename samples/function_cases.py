"""The cases of samples/functions.ods and of the end-to-end function test, one list.

Every expected value was worked out by hand from the spec (/work/shared/spec/functions.md at the
time of writing; docs/functions.md for readers), never by running the add-in. A case is one row:

    Case(description, formula, expected, data=[...])

formula  English UI syntax as a user types it. {data} stands for the case's own data cells
         (columns F onwards of its row, e.g. F7:K7), {d1} for the first of them alone.
expected a number, a text (exact), TRUE/FALSE (the add-in returns 1/0), a date(y, m, d), or
         ERROR (Calc shows Err:502: the add-in rejected an argument).
data     cell values for the data cells; None leaves a cell really empty.
"""

import datetime
from collections import namedtuple

Case = namedtuple("Case", "description formula expected data")
Case.__new__.__defaults__ = ((),)

ERROR = "Err:502"  # a bad argument: the add-in throws IllegalArgumentException


class Date(int):
    """An expected date, as the serial number Calc shows with the standard null date 1899-12-30."""


def date(year, month, day):
    return Date((datetime.date(year, month, day) - datetime.date(1899, 12, 30)).days)


def ui_date(year, month, day):
    return "DATE(%d,%d,%d)" % (year, month, day)


# Twelve monthly cells, three months reported; blanks are the future periods.
YEAR_SO_FAR = [10, 20, 30] + [None] * 9
# Alternating 10, 12: mean 11, every moving range 2, limits 11 ± 2.66 × 2 = 5.68 .. 16.32.
STEADY = "{10,12,10,12,10,12,10,12,10,12}"
# Nine points below the mean (12.8) then 30 above the upper limit 12.8 + 2.66 × 34/9 = 22.85.
SHIFT_THEN_JUMP = "{10,12,10,12,10,12,10,12,10,30}"
# As STEADY but the last point is 100: moving ranges 2 (×8) and 90, mean 19.8.
# Unscreened mR̄ = 106/9; screening drops 90 ≥ 3.267 × 106/9 = 38.48, leaving mR̄ = 2.
OUTLIER = "{10,12,10,12,10,12,10,12,10,100}"
SMART_HEADERS = '{"Indicator","Unit","Target","Baseline","Polarity","Frequency","Priority","Owner"}'
SMART_GOOD = '{"Percentage of household waste recycled","%",50,45,"higher","Monthly","Environment","Head of Waste"}'

CASES = {
    "STATUS": [
        Case("on target is Green", "=KPI.STATUS(100,100)", "Green"),
        Case("4% short: within the default amber tolerance 5%", "=KPI.STATUS(96,100)", "Amber"),
        Case("exactly 5% short: boundaries are inclusive", "=KPI.STATUS(95,100)", "Amber"),
        Case("6% short is Red", "=KPI.STATUS(94,100)", "Red"),
        Case("empty arguments ,,, are omitted", "=KPI.STATUS(96,100,,,)", "Amber"),
        Case("lower is better, below target", '=KPI.STATUS(8,10,"lower")', "Green"),
        Case("alias 'lower is better', 4% over", '=KPI.STATUS(10.4,10,"lower is better")', "Amber"),
        Case("alias -1 means lower", "=KPI.STATUS(9,10,-1)", "Green"),
        Case("alias ' UP ': case and spaces ignored", '=KPI.STATUS(96,100," UP ")', "Amber"),
        Case("goal post: 3% away, green 2%, amber 5%", '=KPI.STATUS(103,100,"goal post",0.02,0.05)', "Amber"),
        Case("points basis: 2 points short, green 1, amber 3", '=KPI.STATUS(0.93,0.95,,0.01,0.03,"points")', "Amber"),
        Case("text number '95%' is 0.95", '=KPI.STATUS("95%",0.95)', "Green"),
        Case("text number ' 1,234 ' counts as 1234", '=KPI.STATUS(" 1,234 ",1234)', "Green"),
        Case("actual 'n/a' counts as blank", '=KPI.STATUS("n/a",100)', "No data"),
        Case("actual '-' counts as blank", '=KPI.STATUS("-",100)', "No data"),
        Case("empty actual cell (as a one-cell range)", "=KPI.STATUS({d1}:{d1},100)", "No data", [None]),
        Case("blank target", '=KPI.STATUS(50,"")', "No target"),
        Case("zero target, actual 0: shortfall 0", "=KPI.STATUS(0,0)", "Green"),
        Case("zero target, actual -1: shortfall infinite", "=KPI.STATUS(-1,0)", "Red"),
        Case("actual from a cell", "=KPI.STATUS({d1},200)", "Red", [150]),
        Case("unknown polarity is an error", '=KPI.STATUS(1,2,"sideways")', ERROR),
        Case("polarity neutral is an error", '=KPI.STATUS(1,2,"neutral")', ERROR),
        Case("amber tolerance below green is an error", "=KPI.STATUS(1,2,,0.1,0.05)", ERROR),
    ],
    "VARIANCE": [
        Case("10% above target, higher is better", "=KPI.VARIANCE(110,100)", 0.1),
        Case("10% below target", "=KPI.VARIANCE(90,100)", -0.1),
        Case("below target when lower is better", '=KPI.VARIANCE(90,100,"lower")', 0.1),
        Case("band: 3% away is -3%", '=KPI.VARIANCE(103,100,"band")', -0.03),
        Case("points basis: 2 points short", '=KPI.VARIANCE(0.93,0.95,"higher","points")', -0.02),
        Case("zero target on points basis", '=KPI.VARIANCE(5,0,,"points")', 5),
        Case("zero target on percent basis is an error", "=KPI.VARIANCE(5,0)", ERROR),
        Case("actual from a cell: 100 against 80", "=KPI.VARIANCE({d1},80)", 0.25, [100]),
    ],
    "TARGET": [
        Case("month 3 of 12, cumulative (default)", "=KPI.TARGET(1200,3)", 300),
        Case("month 3 of 12, discrete", '=KPI.TARGET(1200,3,12,"discrete")', 100),
        Case("quarter 2 of 4, cumulative", "=KPI.TARGET(400,2,4)", 200),
        Case("level: the annual figure every period", '=KPI.TARGET(0.95,7,12,"level")', 0.95),
        Case("weights 1,2,3,4: period 2 cumulative is 3/10", "=KPI.TARGET(100,2,{1,2,3,4})", 30),
        Case("weights 1,2,3,4: period 2 discrete is 2/10", '=KPI.TARGET(100,2,{1,2,3,4},"discrete")', 20),
        Case("weights from cells", '=KPI.TARGET(100,4,{data},"discrete")', 40, [1, 2, 3, 4]),
        Case("period 13 of 12 is an error", "=KPI.TARGET(100,13)", ERROR),
        Case("period 0 is an error", "=KPI.TARGET(100,0)", ERROR),
        Case("all-zero weights are an error", "=KPI.TARGET(100,1,{0,0,0})", ERROR),
    ],
    "LAST": [
        Case("last number, blanks after it", "=KPI.LAST({data})", 9, [5, 7, None, 9, None, None]),
        Case("text is skipped", '=KPI.LAST({1,"x"})', 1),
        Case("the label of the last value", '=KPI.LAST({5,7,"",9,""},{"Apr","May","Jun","Jul","Aug"})', "Jul"),
        Case("no number at all: empty text", '=KPI.LAST({"a","b"})', ""),
        Case("'n/a' is not a value", '=KPI.LAST({4,"n/a"})', 4),
    ],
    "TREND": [
        Case("up, higher is better", "=KPI.TREND({10,12})", "Improving"),
        Case("down, higher is better", "=KPI.TREND({10,8})", "Worsening"),
        Case("down, lower is better", '=KPI.TREND({10,8},"lower")', "Improving"),
        Case("no change", "=KPI.TREND({10,10})", "No change"),
        Case("2% change within a 5% tolerance", "=KPI.TREND({100,102},,,0.05)", "No change"),
        Case("neutral polarity says Up", '=KPI.TREND({10,12},"neutral")', "Up"),
        Case("band polarity says Down", '=KPI.TREND({10,8},"band")', "Down"),
        Case("lag 1 compares the last two numbers, skipping blanks", "=KPI.TREND({data})", "Improving",
             [10, None, 12, None]),
        Case("lag 12: same month last year", "=KPI.TREND({5,1,1,1,1,1,1,1,1,1,1,1,4},,12)", "Worsening"),
        Case("one value: nothing to compare", "=KPI.TREND({7})", ""),
        Case("lag 12 with 12 values: nothing to compare", "=KPI.TREND({1,2,3,4,5,6,7,8,9,10,11,12},,12)", ""),
    ],
    "SPC": [
        Case("steady alternation is common cause", "=KPI.SPC(%s)" % STEADY, "Common cause"),
        Case("last point above the upper limit, higher is better", "=KPI.SPC(%s)" % SHIFT_THEN_JUMP,
             "Improvement (high)"),
        Case("the same when lower is better", '=KPI.SPC(%s,"lower")' % SHIFT_THEN_JUMP, "Concern (high)"),
        Case("the same with neutral polarity", '=KPI.SPC(%s,"neutral")' % SHIFT_THEN_JUMP, "Neutral (high)"),
        Case("one point: nothing to say", "=KPI.SPC({5})", ""),
        Case("assurance: target 20 above the upper limit 16.32", '=KPI.SPC(%s,,"assurance",20)' % STEADY,
             "Consistently fail"),
        Case("assurance, lower is better", '=KPI.SPC(%s,"lower","assurance",20)' % STEADY, "Consistently pass"),
        Case("assurance: target 2 below the lower limit 5.68", '=KPI.SPC(%s,,"assurance",2)' % STEADY,
             "Consistently pass"),
        Case("assurance: target inside the limits", '=KPI.SPC(%s,,"assurance",11)' % STEADY, "Hit and miss"),
        Case("assurance with neutral polarity: empty", '=KPI.SPC(%s,"neutral","assurance",11)' % STEADY, ""),
        Case("blank cells are skipped", "=KPI.SPC({data})", "Common cause",
             [10, None, 12, 10, None, 12, 10, 12]),
    ],
    "SPCPOINTS": [
        Case("point 10, above the upper limit", "=INDEX(KPI.SPCPOINTS(%s),1,10)" % SHIFT_THEN_JUMP,
             "Improvement (high)"),
        Case("point 1, in a run of 9 below the mean", "=INDEX(KPI.SPCPOINTS(%s),1,1)" % SHIFT_THEN_JUMP,
             "Concern (low)"),
        Case("point 9 of that run, lower is better", '=INDEX(KPI.SPCPOINTS(%s,"lower"),1,9)' % SHIFT_THEN_JUMP,
             "Improvement (low)"),
        Case("common cause is empty", "=INDEX(KPI.SPCPOINTS(%s),1,5)" % STEADY, ""),
        Case("a blank input point is empty", "=INDEX(KPI.SPCPOINTS({data}),1,2)", "",
             [10, None, 12, 10, 12, 10, 12, 10, 12]),
        Case("the result has the shape of the values", "=COLUMNS(KPI.SPCPOINTS(%s))" % STEADY, 10),
    ],
    "SPCLIMITS": [
        Case("mean", "=INDEX(KPI.SPCLIMITS(%s),1,1)" % STEADY, 11),
        Case("lower limit 11 - 2.66 × 2", "=INDEX(KPI.SPCLIMITS(%s),1,2)" % STEADY, 5.68),
        Case("upper limit 11 + 2.66 × 2", "=INDEX(KPI.SPCLIMITS(%s),1,3)" % STEADY, 16.32),
        Case("baseline of 4 points ignores the later ones", "=INDEX(KPI.SPCLIMITS({10,12,10,12,30,40},4),1,3)",
             16.32),
        Case("unscreened upper limit with an outlier", "=INDEX(KPI.SPCLIMITS(%s),1,3)" % OUTLIER,
             19.8 + 2.66 * 106 / 9),
        Case("screened: the large moving range is dropped", "=INDEX(KPI.SPCLIMITS(%s,,TRUE()),1,3)" % OUTLIER,
             25.12),
        Case("screened lower limit", "=INDEX(KPI.SPCLIMITS(%s,,TRUE()),1,2)" % OUTLIER, 14.48),
        Case("1 x 3 result", "=COLUMNS(KPI.SPCLIMITS(%s))" % STEADY, 3),
    ],
    "FORECAST": [
        Case("sum: 60 so far + 20 a month × 9 months", "=KPI.FORECAST({data})", 240, YEAR_SO_FAR),
        Case("average: the mean so far", '=KPI.FORECAST({data},,"average")', 20, YEAR_SO_FAR),
        Case("last: straight line 10, 20, 30 to month 12", '=KPI.FORECAST({data},,"last")', 120, YEAR_SO_FAR),
        Case("periods given: 3 values of a 12-month year", "=KPI.FORECAST({10,20,30},12)", 240),
        Case("quarters: 2 of 4 reported", "=KPI.FORECAST({data})", 20, [4, 6, None, None]),
    ],
    "REQUIRED": [
        Case("sum: (300 - 60) / 9 months left", "=KPI.REQUIRED({data},300)", 240 / 9, YEAR_SO_FAR),
        Case("average: (30 × 12 - 60) / 9", '=KPI.REQUIRED({data},30,,"average")', 300 / 9, YEAR_SO_FAR),
        Case("last: the annual target itself", '=KPI.REQUIRED({data},500,,"last")', 500, YEAR_SO_FAR),
        Case("no period left is an error", "=KPI.REQUIRED({1,2,3},10,3)", ERROR),
    ],
    "DUE": [
        Case("15th of the next month (defaults)", "=KPI.DUE(%s)" % ui_date(2024, 3, 31), date(2024, 4, 15)),
        Case("day 31 in February means its last day", "=KPI.DUE(%s,31)" % ui_date(2024, 1, 31), date(2024, 2, 29)),
        Case("two months after, across the year end", "=KPI.DUE(%s,15,2)" % ui_date(2024, 12, 31),
             date(2025, 2, 15)),
        Case("same month, default day", "=KPI.DUE(%s,,0)" % ui_date(2024, 6, 30), date(2024, 6, 15)),
        Case("period end from a cell", "=KPI.DUE({d1})", date(2024, 7, 15), [date(2024, 6, 30)]),
    ],
    "OVERDUE": [
        Case("nothing submitted, a day after the due date", '=KPI.OVERDUE("",%s,%s)'
             % (ui_date(2024, 4, 15), ui_date(2024, 4, 16)), True),
        Case("a value was submitted", "=KPI.OVERDUE(5,%s,%s)" % (ui_date(2024, 4, 15), ui_date(2024, 4, 16)),
             False),
        Case("'n/a' on the due date itself is not yet overdue", '=KPI.OVERDUE("n/a",%s,%s)'
             % (ui_date(2024, 4, 15), ui_date(2024, 4, 15)), False),
        Case("'tbc' after the due date", '=KPI.OVERDUE("tbc",%s,%s)'
             % (ui_date(2024, 4, 15), ui_date(2024, 5, 1)), True),
        Case("as_of defaults to today: due in 2000", '=KPI.OVERDUE("-",%s)' % ui_date(2000, 1, 1), True),
        Case("as_of defaults to today: due in 2999", '=KPI.OVERDUE("-",%s)' % ui_date(2999, 1, 1), False),
        Case("an empty cell (as a one-cell range)", "=KPI.OVERDUE({d1}:{d1},%s,%s)"
             % (ui_date(2024, 4, 15), ui_date(2024, 4, 16)), True, [None]),
    ],
    "QUARTILE": [
        Case("at or above Q3 = 4 of 1..5", "=KPI.QUARTILE(4,{1,2,3,4,5})", "Top quartile"),
        Case("between Q2 = 3 and Q3", "=KPI.QUARTILE(3.5,{1,2,3,4,5})", "Second quartile"),
        Case("exactly Q1 = 2", "=KPI.QUARTILE(2,{1,2,3,4,5})", "Third quartile"),
        Case("below Q1", "=KPI.QUARTILE(1.5,{1,2,3,4,5})", "Bottom quartile"),
        Case("lower is better: at or below Q1", '=KPI.QUARTILE(2,{1,2,3,4,5},"lower")', "Top quartile"),
        Case("lower is better: above Q3", '=KPI.QUARTILE(4.5,{1,2,3,4,5},"lower")', "Bottom quartile"),
        Case("blank comparators are skipped", "=KPI.QUARTILE(4,{data})", "Top quartile", [1, None, 2, 3, 4, 5]),
        Case("fewer than 4 comparators is an error", "=KPI.QUARTILE(2,{1,2,3})", ERROR),
    ],
    "SMART": [
        Case("a complete definition", "=KPI.SMART(%s,%s)" % (SMART_HEADERS, SMART_GOOD), "OK"),
        Case("no unit and no frequency", "=KPI.SMART(%s,%s)" % (
            SMART_HEADERS, '{"Percentage of household waste recycled","",50,45,"higher","","Environment","Head of Waste"}'),
            "MT"),
        Case("vague two-word title, no unit, no owner, no frequency", "=KPI.SMART(%s,%s)" % (
            SMART_HEADERS, '{"Improve things","",50,45,"higher","","Environment",""}'), "SMRT"),
        Case("target 100 from baseline 45 is too far", "=KPI.SMART(%s,%s)" % (
            SMART_HEADERS, '{"Percentage of household waste recycled","%",100,45,"higher","Monthly","Environment","Head of Waste"}'),
            "A"),
        Case("header aliases", "=KPI.SMART(%s,%s)" % (
            '{"Title","Units","Annual target","Last year","Aim","Reporting frequency","Theme","Lead officer"}',
            SMART_GOOD), "OK"),
    ],
    "SMARTWHY": [
        Case("all pass: empty", "=KPI.SMARTWHY(%s,%s)" % (SMART_HEADERS, SMART_GOOD), ""),
        Case("no unit and no frequency", "=KPI.SMARTWHY(%s,%s)" % (
            SMART_HEADERS, '{"Percentage of household waste recycled","",50,45,"higher","","Environment","Head of Waste"}'),
            "Measurable: no unit; Time-bound: no reporting frequency"),
    ],
}

FUNCTIONS = list(CASES)  # sheet order = spec order


def data_columns(case):
    """Column letters of the case's data cells: F, G, ..."""
    return [chr(ord("F") + i) for i in range(len(case.data))]


def formula_for_row(case, row):
    """The case's formula with {data} and {d1} replaced by its data cells in `row` (1-based)."""
    columns = data_columns(case)
    data = "%s%d:%s%d" % (columns[0], row, columns[-1], row) if columns else ""
    first = "%s%d" % (columns[0], row) if columns else ""
    return case.formula.replace("{data}", data).replace("{d1}", first)
