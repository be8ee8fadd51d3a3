// Messages of the domain errors (front doors prefix them with the argument's name).

#include "domain/outcome.hpp"

namespace kpi::domain {

std::string_view describe(DomainError error) {
    switch (error) {
    case DomainError::None: return "no error";
    case DomainError::NoValues: return "no values to compute from";
    case DomainError::NeutralPolarity: return "polarity neutral has no better direction";
    case DomainError::PolarityNotHigherOrLower: return "polarity must be higher or lower";
    case DomainError::AmberBelowGreen: return "amber tolerance is below green tolerance";
    case DomainError::ZeroTargetPercent: return "a percent variance needs a non-zero target";
    case DomainError::PeriodOutOfRange: return "period is outside the year";
    case DomainError::NotEnoughPeriods: return "there must be at least one period";
    case DomainError::NegativeWeight: return "weights must not be negative";
    case DomainError::AllWeightsZero: return "weights are all zero";
    case DomainError::LagBelowOne: return "lag must be 1 or more";
    case DomainError::NegativeTolerance: return "tolerance must not be negative";
    case DomainError::BaselineTooShort: return "baseline needs at least 2 points";
    case DomainError::TooFewComparators: return "needs at least 4 comparators";
    case DomainError::NoPeriodRemaining: return "no period remains";
    case DomainError::PeriodsBelowReported: return "periods is fewer than the periods already reported";
    case DomainError::DayBelowOne: return "day must be 1 or more";
    case DomainError::DateOutOfRange: return "date is out of range";
    case DomainError::NotFinite: return "value is not a finite number";
    }
    return "unknown error";
}

} // namespace kpi::domain
