#pragma once
// Benchmark quartile among comparators (KPI.QUARTILE), with QUARTILE.INC boundaries.

#include "domain/outcome.hpp"
#include "domain/polarity.hpp"

#include <span>
#include <string_view>

namespace kpi::domain {

struct QuartileBoundaries {
    double q1 = 0.0;
    double q2 = 0.0; // the median
    double q3 = 0.0;
};

// QUARTILE.INC of values already sorted ascending (no NaN): position (n - 1) x q / 4, linear
// interpolation. Errors: NoValues (empty).
Outcome<QuartileBoundaries> quartileBoundariesSorted(std::span<const double> sorted);

enum class Quartile : unsigned char { Top, Second, Third, Bottom };

// "Top quartile", "Second quartile", "Third quartile", "Bottom quartile".
std::string_view quartileText(Quartile q);

// The position of `value` among the comparators (NaN = blank, skipped). higher: >= Q3 top, >= Q2
// second, >= Q1 third, else bottom; lower: mirrored (<= Q1 top, <= Q2 second, <= Q3 third).
// Errors: TooFewComparators (< 4 numeric), PolarityNotHigherOrLower, NotFinite.
// Sorts a copy of the comparators (allocates once for more than 64 comparators).
Outcome<Quartile> benchmarkQuartile(double value, Series comparators, Polarity polarity = Polarity::Higher);

} // namespace kpi::domain
