#pragma once
// Year-end forecast and the run rate required to meet an annual target (KPI.FORECAST, KPI.REQUIRED).
//
// "So far" means: the numeric values; the periods elapsed are the position of the last numeric value
// (a blank before it is a missing return, a blank after it a future period).

#include "domain/outcome.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace kpi::domain {

// sum: count-type indicators (year-end = total); average: rates; last: stock or cumulative measures.
enum class Aggregation : unsigned char { Sum, Average, Last };

// "sum" (also "total", "count"), "average" (also "mean", "avg", "rate"), "last" (also "latest",
// "stock", "cumulative", "ytd"). Matched as headers are.
std::optional<Aggregation> parseAggregation(std::string_view text);
std::string_view aggregationName(Aggregation aggregation);

// Projected year-end outturn. sum: sum so far + mean so far x remaining periods; average: mean so far;
// last: least-squares line through (position, value) of the values so far, at position `periods`
// (one value: that value). `periods` 0 means values.size(). Errors: NoValues (no numeric value),
// PeriodsBelowReported.
Outcome<double> forecast(Series values, std::size_t periods = 0, Aggregation aggregation = Aggregation::Sum);

// Value needed in each remaining period to meet `annual`. sum: (annual - sum so far) / remaining;
// average: (annual x periods - sum so far) / remaining; last: annual. With no value yet, every period
// remains. Errors: NoPeriodRemaining, PeriodsBelowReported.
Outcome<double> required(Series values, double annual, std::size_t periods = 0,
                         Aggregation aggregation = Aggregation::Sum);

} // namespace kpi::domain
