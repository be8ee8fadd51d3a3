#pragma once
// How domain functions report ordinary bad input without exceptions or allocation: an Outcome holds a
// value or a DomainError (a fixed reason with a fixed message). Front doors add which argument it was.

#include <cmath>
#include <limits>
#include <span>
#include <string_view>

namespace kpi::domain {

enum class DomainError : unsigned char {
    None,
    NoValues,             // nothing to compute from (front doors show a blank / empty string, not an error)
    NeutralPolarity,      // the function needs a direction of good performance
    PolarityNotHigherOrLower,
    AmberBelowGreen,      // amber_tolerance < green_tolerance
    ZeroTargetPercent,    // a percent-basis variance against a target of 0
    PeriodOutOfRange,     // period outside 1..number of periods
    NotEnoughPeriods,     // a profile or period count below 1
    NegativeWeight,
    AllWeightsZero,
    LagBelowOne,
    NegativeTolerance,
    BaselineTooShort,     // an SPC baseline of fewer than 2 points
    TooFewComparators,    // fewer than 4 comparators for a quartile
    NoPeriodRemaining,    // REQUIRED when the year is over
    PeriodsBelowReported, // periods fewer than the periods already reported
    DayBelowOne,
    DateOutOfRange,
    NotFinite,            // an infinity or NaN given as input
};

// A short lower-case message for the error, e.g. "amber tolerance is below green tolerance".
std::string_view describe(DomainError error);

template <class T>
struct Outcome {
    T value{};
    DomainError error = DomainError::None;

    Outcome() = default;
    Outcome(T v) : value(v) {} // NOLINT: implicit on purpose, `return value;`
    Outcome(DomainError e) : error(e) {} // NOLINT: implicit on purpose, `return DomainError::X;`

    bool ok() const { return error == DomainError::None; }
    explicit operator bool() const { return ok(); }
};

// A series of period values as the domain sees it: one double per period, NaN for a blank.
// Callers convert cells once (core/cell_text.hpp) and pass spans; nothing here allocates per value.
using Series = std::span<const double>;

inline constexpr double blankValue = std::numeric_limits<double>::quiet_NaN();
inline bool isBlank(double x) { return std::isnan(x); }

// x <= limit, forgiving binary rounding at the boundary (1 - 0.7 is 0.30000000000000004, which a
// spreadsheet user reads as 0.3; Calc too compares to about 15 significant digits). Inclusive
// boundaries of the spec use this.
inline bool atMost(double x, double limit) {
    if (x <= limit) return true;
    const double scale = std::fmax(std::fabs(x), std::fabs(limit));
    return std::isfinite(x) && x - limit <= scale * 1e-12;
}

} // namespace kpi::domain
