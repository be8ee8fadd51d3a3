// XmR limits, the four Making Data Count rules, classification and assurance.

#include "domain/spc.hpp"

#include <cmath>
#include <vector>

namespace kpi::domain {
namespace {

constexpr unsigned char bit(SpcRule r) { return static_cast<unsigned char>(r); }

// Marks every point of each maximal run (of indices where `inRun(i)` holds, extended while
// `continues(i)` holds for the step into i) that is at least `length` long.
template <class StartsOrContinues, class Mark>
void markRuns(std::size_t n, std::size_t length, StartsOrContinues&& continues, Mark&& mark) {
    std::size_t start = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && continues(i)) continue;
        if (i - start >= length)
            for (std::size_t k = start; k < i; ++k) mark(k);
        start = i;
    }
}

} // namespace

namespace {

// spcLimits' work, written into `limits` (inline: spcLastClass runs it once per call of KPI.SPC).
[[gnu::always_inline]] inline DomainError limitsInto(std::span<const double> points, const SpcOptions& options,
                                                     SpcLimits& limits) {
    if (options.baseline == 1) return DomainError::BaselineTooShort;
    if (points.size() < 2) return DomainError::NoValues;
    const std::size_t n = (options.baseline == 0 || options.baseline > points.size()) ? points.size() : options.baseline;

    // One pass: the sum of the points and of the moving ranges, each added in order. A point that is not
    // finite leaves the sum not finite (NaN stays NaN, an infinity stays infinite or becomes NaN), so the
    // points are looked at one by one only then (finite points whose sum overflows are no error).
    const double* p = points.data();
    double sum = 0.0 + p[0]; // as 0.0 + points[0] + ...: a first -0 point adds up to +0
    double rangeSum = 0.0;
    for (std::size_t i = 1; i < n; ++i) {
        sum += p[i];
        rangeSum += std::fabs(p[i] - p[i - 1]);
    }
    if (!std::isfinite(sum) || !std::isfinite(rangeSum))
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(p[i])) return DomainError::NotFinite;
    double meanRange = rangeSum / static_cast<double>(n - 1);

    if (options.screen && meanRange > 0.0) {
        // Moving ranges at or above the screening limit are left out, and the mean is taken once more.
        const double cutoff = options.screenFactor * meanRange;
        double keptSum = 0.0;
        std::size_t kept = 0;
        for (std::size_t i = 1; i < n; ++i) {
            const double r = std::fabs(p[i] - p[i - 1]);
            if (r < cutoff) {
                keptSum += r;
                ++kept;
            }
        }
        if (kept > 0) meanRange = keptSum / static_cast<double>(kept);
    }

    limits.mean = sum / static_cast<double>(n);
    limits.meanMovingRange = meanRange;
    limits.lower = limits.mean - options.limitFactor * meanRange;
    limits.upper = limits.mean + options.limitFactor * meanRange;
    const double nearFactor = 2.0 * (options.limitFactor / 3.0);
    limits.nearLower = limits.mean - nearFactor * meanRange;
    limits.nearUpper = limits.mean + nearFactor * meanRange;
    limits.baselinePoints = n;
    return DomainError::None;
}

} // namespace

Outcome<SpcLimits> spcLimits(std::span<const double> points, const SpcOptions& options) {
    SpcLimits limits;
    if (const DomainError error = limitsInto(points, options, limits); error != DomainError::None) return error;
    return limits;
}

std::string_view spcClassText(SpcClass c) {
    switch (c) {
    case SpcClass::CommonCause: return "Common cause";
    case SpcClass::ImprovementHigh: return "Improvement (high)";
    case SpcClass::ImprovementLow: return "Improvement (low)";
    case SpcClass::ConcernHigh: return "Concern (high)";
    case SpcClass::ConcernLow: return "Concern (low)";
    case SpcClass::NeutralHigh: return "Neutral (high)";
    case SpcClass::NeutralLow: return "Neutral (low)";
    }
    return "";
}

void spcSignals(std::span<const double> points, const SpcLimits& limits, const SpcOptions& options,
                std::span<SpcSignals> out) {
    const std::size_t n = points.size() < out.size() ? points.size() : out.size();
    for (std::size_t i = 0; i < n; ++i) out[i] = {};

    // (1) outside the process limits
    for (std::size_t i = 0; i < n; ++i) {
        if (points[i] > limits.upper) out[i].high |= bit(SpcRule::OutsideLimits);
        if (points[i] < limits.lower) out[i].low |= bit(SpcRule::OutsideLimits);
    }

    // (2) shift: a run on one side of the mean; a point on the mean belongs to neither side
    auto side = [&](std::size_t i) { return points[i] > limits.mean ? 1 : (points[i] < limits.mean ? -1 : 0); };
    markRuns(
        n, options.shiftLength, [&](std::size_t i) { return side(i) != 0 && side(i) == side(i - 1); },
        [&](std::size_t k) {
            if (side(k) > 0) out[k].high |= bit(SpcRule::Shift);
            else if (side(k) < 0) out[k].low |= bit(SpcRule::Shift);
        });

    // (3) trend: each point strictly above (below) the one before; a tie ends the run
    markRuns(
        n, options.trendLength, [&](std::size_t i) { return points[i] > points[i - 1]; },
        [&](std::size_t k) { out[k].high |= bit(SpcRule::Trend); });
    markRuns(
        n, options.trendLength, [&](std::size_t i) { return points[i] < points[i - 1]; },
        [&](std::size_t k) { out[k].low |= bit(SpcRule::Trend); });

    // (4) two or three of three consecutive points beyond the same near limit, all on that side of the mean
    const bool since2023 = options.twoInThree == TwoInThree::Since2023;
    auto beyondHigh = [&](std::size_t i) {
        return points[i] > limits.nearUpper && (since2023 || points[i] <= limits.upper);
    };
    auto beyondLow = [&](std::size_t i) {
        return points[i] < limits.nearLower && (since2023 || points[i] >= limits.lower);
    };
    for (std::size_t i = 0; i + 2 < n; ++i) {
        const bool allAbove = points[i] > limits.mean && points[i + 1] > limits.mean && points[i + 2] > limits.mean;
        const bool allBelow = points[i] < limits.mean && points[i + 1] < limits.mean && points[i + 2] < limits.mean;
        if (allAbove && (beyondHigh(i) + beyondHigh(i + 1) + beyondHigh(i + 2)) >= 2)
            for (std::size_t k = i; k < i + 3; ++k)
                if (beyondHigh(k)) out[k].high |= bit(SpcRule::TwoInThree);
        if (allBelow && (beyondLow(i) + beyondLow(i + 1) + beyondLow(i + 2)) >= 2)
            for (std::size_t k = i; k < i + 3; ++k)
                if (beyondLow(k)) out[k].low |= bit(SpcRule::TwoInThree);
    }
}

SpcClass spcClassify(SpcSignals signals, Polarity polarity) {
    if (signals.high == 0 && signals.low == 0) return SpcClass::CommonCause;
    switch (polarity) {
    case Polarity::Higher:
        return signals.high != 0 ? SpcClass::ImprovementHigh : SpcClass::ConcernLow;
    case Polarity::Lower:
        return signals.low != 0 ? SpcClass::ImprovementLow : SpcClass::ConcernHigh;
    default: break;
    }
    if (signals.low == 0) return SpcClass::NeutralHigh;
    if (signals.high == 0) return SpcClass::NeutralLow;
    for (SpcRule rule : {SpcRule::OutsideLimits, SpcRule::TwoInThree, SpcRule::Shift, SpcRule::Trend}) {
        const bool high = (signals.high & bit(rule)) != 0;
        const bool low = (signals.low & bit(rule)) != 0;
        if (high != low) return high ? SpcClass::NeutralHigh : SpcClass::NeutralLow;
    }
    return SpcClass::NeutralHigh;
}

Outcome<SpcLimits> spcClasses(std::span<const double> points, Polarity polarity, const SpcOptions& options,
                              std::span<SpcClass> out) {
    const Outcome<SpcLimits> limits = spcLimits(points, options);
    if (!limits) return limits;
    for (double x : points)
        if (!std::isfinite(x)) return DomainError::NotFinite;
    // Up to 256 points the signals live on the stack; longer series allocate once.
    SpcSignals buffer[256];
    if (points.size() <= 256) {
        spcSignals(points, limits.value, options, std::span<SpcSignals>(buffer, points.size()));
        for (std::size_t i = 0; i < points.size() && i < out.size(); ++i) out[i] = spcClassify(buffer[i], polarity);
        return limits;
    }
    std::vector<SpcSignals> signals(points.size());
    spcSignals(points, limits.value, options, signals);
    for (std::size_t i = 0; i < points.size() && i < out.size(); ++i) out[i] = spcClassify(signals[i], polarity);
    return limits;
}

namespace {

// spcLastSignals' work (inline: spcLastClass runs it once per call of KPI.SPC). The runs that end at the
// last point are cut as markRuns cuts them: a run starts after the last step into i that does not continue it.
[[gnu::always_inline]] inline SpcSignals lastSignals(std::span<const double> points, const SpcLimits& limits,
                                                     const SpcOptions& options) {
    SpcSignals signals;
    const std::size_t n = points.size();
    if (n == 0) return signals;
    const double* p = points.data();
    const double last = p[n - 1];
    const double mean = limits.mean;
    // (1) outside the process limits
    if (last > limits.upper) signals.high |= bit(SpcRule::OutsideLimits);
    if (last < limits.lower) signals.low |= bit(SpcRule::OutsideLimits);
    // (2) shift: the points before the last on its side of the mean (a point on the mean is on neither)
    std::size_t start = n - 1;
    if (last > mean) {
        while (start > 0 && p[start - 1] > mean) --start;
        if (n - start >= options.shiftLength) signals.high |= bit(SpcRule::Shift);
    } else if (last < mean) {
        while (start > 0 && p[start - 1] < mean) --start;
        if (n - start >= options.shiftLength) signals.low |= bit(SpcRule::Shift);
    }
    // (3) trend: each point strictly above (below) the one before
    start = n - 1;
    while (start > 0 && p[start] > p[start - 1]) --start;
    if (n - start >= options.trendLength) signals.high |= bit(SpcRule::Trend);
    start = n - 1;
    while (start > 0 && p[start] < p[start - 1]) --start;
    if (n - start >= options.trendLength) signals.low |= bit(SpcRule::Trend);
    // (4) two in three: the last point is only in the window of the last three points
    if (n >= 3) {
        const bool since2023 = options.twoInThree == TwoInThree::Since2023;
        auto beyondHigh = [&](std::size_t i) {
            return p[i] > limits.nearUpper && (since2023 || p[i] <= limits.upper);
        };
        auto beyondLow = [&](std::size_t i) {
            return p[i] < limits.nearLower && (since2023 || p[i] >= limits.lower);
        };
        const std::size_t i = n - 3;
        const bool allAbove = p[i] > mean && p[i + 1] > mean && p[i + 2] > mean;
        const bool allBelow = p[i] < mean && p[i + 1] < mean && p[i + 2] < mean;
        if (allAbove && beyondHigh(n - 1) && (beyondHigh(i) + beyondHigh(i + 1)) >= 1)
            signals.high |= bit(SpcRule::TwoInThree);
        if (allBelow && beyondLow(n - 1) && (beyondLow(i) + beyondLow(i + 1)) >= 1)
            signals.low |= bit(SpcRule::TwoInThree);
    }
    return signals;
}

} // namespace

SpcSignals spcLastSignals(std::span<const double> points, const SpcLimits& limits, const SpcOptions& options) {
    return lastSignals(points, limits, options);
}

Outcome<SpcClass> spcLastClass(std::span<const double> points, Polarity polarity, const SpcOptions& options) {
    // Limits, signals and class in one frame: nothing but the class is handed back.
    SpcLimits limits;
    if (const DomainError error = limitsInto(points, options, limits); error != DomainError::None) return error;
    // limitsInto has checked the baseline points; the points after it are checked here.
    for (std::size_t i = limits.baselinePoints; i < points.size(); ++i)
        if (!std::isfinite(points[i])) return DomainError::NotFinite;
    return spcClassify(lastSignals(points, limits, options), polarity);
}

std::string_view assuranceText(Assurance a) {
    switch (a) {
    case Assurance::ConsistentlyPass: return "Consistently pass";
    case Assurance::ConsistentlyFail: return "Consistently fail";
    case Assurance::HitAndMiss: return "Hit and miss";
    }
    return "";
}

std::optional<Assurance> spcAssurance(const SpcLimits& limits, double target, Polarity polarity) {
    const bool above = target > limits.upper;
    const bool below = target < limits.lower;
    switch (polarity) {
    case Polarity::Higher:
        if (above) return Assurance::ConsistentlyFail;
        if (below) return Assurance::ConsistentlyPass;
        return Assurance::HitAndMiss;
    case Polarity::Lower:
        if (above) return Assurance::ConsistentlyPass;
        if (below) return Assurance::ConsistentlyFail;
        return Assurance::HitAndMiss;
    case Polarity::Band:
        return (above || below) ? Assurance::ConsistentlyFail : Assurance::HitAndMiss;
    case Polarity::Neutral: return std::nullopt;
    }
    return std::nullopt;
}

} // namespace kpi::domain
