// SPC (XmR, Making Data Count rules). Reference vectors are published test data of two open
// implementations, used here as facts: inputs and expected numbers copied as data.

#include "domain/spc.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace kpi::domain;

namespace {

std::vector<SpcClass> classesOf(const std::vector<double>& points, Polarity polarity, const SpcOptions& options = {}) {
    std::vector<SpcClass> out(points.size());
    REQUIRE(spcClasses(points, polarity, options, out).ok());
    return out;
}

std::vector<SpcSignals> signalsOf(const std::vector<double>& points, const SpcOptions& options = {}) {
    const auto limits = spcLimits(points, options);
    REQUIRE(limits.ok());
    std::vector<SpcSignals> out(points.size());
    spcSignals(points, limits.value, options, out);
    return out;
}

// 'H' high-side signal of `rule`, 'L' low side, '.' none: one character per point.
std::string ruleMap(const std::vector<SpcSignals>& signals, SpcRule rule) {
    std::string map;
    const auto bit = static_cast<unsigned char>(rule);
    for (const auto& s : signals) map += (s.high & bit) ? 'H' : (s.low & bit) ? 'L' : '.';
    return map;
}

// A deterministic xorshift generator for the drawn-series tests: the same seed gives the same draws.
struct XorShift {
    std::uint64_t state;
    std::uint64_t operator()() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
};

} // namespace

// Source: nhs-pycom/nhspy-plotthedots, tests/unittests/test_limits_calculations.py
// (expected tuples: mean, lower process limit, upper process limit, near lower, near upper).
TEST_CASE("limits match the nhspy-plotthedots reference vectors", "[domain][spc][reference]") {
    struct Case {
        std::vector<double> values;
        double mean, lower, upper, nearLower, nearUpper;
    };
    const Case cases[] = {
        {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333},
        {{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5.5, 2.84, 8.16, 3.7266666666666666, 7.273333333333333},
        {{1, 2, 3, 4, 5, 4, 3, 2, 1, 2}, 2.7, 0.040000000000000036, 5.36, 0.9266666666666667, 4.473333333333334},
        {{1, 2, 3}, 2.0, -0.6600000000000001, 4.66, 0.22666666666666657, 3.7733333333333334},
        {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19},
         9.5, 6.84, 12.16, 7.726666666666667, 11.273333333333333},
        {{3, 1, 4, 1, 5, 9, 2}, 3.5714285714285716, -6.625238095238096, 13.768095238095238, -3.2263492063492065,
         10.36920634920635},
        {{1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2}, 3.0, -0.014666666666666828, 6.014666666666667,
         0.9902222222222221, 5.009777777777778},
        {{-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2}, -3.0, -6.014666666666667,
         0.014666666666666828, -5.009777777777778, -0.9902222222222221},
    };
    for (const auto& c : cases) {
        INFO("case " << (&c - cases));
        const auto limits = spcLimits(c.values);
        REQUIRE(limits.ok());
        CHECK(limits.value.mean == Approx(c.mean).margin(1e-9).epsilon(0));
        CHECK(limits.value.lower == Approx(c.lower).margin(1e-9).epsilon(0));
        CHECK(limits.value.upper == Approx(c.upper).margin(1e-9).epsilon(0));
        CHECK(limits.value.nearLower == Approx(c.nearLower).margin(1e-9).epsilon(0));
        CHECK(limits.value.nearUpper == Approx(c.nearUpper).margin(1e-9).epsilon(0));
    }
}

// Source: nhs-pycom/nhspy-plotthedots, tests/unittests/test_seven_point_trend.py (where a 7-point
// trend is first detected) and nhs-r-community/NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R
// (every point of a qualifying run is part of it). Here every point of the run is marked.
TEST_CASE("seven-point trends match the reference vectors", "[domain][spc][reference]") {
    CHECK(ruleMap(signalsOf({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), SpcRule::Trend) == "HHHHHHHHHH");
    CHECK(ruleMap(signalsOf({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}), SpcRule::Trend) == "LLLLLLLLLL");
    CHECK(ruleMap(signalsOf({1, 2, 3, 4, 5, 4, 3, 2, 1, 2}), SpcRule::Trend) == "..........");
    CHECK(ruleMap(signalsOf({1, 2, 3}), SpcRule::Trend) == "...");
    CHECK(ruleMap(signalsOf({1, 1, 1, 1, 1, 1, 1}), SpcRule::Trend) == ".......");
    CHECK(ruleMap(signalsOf({1, 2, 3, 2, 1, 2, 3, 4, 5, 6, 7, 4, 3, 2, 1, 2}), SpcRule::Trend) ==
          "....HHHHHHH.....");
    CHECK(ruleMap(signalsOf({-1, -2, -3, -2, -1, -2, -3, -4, -5, -6, -7, -4, -3, -2, -1, -2}), SpcRule::Trend) ==
          "....LLLLLLL.....");
    // NHSRplotthedots: 1:6 is no trend; c(1:3, 3:6) has a tie; c(2, 1:7, 3) marks the seven in the middle.
    CHECK(ruleMap(signalsOf({1, 2, 3, 4, 5, 6}), SpcRule::Trend) == "......");
    CHECK(ruleMap(signalsOf({1, 2, 3, 3, 4, 5, 6}), SpcRule::Trend) == ".......");
    CHECK(ruleMap(signalsOf({2, 1, 2, 3, 4, 5, 6, 7, 3}), SpcRule::Trend) == ".HHHHHHH.");
    CHECK(ruleMap(signalsOf({2, 7, 6, 5, 4, 3, 2, 1, 3}), SpcRule::Trend) == ".LLLLLLL.");
}

// Source: nhs-r-community/NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R ("it only reports special
// cause for 2 of 3 points close to limits when they are on the same side of the mean").
TEST_CASE("two points near opposite limits are common cause (reference)", "[domain][spc][reference]") {
    std::vector<double> data;
    for (int i = 0; i < 8; ++i) {
        data.push_back(1);
        data.push_back(-1);
    }
    data[14] = 5.5;
    data[15] = -5.5;
    const auto classes = classesOf(data, Polarity::Higher);
    CHECK(classes[14] == SpcClass::CommonCause);
    CHECK(classes[15] == SpcClass::CommonCause);
}

TEST_CASE("shift: runs of 7 (or 6) on one side of the mean; a point on the mean breaks the run",
          "[domain][spc]") {
    // mean of 7 x 1 and 7 x 3 is 2: fourteen points in two runs of 7
    const std::vector<double> twoRuns{1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3};
    CHECK(ruleMap(signalsOf(twoRuns), SpcRule::Shift) == "LLLLLLLHHHHHHH");
    // six below, one on the mean (2), then six above: no run of 7
    const std::vector<double> broken{1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3};
    CHECK(ruleMap(signalsOf(broken), SpcRule::Shift) == ".............");
    SpcOptions six;
    six.shiftLength = 6;
    CHECK(ruleMap(signalsOf(broken, six), SpcRule::Shift) == "LLLLLL.HHHHHH");
    SpcOptions sixTrend;
    sixTrend.trendLength = 6;
    CHECK(ruleMap(signalsOf({1, 2, 3, 4, 5, 6}, sixTrend), SpcRule::Trend) == "HHHHHH");
}

TEST_CASE("outside limits, and classes follow polarity", "[domain][spc]") {
    const std::vector<double> spike{5, 5, 5, 5, 5, 5, 5, 20};
    const auto limits = spcLimits(spike);
    REQUIRE(limits.ok());
    CHECK(limits.value.mean == Approx(6.875));
    CHECK(limits.value.meanMovingRange == Approx(15.0 / 7.0));
    const auto signals = signalsOf(spike);
    CHECK(ruleMap(signals, SpcRule::OutsideLimits) == ".......H");
    CHECK(ruleMap(signals, SpcRule::Shift) == "LLLLLLL.");
    CHECK(classesOf(spike, Polarity::Higher).back() == SpcClass::ImprovementHigh);
    CHECK(classesOf(spike, Polarity::Lower).back() == SpcClass::ConcernHigh);
    CHECK(classesOf(spike, Polarity::Neutral).back() == SpcClass::NeutralHigh);
    CHECK(classesOf(spike, Polarity::Higher).front() == SpcClass::ConcernLow);
    CHECK(classesOf(spike, Polarity::Lower).front() == SpcClass::ImprovementLow);
    CHECK(classesOf(spike, Polarity::Band).front() == SpcClass::NeutralLow);
    CHECK(spcClassText(SpcClass::ImprovementHigh) == "Improvement (high)");
    CHECK(spcClassText(SpcClass::CommonCause) == "Common cause");
}

TEST_CASE("a point that is both improvement and concern is an improvement", "[domain][spc]") {
    SpcSignals both;
    both.high = static_cast<unsigned char>(SpcRule::Shift);
    both.low = static_cast<unsigned char>(SpcRule::Trend);
    CHECK(spcClassify(both, Polarity::Higher) == SpcClass::ImprovementHigh);
    CHECK(spcClassify(both, Polarity::Lower) == SpcClass::ImprovementLow);
    CHECK(spcClassify(both, Polarity::Neutral) == SpcClass::NeutralHigh); // shift outranks trend
    both.low |= static_cast<unsigned char>(SpcRule::OutsideLimits);
    CHECK(spcClassify(both, Polarity::Neutral) == SpcClass::NeutralLow);
    CHECK(spcClassify(SpcSignals{}, Polarity::Higher) == SpcClass::CommonCause);
}

TEST_CASE("two-in-three: since 2023 a point beyond the limit counts; before 2023 it does not", "[domain][spc]") {
    // Twenty points alternating 0 and 2 (mean 1, mean moving range 2 -> limits 1 +/- 5.32, near 1 +/- 3.5467),
    // then 5 (beyond the near limit) and 7 (beyond the process limit) at the end: baseline = the first 20.
    std::vector<double> points;
    for (int i = 0; i < 10; ++i) {
        points.push_back(0);
        points.push_back(2);
    }
    points.push_back(5);
    points.push_back(7);
    SpcOptions since;
    since.baseline = 20;
    const auto limits = spcLimits(points, since);
    REQUIRE(limits.ok());
    CHECK(limits.value.upper == Approx(6.32));
    CHECK(limits.value.nearUpper == Approx(1 + 2 * 2.66 * 2 / 3));
    // window (2, 5, 7): not all above the mean (2 > 1 yes) -> all above; 5 and 7 beyond the near limit
    auto s = signalsOf(points, since);
    CHECK(ruleMap(s, SpcRule::TwoInThree).substr(19) == ".HH");
    SpcOptions before = since;
    before.twoInThree = TwoInThree::Before2023;
    s = signalsOf(points, before);
    CHECK(ruleMap(s, SpcRule::TwoInThree).substr(19) == "...");
    CHECK(ruleMap(s, SpcRule::OutsideLimits).substr(19) == "..H");
    // two of three near the limit, the middle one common: both marked, the middle one not
    std::vector<double> gap(points.begin(), points.begin() + 20);
    gap.insert(gap.end(), {5, 2, 5});
    CHECK(ruleMap(signalsOf(gap, before), SpcRule::TwoInThree).substr(20) == "H.H");
}

TEST_CASE("screening drops large moving ranges and recomputes once", "[domain][spc]") {
    const std::vector<double> points{10, 11, 10, 11, 10, 11, 10, 11, 10, 40, 10, 11};
    SpcOptions screened;
    screened.screen = true;
    const auto plain = spcLimits(points);
    const auto screen = spcLimits(points, screened);
    REQUIRE(plain.ok());
    REQUIRE(screen.ok());
    // moving ranges: 1 x 8, 30, 30, 1 -> mean 69/11; 30 >= 3.267 x 69/11 = 20.49, so both are dropped -> mean 1
    CHECK(plain.value.meanMovingRange == Approx(69.0 / 11.0));
    CHECK(screen.value.meanMovingRange == Approx(1.0));
    CHECK(screen.value.mean == plain.value.mean); // screening leaves the mean alone
    CHECK(screen.value.upper == Approx(plain.value.mean + 2.66));
    // a constant series has nothing to screen
    const std::vector<double> flat{3, 3, 3, 3};
    CHECK(spcLimits(flat, screened).value.meanMovingRange == 0.0);
}

TEST_CASE("baseline: limits from the first points only", "[domain][spc]") {
    const std::vector<double> points{1, 3, 1, 3, 50, 60};
    SpcOptions b;
    b.baseline = 4;
    const auto limits = spcLimits(points, b);
    REQUIRE(limits.ok());
    CHECK(limits.value.mean == Approx(2.0));
    CHECK(limits.value.upper == Approx(2 + 2.66 * 2));
    CHECK(limits.value.baselinePoints == 4);
    b.baseline = 100; // longer than the data: all points
    CHECK(spcLimits(points, b).value.baselinePoints == 6);
    b.baseline = 1;
    CHECK(spcLimits(points, b).error == DomainError::BaselineTooShort);
    CHECK(spcLimits(std::vector<double>{4}).error == DomainError::NoValues);
}

TEST_CASE("assurance compares the target with the process limits", "[domain][spc]") {
    SpcLimits limits;
    limits.mean = 50;
    limits.lower = 40;
    limits.upper = 60;
    CHECK(spcAssurance(limits, 70, Polarity::Higher) == Assurance::ConsistentlyFail);
    CHECK(spcAssurance(limits, 70, Polarity::Lower) == Assurance::ConsistentlyPass);
    CHECK(spcAssurance(limits, 30, Polarity::Higher) == Assurance::ConsistentlyPass);
    CHECK(spcAssurance(limits, 30, Polarity::Lower) == Assurance::ConsistentlyFail);
    CHECK(spcAssurance(limits, 55, Polarity::Higher) == Assurance::HitAndMiss);
    CHECK(spcAssurance(limits, 60, Polarity::Higher) == Assurance::HitAndMiss); // on the limit
    CHECK(spcAssurance(limits, 70, Polarity::Band) == Assurance::ConsistentlyFail);
    CHECK(spcAssurance(limits, 50, Polarity::Band) == Assurance::HitAndMiss);
    CHECK_FALSE(spcAssurance(limits, 70, Polarity::Neutral).has_value());
    CHECK(assuranceText(Assurance::HitAndMiss) == "Hit and miss");
}

namespace {

// Limits fixed by hand so that a reference vector of "side of the mean" (+1 / -1) and "close to the
// limits" flags can be replayed as points: close points sit at +/-2.5 (beyond the near limits +/-2,
// inside the process limits +/-3), others at +/-0.5.
SpcLimits unitLimits() {
    SpcLimits l;
    l.mean = 0;
    l.nearLower = -2;
    l.nearUpper = 2;
    l.lower = -3;
    l.upper = 3;
    return l;
}

std::string replay(const std::vector<int>& side, const std::vector<int>& close, SpcRule rule) {
    std::vector<double> points;
    for (std::size_t i = 0; i < side.size(); ++i) points.push_back(side[i] * (close.empty() || close[i] ? 2.5 : 0.5));
    std::vector<SpcSignals> out(points.size());
    spcSignals(points, unitLimits(), SpcOptions{}, out);
    return ruleMap(out, rule);
}

} // namespace

// Source: nhs-r-community/NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R
// (ptd_seven_point_one_side_mean and ptd_part_of_two_in_three vectors, all points on one side) and
// nhs-pycom/nhspy-plotthedots, tests/unittests/test_two_in_three.py (negative, relative_to_mean,
// close_to_limits cases). Every point of a qualifying run or window is marked.
TEST_CASE("shift and two-in-three match the reference flag vectors", "[domain][spc][reference]") {
    CHECK(replay({1, 1, 1, 1, 1, 1}, {0, 0, 0, 0, 0, 0}, SpcRule::Shift) == "......");
    CHECK(replay({1, 1, 1, 1, 1, 1, -1}, {0, 0, 0, 0, 0, 0, 0}, SpcRule::Shift) == ".......");
    CHECK(replay({1, 1, 1, 1, 1, 1, 1, 1, -1}, {0, 0, 0, 0, 0, 0, 0, 0, 0}, SpcRule::Shift) == "HHHHHHHH.");
    CHECK(replay({-1, -1, -1, -1, -1, -1, -1, -1, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 0}, SpcRule::Shift) == "LLLLLLLL.");
    CHECK(replay({-1, 1, 1, 1, 1, 1, 1, 1, 1, -1}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, SpcRule::Shift) == ".HHHHHHHH.");

    const std::vector<int> up7(7, 1);
    CHECK(replay({1, 1, 1}, {1, 0, 1}, SpcRule::TwoInThree) == "H.H");
    CHECK(replay({1, 1, 1}, {0, 1, 1}, SpcRule::TwoInThree) == ".HH");
    CHECK(replay({1, 1, 1}, {1, 1, 0}, SpcRule::TwoInThree) == "HH.");
    CHECK(replay({1, 1, 1}, {0, 0, 0}, SpcRule::TwoInThree) == "...");
    CHECK(replay(up7, {0, 0, 1, 0, 1, 0, 0}, SpcRule::TwoInThree) == "..H.H..");
    CHECK(replay(up7, {0, 0, 1, 1, 0, 0, 0}, SpcRule::TwoInThree) == "..HH...");
    CHECK(replay({1, 1, 1, 1}, {1, 0, 0, 1}, SpcRule::TwoInThree) == "....");
    CHECK(replay({1, 1, 1, 1, 1}, {1, 0, 0, 1, 1}, SpcRule::TwoInThree) == "...HH");
    // nhspy-plotthedots: three close points below the mean; close points on both sides; none close
    CHECK(replay({-1, -1, -1}, {1, 1, 1}, SpcRule::TwoInThree) == "LLL");
    CHECK(replay({1, -1, 1}, {1, 1, 1}, SpcRule::TwoInThree) == "...");
    CHECK(replay({1, 1, 1}, {0, 0, 0}, SpcRule::TwoInThree) == "...");
}

// spcLastClass works out only the last point (what KPI.SPC and the rules' spc() answer): on many series it
// must give exactly the class spcClasses gives the last point, for every polarity and option set, and the
// same errors. Values are drawn from a few levels so ties, runs, points on the mean and near-limit windows
// are frequent; a deterministic generator keeps the test reproducible.
TEST_CASE("the last point's class alone equals the last of every point's classes", "[domain][spc]") {
    XorShift next{0x9e3779b97f4a7c15ULL};
    const Polarity polarities[] = {Polarity::Higher, Polarity::Lower, Polarity::Band, Polarity::Neutral};
    std::size_t compared = 0, signalled = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::size_t n = 1 + next() % 30;
        const int levels = 2 + static_cast<int>(next() % 7);
        std::vector<double> points(n);
        for (double& x : points) x = static_cast<double>(next() % static_cast<std::uint64_t>(levels));
        if (next() % 4 == 0) points[next() % n] += 20.0; // an outlier somewhere
        SpcOptions options;
        options.shiftLength = next() % 9;
        options.trendLength = next() % 9;
        options.screen = next() % 2 == 0;
        options.twoInThree = next() % 2 == 0 ? TwoInThree::Since2023 : TwoInThree::Before2023;
        options.baseline = next() % 3 == 0 ? next() % (n + 2) : 0;
        const Polarity polarity = polarities[next() % 4];
        std::vector<SpcClass> all(n);
        const auto every = spcClasses(points, polarity, options, all);
        const auto last = spcLastClass(points, polarity, options);
        REQUIRE(every.error == last.error);
        if (!every) continue;
        const auto limits = spcLimits(points, options);
        std::vector<SpcSignals> signals(n);
        spcSignals(points, limits.value, options, signals);
        const SpcSignals lastSignals = spcLastSignals(points, limits.value, options);
        INFO("round " << round << ", " << n << " points");
        REQUIRE(lastSignals.high == signals.back().high);
        REQUIRE(lastSignals.low == signals.back().low);
        REQUIRE(last.value == all.back());
        ++compared;
        signalled += all.back() != SpcClass::CommonCause;
    }
    // The draw reaches both outcomes often (the comparison is not all common cause).
    CHECK(compared > 10000);
    CHECK(signalled > 2000);
    // An infinite point is an error either way.
    const std::vector<double> infinite{1, 2, std::numeric_limits<double>::infinity(), 3};
    CHECK(spcLastClass(infinite, Polarity::Higher, {}).error == DomainError::NotFinite);
}

// spcLimits adds the points and the moving ranges in one pass: the limits must be bit for bit those of
// the two plain sums in order (fractional values, so a different order of additions would show), with
// and without screening and a baseline, and a first point of -0 still gives a mean of +0.
TEST_CASE("the limits are the plain sums of the points and moving ranges in order", "[domain][spc]") {
    XorShift next{0x2545f4914f6cdd1dULL};
    auto same = [](double a, double b) { return std::signbit(a) == std::signbit(b) && (a == b || (a != a && b != b)); };
    for (int round = 0; round < 5000; ++round) {
        const std::size_t n = 2 + next() % 30;
        std::vector<double> points(n);
        for (double& x : points) x = static_cast<double>(next() % 2000001) / 997.0 - 1000.0;
        if (round % 7 == 0) points[0] = -0.0;
        if (round % 11 == 0)
            for (double& x : points) x = -0.0;
        SpcOptions options;
        options.screen = next() % 2 == 0;
        options.baseline = next() % 3 == 0 ? 2 + next() % n : 0;
        const std::size_t used = options.baseline == 0 || options.baseline > n ? n : options.baseline;
        double sum = 0.0;
        for (std::size_t i = 0; i < used; ++i) sum += points[i];
        double rangeSum = 0.0;
        for (std::size_t i = 1; i < used; ++i) rangeSum += std::fabs(points[i] - points[i - 1]);
        double meanRange = rangeSum / static_cast<double>(used - 1);
        if (options.screen && meanRange > 0.0) {
            double kept = 0.0;
            std::size_t count = 0;
            for (std::size_t i = 1; i < used; ++i)
                if (std::fabs(points[i] - points[i - 1]) < options.screenFactor * meanRange) {
                    kept += std::fabs(points[i] - points[i - 1]);
                    ++count;
                }
            if (count > 0) meanRange = kept / static_cast<double>(count);
        }
        const auto limits = spcLimits(points, options);
        INFO("round " << round);
        REQUIRE(limits.ok());
        CHECK(same(limits.value.mean, sum / static_cast<double>(used)));
        CHECK(same(limits.value.meanMovingRange, meanRange));
        CHECK(limits.value.baselinePoints == used);
    }
}

// spcLimits looks at the points one by one only when a sum is not finite: a point that is not finite
// (anywhere in the baseline, or after it for spcLastClass) is still NotFinite, and finite points whose
// sums overflow are still no error.
TEST_CASE("points that are not finite are errors, sums that overflow are not", "[domain][spc]") {
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (double bad : {inf, -inf, nan})
        for (std::size_t at = 0; at < 5; ++at) {
            std::vector<double> points{1, 2, 3, 4, 5};
            points[at] = bad;
            CHECK(spcLimits(points).error == DomainError::NotFinite);
            CHECK(spcLastClass(points, Polarity::Higher, {}).error == DomainError::NotFinite);
            SpcOptions baseline;
            baseline.baseline = 2; // a bad point after the baseline: no error for the limits, one for the class
            CHECK(spcLimits(points, baseline).error == (at < 2 ? DomainError::NotFinite : DomainError::None));
            CHECK(spcLastClass(points, Polarity::Higher, baseline).error == DomainError::NotFinite);
        }
    const std::vector<double> huge{1e308, 1e308, -1e308, 1e308};
    const auto limits = spcLimits(huge);
    REQUIRE(limits.ok());
    CHECK(std::isinf(limits.value.meanMovingRange));
    CHECK(spcLastClass(huge, Polarity::Higher, {}).ok());
}
