// Year-end forecast and required run rate.

#include "domain/forecast.hpp"

#include "core/text_key.hpp"

#include <array>
#include <cmath>

namespace kpi::domain {
namespace {

struct SoFar {
    double sum = 0.0;
    std::size_t count = 0;
    std::size_t elapsed = 0; // position (1-based) of the last numeric value; 0 when none
};

SoFar soFar(Series values) {
    SoFar s;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (isBlank(values[i])) continue;
        s.sum += values[i];
        ++s.count;
        s.elapsed = i + 1;
    }
    return s;
}

} // namespace

std::optional<Aggregation> parseAggregation(std::string_view text) {
    constexpr std::array<std::string_view, 3> sum{"sum", "total", "count"};
    constexpr std::array<std::string_view, 4> average{"average", "mean", "avg", "rate"};
    constexpr std::array<std::string_view, 5> last{"last", "latest", "stock", "cumulative", "ytd"};
    const FoldedKey key(text);
    for (auto k : sum)
        if (key == k) return Aggregation::Sum;
    for (auto k : average)
        if (key == k) return Aggregation::Average;
    for (auto k : last)
        if (key == k) return Aggregation::Last;
    return std::nullopt;
}

std::string_view aggregationName(Aggregation aggregation) {
    switch (aggregation) {
    case Aggregation::Sum: return "sum";
    case Aggregation::Average: return "average";
    case Aggregation::Last: return "last";
    }
    return "sum";
}

Outcome<double> forecast(Series values, std::size_t periods, Aggregation aggregation) {
    if (periods == 0) periods = values.size();
    const SoFar s = soFar(values);
    if (s.count == 0) return DomainError::NoValues;
    if (!std::isfinite(s.sum)) return DomainError::NotFinite;
    if (periods < s.elapsed) return DomainError::PeriodsBelowReported;
    const double mean = s.sum / static_cast<double>(s.count);
    switch (aggregation) {
    case Aggregation::Sum: return s.sum + mean * static_cast<double>(periods - s.elapsed);
    case Aggregation::Average: return mean;
    case Aggregation::Last: {
        if (s.count == 1) return s.sum;
        // Least squares over (position, value), positions 1-based; centred sums for accuracy.
        double meanX = 0.0;
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!isBlank(values[i])) meanX += static_cast<double>(i + 1);
        meanX /= static_cast<double>(s.count);
        double sxx = 0.0;
        double sxy = 0.0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (isBlank(values[i])) continue;
            const double dx = static_cast<double>(i + 1) - meanX;
            sxx += dx * dx;
            sxy += dx * (values[i] - mean);
        }
        const double slope = sxy / sxx;
        return mean + slope * (static_cast<double>(periods) - meanX);
    }
    }
    return DomainError::NoValues;
}

Outcome<double> required(Series values, double annual, std::size_t periods, Aggregation aggregation) {
    if (periods == 0) periods = values.size();
    if (!std::isfinite(annual)) return DomainError::NotFinite;
    const SoFar s = soFar(values);
    if (!std::isfinite(s.sum)) return DomainError::NotFinite;
    if (periods < s.elapsed) return DomainError::PeriodsBelowReported;
    const std::size_t remaining = periods - s.elapsed;
    if (remaining == 0) return DomainError::NoPeriodRemaining;
    const auto left = static_cast<double>(remaining);
    switch (aggregation) {
    case Aggregation::Sum: return (annual - s.sum) / left;
    case Aggregation::Average: return (annual * static_cast<double>(periods) - s.sum) / left;
    case Aggregation::Last: return annual;
    }
    return annual;
}

} // namespace kpi::domain
