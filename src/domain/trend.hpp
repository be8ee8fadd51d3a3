#pragma once
// Direction of travel (KPI.TREND).

#include "domain/outcome.hpp"
#include "domain/polarity.hpp"

#include <cstddef>
#include <string_view>

namespace kpi::domain {

enum class Trend : unsigned char { Improving, Worsening, NoChange, Up, Down, NoComparison };

// "Improving", "Worsening", "No change", "Up", "Down"; NoComparison -> "" (nothing to compare with).
std::string_view trendText(Trend trend);

// The last numeric value against the value `lag` positions earlier. For lag 1 the two last numeric
// values are compared (blanks in between are skipped); for lag > 1 the value exactly `lag` positions
// before the last numeric one (blank there -> NoComparison). No change when |new - old| / |old| <=
// tolerance (with old = 0: only when new = 0). Higher/lower give Improving/Worsening; band and neutral
// give Up/Down. Errors: LagBelowOne, NegativeTolerance.
Outcome<Trend> trend(Series values, Polarity polarity = Polarity::Higher, std::size_t lag = 1,
                     double tolerance = 0.0);

} // namespace kpi::domain
