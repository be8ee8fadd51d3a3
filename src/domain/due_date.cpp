// Due dates and overdue.

#include "domain/due_date.hpp"

#include "core/dates.hpp"

#include <cmath>

namespace kpi::domain {

Outcome<double> dueDate(double periodEnd, int day, int monthsAfter) {
    if (!std::isfinite(periodEnd)) return DomainError::NotFinite;
    if (day < 1) return DomainError::DayBelowOne;
    // Calc's dates run from year -32768 to 32767; beyond a few thousand years nothing is meaningful.
    if (std::fabs(periodEnd) > 3.0e6 || monthsAfter < -12000 || monthsAfter > 12000) return DomainError::DateOutOfRange;
    CivilDate month = civilFromSerial(periodEnd);
    month.day = 1;
    CivilDate due = addMonths(month, monthsAfter);
    const int last = daysInMonth(due.year, due.month);
    due.day = day > last ? last : day;
    const auto serial = serialFromCivil(due);
    if (!serial) return DomainError::DateOutOfRange;
    return static_cast<double>(*serial);
}

bool overdue(bool valueIsBlank, double due, double asOf) {
    return valueIsBlank && std::floor(asOf) > std::floor(due);
}

} // namespace kpi::domain
