// Polarity words, shortfall, status and variance: every alias, boundary and zero-target rule of the spec.

#include "domain/status.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace kpi::domain;

TEST_CASE("every polarity alias of the spec is accepted", "[domain][polarity]") {
    struct Case {
        std::string text;
        Polarity expected;
    };
    const Case cases[] = {
        {"higher", Polarity::Higher}, {"up", Polarity::Higher}, {"max", Polarity::Higher},
        {"maximise", Polarity::Higher}, {"maximize", Polarity::Higher}, {"higher is better", Polarity::Higher},
        {"more is better", Polarity::Higher}, {"bigger is better", Polarity::Higher}, {"1", Polarity::Higher},
        {"lower", Polarity::Lower}, {"down", Polarity::Lower}, {"min", Polarity::Lower},
        {"minimise", Polarity::Lower}, {"minimize", Polarity::Lower}, {"lower is better", Polarity::Lower},
        {"less is better", Polarity::Lower}, {"smaller is better", Polarity::Lower}, {"-1", Polarity::Lower},
        {"band", Polarity::Band}, {"goal post", Polarity::Band}, {"target", Polarity::Band},
        {"neutral", Polarity::Neutral}, {"none", Polarity::Neutral}, {"0", Polarity::Neutral},
        {"  HIGHER ", Polarity::Higher}, {"Lower-is-better", Polarity::Lower}, {"Goal Post", Polarity::Band},
    };
    for (const auto& c : cases) {
        INFO("alias: " << c.text);
        CHECK(parsePolarity(c.text) == c.expected);
    }
    for (const std::string bad : {"sideways", "", "2", "higher is worse", "11"}) {
        INFO("not an alias: " << bad);
        CHECK_FALSE(parsePolarity(bad).has_value());
    }
    CHECK(polarityFromNumber(1) == Polarity::Higher);
    CHECK(polarityFromNumber(-1) == Polarity::Lower);
    CHECK(polarityFromNumber(0) == Polarity::Neutral);
    CHECK_FALSE(polarityFromNumber(2).has_value());
    CHECK(parseBasis("Points") == Basis::Points);
    CHECK(parseBasis("percent") == Basis::Percent);
    CHECK(parseBasis("%") == Basis::Percent);
    CHECK_FALSE(parseBasis("miles").has_value());
}

TEST_CASE("shortfall by polarity and basis, including a zero target", "[domain][polarity]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    struct Case {
        double actual, target;
        Polarity polarity;
        Basis basis;
        double expected;
    };
    const Case cases[] = {
        {90, 100, Polarity::Higher, Basis::Percent, 0.10},  {110, 100, Polarity::Higher, Basis::Percent, -0.10},
        {110, 100, Polarity::Lower, Basis::Percent, 0.10},  {90, 100, Polarity::Lower, Basis::Percent, -0.10},
        {90, 100, Polarity::Band, Basis::Percent, 0.10},    {110, 100, Polarity::Band, Basis::Percent, 0.10},
        {90, 100, Polarity::Higher, Basis::Points, 10},     {85, 80, Polarity::Lower, Basis::Points, 5},
        {-90, -100, Polarity::Higher, Basis::Percent, -0.10}, // divided by |T|
        // T = 0, percent basis: the spec's infinity rule
        {0, 0, Polarity::Higher, Basis::Percent, 0},        {5, 0, Polarity::Higher, Basis::Percent, 0},
        {-1, 0, Polarity::Higher, Basis::Percent, inf},     {0, 0, Polarity::Lower, Basis::Percent, 0},
        {-3, 0, Polarity::Lower, Basis::Percent, 0},        {2, 0, Polarity::Lower, Basis::Percent, inf},
        {0, 0, Polarity::Band, Basis::Percent, 0},          {0.1, 0, Polarity::Band, Basis::Percent, inf},
        {-0.1, 0, Polarity::Band, Basis::Percent, inf},     {3, 0, Polarity::Lower, Basis::Points, 3},
    };
    for (const auto& c : cases) {
        INFO(c.actual << " vs " << c.target << " polarity " << polarityName(c.polarity) << " " << basisName(c.basis));
        const auto s = shortfall(c.actual, c.target, c.polarity, c.basis);
        REQUIRE(s.ok());
        if (std::isinf(c.expected)) CHECK(s.value == c.expected);
        else CHECK(s.value == Approx(c.expected).margin(1e-12));
    }
    CHECK(shortfall(1, 1, Polarity::Neutral, Basis::Percent).error == DomainError::NeutralPolarity);
}

TEST_CASE("status: inclusive boundaries, defaults, blanks", "[domain][status]") {
    struct Case {
        std::optional<double> actual, target;
        Polarity polarity;
        Tolerances tolerances;
        Basis basis;
        Status expected;
    };
    const Tolerances defaults{};
    const Case cases[] = {
        {100, 100, Polarity::Higher, defaults, Basis::Percent, Status::Green}, // exactly on target
        {101, 100, Polarity::Higher, defaults, Basis::Percent, Status::Green},
        {99.99, 100, Polarity::Higher, defaults, Basis::Percent, Status::Amber},
        {95, 100, Polarity::Higher, defaults, Basis::Percent, Status::Amber},   // exactly 5%: amber
        {94.99, 100, Polarity::Higher, defaults, Basis::Percent, Status::Red},
        {96, 100, Polarity::Higher, defaults, Basis::Percent, Status::Amber},
        {105, 100, Polarity::Lower, defaults, Basis::Percent, Status::Amber},
        {105.01, 100, Polarity::Lower, defaults, Basis::Percent, Status::Red},
        {90, 100, Polarity::Lower, defaults, Basis::Percent, Status::Green},
        {98, 100, Polarity::Higher, {0.02, 0.1}, Basis::Percent, Status::Green},  // on green tolerance
        {0.7, 1.0, Polarity::Higher, {0.3, 0.4}, Basis::Percent, Status::Green},  // 1 - 0.7 rounds above 0.3
        {104, 100, Polarity::Band, {0.05, 0.1}, Basis::Percent, Status::Green},
        {96, 100, Polarity::Band, {0.05, 0.1}, Basis::Percent, Status::Green},
        {111, 100, Polarity::Band, {0.05, 0.1}, Basis::Percent, Status::Red},
        {89, 100, Polarity::Band, {0.05, 0.1}, Basis::Percent, Status::Red},
        {78, 80, Polarity::Higher, {0, 2}, Basis::Points, Status::Amber},        // 2 points short
        {77.5, 80, Polarity::Higher, {0, 2}, Basis::Points, Status::Red},
        {0, 0, Polarity::Lower, defaults, Basis::Percent, Status::Green},        // zero target
        {1, 0, Polarity::Lower, defaults, Basis::Percent, Status::Red},          // infinity shortfall
        {-1, 0, Polarity::Higher, {0, 1e9}, Basis::Percent, Status::Red},
        {1, 0, Polarity::Higher, defaults, Basis::Percent, Status::Green},
        {std::nullopt, 100, Polarity::Higher, defaults, Basis::Percent, Status::NoData},
        {std::nullopt, std::nullopt, Polarity::Higher, defaults, Basis::Percent, Status::NoData},
        {50, std::nullopt, Polarity::Higher, defaults, Basis::Percent, Status::NoTarget},
        {90, 100, Polarity::Higher, {-0.1, 0.0}, Basis::Percent, Status::Red},   // negative tolerances allowed
        {111, 100, Polarity::Higher, {-0.1, 0.0}, Basis::Percent, Status::Green},
    };
    for (const auto& c : cases) {
        INFO((c.actual ? std::to_string(*c.actual) : "blank") << " vs "
             << (c.target ? std::to_string(*c.target) : "blank") << " " << polarityName(c.polarity));
        const auto s = status(c.actual, c.target, c.polarity, c.tolerances, c.basis);
        REQUIRE(s.ok());
        CHECK(statusText(s.value) == statusText(c.expected));
    }
}

TEST_CASE("status errors: neutral polarity, amber below green", "[domain][status]") {
    CHECK(status(1.0, 1.0, Polarity::Neutral).error == DomainError::NeutralPolarity);
    CHECK(status(std::nullopt, 1.0, Polarity::Neutral).error == DomainError::NeutralPolarity);
    CHECK(status(1.0, 1.0, Polarity::Higher, {0.1, 0.05}).error == DomainError::AmberBelowGreen);
    CHECK(status(1.0, 1.0, Polarity::Higher, {0.05, 0.05}).ok()); // equal is fine
    CHECK(statusText(Status::NoData) == "No data");
    CHECK(statusText(Status::NoTarget) == "No target");
}

TEST_CASE("variance is minus the shortfall", "[domain][status]") {
    CHECK(variance(110, 100, Polarity::Higher).value == Approx(0.10));
    CHECK(variance(90, 100, Polarity::Lower).value == Approx(0.10));
    CHECK(variance(110, 100, Polarity::Lower).value == Approx(-0.10));
    CHECK(variance(110, 100, Polarity::Band).value == Approx(-0.10));
    CHECK(variance(90, 100, Polarity::Band).value == Approx(-0.10));
    CHECK(variance(85, 80, Polarity::Higher, Basis::Points).value == Approx(5));
    CHECK(variance(100, 100, Polarity::Higher).value == 0.0);
    CHECK_FALSE(std::signbit(variance(100, 100, Polarity::Band).value));
    CHECK(variance(5, 0, Polarity::Higher).error == DomainError::ZeroTargetPercent);
    CHECK(variance(5, 0, Polarity::Higher, Basis::Points).value == Approx(5));
    CHECK(variance(5, 4, Polarity::Neutral).error == DomainError::NeutralPolarity);
}
