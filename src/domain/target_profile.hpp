#pragma once
// Profiled (phased) targets: how an annual target is spread over the periods of the year (KPI.TARGET).

#include "domain/outcome.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace kpi::domain {

// cumulative: the target to date; discrete: this period's share; level: the annual figure every
// period (rates and percentages).
enum class ProfileMode : unsigned char { Cumulative, Discrete, Level };

// "cumulative" (also "cum", "ytd", "to date"), "discrete" (also "period", "in period", "monthly"),
// "level" (also "flat", "rate"). Matched as headers are.
std::optional<ProfileMode> parseProfileMode(std::string_view text);
std::string_view profileModeName(ProfileMode mode);

// The profiled target of `period` (1-based) with equal weights over `periods` periods.
// Errors: NotEnoughPeriods (periods < 1), PeriodOutOfRange.
Outcome<double> profiledTarget(double annual, std::size_t period, std::size_t periods, ProfileMode mode);

// The profiled target of `period` (1-based) with the given weights (non-negative; normalised; NaN
// counts as 0). Errors: NotEnoughPeriods (no weights), PeriodOutOfRange, NegativeWeight, AllWeightsZero.
Outcome<double> profiledTarget(double annual, std::size_t period, std::span<const double> weights,
                               ProfileMode mode);

// Checks a weight list once (so a caller can validate a `profile` statement before a run).
DomainError checkWeights(std::span<const double> weights);

} // namespace kpi::domain
