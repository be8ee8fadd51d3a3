#!/usr/bin/python3
"""Generate the sample indicator workbooks in samples/ (deterministic and idempotent).

Run with the system Python that has python-uno:

    /usr/bin/python3 samples/generate_samples.py            # write every workbook, then reload and check them
    /usr/bin/python3 samples/generate_samples.py --report   # also print the reference tables used in docs/samples.md

The script starts its own headless LibreOffice on a throwaway profile (temporary directory, unique pipe name) and
always terminates it. Every value comes from the tables at the top of this file; docs/samples.md describes them, and
the --report tables (statuses, flags, SPC classes, row numbers) are computed from the same tables, so the two agree.

Conventions used by the data (see docs/samples.md):
- percentages are stored as fractions (0.85 shown as 85.0%), as Calc does when "85%" is typed;
- "level" indicators (%, days, rates, snapshots) hold the period's value and the annual target is the level to reach;
  "cumulative" indicators (unit "number" or "£") hold the year-to-date total and the annual target is the year's total.
"""

import argparse
import datetime
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import List, Optional, Union

SAMPLES_DIR = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------------------------------------
# Shared vocabulary
# ----------------------------------------------------------------------------------------------------------------------

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]

MONTHLY_DEFINITION_HEADERS = ["PI Code", "Indicator", "Responsible officer", "Escalation owner", "Aim", "Unit",
                              "Frequency", "Baseline", "Annual target", "Corporate priority", "Profile"]
HIDDEN_NOTES_HEADER = "Notes"        # an internal column, hidden, between "Profile" and "Apr"
MONTHLY_HEADERS = MONTHLY_DEFINITION_HEADERS + [HIDDEN_NOTES_HEADER] + MONTHS

AS_OF = datetime.date(2024, 10, 20)  # the rules run "as of" this date: September's return (due 15 Oct) is overdue
FIRST_MONTH = (2024, 4)              # Apr 2024 .. Mar 2025, financial year 2024/25
MONTHS_ENTERED = 6                   # Apr..Sep hold actuals; Oct..Mar are the future (blank)

PROFILES = {                         # phasing weights, as in rules/council-monthly.kpirules
    "even": [1] * 12,
    "seasonal": [6, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 9],
}
CUMULATIVE_UNITS = ("number", "£")   # year-to-date totals; everything else is a level


@dataclass(frozen=True)
class Formula:
    """A period cell holding a formula instead of a value (used for the #DIV/0! error cell)."""
    text: str


# A period cell: a number, a text cell (a number stored as text, or "n/a" / "-"), a formula, or None (blank).
Cell = Union[float, int, str, Formula, None]


@dataclass
class Indicator:
    code: str
    title: str
    officer: str
    aim: str                      # Higher / Lower / Band
    unit: str                     # %, days, rate, households, kg, number, £ ("" = missing, a SMART gap)
    frequency: str                # Monthly / Quarterly / Annual ("" = missing, a SMART gap)
    baseline: float
    annual: Union[float, str]
    profile: str                  # even / seasonal / "" (blank)
    actuals: List[Cell]           # Apr..Sep (the rest of the year is blank)
    priority: Optional[str] = None   # None = the section's priority; "" = missing (a SMART gap)
    note: str = ""                   # the hidden Notes column
    escalation: str = ""             # filled from the section


@dataclass
class Section:
    heading: str                  # written in the Indicator column of a row whose PI Code is blank
    escalation: str
    priority: str
    directorate: str              # Adults / Children / Place: the sheet in directorate-multi-sheet.ods
    indicators: List[Indicator] = field(default_factory=list)
    blank_row_before: bool = False


def pi(code, title, officer, aim, unit, frequency, baseline, annual, profile, actuals, **extra):
    return Indicator(code, title, officer, aim, unit, frequency, baseline, annual, profile, list(actuals), **extra)


# ----------------------------------------------------------------------------------------------------------------------
# 1. council-monthly: sheet "Corporate KPIs", 49 indicators in 12 services, actuals Apr..Sep 2024
#    (statuses in the comments: G/A/R per month under the level/cumulative convention; computed again by --report)
# ----------------------------------------------------------------------------------------------------------------------

COUNCIL_SECTIONS = [
    Section("Adults' Social Care", "Director of Adult Social Services", "Healthy and independent lives", "Adults", [
        pi("ASC01", "Percentage of adult social care assessments completed within 28 days",
           "Head of Assessment and Care Management", "Higher", "%", "Monthly", 0.78, 0.85, "",
           [0.84, 0.86, 0.83, 0.81, 0.78, 0.77]),                       # A G A A R R: red twice
        pi("ASC02", "Number of permanent admissions of people aged 65+ to residential and nursing care",
           "Head of Commissioning (Adults)", "Lower", "number", "Monthly", 262, 240, "even",
           [19, 40, 61, 80, 101, 122]),                                  # cumulative
        pi("ASC03", "Percentage of older people still at home 91 days after discharge into reablement",
           "Reablement Service Manager", "Higher", "%", "Monthly", 0.82, 0.85, "",
           [0.86, 0.84, 0.87, Formula("=41/0"), 0.86, 0.88],             # Jul: #DIV/0! error cell
           note="Jul return: denominator missing from the hospital discharge extract"),
        pi("ASC04", "Average days from referral to start of a home care package",
           "Head of Brokerage", "Lower", "days", "Monthly", 21, 18, "",
           [17, 16, 18, 19, 17, 16]),
        pi("ASC05", "Number of carers receiving an assessment or review",
           "Carers Lead", "Higher", "number", "Monthly", 1650, 1800, "even",
           [140, 290, 445, 600, 750, 905]),
        pi("ASC06", "Percentage of safeguarding enquiries where the person's desired outcomes were met",
           "Head of Safeguarding Adults", "Higher", "%", "Monthly", 0.93, 0.95, "",
           [0.96, "95%", 0.94, 0.95, 0.97, 0.96]),                       # May: "95%" stored as text
    ]),
    Section("Children's Services", "Director of Children's Services", "Best start in life", "Children", [
        pi("CHS01", "Percentage of child and family assessments completed within 45 working days",
           "Head of Children's Social Care", "Higher", "%", "Monthly", 0.84, 0.90, "",
           [0.88, 0.91, 0.86, 0.83, 0.82, 0.80]),                        # red Jul, Aug, Sep
        pi("CHS02", "Rate of children looked after per 10,000 population aged 0-17",
           "Head of Corporate Parenting", "Lower", "rate", "Monthly", 68, 65, "",
           [67, 66, 66, 65, 64, 64]),
        pi("CHS03", "Percentage of re-referrals to children's social care within 12 months",
           "Head of Early Help and Front Door", "Lower", "%", "Monthly", 0.22, 0.20, "",
           [0.19, 0.208, 0.20, 0.18, 0.19, 0.20]),
        pi("CHS04", "Percentage of Education, Health and Care Plans issued within 20 weeks",
           "Head of SEND", "Higher", "%", "Monthly", 0.48, 0.60, "",
           [0.52, 0.49, 0.55, 0.41, 0.38, 0.44]),                        # red throughout
        pi("CHS05", "Percentage of care leavers aged 19-21 in education, employment or training",
           "Leaving Care Service Manager", "Higher", "%", "Quarterly", 0.55, 0.60, "",
           ["-", "-", 0.58, "-", "-", 0.61]),                            # quarterly: "-" in the months between
        pi("CHS06", "Number of new foster carer households approved",
           "Fostering Service Manager", "Higher", "number", "Monthly", 26, 30, "even",
           [2, 5, 7, 9, 11, 12]),                                        # cumulative, behind profile
    ], blank_row_before=False),
    Section("Housing", "Director of Housing and Communities", "Good homes for everyone", "Place", [
        pi("HSG01", "Number of households in temporary accommodation",
           "Head of Housing Options", "Lower", "households", "Monthly", 410, 400, "",
           [392, 396, 401, 407, 419, 426]),                              # a snapshot each month (level)
        pi("HSG02", "Average days to re-let council homes (excluding major works)",
           "Head of Housing Management", "Lower", "days", "Monthly", 32, 28, "",
           [29, 27.5, None, 31, 25, 24]),                                # Jun left blank mid-series
        pi("HSG03", "Number of affordable homes delivered",
           "Head of Housing Delivery", "Higher", "number", "Monthly", 220, 250, "seasonal",
           [14, 30, 52, 71, 90, 104]),                                   # cumulative, seasonal profile
        pi("HSG04", "Percentage of homelessness cases where homelessness was prevented or relieved",
           "Head of Housing Options", "Higher", "%", "Monthly", 0.58, 0.60, "",
           [0.61, 0.63, 0.59, 0.62, 0.64, 0.66]),
        pi("HSG05", "Percentage of council homes with a valid gas safety certificate",
           "Compliance Manager (Housing)", "Higher", "%", "Monthly", 0.998, 1.0, "",
           [0.999, 0.998, 1.0, 0.997, 0.999, 1.0]),
        pi("HSG06", "Percentage of responsive repairs completed within target time",
           "Head of Repairs and Maintenance", "Higher", "%", "Monthly", 0.88, 0.92, "",
           [0.90, 0.91, 0.93, 0.92, 0.94, 0.89]),
    ], blank_row_before=True),
    Section("Waste and Recycling", "Director of Environment", "Clean and green places", "Place", [
        pi("WST01", "Percentage of household waste sent for reuse, recycling and composting",
           "Head of Waste Services", "Higher", "%", "Monthly", 0.43, 0.46, "",
           [0.48, 0.49, 0.47, 0.45, 0.46, 0.44]),
        pi("WST02", "Number of missed bin collections per 100,000 collections",
           "Waste Collection Manager", "Lower", "rate", "Monthly", 48, 45, "",
           [41, 44, 39, 46, 43, 92],                                     # Sep: a spike above the upper limit
           note="Sep: vehicle fleet breakdowns in the week of 16 Sep"),
        pi("WST03", "Residual household waste per household per month (kg)",
           "Head of Waste Services", "Lower", "kg", "Monthly", 42, 40, "",
           [41, 39, 38, 40.5, 39.5, 38]),
        pi("WST04", "Percentage of fly-tipping incidents cleared within 2 working days",
           "Street Cleansing Manager", "Higher", "%", "Monthly", 0.90, 0.95, "",
           [0.93, 0.96, 0.95, 0.97, 0.94, 0.88]),
    ]),
    Section("Revenues and Benefits", "Director of Finance", "A well-run council", "Place", [
        pi("REV01", "Average days to process new Housing Benefit claims",
           "Head of Revenues and Benefits", "Lower", "days", "Monthly", 22, 20, "",
           [19.2, 20.8, 19.9, 23.1, 24.6, 22.9]),                        # red Jul, Aug, Sep
        pi("REV02", "Average days to process Housing Benefit changes of circumstances",
           "Benefits Manager", "Lower", "days", "Monthly", 12, 10, "",
           [9.8, 10.3, " 12 ", 9.5, 9.1, 8.7]),                          # Jun: " 12 " stored as text
        pi("REV03", "Value of Housing Benefit overpayments recovered",
           "Benefits Manager", "Higher", "£", "Monthly", 1150000, 1200000, "even",
           [98000, 205000, 301000, 402500, 515000, 620000]),             # cumulative £
    ]),
    Section("Planning", "Director of Place", "A thriving local economy", "Place", [
        pi("PLN01", "Percentage of major planning applications determined within 13 weeks or agreed time",
           "Head of Development Management", "Higher", "%", "Quarterly", 0.88, 0.90, "",
           [None, None, 0.92, None, None, 0.86]),                        # quarterly: blank between
        pi("PLN02", "Percentage of minor planning applications determined within 8 weeks or agreed time",
           "Head of Development Management", "Higher", "%", "Monthly", 0.80, 0.85, "",
           [0.83, "n/a", 0.88, 0.84, 0.87, 0.89],                        # May: "n/a"
           note="May: case management system migration, no report available"),
        pi("PLN03", "Percentage of planning decisions overturned at appeal",
           "Planning Appeals Manager", "Lower", "%", "", 0.04, 0.05, "",
           [0.02, 0.01, 0.03, 0.02, 0.01, 0.02]),                        # SMART T gap: no frequency
    ]),
    Section("Customer Services", "Director of Customer and Digital", "A well-run council", "Place", [
        pi("CUS01", "Improve quality and performance",
           "Head of Customer Services", "Higher", "%", "Monthly", 0.75, 0.80, "",
           [0.78, 0.79, 0.81, 0.77, 0.80, 0.82]),                        # SMART S gap: vague title
        pi("CUS02", "Percentage of calls to the contact centre answered within 60 seconds",
           "Contact Centre Manager", "Higher", "%", "Monthly", 0.70, 0.80, "",
           [0.72, 0.68, 0.66, 0.71, 0.63, 0.61]),                        # red throughout
        pi("CUS03", "Number of residents supported by the community hub",
           "Community Hub Manager", "Higher", "number", "Monthly", 2200, 2400, "even",
           [205, 410, 618, 821, 1030, "1,234"]),                         # Sep: "1,234" stored as text
        pi("CUS04", "Percentage of stage 1 complaints responded to within 10 working days",
           "Complaints Manager", "Higher", "%", "Monthly", 0.85, 0.90, "",
           [0.88, 0.91, 0.87, 0.90, 0.92, None],                         # Sep return missing: overdue
           note="Sep return chased 16 Oct"),
    ]),
    Section("Human Resources", "Director of People", "A well-run council", "Place", [
        pi("HR01", "Average working days lost to sickness absence per FTE (rolling 12 months)",
           "Head of HR Operations", "Lower", "days", "Monthly", 9.8, 9.0, "",
           [9.6, 9.5, 9.4, 9.4, 9.3, 9.1]),
        pi("HR02", "Staff turnover",
           "Head of HR Operations", "Lower", "%", "Monthly", 0.12, 0.11, "",
           [0.115, 0.118, 0.112, 0.109, 0.111, 0.108]),                  # SMART S gap: two words
        pi("HR03", "Percentage of mandatory training completed by staff",
           "Learning and Development Manager", "Higher", "%", "Monthly", 0.82, 0.90, "",
           [0.84, 0.85, 0.86, 0.86, 0.87, 0.88], priority=""),           # SMART R gap: no priority
    ]),
    Section("Finance", "Director of Finance", "A well-run council", "Place", [
        pi("FIN01", "Percentage of undisputed invoices paid within 30 days",
           "Head of Exchequer Services", "Higher", "%", "Monthly", 0.93, 0.95, "",
           [0.96, 0.95, 0.97, 0.94, 0.96, 0.98]),
        pi("FIN02", "Percentage of net revenue budget forecast to be spent",
           "Head of Financial Planning", "Band", "%", "Monthly", 1.02, 1.0, "",
           [1.01, 1.015, 1.02, 1.035, 1.045, 1.06]),                     # Band: overspend drifting
        pi("FIN03", "Percentage of sundry debt more than 90 days old",
           "Head of Exchequer Services", "Lower", "%", "Monthly", 0.18, 0.15, "",
           [0.17, 0.165, 0.16, 0.158, 0.155, 0.152]),
        pi("FIN04", "Value of savings delivered against the medium term financial plan",
           "Head of Financial Planning", "Higher", "£", "Monthly", 3800000, 4500000, "even",
           [300000, 650000, 1050000, 1420000, 1800000, 2260000]),        # cumulative £
    ]),
    Section("Highways", "Director of Place", "Safe and connected communities", "Place", [
        pi("HWY01", "Percentage of category 1 highway defects repaired within 24 hours",
           "Highways Maintenance Manager", "Higher", "%", "Monthly", 0.94, 0.98, "",
           [0.97, 0.98, 0.99, 0.96, 0.95, 0.92]),
        pi("HWY02", "Number of potholes repaired",
           "Highways Maintenance Manager", "Higher", "number", "Monthly", 5400, 6000, "seasonal",
           [395, 842, 1310, 1866, 2475, 3590]),                          # well ahead of profile in Sep
        pi("HWY03", "Percentage of street lighting faults repaired within 5 working days",
           "Street Lighting Manager", "Higher", "%", "Monthly", 0.90, 0.92, "",
           [0.93, 0.91, 0.94, 0.92, 0.90, None]),                        # Sep return missing: overdue
        pi("HWY04", "Percentage of principal roads where maintenance should be considered",
           "Highways Asset Manager", "Lower", "%", "Annual", 0.04, 0.04, "",
           [None] * 6, note="Annual survey; result reported in March"),
    ]),
    Section("Libraries and Leisure", "Director of Communities", "Healthy and independent lives", "Place", [
        pi("LIB01", "Number of visits to libraries",
           "Head of Libraries", "Higher", "number", "Monthly", 600000, 620000, "even",
           [52000, 104500, 155000, 212000, 268000, 318000]),
        pi("LIB02", "Number of visits to council leisure centres",
           "Leisure Contract Manager", "Higher", "number", "Monthly", 1050000, 1100000, "seasonal",
           [68000, 140000, 223000, 318000, 410000, 505000]),
        pi("LIB03", "Number of volunteer hours contributed to libraries",
           "Head of Libraries", "Higher", "number", "Monthly", 4000, 12000, "even",
           [350, 720, 1080, 1400, 1790, 2150]),                          # SMART A gap: target 3x baseline
    ]),
    Section("Public Health", "Director of Public Health", "Healthy and independent lives", "Adults", [
        pi("PH01", "Number of smokers quitting at 4 weeks through the stop smoking service",
           "Public Health Commissioning Manager", "Higher", "number", "Monthly", 680, 720, "even",
           [58, 117, 170, 232, 288, 351]),
        pi("PH02", "Percentage of opiate users successfully completing drug treatment",
           "Substance Misuse Commissioner", "Higher", "%", "Quarterly", 0.055, 0.06, "",
           [None, None, 0.052, None, None, 0.049]),
        pi("PH03", "Proportion of new birth visits completed within 14 days",
           "Health Visiting Lead", "Higher", "", "Monthly", 0.88, 0.90, "",
           [0.89, 0.91, 0.905, 0.92, 0.88, 0.91]),                       # SMART M gap: no unit
    ]),
]

COUNCIL_TITLE = "Corporate Performance Report 2024/25"
COUNCIL_SUBTITLE = "Month 6 (September) \u2014 data as at 20 Oct 2024"
COUNCIL_FOOTNOTE = "Figures are provisional until validated by the Corporate Performance Team."

# ----------------------------------------------------------------------------------------------------------------------
# 2. service-plan-quarterly: sheet "Service plan", 21 measures, last year's quarters then this year's (Q1, Q2 entered)
#    Tolerance: for % measures, percentage points (0.03 = 3 points); otherwise a fraction of the target (0.10 = 10%).
#    Every measure is a level (a rate, percentage, average or snapshot): the target applies to each quarter.
# ----------------------------------------------------------------------------------------------------------------------

SERVICE_PLAN_HEADERS = ["Ref", "Measure", "Service", "Lead officer", "Escalation", "Polarity", "Unit", "Frequency",
                        "Baseline", "Target 2024/25", "Tolerance",
                        "Q1 2023/24", "Q2 2023/24", "Q3 2023/24", "Q4 2023/24",
                        "Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Q4 2024/25"]


@dataclass
class Measure:
    ref: str
    measure: str
    service: str
    lead: str
    escalation: str
    polarity: str
    unit: str
    baseline: float
    target: float
    tolerance: float
    last_year: List[float]            # Q1..Q4 2023/24
    this_year: List[Optional[float]]  # Q1, Q2 2024/25 (Q3, Q4 blank)


SERVICE_PLAN = [
    Measure("SP01", "Percentage of adult social care reviews completed on time", "Adult Social Care",
            "Head of Assessment and Care Management", "Director of Adult Social Services", "Higher", "%",
            0.72, 0.80, 0.03, [0.70, 0.71, 0.73, 0.74], [0.74, 0.765]),
    Measure("SP02", "Percentage of children's social care statutory visits within timescale", "Children's Services",
            "Head of Children's Social Care", "Director of Children's Services", "Higher", "%",
            0.85, 0.90, 0.02, [0.88, 0.89, 0.87, 0.90], [0.84, 0.86]),
    Measure("SP03", "Average days to make a homelessness decision", "Housing",
            "Head of Housing Options", "Director of Housing and Communities", "Lower", "days",
            45, 40, 0.10, [48, 46, 44, 43], [47, 41]),
    Measure("SP04", "Percentage of council homes meeting the Decent Homes Standard", "Housing",
            "Head of Asset Management", "Director of Housing and Communities", "Higher", "%",
            0.92, 0.95, 0.02, [0.91, 0.92, 0.92, 0.93], [0.95, 0.96]),
    Measure("SP05", "Percentage of household waste recycled and composted", "Waste and Recycling",
            "Head of Waste Services", "Director of Environment", "Higher", "%",
            0.41, 0.45, 0.02, [0.44, 0.45, 0.40, 0.37], [0.42, 0.425]),
    Measure("SP06", "Number of fly-tipping incidents reported in the quarter", "Street Scene",
            "Street Cleansing Manager", "Director of Environment", "Lower", "incidents",
            520, 480, 0.05, [540, 560, 500, 470], [530, 575]),
    Measure("SP07", "Average days to process new Council Tax Reduction claims", "Revenues and Benefits",
            "Benefits Manager", "Director of Finance", "Lower", "days",
            24, 20, 0.10, [25, 23, 22, 21], [19, 21]),
    Measure("SP08", "Percentage of benefit claims processed accurately", "Revenues and Benefits",
            "Benefits Manager", "Director of Finance", "Higher", "%",
            0.96, 0.98, 0.01, [0.95, 0.96, 0.97, 0.97], [0.965, 0.955]),
    Measure("SP09", "Percentage of major planning applications determined in time", "Planning",
            "Head of Development Management", "Director of Place", "Higher", "%",
            0.85, 0.90, 0.05, [0.86, 0.83, 0.88, 0.91], [0.92, 0.87]),
    Measure("SP10", "Percentage of householder planning applications determined within 8 weeks", "Planning",
            "Head of Development Management", "Director of Place", "Higher", "%",
            0.78, 0.85, 0.03, [0.80, 0.79, 0.82, 0.81], [0.77, 0.80]),
    Measure("SP11", "Percentage of calls to the contact centre answered within 60 seconds", "Customer Services",
            "Contact Centre Manager", "Director of Customer and Digital", "Higher", "%",
            0.68, 0.80, 0.05, [0.70, 0.64, 0.72, 0.75], [0.73, 0.71]),
    Measure("SP12", "Average working days to respond to stage 2 complaints", "Customer Services",
            "Complaints Manager", "Director of Customer and Digital", "Lower", "days",
            22, 20, 0.10, [21, 24, 19, 18], [25, 26]),
    Measure("SP13", "Average working days lost to sickness absence per FTE (rolling 12 months)", "Human Resources",
            "Head of HR Operations", "Director of People", "Lower", "days",
            9.6, 9.0, 0.05, [9.9, 9.8, 9.7, 9.6], [9.4, 9.2]),
    Measure("SP14", "Percentage of staff with a completed annual appraisal", "Human Resources",
            "Learning and Development Manager", "Director of People", "Higher", "%",
            0.85, 0.95, 0.05, [0.86, 0.87, 0.85, 0.84], [0.905, 0.93]),
    Measure("SP15", "Percentage of undisputed invoices paid within 30 days", "Finance",
            "Head of Exchequer Services", "Director of Finance", "Higher", "%",
            0.94, 0.95, 0.02, [0.95, 0.94, 0.96, 0.95], [0.96, 0.97]),
    Measure("SP16", "Percentage of sundry debt recovered within 90 days", "Finance",
            "Head of Exchequer Services", "Director of Finance", "Higher", "%",
            0.70, 0.75, 0.03, [0.72, 0.71, 0.73, 0.74], [0.69, 0.70]),
    Measure("SP17", "Percentage of category 1 highway defects made safe within 24 hours", "Highways",
            "Highways Maintenance Manager", "Director of Place", "Higher", "%",
            0.96, 0.98, 0.02, [0.97, 0.95, 0.96, 0.98], [0.99, 0.955]),
    Measure("SP18", "Average days to repair street lighting faults", "Highways",
            "Street Lighting Manager", "Director of Place", "Lower", "days",
            6.5, 5.0, 0.10, [6.8, 6.2, 5.9, 5.6], [5.4, 4.8]),
    Measure("SP19", "Average monthly visits to council leisure centres", "Leisure",
            "Leisure Contract Manager", "Director of Communities", "Higher", "visits",
            90000, 95000, 0.05, [88000, 97000, 84000, 91000], [93500, 98500]),
    Measure("SP20", "Percentage of smokers setting a quit date who have quit at 4 weeks", "Public Health",
            "Public Health Commissioning Manager", "Director of Public Health", "Higher", "%",
            0.48, 0.52, 0.03, [0.50, 0.49, 0.47, 0.51], [0.46, 0.50]),
    Measure("SP21", "Percentage of library customers satisfied with the service", "Libraries",
            "Head of Libraries", "Director of Communities", "Higher", "%",
            0.90, 0.92, 0.02, [0.91, 0.90, 0.92, 0.91], [0.93, None]),   # Q2 return missing
]

SERVICE_PLAN_TITLE = "Service Plan 2024/25 \u2014 quarterly performance measures"

# ----------------------------------------------------------------------------------------------------------------------
# 3. spc-trends: sheet "Trends", 12 indicators, 24 months Apr 2023 .. Mar 2025, values from a fixed seed
#    pattern: how the last months depart from the stable process (see make_trend_values)
# ----------------------------------------------------------------------------------------------------------------------

TREND_MONTHS = [f"{m} {2023 if i < 9 else 2024}" for i, m in enumerate(MONTHS)] + \
               [f"{m} {2024 if i < 9 else 2025}" for i, m in enumerate(MONTHS)]
TREND_HEADERS = ["PI Code", "Indicator", "Owner", "Aim", "Target"] + TREND_MONTHS
TREND_SEED = 20240402   # chosen so the common-cause series have no special-cause point at all


@dataclass
class Trend:
    code: str
    title: str
    owner: str
    aim: str
    target: float
    mean: float
    sd: float
    decimals: int
    pattern: str            # common / shift-up / shift-down / trend-up / trend-down / spike-up / drop / near-up /
                            # early-spike
    expected_last: str      # the class KPI.SPC gives the last point (checked when generating)
    expected_assurance: str = ""


TRENDS = [
    Trend("T01", "Average days to process new Housing Benefit claims", "Head of Revenues and Benefits",
          "Lower", 20, 19.0, 0.8, 1, "shift-up", "Concern (high)"),
    Trend("T02", "Number of households in temporary accommodation", "Head of Housing Options",
          "Lower", 400, 395, 6, 0, "trend-up", "Concern (high)"),
    Trend("T03", "Missed bin collections per 100,000 collections", "Waste Collection Manager",
          "Lower", 45, 42, 3, 0, "spike-up", "Concern (high)"),
    Trend("T04", "Percentage of calls answered within 60 seconds", "Contact Centre Manager",
          "Higher", 0.90, 0.70, 0.02, 3, "common", "Common cause", "Consistently fail"),
    Trend("T05", "Percentage of undisputed invoices paid within 30 days", "Head of Exchequer Services",
          "Higher", 0.95, 0.955, 0.008, 3, "common", "Common cause", "Hit and miss"),
    Trend("T06", "Percentage of council homes with a valid gas safety certificate", "Compliance Manager (Housing)",
          "Higher", 0.98, 0.996, 0.0015, 4, "common", "Common cause", "Consistently pass"),
    Trend("T07", "Percentage of re-referrals to children's social care within 12 months",
          "Head of Early Help and Front Door", "Lower", 0.20, 0.21, 0.01, 3, "shift-down", "Improvement (low)"),
    Trend("T08", "Percentage of Education, Health and Care Plans issued within 20 weeks", "Head of SEND",
          "Higher", 0.60, 0.55, 0.03, 3, "drop", "Concern (low)"),
    Trend("T09", "Average working days lost to sickness absence per FTE", "Head of HR Operations",
          "Lower", 9.0, 9.2, 0.15, 2, "near-up", "Concern (high)"),
    Trend("T10", "Number of fly-tipping incidents reported", "Street Cleansing Manager",
          "Lower", 160, 170, 10, 0, "early-spike", "Common cause"),
    Trend("T11", "Percentage of net revenue budget forecast to be spent", "Head of Financial Planning",
          "Band", 1.0, 1.01, 0.006, 3, "common", "Common cause", "Hit and miss"),
    Trend("T12", "Average days to re-let council homes", "Head of Housing Management",
          "Lower", 28, 31, 1.2, 1, "trend-down", "Improvement (low)"),
]

# ----------------------------------------------------------------------------------------------------------------------
# 4. directorate-multi-sheet: the council-monthly indicators split by directorate, one table per sheet,
#    at different row offsets, plus a "Notes" sheet with no table
# ----------------------------------------------------------------------------------------------------------------------

DIRECTORATE_SHEETS = [   # sheet name, title rows above the header (None = a blank row), sections by directorate
    ("Adults", ["Adults and Health Directorate \u2014 monthly performance 2024/25"], "Adults"),
    ("Children", ["Children's Services Directorate", "Monthly performance return 2024/25", None,
                  "Month 6 (September) \u2014 data as at 20 Oct 2024"], "Children"),
    ("Place", ["Place Directorate \u2014 monthly performance 2024/25", None], "Place"),
]
DIRECTORATE_NOTES = [
    "About this workbook",
    "",
    "One sheet per directorate: Adults, Children and Place. Each sheet holds the directorate's indicators in the",
    "same layout as the Corporate Performance Report. Returns are due on the 15th of the month after each month.",
    "Contact the Corporate Performance Team with any questions about definitions or targets.",
]

# ----------------------------------------------------------------------------------------------------------------------
# Reference calculations (the canonical rules, as this data is meant to be read) -- used to check the data and for
# the --report tables in docs/samples.md. These mirror the product's specification, not its code.
# ----------------------------------------------------------------------------------------------------------------------

BLANK_TEXTS = {"", "n/a", "na", "-", "tbc"}


def interpret(cell: Cell) -> Optional[float]:
    """A period cell as a number, or None for blank (text such as "n/a" and "-", errors and empty cells)."""
    if cell is None or isinstance(cell, Formula):
        return None
    if isinstance(cell, str):
        text = cell.strip().lower()
        if text in BLANK_TEXTS:
            return None
        scale = 1.0
        if text.endswith("%"):
            text, scale = text[:-1], 100.0
        return float(text.replace(",", "")) / scale
    return float(cell)


def due_date(month_index: int) -> datetime.date:
    """The 15th of the month after the period (period 0 = Apr 2024)."""
    year, month = divmod(FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + month_index + 1, 12)
    return datetime.date(year, month + 1, 15)


def shortfall(actual, target, aim, points=False):
    gap = {"higher": target - actual, "lower": actual - target, "band": abs(actual - target)}[aim.lower()]
    return gap if points else gap / abs(target)


def monthly_targets(ind: Indicator, all_cumulative=False) -> List[float]:
    annual = interpret(ind.annual)
    if ind.unit not in CUMULATIVE_UNITS and not all_cumulative:
        return [annual] * 12
    weights = PROFILES.get(ind.profile or "even", PROFILES["even"])
    running, targets = 0.0, []
    for weight in weights:
        running += weight
        targets.append(annual * running / sum(weights))
    return targets


def rag(short: float, green=0.0, amber=0.05) -> str:
    for boundary in (green, amber):
        if short == boundary == 0.0:
            continue   # exactly on target is green, whatever the rounding
        assert abs(short - boundary) > 1e-6, f"shortfall {short} too close to a boundary: make the data clearer"
    return "G" if short <= green else "A" if short <= amber else "R"


def monthly_statuses(ind: Indicator, all_cumulative=False) -> List[str]:
    targets = monthly_targets(ind, all_cumulative)
    out = []
    for month, cell in enumerate(ind.actuals):
        value = interpret(cell)
        out.append("-" if value is None else rag(shortfall(value, targets[month], ind.aim)))
    return out


def smart_gaps(ind: Indicator) -> str:
    """The failing letters of the canonical checks in rules/council-monthly.kpirules."""
    annual, baseline = interpret(ind.annual), ind.baseline
    gaps = ""
    if len(ind.title.split()) < 3:
        gaps += "S"
    if annual is None or ind.unit == "":
        gaps += "M"
    if not abs(annual - baseline) <= 0.5 * abs(baseline):
        gaps += "A"
    if not ind.priority or not ind.officer:
        gaps += "R"
    if ind.frequency not in ("Monthly", "Quarterly", "Annual"):
        gaps += "T"
    return gaps


# --- SPC: XmR charts with the Making Data Count rules (limits 2.66 mR-bar, runs of 7, 2 of 3 beyond 2/3 of limits)

def spc_points(values: List[float], aim: str):
    """(class of each point, the rules each point takes part in as {rule: "high"/"low"}, (mean, lower, upper)).
    Rules: "limit" (outside the limits), "shift" (7+ on one side), "trend" (7+ rising or falling), "near"
    (2 or 3 of 3 beyond two-thirds of a limit, all on one side of the mean)."""
    n = len(values)
    mean = sum(values) / n
    moving_ranges = [abs(values[i] - values[i - 1]) for i in range(1, n)]
    mr_bar = sum(moving_ranges) / len(moving_ranges)
    upper, lower = mean + 2.66 * mr_bar, mean - 2.66 * mr_bar
    near_upper, near_lower = mean + 2.66 * 2 / 3 * mr_bar, mean - 2.66 * 2 / 3 * mr_bar
    marks = [dict() for _ in values]   # rule -> "high"/"low"

    for i, x in enumerate(values):
        if x > upper:
            marks[i]["limit"] = "high"
        elif x < lower:
            marks[i]["limit"] = "low"

    def mark_runs(keys, rule):
        start = 0
        while start < n:
            end = start
            while end + 1 < n and keys[end + 1] is not None and keys[end + 1] == keys[start]:
                end += 1
            if keys[start] is not None and end - start + 1 >= 7:
                for i in range(start, end + 1):
                    marks[i][rule] = keys[start]
            start = end + 1

    mark_runs(["high" if x > mean else "low" if x < mean else None for x in values], "shift")
    # a trend: 7 points each strictly above (below) the one before; key i describes the step into point i
    steps = [None] + ["high" if values[i] > values[i - 1] else "low" if values[i] < values[i - 1] else None
                      for i in range(1, n)]
    start = 1
    while start < n:
        end = start
        while end + 1 < n and steps[end + 1] is not None and steps[end + 1] == steps[start]:
            end += 1
        if steps[start] is not None and end - start + 2 >= 7:
            for i in range(start - 1, end + 1):
                marks[i]["trend"] = steps[start]
        start = end + 1
    for i in range(n - 2):
        window = values[i:i + 3]
        for side, beyond in (("high", lambda v: v > near_upper), ("low", lambda v: v < near_lower)):
            same_side = all(v > mean for v in window) if side == "high" else all(v < mean for v in window)
            hits = [j for j, v in enumerate(window) if beyond(v)]
            if same_side and len(hits) >= 2:
                for j in hits:
                    marks[i + j]["near"] = side

    def classify(point_marks):
        if not point_marks:
            return "Common cause"
        directions = set(point_marks.values())
        kind = aim.lower()
        if kind not in ("higher", "lower"):
            return "Neutral (high)" if "high" in directions else "Neutral (low)"
        good = "high" if kind == "higher" else "low"
        if good in directions:
            return f"Improvement ({good})"
        bad = "low" if good == "high" else "high"
        return f"Concern ({bad})"

    limits = (mean, lower, upper)
    return [classify(m) for m in marks], marks, limits


def spc_assurance(limits, target, aim):
    mean, lower, upper = limits
    kind = aim.lower()
    if kind == "band":   # on target is best: a target outside the limits is never met
        return "Consistently fail" if not lower <= target <= upper else "Hit and miss"
    if kind not in ("higher", "lower"):
        return ""
    if target > upper:
        return "Consistently fail" if kind == "higher" else "Consistently pass"
    if target < lower:
        return "Consistently pass" if kind == "higher" else "Consistently fail"
    return "Hit and miss"


def make_trend_values(trend: Trend, rng: random.Random) -> List[float]:
    """24 monthly values: a stable process (mean, sd) and the pattern's departure at the end (or early on)."""
    base = [trend.mean + rng.gauss(0, trend.sd) for _ in range(24)]
    step = trend.sd
    if trend.pattern == "shift-up":          # the last 9 months sit about 3 sd higher
        base = [x + (3 * step if i >= 15 else 0) for i, x in enumerate(base)]
    elif trend.pattern == "shift-down":
        base = [x - (3 * step if i >= 15 else 0) for i, x in enumerate(base)]
    elif trend.pattern in ("trend-up", "trend-down"):   # the last 8 months rise (fall) steadily
        sign = 1 if trend.pattern == "trend-up" else -1
        for k, i in enumerate(range(16, 24)):
            base[i] = trend.mean + sign * (k + 1) * 0.45 * step
    elif trend.pattern == "spike-up":        # the last month far above the process
        base[23] = trend.mean + 6 * step
    elif trend.pattern == "drop":            # the last month far below the process
        base[23] = trend.mean - 6 * step
    elif trend.pattern == "near-up":         # the last two of three months beyond two-thirds of the upper limit
        base[21], base[22], base[23] = trend.mean + 0.5 * step, trend.mean + 2.6 * step, trend.mean + 2.7 * step
    elif trend.pattern == "early-spike":     # a spike in Jan 2024, then back to normal
        base[9] = trend.mean + 6 * step
    return [round(x, trend.decimals) for x in base]


# the rule that must mark the last point for each pattern
PATTERN_RULE = {"shift-up": "shift", "shift-down": "shift", "trend-up": "trend", "trend-down": "trend",
                "spike-up": "limit", "drop": "limit", "near-up": "near"}


def trend_values() -> List[List[float]]:
    rng = random.Random(TREND_SEED)
    return [make_trend_values(trend, rng) for trend in TRENDS]


def quarterly_status(measure: Measure, quarter: int) -> str:
    """Compound status: G on target; A within tolerance; beyond tolerance A if better than the same quarter last
    year, else R. Percentage measures use percentage points."""
    value = measure.this_year[quarter]
    if value is None:
        return "-"
    points = measure.unit == "%"
    short = shortfall(value, measure.target, measure.polarity, points)
    status = rag(short, 0.0, measure.tolerance)
    if status == "R":
        last_year = measure.last_year[quarter]
        improved = value > last_year if measure.polarity == "Higher" else value < last_year
        status = "A*" if improved else "R"
    return status


# ----------------------------------------------------------------------------------------------------------------------
# Checks of the data itself (run before anything is written)
# ----------------------------------------------------------------------------------------------------------------------

def all_indicators():
    for section in COUNCIL_SECTIONS:
        for ind in section.indicators:
            if ind.priority is None:
                ind.priority = section.priority
            ind.escalation = section.escalation
            yield section, ind


def check_data():
    indicators = [ind for _, ind in all_indicators()]
    codes = [ind.code for ind in indicators]
    assert len(codes) == len(set(codes)), "duplicate PI codes"
    assert len(indicators) >= 40
    statuses = {ind.code: monthly_statuses(ind) for ind in indicators}
    flat = "".join("".join(s) for s in statuses.values())
    assert all(letter in flat for letter in "GAR"), "red, amber and green must all be present"
    red_twice = [code for code, s in statuses.items() if s[4] == "R" and s[5] == "R"]
    assert len(red_twice) >= 3, red_twice
    assert due_date(5) == datetime.date(2024, 10, 15) < AS_OF   # September's return is due before the run
    for ind in indicators:
        assert len(ind.actuals) == MONTHS_ENTERED, ind.code
    for trend, values in zip(TRENDS, trend_values()):
        classes, marks, limits = spc_points(values, trend.aim)
        assert classes[-1] == trend.expected_last, (trend.code, classes[-1], values)
        if trend.expected_assurance:
            assert spc_assurance(limits, trend.target, trend.aim) == trend.expected_assurance, trend.code
        if trend.pattern == "common":
            assert all(c == "Common cause" for c in classes), (trend.code, classes)
        rule = PATTERN_RULE.get(trend.pattern)
        if rule:
            assert rule in marks[-1], (trend.code, "the last point should be flagged by", rule, marks[-1])
        if trend.pattern == "early-spike":
            assert [i for i, m in enumerate(marks) if m] == [9], (trend.code, marks)
    codes = [m.ref for m in SERVICE_PLAN]
    assert len(codes) == len(set(codes))
    quarter_statuses = "".join(quarterly_status(m, q) for m in SERVICE_PLAN for q in (0, 1))
    assert "A*" in quarter_statuses and "R" in quarter_statuses and "G" in quarter_statuses


# ----------------------------------------------------------------------------------------------------------------------
# LibreOffice: start a private headless instance and always stop it
# ----------------------------------------------------------------------------------------------------------------------

SOFFICE = "/usr/lib/libreoffice/program/soffice"


class Office:
    """A headless soffice on a throwaway profile, connected over a uniquely named pipe."""

    def __enter__(self):
        import uno
        self.uno = uno
        self.tempdir = tempfile.mkdtemp(prefix="kpi-samples-")
        self.pipe = f"kpisamples_{uuid.uuid4().hex}"
        profile = uno.systemPathToFileUrl(os.path.join(self.tempdir, "profile"))
        env = dict(os.environ, HOME=self.tempdir, SAL_USE_VCLPLUGIN="svp")
        self.process = subprocess.Popen(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore", "--nologo",
             "--nodefault", "--nolockcheck", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.context = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.__exit__(None, None, None)
                    raise RuntimeError("LibreOffice did not start")
                time.sleep(0.25)
        self.desktop = self.context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                                              self.context)
        return self

    def __exit__(self, *exc):
        try:
            if getattr(self, "desktop", None) is not None:
                self.desktop.terminate()
        except Exception:
            pass   # the bridge drops when soffice exits
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.tempdir, ignore_errors=True)
        return False

    def props(self, **values):
        from com.sun.star.beans import PropertyValue
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name, prop.Value = name, value
            out.append(prop)
        return tuple(out)

    def new_calc(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, self.props(Hidden=True))

    def load(self, path):
        from com.sun.star.document.MacroExecMode import NEVER_EXECUTE
        doc = self.desktop.loadComponentFromURL(self.uno.systemPathToFileUrl(path), "_blank", 0,
                                                self.props(Hidden=True, MacroExecutionMode=NEVER_EXECUTE))
        if doc is None:
            lock = os.path.join(os.path.dirname(path), f".~lock.{os.path.basename(path)}#")
            hint = f" (a lock file {lock} exists: is it open in LibreOffice?)" if os.path.exists(lock) else ""
            raise RuntimeError(f"LibreOffice could not open {path}{hint}")
        return doc

    def store(self, doc, path, filter_name):
        """Write to a temporary file beside the target, pin its save date, then rename it into place."""
        temporary = path + ".tmp"
        doc.storeToURL(self.uno.systemPathToFileUrl(temporary), self.props(FilterName=filter_name, Overwrite=True))
        pin_save_date(temporary)
        os.replace(temporary, path)


# The only parts of a saved file that change from run to run: the save date in the metadata and the zip entries'
# timestamps. Pinning them makes a second run give byte-identical files (nothing for git to see).
SAVE_DATE_PATTERNS = {
    "meta.xml": [(re.compile(rb"<dc:date>[^<]*</dc:date>"), b"<dc:date>2024-10-20T09:00:00</dc:date>"),
                 (re.compile(rb"<meta:editing-duration>[^<]*</meta:editing-duration>"),
                  b"<meta:editing-duration>P0D</meta:editing-duration>")],
    "docProps/core.xml": [(re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)"),
                           rb"\g<1>2024-10-20T09:00:00Z\g<2>")],
}
ZIP_DATE = (2024, 10, 20, 9, 0, 0)


def pin_save_date(path):
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            for pattern, replacement in SAVE_DATE_PATTERNS.get(info.filename, []):
                data, count = pattern.subn(replacement, data)
                assert count == 1, f"{path}: {pattern.pattern!r} not found in {info.filename}"
            pinned = zipfile.ZipInfo(info.filename, ZIP_DATE)
            pinned.compress_type = info.compress_type   # "mimetype" stays first and stored, as ODF requires
            for attribute in ("external_attr", "create_system", "create_version", "extract_version", "flag_bits"):
                setattr(pinned, attribute, getattr(info, attribute))
            target.writestr(pinned, data)


# ----------------------------------------------------------------------------------------------------------------------
# Writing workbooks
# ----------------------------------------------------------------------------------------------------------------------

FIXED_DATE = (2024, 10, 20, 9, 0, 0)
NUMBER_FORMATS = {"%": "0.0%", "£": "[$£-809]#,##0", "number": "#,##0", "days": "0.0", "rate": "0.0",
                  "households": "#,##0", "kg": "0.0", "": "0.0%"}


def column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def fix_document_properties(doc, title):
    """Fixed metadata so the generated files do not change from one run to the next."""
    from com.sun.star.util import DateTime
    stamp = DateTime()
    stamp.Year, stamp.Month, stamp.Day, stamp.Hours, stamp.Minutes, stamp.Seconds = FIXED_DATE
    props = doc.DocumentProperties
    props.Title = title
    props.Author = "KPI Rules sample generator"
    props.ModifiedBy = "KPI Rules sample generator"
    props.CreationDate = stamp
    props.ModificationDate = stamp
    props.EditingCycles = 1
    props.EditingDuration = 0


def number_format_key(doc, code):
    from com.sun.star.lang import Locale
    formats = doc.NumberFormats
    locale = Locale("en", "GB", "")
    key = formats.queryKey(code, locale, False)
    return key if key != -1 else formats.addNew(code, locale)


def write_block(sheet, top, left, rows):
    """Write a rectangular block of rows with one setDataArray call (rows padded to the same width)."""
    width = max(len(r) for r in rows)
    data = tuple(tuple(("" if v is None else v) for v in list(r) + [""] * (width - len(r))) for r in rows)
    cell_range = sheet.getCellRangeByPosition(left, top, left + width - 1, top + len(rows) - 1)
    cell_range.setDataArray(data)
    return cell_range


def bold(sheet, left, top, right, bottom):
    sheet.getCellRangeByPosition(left, top, right, bottom).CharWeight = 150.0  # com.sun.star.awt.FontWeight.BOLD


def indicator_row(ind: Indicator):
    def definition_value(value):
        return "" if value is None else value
    periods = [("" if isinstance(c, Formula) else c) for c in ind.actuals] + [None] * (12 - len(ind.actuals))
    return [ind.code, ind.title, ind.officer, ind.escalation, ind.aim, ind.unit, ind.frequency,
            definition_value(ind.baseline), definition_value(ind.annual), ind.priority, ind.profile, ind.note] + periods


@dataclass
class TableLayout:
    """Where write_monthly_table put things (0-based rows)."""
    header: int
    indicators: dict = field(default_factory=dict)   # PI code -> row
    headings: dict = field(default_factory=dict)     # section heading -> row
    blank_rows: list = field(default_factory=list)   # blank separator rows inside the table
    footnote: Optional[int] = None


def write_monthly_table(doc, sheet, header_row, title_rows, sections, footnote=None):
    """Title rows above, the header, then per section a heading row (PI Code blank) and its indicators."""
    rows, layout = [], TableLayout(header_row)
    for title in title_rows:
        rows.append([title or ""])
    while len(rows) < header_row:
        rows.append([])
    rows.append(list(MONTHLY_HEADERS))
    heading_rows, formulas = [], []
    for section in sections:
        if section.blank_row_before:
            layout.blank_rows.append(len(rows))
            rows.append([])
        heading_rows.append(len(rows))
        layout.headings[section.heading] = len(rows)
        rows.append(["", section.heading])
        for ind in section.indicators:
            layout.indicators[ind.code] = len(rows)
            rows.append(indicator_row(ind))
            for month, cell in enumerate(ind.actuals):
                if isinstance(cell, Formula):
                    formulas.append((len(rows) - 1, MONTHLY_HEADERS.index(MONTHS[month]), cell.text))
    if footnote:
        rows.append([])
        layout.footnote = len(rows)
        rows.append(["", footnote])
    width = len(MONTHLY_HEADERS)
    write_block(sheet, 0, 0, [r + [""] * (width - len(r)) for r in rows])
    for row, col, text in formulas:
        sheet.getCellByPosition(col, row).setFormula(text)

    bold(sheet, 0, header_row, width - 1, header_row)
    for row in heading_rows:
        bold(sheet, 0, row, width - 1, row)
    for row, title in enumerate(title_rows):
        if title:
            bold(sheet, 0, row, 0, row)
    first_period = MONTHLY_HEADERS.index("Apr")
    baseline_col = MONTHLY_HEADERS.index("Baseline")
    for section in sections:
        for ind in section.indicators:
            key = number_format_key(doc, NUMBER_FORMATS[ind.unit])
            row = layout.indicators[ind.code]
            sheet.getCellRangeByPosition(baseline_col, row, baseline_col + 1, row).NumberFormat = key
            sheet.getCellRangeByPosition(first_period, row, width - 1, row).NumberFormat = key

    columns = sheet.Columns
    for index in range(width):
        columns.getByIndex(index).Width = 1800 if index >= first_period else 3000
    for header, width_mm100 in (("Indicator", 13000), ("Responsible officer", 7000), ("Escalation owner", 7000),
                                ("Corporate priority", 6500)):
        columns.getByIndex(MONTHLY_HEADERS.index(header)).Width = width_mm100
    columns.getByIndex(MONTHLY_HEADERS.index(HIDDEN_NOTES_HEADER)).IsVisible = False
    return layout


def build_council_monthly(office):
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Corporate KPIs"
    layout = write_monthly_table(doc, sheet, 3, [COUNCIL_TITLE, COUNCIL_SUBTITLE, None], COUNCIL_SECTIONS,
                                    COUNCIL_FOOTNOTE)
    sheet.getCellRangeByPosition(0, 0, len(MONTHLY_HEADERS) - 1, 0).merge(True)
    sheet.getCellByPosition(0, 0).CharHeight = 14.0
    fix_document_properties(doc, COUNCIL_TITLE)
    return doc, layout


def build_directorates(office):
    doc = office.new_calc()
    sheets = doc.Sheets
    layouts = {}
    for index, (name, titles, directorate) in enumerate(DIRECTORATE_SHEETS):
        if index == 0:
            sheets.getByIndex(0).Name = name
        else:
            sheets.insertNewByName(name, index)
        sheet = sheets.getByName(name)
        sections = [s for s in COUNCIL_SECTIONS if s.directorate == directorate]
        layout = write_monthly_table(doc, sheet, len(titles) + 1, titles, sections)
        sheet.getCellRangeByPosition(0, 0, 5, 0).merge(True)
        layouts[name] = layout
    sheets.insertNewByName("Notes", len(DIRECTORATE_SHEETS))
    notes = sheets.getByName("Notes")
    write_block(notes, 0, 0, [[line] for line in DIRECTORATE_NOTES])
    bold(notes, 0, 0, 0, 0)
    notes.Columns.getByIndex(0).Width = 24000
    fix_document_properties(doc, "Directorate performance 2024/25")
    return doc, layouts


def build_service_plan(office):
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Service plan"
    header_row = 2
    rows = [[SERVICE_PLAN_TITLE], [], list(SERVICE_PLAN_HEADERS)]
    for m in SERVICE_PLAN:
        this_year = list(m.this_year) + [None] * (4 - len(m.this_year))
        rows.append([m.ref, m.measure, m.service, m.lead, m.escalation, m.polarity, m.unit, "Quarterly",
                     m.baseline, m.target, m.tolerance] + list(m.last_year) + this_year)
    width = len(SERVICE_PLAN_HEADERS)
    write_block(sheet, 0, 0, [r + [""] * (width - len(r)) for r in rows])
    bold(sheet, 0, 0, 0, 0)
    bold(sheet, 0, header_row, width - 1, header_row)
    percent = number_format_key(doc, "0.0%")
    tolerance_col = SERVICE_PLAN_HEADERS.index("Tolerance")
    for index, m in enumerate(SERVICE_PLAN):
        row = header_row + 1 + index
        key = number_format_key(doc, NUMBER_FORMATS.get(m.unit, "#,##0.0" if m.unit == "days" else "#,##0"))
        sheet.getCellRangeByPosition(SERVICE_PLAN_HEADERS.index("Baseline"), row, tolerance_col - 1, row) \
            .NumberFormat = key
        sheet.getCellRangeByPosition(tolerance_col + 1, row, width - 1, row).NumberFormat = key
        sheet.getCellByPosition(tolerance_col, row).NumberFormat = percent
    columns = sheet.Columns
    for index in range(width):
        columns.getByIndex(index).Width = 2200
    columns.getByIndex(1).Width = 11000
    for col in (2, 3, 4):
        columns.getByIndex(col).Width = 5000
    fix_document_properties(doc, SERVICE_PLAN_TITLE)
    return doc


def build_trends(office):
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Trends"
    rows = [list(TREND_HEADERS)]
    for trend, values in zip(TRENDS, trend_values()):
        rows.append([trend.code, trend.title, trend.owner, trend.aim, trend.target] + values)
    write_block(sheet, 0, 0, rows)
    bold(sheet, 0, 0, len(TREND_HEADERS) - 1, 0)
    for index, trend in enumerate(TRENDS):
        if trend.decimals >= 3 and trend.mean < 2:
            key = number_format_key(doc, "0.0%" if trend.decimals == 3 else "0.00%")
            sheet.getCellRangeByPosition(4, index + 1, len(TREND_HEADERS) - 1, index + 1).NumberFormat = key
    columns = sheet.Columns
    for index in range(len(TREND_HEADERS)):
        columns.getByIndex(index).Width = 2000
    columns.getByIndex(1).Width = 11000
    columns.getByIndex(2).Width = 5000
    fix_document_properties(doc, "SPC trends, April 2023 to March 2025")
    return doc


# ----------------------------------------------------------------------------------------------------------------------
# Reload and check what was written
# ----------------------------------------------------------------------------------------------------------------------

def cell_kind(cell):
    return cell.Type.value.lower()   # EMPTY / VALUE / TEXT / FORMULA


def verify_monthly_sheet(sheet, layout, header_row, label):
    data = sheet.getCellRangeByPosition(0, header_row, len(MONTHLY_HEADERS) - 1, header_row).getDataArray()
    assert list(data[0]) == MONTHLY_HEADERS, (label, data[0])
    notes_col = MONTHLY_HEADERS.index(HIDDEN_NOTES_HEADER)
    assert not sheet.Columns.getByIndex(notes_col).IsVisible, f"{label}: Notes column should be hidden"
    for _, ind in all_indicators():
        if ind.code not in layout.indicators:
            continue
        row = layout.indicators[ind.code]
        assert sheet.getCellByPosition(0, row).getString() == ind.code, (label, ind.code)
        for month, expected in enumerate(ind.actuals):
            cell = sheet.getCellByPosition(MONTHLY_HEADERS.index(MONTHS[month]), row)
            kind = cell_kind(cell)
            if isinstance(expected, Formula):
                assert kind == "formula" and cell.getError() == 532, (label, ind.code, kind, cell.getError())
            elif isinstance(expected, str):
                assert kind == "text" and cell.getString() == expected, (label, ind.code, kind, cell.getString())
            elif expected is None:
                assert kind == "empty", (label, ind.code, month, kind)
            else:
                assert kind == "value" and abs(cell.getValue() - expected) < 1e-9, (label, ind.code, month)


def verify(office, layouts):
    monthly = {"ods": "council-monthly.ods", "xlsx": "council-monthly.xlsx"}
    for kind, name in monthly.items():
        doc = office.load(os.path.join(SAMPLES_DIR, name))
        try:
            sheet = doc.Sheets.getByName("Corporate KPIs")
            verify_monthly_sheet(sheet, layouts["council"], 3, name)
            for heading, row in layouts["council"].headings.items():
                cells = sheet.getCellRangeByPosition(0, row, len(MONTHLY_HEADERS) - 1, row).getDataArray()[0]
                assert cells[0] == "" and cells[1] == heading and not any(cells[2:]), (name, heading, cells)
            merged = sheet.getCellRangeByPosition(0, 0, len(MONTHLY_HEADERS) - 1, 0).getIsMerged()
            assert merged, f"{name}: title row should be merged"
            row = layouts["council"].indicators["ASC03"]
            error_cell = sheet.getCellByPosition(MONTHLY_HEADERS.index("Jul"), row)
            print(f"  {name}: A1={sheet.getCellByPosition(0, 0).getString()!r}, "
                  f"ASC03 Jul formula {error_cell.getFormula()!r} error {error_cell.getError()}, "
                  f"ASC06 May {sheet.getCellByPosition(13, layouts['council'].indicators['ASC06']).getString()!r} "
                  f"(text), {len(layouts['council'].indicators)} indicators")
        finally:
            doc.close(True)

    doc = office.load(os.path.join(SAMPLES_DIR, "directorate-multi-sheet.ods"))
    try:
        names = list(doc.Sheets.getElementNames())
        assert names == [s[0] for s in DIRECTORATE_SHEETS] + ["Notes"], names
        for name, titles, _ in DIRECTORATE_SHEETS:
            verify_monthly_sheet(doc.Sheets.getByName(name), layouts[name], len(titles) + 1, name)
        print(f"  directorate-multi-sheet.ods: sheets {names}, header rows "
              f"{[len(t) + 2 for _, t, _ in DIRECTORATE_SHEETS]} (1-based)")
    finally:
        doc.close(True)

    doc = office.load(os.path.join(SAMPLES_DIR, "service-plan-quarterly.ods"))
    try:
        sheet = doc.Sheets.getByName("Service plan")
        data = sheet.getCellRangeByPosition(0, 2, len(SERVICE_PLAN_HEADERS) - 1, 2 + len(SERVICE_PLAN)).getDataArray()
        assert list(data[0]) == SERVICE_PLAN_HEADERS
        for m, row in zip(SERVICE_PLAN, data[1:]):
            assert row[0] == m.ref and abs(row[15] - m.this_year[0]) < 1e-9, m.ref
        print(f"  service-plan-quarterly.ods: {len(data) - 1} measures, {data[1][0]} Q1 2024/25 = {data[1][15]}")
    finally:
        doc.close(True)

    doc = office.load(os.path.join(SAMPLES_DIR, "spc-trends.ods"))
    try:
        sheet = doc.Sheets.getByName("Trends")
        data = sheet.getCellRangeByPosition(0, 0, len(TREND_HEADERS) - 1, len(TRENDS)).getDataArray()
        assert list(data[0]) == TREND_HEADERS, data[0]
        assert cell_kind(sheet.getCellByPosition(5, 0)) == "text", "month headers must be text"
        for trend, values, row in zip(TRENDS, trend_values(), data[1:]):
            assert list(row[5:]) == values, trend.code
        print(f"  spc-trends.ods: {len(data) - 1} indicators x {len(TREND_MONTHS)} months, "
              f"headers {TREND_HEADERS[5]!r} .. {TREND_HEADERS[-1]!r}")
    finally:
        doc.close(True)


# ----------------------------------------------------------------------------------------------------------------------
# The reference tables for docs/samples.md
# ----------------------------------------------------------------------------------------------------------------------

def cell_address(column: int, row: int) -> str:
    return f"{column_name(column)}{row + 1}"


def describe_cell(cell: Cell) -> str:
    if isinstance(cell, Formula):
        return f"formula `{cell.text}` (#DIV/0!)"
    if cell is None:
        return "empty"
    return f"text `\"{cell}\"`"


def report(layouts, all_cumulative=False):
    council = layouts["council"]
    print("\n### council-monthly: layout (1-based rows; columns A-K definitions, L hidden Notes, M-X Apr-Mar)\n")
    print(f"- header row {council.header + 1}; section headings (PI Code blank, name in column B): "
          + ", ".join(f"{name} {row + 1}" for name, row in council.headings.items()))
    print(f"- blank separator rows: {', '.join(str(r + 1) for r in council.blank_rows)}; "
          f"footnote (column B) row {council.footnote + 1}")

    print("\n### council-monthly: period cells that are not plain numbers (Apr-Sep)\n")
    print("| Cell | PI Code | Month | Content | Read as |")
    print("|---|---|---|---|---|")
    for _, ind in all_indicators():
        for month, cell in enumerate(ind.actuals):
            if cell is None or isinstance(cell, (str, Formula)):
                value = interpret(cell)
                column = MONTHLY_HEADERS.index(MONTHS[month])
                print(f"| {cell_address(column, council.indicators[ind.code])} | {ind.code} | {MONTHS[month]} | "
                      f"{describe_cell(cell)} | {'blank' if value is None else f'{value:g}'} |")

    mode_note = "every target cumulative, as the rules file's first draft" if all_cumulative else \
        "level for %, days, rates, snapshots; cumulative for number and £"
    print(f"\n### council-monthly: reference results ({mode_note})\n")
    print("| Row | PI Code | Aim | Unit | Mode | Apr | May | Jun | Jul | Aug | Sep | Red Aug+Sep | Blank due "
          "| SPC (last point) | Variance at last | SMART |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for _, ind in all_indicators():
        statuses = monthly_statuses(ind, all_cumulative)
        targets = monthly_targets(ind, all_cumulative)
        values = [interpret(c) for c in ind.actuals]
        numeric = [v for v in values if v is not None]
        spc = spc_points(numeric, ind.aim)[0][-1] if len(numeric) >= 2 else ""
        now = max((i for i, v in enumerate(values) if v is not None), default=None)
        variance = "" if now is None else f"{round(-shortfall(values[now], targets[now], ind.aim), 9) + 0.0:+.1%}"
        blank_due = ", ".join(MONTHS[i] for i, v in enumerate(values) if v is None and due_date(i) < AS_OF)
        red_twice = "yes" if now is not None and now >= 1 and statuses[now] == "R" and statuses[now - 1] == "R" \
            else ""
        mode = "cumulative" if all_cumulative or ind.unit in CUMULATIVE_UNITS else "level"
        print(f"| {council.indicators[ind.code] + 1} | {ind.code} | {ind.aim} | {ind.unit or '(blank)'} | {mode} | "
              + " | ".join(statuses) + f" | {red_twice} | {blank_due} | {spc} | {variance} | "
              f"{smart_gaps(ind) or 'OK'} |")

    print("\n### directorate-multi-sheet: header row and indicator rows by sheet (1-based)\n")
    for name, titles, _ in DIRECTORATE_SHEETS:
        layout = layouts[name]
        print(f"- **{name}**: header row {layout.header + 1}; "
              + ", ".join(f"{code} {row + 1}" for code, row in layout.indicators.items())
              + "; section headings " + ", ".join(f"{h} {r + 1}" for h, r in layout.headings.items()))

    print("\n### service-plan-quarterly: compound status (A* = beyond tolerance but better than last year)\n")
    print("| Row | Ref | Polarity | Unit | Target | Tolerance | Q1 2024/25 | Q1 2023/24 | Status Q1 | Q2 2024/25 "
          "| Q2 2023/24 | Status Q2 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for index, m in enumerate(SERVICE_PLAN):
        cells = []
        for q in (0, 1):
            cells += [f"{m.this_year[q]:g}" if m.this_year[q] is not None else "(blank)", f"{m.last_year[q]:g}",
                      quarterly_status(m, q)]
        points = m.tolerance * 100
        tolerance = f"{points:g} point{'' if points == 1 else 's'}" if m.unit == "%" else f"{m.tolerance:.0%}"
        print(f"| {index + 4} | {m.ref} | {m.polarity} | {m.unit} | {m.target:g} | {tolerance} | "
              + " | ".join(cells) + " |")

    print("\n### spc-trends: limits, assurance and special-cause points (rules: limit, shift, trend, near)\n")
    print("| Row | PI Code | Aim | Pattern | Mean | Lower limit | Upper limit | Target | Assurance | Last point | "
          "Special-cause months |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for index, (trend, values) in enumerate(zip(TRENDS, trend_values())):
        classes, marks, limits = spc_points(values, trend.aim)
        special = [f"{TREND_MONTHS[month]} ({'+'.join(sorted(mark))})" for month, mark in enumerate(marks) if mark]
        mean, lower, upper = limits
        print(f"| {index + 2} | {trend.code} | {trend.aim} | {trend.pattern} | {mean:.4g} | {lower:.4g} | "
              f"{upper:.4g} | {trend.target:g} | {spc_assurance(limits, trend.target, trend.aim)} | {classes[-1]} | "
              f"{'; '.join(special) or 'none'} |")


DOC_PATH = os.path.join(os.path.dirname(SAMPLES_DIR), "docs", "samples.md")
DOC_BEGIN = "<!-- generated by samples/generate_samples.py --update-doc: do not edit below -->"
DOC_END = "<!-- end of generated tables -->"


def update_doc(layouts):
    """Replace the tables between the markers in docs/samples.md with the current reference tables."""
    import contextlib
    import io
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        report(layouts)
    with open(DOC_PATH, encoding="utf-8") as doc:
        text = doc.read()
    head, rest = text.split(DOC_BEGIN, 1)
    _, tail = rest.split(DOC_END, 1)
    tables = buffer.getvalue().strip()
    with open(DOC_PATH, "w", encoding="utf-8") as doc:
        doc.write(f"{head}{DOC_BEGIN}\n\n{tables}\n\n{DOC_END}{tail}")
    print(f"updated {os.path.relpath(DOC_PATH, os.path.dirname(SAMPLES_DIR))}")


# ----------------------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print the reference tables for docs/samples.md")
    parser.add_argument("--update-doc", action="store_true",
                        help="rewrite the generated part of docs/samples.md with the reference tables")
    parser.add_argument("--all-cumulative", action="store_true",
                        help="with --report: statuses with every target profiled cumulatively")
    args = parser.parse_args()

    check_data()
    layouts = {}
    with Office() as office:
        outputs = []
        doc, layouts["council"] = build_council_monthly(office)
        office.store(doc, os.path.join(SAMPLES_DIR, "council-monthly.ods"), "calc8")
        office.store(doc, os.path.join(SAMPLES_DIR, "council-monthly.xlsx"), "Calc MS Excel 2007 XML")
        doc.close(True)
        outputs += ["council-monthly.ods", "council-monthly.xlsx"]

        doc = build_service_plan(office)
        office.store(doc, os.path.join(SAMPLES_DIR, "service-plan-quarterly.ods"), "calc8")
        doc.close(True)
        outputs.append("service-plan-quarterly.ods")

        doc = build_trends(office)
        office.store(doc, os.path.join(SAMPLES_DIR, "spc-trends.ods"), "calc8")
        doc.close(True)
        outputs.append("spc-trends.ods")

        doc, directorate_layouts = build_directorates(office)
        layouts.update(directorate_layouts)
        office.store(doc, os.path.join(SAMPLES_DIR, "directorate-multi-sheet.ods"), "calc8")
        doc.close(True)
        outputs.append("directorate-multi-sheet.ods")

        print("wrote " + ", ".join(f"samples/{name}" for name in outputs))
        print("checking by reloading:")
        verify(office, layouts)
    if args.report:
        report(layouts, args.all_cumulative)
    if args.update_doc:
        update_doc(layouts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
