#pragma once
// Dates inside the core are serial numbers: days since 1899-12-30 (Calc's default null date), so
// 1 = 1899-12-31 and 45292 = 2024-01-01. A fractional part is a time of day and is ignored here.
// The host converts a document's own null date to this convention.

#include <optional>

namespace kpi {

struct CivilDate {
    int year = 1899;
    int month = 12; // 1..12
    int day = 30;   // 1..31
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

bool isLeapYear(int year);

// Days in a month of a year (month 1..12); 0 for a month outside 1..12.
int daysInMonth(int year, int month);

// The serial of a civil date; nullopt when the date does not exist (e.g. 2023-02-29).
std::optional<long> serialFromCivil(CivilDate date);

// The civil date of a serial (its whole-day part, rounded down).
CivilDate civilFromSerial(double serial);

// The date `months` months later (earlier when negative); a day past the new month's end becomes its
// last day: 2024-01-31 + 1 month = 2024-02-29.
CivilDate addMonths(CivilDate date, int months);

} // namespace kpi
