// Direction of travel.

#include "domain/trend.hpp"

#include <cmath>

namespace kpi::domain {

std::string_view trendText(Trend trend) {
    switch (trend) {
    case Trend::Improving: return "Improving";
    case Trend::Worsening: return "Worsening";
    case Trend::NoChange: return "No change";
    case Trend::Up: return "Up";
    case Trend::Down: return "Down";
    case Trend::NoComparison: return "";
    }
    return "";
}

Outcome<Trend> trend(Series values, Polarity polarity, std::size_t lag, double tolerance) {
    if (lag < 1) return DomainError::LagBelowOne;
    if (!std::isfinite(tolerance)) return DomainError::NotFinite;
    if (tolerance < 0.0) return DomainError::NegativeTolerance;

    std::size_t lastIndex = values.size();
    for (std::size_t i = values.size(); i-- > 0;)
        if (!isBlank(values[i])) {
            lastIndex = i;
            break;
        }
    if (lastIndex == values.size()) return Trend::NoComparison;

    double earlier = blankValue;
    if (lag == 1) {
        for (std::size_t i = lastIndex; i-- > 0;)
            if (!isBlank(values[i])) {
                earlier = values[i];
                break;
            }
    } else if (lastIndex >= lag) {
        earlier = values[lastIndex - lag];
    }
    if (isBlank(earlier)) return Trend::NoComparison;

    const double latest = values[lastIndex];
    if (!std::isfinite(latest) || !std::isfinite(earlier)) return DomainError::NotFinite;
    const double change = latest - earlier;
    const bool unchanged = earlier == 0.0 ? latest == 0.0 : atMost(std::fabs(change) / std::fabs(earlier), tolerance);
    if (unchanged) return Trend::NoChange;
    const bool up = change > 0.0;
    switch (polarity) {
    case Polarity::Higher: return up ? Trend::Improving : Trend::Worsening;
    case Polarity::Lower: return up ? Trend::Worsening : Trend::Improving;
    default: return up ? Trend::Up : Trend::Down;
    }
}

} // namespace kpi::domain
