#pragma once
// Statistical process control, XmR ("individuals") charts with the NHS "Making Data Count" rules
// (KPI.SPC, KPI.SPCPOINTS, KPI.SPCLIMITS).
//
// The functions here work on the numeric points only, in order (callers drop blanks first; spcPoints
// in the front doors maps classes back to cell positions). Nothing allocates except where noted.

#include "domain/outcome.hpp"
#include "domain/polarity.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace kpi::domain {

// Which two-in-three rule: since 2023 the Making Data Count tools count a point beyond the process
// limit as beyond the near limit too; before 2023 only points between the near limit and the limit counted.
enum class TwoInThree : unsigned char { Since2023, Before2023 };

struct SpcOptions {
    std::size_t shiftLength = 7;  // points in a run on one side of the mean (6 in some tools)
    std::size_t trendLength = 7;  // points in a run each strictly higher / lower than the one before
    bool screen = false;          // drop moving ranges >= screenFactor x mean moving range, recompute once
    double screenFactor = 3.267;
    double limitFactor = 2.66;    // process limits: mean +/- limitFactor x mean moving range
    TwoInThree twoInThree = TwoInThree::Since2023;
    std::size_t baseline = 0;     // limits from the first `baseline` points; 0 = all points
};

struct SpcLimits {
    double mean = 0.0;
    double meanMovingRange = 0.0;
    double lower = 0.0;     // lower natural process limit
    double upper = 0.0;     // upper natural process limit
    double nearLower = 0.0; // mean - 2/3 x limitFactor x mean moving range
    double nearUpper = 0.0;
    std::size_t baselinePoints = 0; // how many points the limits came from
};

// Limits from the baseline points. Errors: NoValues (fewer than 2 points), BaselineTooShort
// (options.baseline == 1), NotFinite. A baseline longer than the data uses all points. Does not allocate.
Outcome<SpcLimits> spcLimits(std::span<const double> points, const SpcOptions& options = {});

// The class of one point. Improvement/concern follow polarity; band and neutral give Neutral (...).
enum class SpcClass : unsigned char {
    CommonCause,
    ImprovementHigh,
    ImprovementLow,
    ConcernHigh,
    ConcernLow,
    NeutralHigh,
    NeutralLow,
};

// "Common cause", "Improvement (high)", "Improvement (low)", "Concern (high)", "Concern (low)",
// "Neutral (high)", "Neutral (low)".
std::string_view spcClassText(SpcClass c);

// Which rules a point triggered, high side and low side separately (bit set per SpcRule).
enum class SpcRule : unsigned char {
    OutsideLimits = 1,
    Shift = 2,      // run on one side of the mean
    Trend = 4,      // run of increases / decreases
    TwoInThree = 8, // two or three of three beyond a near limit
};

struct SpcSignals {
    unsigned char high = 0; // SpcRule bits for signals on the high side (above mean / increasing)
    unsigned char low = 0;  // ... on the low side
};

// Marks every point with the rules it takes part in. `out` must have points.size() entries.
void spcSignals(std::span<const double> points, const SpcLimits& limits, const SpcOptions& options,
                std::span<SpcSignals> out);

// The class of a point from its signals and the polarity: none -> CommonCause; one side -> that side;
// both sides -> the improving side (for higher/lower); for band/neutral, the side of its strongest rule
// in order outside-limits, two-in-three, shift, trend (high when still tied).
SpcClass spcClassify(SpcSignals signals, Polarity polarity);

// Classes of every point in one go (signals then classify). `out` must have points.size() entries.
Outcome<SpcLimits> spcClasses(std::span<const double> points, Polarity polarity, const SpcOptions& options,
                              std::span<SpcClass> out);

// The signals of the last point only: what spcSignals gives for points.back(), without marking the others
// (a run counts for the last point only when the run ends there; two-in-three only through the last
// window). Empty points give no signals.
SpcSignals spcLastSignals(std::span<const double> points, const SpcLimits& limits, const SpcOptions& options);

// The class of the last point, the same as spcClasses(...) gives for points.back(), with the same errors.
Outcome<SpcClass> spcLastClass(std::span<const double> points, Polarity polarity, const SpcOptions& options);

enum class Assurance : unsigned char { ConsistentlyPass, ConsistentlyFail, HitAndMiss };

// "Consistently pass", "Consistently fail", "Hit and miss".
std::string_view assuranceText(Assurance a);

// Whether the process, as its limits show, will meet a target. target > upper: higher -> fail,
// lower -> pass; target < lower: the mirror; otherwise hit and miss. Band: outside the limits ->
// consistently fail. Neutral: nullopt (no assurance without a direction).
std::optional<Assurance> spcAssurance(const SpcLimits& limits, double target, Polarity polarity);

} // namespace kpi::domain
