// Profiled targets and direction of travel.

#include "domain/target_profile.hpp"
#include "domain/trend.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace kpi::domain;

namespace {
constexpr double _ = blankValue; // a blank period in a series literal
}

TEST_CASE("equal profiles", "[domain][target]") {
    CHECK(profiledTarget(1200, 3, 12, ProfileMode::Cumulative).value == Approx(300));
    CHECK(profiledTarget(1200, 3, 12, ProfileMode::Discrete).value == Approx(100));
    CHECK(profiledTarget(95, 3, 12, ProfileMode::Level).value == 95);
    CHECK(profiledTarget(400, 4, 4, ProfileMode::Cumulative).value == Approx(400));
    CHECK(profiledTarget(400, 1, 4, ProfileMode::Cumulative).value == Approx(100));
    CHECK(profiledTarget(1200, 0, 12, ProfileMode::Cumulative).error == DomainError::PeriodOutOfRange);
    CHECK(profiledTarget(1200, 13, 12, ProfileMode::Cumulative).error == DomainError::PeriodOutOfRange);
    CHECK(profiledTarget(1200, 1, 0, ProfileMode::Cumulative).error == DomainError::NotEnoughPeriods);
}

TEST_CASE("weighted profiles are normalised", "[domain][target]") {
    const std::vector<double> seasonal{6, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 9}; // sum 100
    CHECK(profiledTarget(1000, 1, seasonal, ProfileMode::Cumulative).value == Approx(60));
    CHECK(profiledTarget(1000, 3, seasonal, ProfileMode::Cumulative).value == Approx(210));
    CHECK(profiledTarget(1000, 3, seasonal, ProfileMode::Discrete).value == Approx(80));
    CHECK(profiledTarget(1000, 12, seasonal, ProfileMode::Cumulative).value == Approx(1000));
    CHECK(profiledTarget(1000, 12, seasonal, ProfileMode::Level).value == 1000);
    const std::vector<double> withBlank{1, _, 1, 2}; // a blank weight counts as 0
    CHECK(profiledTarget(100, 2, withBlank, ProfileMode::Cumulative).value == Approx(25));
    CHECK(profiledTarget(100, 2, withBlank, ProfileMode::Discrete).value == 0.0);
    const std::vector<double> negative{1, -1, 2};
    CHECK(profiledTarget(100, 1, negative, ProfileMode::Cumulative).error == DomainError::NegativeWeight);
    const std::vector<double> zeros{0, 0, 0};
    CHECK(profiledTarget(100, 1, zeros, ProfileMode::Cumulative).error == DomainError::AllWeightsZero);
    CHECK(profiledTarget(100, 4, std::vector<double>{1, 1, 1}, ProfileMode::Discrete).error ==
          DomainError::PeriodOutOfRange);
    CHECK(profiledTarget(100, 1, std::vector<double>{}, ProfileMode::Discrete).error == DomainError::NotEnoughPeriods);
    CHECK(parseProfileMode("Cumulative") == ProfileMode::Cumulative);
    CHECK(parseProfileMode(" discrete ") == ProfileMode::Discrete);
    CHECK(parseProfileMode("LEVEL") == ProfileMode::Level);
    CHECK_FALSE(parseProfileMode("sideways").has_value());
}

TEST_CASE("trend compares the last two numeric values for lag 1", "[domain][trend]") {
    struct Case {
        std::vector<double> values;
        Polarity polarity;
        double tolerance;
        Trend expected;
    };
    const Case cases[] = {
        {{10, 12}, Polarity::Higher, 0, Trend::Improving},
        {{10, 8}, Polarity::Higher, 0, Trend::Worsening},
        {{10, 12}, Polarity::Lower, 0, Trend::Worsening},
        {{10, 8}, Polarity::Lower, 0, Trend::Improving},
        {{10, 10}, Polarity::Higher, 0, Trend::NoChange},        // a tie
        {{10, 12}, Polarity::Band, 0, Trend::Up},
        {{10, 8}, Polarity::Neutral, 0, Trend::Down},
        {{10, 10}, Polarity::Neutral, 0, Trend::NoChange},
        {{10, _, 12, _, _}, Polarity::Higher, 0, Trend::Improving}, // blanks skipped for lag 1
        {{100, 102}, Polarity::Higher, 0.02, Trend::NoChange},    // exactly on the tolerance
        {{1, 1.02}, Polarity::Higher, 0.02, Trend::NoChange},     // binary rounding forgiven
        {{100, 102.1}, Polarity::Higher, 0.02, Trend::Improving},
        {{0, 0}, Polarity::Higher, 0.5, Trend::NoChange},
        {{0, 1}, Polarity::Higher, 100, Trend::Improving},        // from zero, any change counts
        {{12}, Polarity::Higher, 0, Trend::NoComparison},
        {{_, _}, Polarity::Higher, 0, Trend::NoComparison},
        {{}, Polarity::Higher, 0, Trend::NoComparison},
    };
    for (const auto& c : cases) {
        INFO("case " << (&c - cases));
        const auto t = trend(c.values, c.polarity, 1, c.tolerance);
        REQUIRE(t.ok());
        CHECK(trendText(t.value) == trendText(c.expected));
    }
}

TEST_CASE("trend with a longer lag counts positions", "[domain][trend]") {
    std::vector<double> twoYears(24, 50.0);
    twoYears[5] = 40;   // month 6 last year
    twoYears[17] = 45;  // month 6 this year, the last value
    for (std::size_t i = 18; i < 24; ++i) twoYears[i] = blankValue;
    CHECK(trend(twoYears, Polarity::Higher, 12).value == Trend::Improving);
    twoYears[5] = blankValue; // nothing to compare with a year earlier
    CHECK(trend(twoYears, Polarity::Higher, 12).value == Trend::NoComparison);
    const std::vector<double> shortSeries{1, 2, 3};
    CHECK(trend(shortSeries, Polarity::Higher, 3).value == Trend::NoComparison);
    CHECK(trend(shortSeries, Polarity::Higher, 2).value == Trend::Improving);
    CHECK(trend(shortSeries, Polarity::Higher, 0).error == DomainError::LagBelowOne);
    CHECK(trend(shortSeries, Polarity::Higher, 1, -0.1).error == DomainError::NegativeTolerance);
    CHECK(trendText(Trend::NoComparison).empty());
}
