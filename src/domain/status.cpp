// Red/amber/green status and variance.

#include "domain/status.hpp"

#include <cmath>

namespace kpi::domain {

std::string_view statusText(Status status) {
    switch (status) {
    case Status::Green: return "Green";
    case Status::Amber: return "Amber";
    case Status::Red: return "Red";
    case Status::NoData: return "No data";
    case Status::NoTarget: return "No target";
    }
    return "";
}

Outcome<Status> status(std::optional<double> actual, std::optional<double> target, Polarity polarity,
                       Tolerances tolerances, Basis basis) {
    if (polarity == Polarity::Neutral) return DomainError::NeutralPolarity;
    if (!std::isfinite(tolerances.green) || !std::isfinite(tolerances.amber)) return DomainError::NotFinite;
    if (tolerances.amber < tolerances.green) return DomainError::AmberBelowGreen;
    if (!actual) return Status::NoData;
    if (!target) return Status::NoTarget;
    const Outcome<double> gap = shortfall(*actual, *target, polarity, basis);
    if (!gap) return gap.error;
    if (atMost(gap.value, tolerances.green)) return Status::Green;
    if (atMost(gap.value, tolerances.amber)) return Status::Amber;
    return Status::Red;
}

} // namespace kpi::domain
