#pragma once
// When a period's return is due, and whether it is overdue (KPI.DUE, KPI.OVERDUE).
// Dates are serials since 1899-12-30 (core/dates.hpp).

#include "domain/outcome.hpp"

namespace kpi::domain {

// Day `day` of the month `monthsAfter` months after the month of `periodEnd`; a day past that month's
// end means its last day (day 31 in February -> 28 or 29). Errors: DayBelowOne, DateOutOfRange, NotFinite.
Outcome<double> dueDate(double periodEnd, int day = 15, int monthsAfter = 1);

// True when the value is missing (`valueIsBlank`) and the day `asOf` is after the day `due`
// (on the due day itself it is not yet overdue). Time-of-day fractions are ignored.
bool overdue(bool valueIsBlank, double due, double asOf);

} // namespace kpi::domain
