// Benchmark quartiles (QUARTILE.INC).

#include "domain/quartile.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace kpi::domain {
namespace {

double quartileInc(std::span<const double> sorted, int q) {
    const double position = static_cast<double>(sorted.size() - 1) * q / 4.0;
    const auto below = static_cast<std::size_t>(std::floor(position));
    const double fraction = position - static_cast<double>(below);
    if (below + 1 >= sorted.size() || fraction == 0.0) return sorted[below];
    return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

Quartile place(double value, const QuartileBoundaries& b, Polarity polarity) {
    if (polarity == Polarity::Lower) {
        if (value <= b.q1) return Quartile::Top;
        if (value <= b.q2) return Quartile::Second;
        if (value <= b.q3) return Quartile::Third;
        return Quartile::Bottom;
    }
    if (value >= b.q3) return Quartile::Top;
    if (value >= b.q2) return Quartile::Second;
    if (value >= b.q1) return Quartile::Third;
    return Quartile::Bottom;
}

} // namespace

Outcome<QuartileBoundaries> quartileBoundariesSorted(std::span<const double> sorted) {
    if (sorted.empty()) return DomainError::NoValues;
    return QuartileBoundaries{quartileInc(sorted, 1), quartileInc(sorted, 2), quartileInc(sorted, 3)};
}

std::string_view quartileText(Quartile q) {
    switch (q) {
    case Quartile::Top: return "Top quartile";
    case Quartile::Second: return "Second quartile";
    case Quartile::Third: return "Third quartile";
    case Quartile::Bottom: return "Bottom quartile";
    }
    return "";
}

Outcome<Quartile> benchmarkQuartile(double value, Series comparators, Polarity polarity) {
    if (polarity != Polarity::Higher && polarity != Polarity::Lower) return DomainError::PolarityNotHigherOrLower;
    if (!std::isfinite(value)) return DomainError::NotFinite;
    std::array<double, 64> small{};
    std::vector<double> large;
    std::size_t n = 0;
    for (double c : comparators)
        if (!isBlank(c)) ++n;
    if (n < 4) return DomainError::TooFewComparators;
    if (n > small.size()) large.resize(n);
    const std::span<double> sorted = n > small.size() ? std::span<double>(large) : std::span<double>(small.data(), n);
    std::size_t k = 0;
    for (double c : comparators) {
        if (isBlank(c)) continue;
        if (!std::isfinite(c)) return DomainError::NotFinite;
        sorted[k++] = c;
    }
    std::sort(sorted.begin(), sorted.end());
    const Outcome<QuartileBoundaries> b = quartileBoundariesSorted(sorted);
    if (!b) return b.error;
    return place(value, b.value, polarity);
}

} // namespace kpi::domain
