// Profiled targets.

#include "domain/target_profile.hpp"

#include "core/text_key.hpp"

#include <array>
#include <cmath>

namespace kpi::domain {
namespace {

double weightAt(std::span<const double> weights, std::size_t i) {
    return std::isnan(weights[i]) ? 0.0 : weights[i];
}

} // namespace

std::optional<ProfileMode> parseProfileMode(std::string_view text) {
    constexpr std::array<std::string_view, 4> cumulative{"cumulative", "cum", "ytd", "todate"};
    constexpr std::array<std::string_view, 4> discrete{"discrete", "period", "inperiod", "monthly"};
    constexpr std::array<std::string_view, 3> level{"level", "flat", "rate"};
    const FoldedKey key(text);
    for (auto k : cumulative)
        if (key == k) return ProfileMode::Cumulative;
    for (auto k : discrete)
        if (key == k) return ProfileMode::Discrete;
    for (auto k : level)
        if (key == k) return ProfileMode::Level;
    return std::nullopt;
}

std::string_view profileModeName(ProfileMode mode) {
    switch (mode) {
    case ProfileMode::Cumulative: return "cumulative";
    case ProfileMode::Discrete: return "discrete";
    case ProfileMode::Level: return "level";
    }
    return "cumulative";
}

Outcome<double> profiledTarget(double annual, std::size_t period, std::size_t periods, ProfileMode mode) {
    if (!std::isfinite(annual)) return DomainError::NotFinite;
    if (periods < 1) return DomainError::NotEnoughPeriods;
    if (period < 1 || period > periods) return DomainError::PeriodOutOfRange;
    const auto n = static_cast<double>(periods);
    switch (mode) {
    case ProfileMode::Cumulative: return annual * static_cast<double>(period) / n;
    case ProfileMode::Discrete: return annual / n;
    case ProfileMode::Level: return annual;
    }
    return annual;
}

DomainError checkWeights(std::span<const double> weights) {
    if (weights.empty()) return DomainError::NotEnoughPeriods;
    double total = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double w = weightAt(weights, i);
        if (!std::isfinite(w)) return DomainError::NotFinite;
        if (w < 0.0) return DomainError::NegativeWeight;
        total += w;
    }
    return total > 0.0 ? DomainError::None : DomainError::AllWeightsZero;
}

Outcome<double> profiledTarget(double annual, std::size_t period, std::span<const double> weights,
                               ProfileMode mode) {
    if (!std::isfinite(annual)) return DomainError::NotFinite;
    if (const DomainError e = checkWeights(weights); e != DomainError::None) return e;
    if (period < 1 || period > weights.size()) return DomainError::PeriodOutOfRange;
    double total = 0.0;
    double toDate = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        total += weightAt(weights, i);
        if (i < period) toDate += weightAt(weights, i);
    }
    switch (mode) {
    case ProfileMode::Cumulative: return annual * toDate / total;
    case ProfileMode::Discrete: return annual * weightAt(weights, period - 1) / total;
    case ProfileMode::Level: return annual;
    }
    return annual;
}

} // namespace kpi::domain
