#pragma once
// Polarity (which direction is good), tolerance basis, and shortfall: the vocabulary every
// status-like function shares.

#include "domain/outcome.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

namespace kpi::domain {

// higher: higher is better; lower: lower is better; band: on target is best (goal post);
// neutral: no better direction.
enum class Polarity : unsigned char { Higher, Lower, Band, Neutral };

// Every alias of the spec, matched as headers are (case, spaces and punctuation ignored):
// higher/up/max/maximise/maximize/"higher is better"/"more is better"/"bigger is better"/"1";
// lower/down/min/minimise/minimize/"lower is better"/"less is better"/"smaller is better"/"-1";
// band/"goal post"/target; neutral/none/"0". Anything else: nullopt. Does not allocate for short ASCII.
std::optional<Polarity> parsePolarity(std::string_view text);

// 1 -> Higher, -1 -> Lower, 0 -> Neutral; anything else nullopt.
std::optional<Polarity> polarityFromNumber(double code);

// The canonical lower-case name: "higher", "lower", "band", "neutral".
std::string_view polarityName(Polarity polarity);

// The accepted alias spellings of each polarity (for docs and "did you mean" hints).
std::span<const std::string_view> polarityAliases(Polarity polarity);

// percent: tolerances are fractions of |target|; points: tolerances in the indicator's own units.
enum class Basis : unsigned char { Percent, Points };

// "percent" (also "%", "pct", "percentage", "relative") or "points" (also "point", "pts", "absolute", "units").
std::optional<Basis> parseBasis(std::string_view text);
std::string_view basisName(Basis basis);

// How far `actual` is worse than `target`, positive when worse:
// higher: T - A; lower: A - T; band: |A - T|; divided by |T| for Basis::Percent.
// T = 0 with Basis::Percent: higher -> 0 when A >= 0 else +infinity; lower -> 0 when A <= 0 else
// +infinity; band -> 0 when A = 0 else +infinity. Neutral has no shortfall: NeutralPolarity.
// Defined here, inline: the rules' shortfall() calls it once per period of every row.
inline Outcome<double> shortfall(double actual, double target, Polarity polarity, Basis basis) {
    if (!std::isfinite(actual) || !std::isfinite(target)) return DomainError::NotFinite;
    double gap = 0.0;
    switch (polarity) {
    case Polarity::Higher: gap = target - actual; break;
    case Polarity::Lower: gap = actual - target; break;
    case Polarity::Band: gap = std::fabs(actual - target); break;
    case Polarity::Neutral: return DomainError::NeutralPolarity;
    }
    if (basis == Basis::Points) return gap;
    if (target == 0.0) {
        constexpr double infinity = std::numeric_limits<double>::infinity();
        switch (polarity) {
        case Polarity::Higher: return actual >= 0.0 ? 0.0 : infinity;
        case Polarity::Lower: return actual <= 0.0 ? 0.0 : infinity;
        default: return actual == 0.0 ? 0.0 : infinity;
        }
    }
    return gap / std::fabs(target);
}

} // namespace kpi::domain
