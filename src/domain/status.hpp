#pragma once
// Red/amber/green status against target (KPI.STATUS) and variance (KPI.VARIANCE).

#include "domain/outcome.hpp"
#include "domain/polarity.hpp"

#include <optional>
#include <string_view>

namespace kpi::domain {

enum class Status : unsigned char { Green, Amber, Red, NoData, NoTarget };

// Exactly the spec's strings: "Green", "Amber", "Red", "No data", "No target".
std::string_view statusText(Status status);

struct Tolerances {
    double green = 0.0;  // shortfall <= green -> Green
    double amber = 0.05; // shortfall <= amber -> Amber, else Red
};

// Status of an actual against a target. Blank actual -> NoData; number actual with blank target ->
// NoTarget. Boundaries are inclusive. Errors: NeutralPolarity, AmberBelowGreen (checked first, so a bad
// call is reported even when the data is blank), NotFinite.
Outcome<Status> status(std::optional<double> actual, std::optional<double> target, Polarity polarity,
                       Tolerances tolerances = {}, Basis basis = Basis::Percent);

// Performance against target, positive when better: -shortfall. Errors: NeutralPolarity,
// ZeroTargetPercent (percent basis and target 0), NotFinite. Inline: the rules call it once per row.
inline Outcome<double> variance(double actual, double target, Polarity polarity, Basis basis = Basis::Percent) {
    if (polarity == Polarity::Neutral) return DomainError::NeutralPolarity;
    if (basis == Basis::Percent && target == 0.0) return DomainError::ZeroTargetPercent;
    const Outcome<double> gap = shortfall(actual, target, polarity, basis);
    if (!gap) return gap.error;
    return gap.value == 0.0 ? 0.0 : -gap.value; // no "-0"
}

} // namespace kpi::domain
