// Date serials (days since 1899-12-30) and calendar arithmetic.

#include "core/dates.hpp"

#include <catch2/catch.hpp>

using kpi::CivilDate;

TEST_CASE("serials match Calc's default null date", "[core][dates]") {
    // Facts: in Calc (null date 1899-12-30) 1 = 1899-12-31, 2 = 1900-01-01, 45292 = 2024-01-01, 45351 = 2024-02-29.
    struct Case {
        CivilDate date;
        long serial;
    };
    const Case cases[] = {
        {{1899, 12, 30}, 0}, {{1899, 12, 31}, 1}, {{1900, 1, 1}, 2}, {{1900, 3, 1}, 61},
        {{2024, 1, 1}, 45292}, {{2024, 2, 29}, 45351}, {{2023, 3, 31}, 45016}, {{1899, 12, 29}, -1},
    };
    for (const auto& c : cases) {
        INFO(c.date.year << "-" << c.date.month << "-" << c.date.day);
        CHECK(kpi::serialFromCivil(c.date) == c.serial);
        CHECK(kpi::civilFromSerial(static_cast<double>(c.serial)) == c.date);
    }
    CHECK(kpi::civilFromSerial(45292.75) == CivilDate{2024, 1, 1}); // time of day ignored
    CHECK_FALSE(kpi::serialFromCivil({2023, 2, 29}).has_value());
    CHECK_FALSE(kpi::serialFromCivil({2023, 13, 1}).has_value());
}

TEST_CASE("days in month and leap years", "[core][dates]") {
    CHECK(kpi::daysInMonth(2024, 2) == 29);
    CHECK(kpi::daysInMonth(2023, 2) == 28);
    CHECK(kpi::daysInMonth(1900, 2) == 28);
    CHECK(kpi::daysInMonth(2000, 2) == 29);
    CHECK(kpi::daysInMonth(2024, 4) == 30);
    CHECK(kpi::daysInMonth(2024, 12) == 31);
    CHECK(kpi::daysInMonth(2024, 13) == 0);
    CHECK(kpi::isLeapYear(2000));
    CHECK_FALSE(kpi::isLeapYear(2100));
}

TEST_CASE("adding months clamps to the month's end", "[core][dates]") {
    CHECK(kpi::addMonths({2024, 1, 31}, 1) == CivilDate{2024, 2, 29});
    CHECK(kpi::addMonths({2023, 1, 31}, 1) == CivilDate{2023, 2, 28});
    CHECK(kpi::addMonths({2024, 11, 15}, 2) == CivilDate{2025, 1, 15});
    CHECK(kpi::addMonths({2024, 3, 31}, -1) == CivilDate{2024, 2, 29});
    CHECK(kpi::addMonths({2024, 1, 10}, -13) == CivilDate{2022, 12, 10});
    CHECK(kpi::addMonths({2024, 5, 20}, 0) == CivilDate{2024, 5, 20});
}
