// Date serials <-> civil dates, on std::chrono's proleptic Gregorian calendar.

#include "core/dates.hpp"

#include <chrono>
#include <cmath>

namespace kpi {
namespace {

using namespace std::chrono;

constexpr sys_days nullDate = sys_days{year{1899} / December / 30};

} // namespace

bool isLeapYear(int y) { return year{y}.is_leap(); }

int daysInMonth(int y, int m) {
    if (m < 1 || m > 12) return 0;
    const year_month_day_last last{year{y} / month{static_cast<unsigned>(m)} / std::chrono::last};
    return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::optional<long> serialFromCivil(CivilDate date) {
    if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
    const year_month_day ymd{year{date.year}, month{static_cast<unsigned>(date.month)},
                             day{static_cast<unsigned>(date.day)}};
    if (!ymd.ok()) return std::nullopt;
    return static_cast<long>((sys_days{ymd} - nullDate).count());
}

CivilDate civilFromSerial(double serial) {
    const auto whole = static_cast<long>(std::floor(serial));
    const year_month_day ymd{nullDate + days{whole}};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

CivilDate addMonths(CivilDate date, int months) {
    // Months counted from year 0 keep the arithmetic in one place for negative offsets too.
    const long total = static_cast<long>(date.year) * 12 + (date.month - 1) + months;
    long y = total / 12;
    long m0 = total % 12;
    if (m0 < 0) {
        m0 += 12;
        --y;
    }
    CivilDate out{static_cast<int>(y), static_cast<int>(m0) + 1, date.day};
    const int limit = daysInMonth(out.year, out.month);
    if (out.day > limit) out.day = limit;
    return out;
}

} // namespace kpi
