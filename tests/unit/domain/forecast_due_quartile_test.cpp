// Forecast and required run rate, due dates and overdue, benchmark quartiles.

#include "core/dates.hpp"
#include "domain/due_date.hpp"
#include "domain/forecast.hpp"
#include "domain/quartile.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace kpi::domain;

namespace {
constexpr double _ = blankValue;

double serial(int y, int m, int d) { return static_cast<double>(*kpi::serialFromCivil({y, m, d})); }
} // namespace

TEST_CASE("forecast for sum, average and last", "[domain][forecast]") {
    const std::vector<double> quarterly{10, 20, _, _};
    CHECK(forecast(quarterly).value == Approx(60));                      // 30 + 15 x 2
    CHECK(forecast(quarterly, 4, Aggregation::Average).value == Approx(15));
    CHECK(forecast(quarterly, 4, Aggregation::Last).value == Approx(40)); // line 10, 20 -> 40 at period 4
    CHECK(forecast(quarterly, 6).value == Approx(90));                    // six periods in the year
    const std::vector<double> missingReturn{10, _, 30, _, _, _};          // a gap before the last value
    CHECK(forecast(missingReturn).value == Approx(40 + 20 * 3));          // elapsed 3, mean of 2 values
    CHECK(forecast(missingReturn, 6, Aggregation::Last).value == Approx(60)); // line through (1,10), (3,30)
    const std::vector<double> one{7, _, _};
    CHECK(forecast(one, 3, Aggregation::Last).value == 7);
    const std::vector<double> none{_, _};
    CHECK(forecast(none).error == DomainError::NoValues);
    CHECK(forecast(quarterly, 1).error == DomainError::PeriodsBelowReported);
    const std::vector<double> full{1, 2, 3, 4};
    CHECK(forecast(full).value == Approx(10)); // nothing remains: the total so far
    CHECK(parseAggregation("Average") == Aggregation::Average);
    CHECK(parseAggregation("SUM") == Aggregation::Sum);
    CHECK(parseAggregation("last") == Aggregation::Last);
    CHECK_FALSE(parseAggregation("median").has_value());
}

TEST_CASE("required run rate", "[domain][forecast]") {
    const std::vector<double> quarterly{10, 20, _, _};
    CHECK(required(quarterly, 100).value == Approx(35));
    CHECK(required(quarterly, 18, 4, Aggregation::Average).value == Approx((18 * 4 - 30) / 2.0));
    CHECK(required(quarterly, 55, 4, Aggregation::Last).value == 55);
    const std::vector<double> nothingYet{_, _, _, _};
    CHECK(required(nothingYet, 100).value == Approx(25));
    const std::vector<double> full{1, 2, 3, 4};
    CHECK(required(full, 100).error == DomainError::NoPeriodRemaining);
    CHECK(required(quarterly, 100, 1).error == DomainError::PeriodsBelowReported);
}

TEST_CASE("due dates at month ends and in leap years", "[domain][due]") {
    struct Case {
        double periodEnd;
        int day, monthsAfter;
        double expected;
    };
    const Case cases[] = {
        {serial(2024, 1, 31), 15, 1, serial(2024, 2, 15)},
        {serial(2024, 1, 31), 31, 1, serial(2024, 2, 29)}, // day 31 in a leap February
        {serial(2023, 1, 31), 31, 1, serial(2023, 2, 28)},
        {serial(2023, 1, 31), 30, 1, serial(2023, 2, 28)},
        {serial(2024, 3, 31), 31, 1, serial(2024, 4, 30)},
        {serial(2024, 12, 31), 15, 1, serial(2025, 1, 15)}, // year end
        {serial(2024, 6, 30), 20, 2, serial(2024, 8, 20)},
        {serial(2024, 6, 30), 10, 0, serial(2024, 6, 10)},
        {serial(2024, 6, 15) + 0.5, 15, 1, serial(2024, 7, 15)}, // time of day ignored
        {serial(2024, 11, 30), 45, 3, serial(2025, 2, 28)},
    };
    for (const auto& c : cases) {
        INFO("case " << (&c - cases));
        const auto d = dueDate(c.periodEnd, c.day, c.monthsAfter);
        REQUIRE(d.ok());
        CHECK(d.value == c.expected);
    }
    CHECK(dueDate(serial(2024, 1, 31), 0, 1).error == DomainError::DayBelowOne);
    CHECK(dueDate(1e12, 15, 1).error == DomainError::DateOutOfRange);
}

TEST_CASE("overdue only after the due day, only when missing", "[domain][due]") {
    const double due = serial(2024, 2, 15);
    CHECK(overdue(true, due, due + 1));
    CHECK_FALSE(overdue(true, due, due));         // on the due day itself
    CHECK_FALSE(overdue(true, due, due + 0.99));  // later the same day
    CHECK_FALSE(overdue(true, due, due - 1));
    CHECK_FALSE(overdue(false, due, due + 30));   // submitted
}

TEST_CASE("QUARTILE.INC boundaries", "[domain][quartile]") {
    // Facts (QUARTILE.INC in Calc and Excel): {1..8}: Q1 2.75, Q2 4.5, Q3 6.25; {1,2,3,4}: 1.75, 2.5, 3.25;
    // {10,20,30,40,50}: 20, 30, 40.
    struct Case {
        std::vector<double> sorted;
        double q1, q2, q3;
    };
    const Case cases[] = {
        {{1, 2, 3, 4, 5, 6, 7, 8}, 2.75, 4.5, 6.25},
        {{1, 2, 3, 4}, 1.75, 2.5, 3.25},
        {{10, 20, 30, 40, 50}, 20, 30, 40},
        {{7}, 7, 7, 7},
    };
    for (const auto& c : cases) {
        const auto b = quartileBoundariesSorted(c.sorted);
        REQUIRE(b.ok());
        CHECK(b.value.q1 == Approx(c.q1));
        CHECK(b.value.q2 == Approx(c.q2));
        CHECK(b.value.q3 == Approx(c.q3));
    }
}

TEST_CASE("benchmark quartile, higher and lower, on the boundaries", "[domain][quartile]") {
    const std::vector<double> comparators{8, 1, 7, _, 2, 6, 3, 5, 4}; // unsorted, one blank
    struct Case {
        double value;
        Polarity polarity;
        Quartile expected;
    };
    const Case cases[] = {
        {6.25, Polarity::Higher, Quartile::Top},    {6.24, Polarity::Higher, Quartile::Second},
        {4.5, Polarity::Higher, Quartile::Second},  {4.49, Polarity::Higher, Quartile::Third},
        {2.75, Polarity::Higher, Quartile::Third},  {2.7, Polarity::Higher, Quartile::Bottom},
        {2.75, Polarity::Lower, Quartile::Top},     {2.76, Polarity::Lower, Quartile::Second},
        {4.5, Polarity::Lower, Quartile::Second},   {6.25, Polarity::Lower, Quartile::Third},
        {6.26, Polarity::Lower, Quartile::Bottom},  {100, Polarity::Higher, Quartile::Top},
    };
    for (const auto& c : cases) {
        INFO(c.value << " " << polarityName(c.polarity));
        const auto q = benchmarkQuartile(c.value, comparators, c.polarity);
        REQUIRE(q.ok());
        CHECK(quartileText(q.value) == quartileText(c.expected));
    }
    const std::vector<double> three{1, 2, 3, _};
    CHECK(benchmarkQuartile(2, three, Polarity::Higher).error == DomainError::TooFewComparators);
    CHECK(benchmarkQuartile(2, comparators, Polarity::Band).error == DomainError::PolarityNotHigherOrLower);
    std::vector<double> many;
    for (int i = 1; i <= 101; ++i) many.push_back(i); // more than the small buffer
    CHECK(benchmarkQuartile(76, many, Polarity::Higher).value == Quartile::Top);
    CHECK(benchmarkQuartile(75.9, many, Polarity::Higher).value == Quartile::Second);
}
