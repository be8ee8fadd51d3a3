// Calls through the table, as the add-in and the rules language make them: argument conversion,
// defaults, omitted arguments, blanks, text numbers, errors naming the argument, arrays.

#include "functions/library.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <vector>

using namespace kpi::functions;
using kpi::Range;
using kpi::Value;

namespace {

Value num(double n) { return Value::number(n); }
Value txt(std::string s) { return Value::text(std::move(s)); }
const Argument omitted{};

Range column(std::initializer_list<Value> cells) {
    Range r(cells.size(), 1);
    std::size_t i = 0;
    for (const auto& c : cells) r.cells[i++] = c;
    return r;
}

Result run(std::string_view name, std::vector<Argument> args, double today = 45400) {
    const FunctionSpec* f = findFunction(name);
    REQUIRE(f != nullptr);
    return call(*f, args, CallContext{today});
}

Value single(const Result& r) {
    REQUIRE(std::holds_alternative<Value>(r));
    return std::get<Value>(r);
}

std::string textOf(const Result& r) {
    const Value v = single(r);
    if (v.isError()) FAIL("error: " << v.asText());
    REQUIRE(v.isText());
    return v.asText();
}

double numberOf(const Result& r) {
    const Value v = single(r);
    if (v.isError()) FAIL("error: " << v.asText());
    REQUIRE(v.isNumber());
    return v.asNumber();
}

std::string errorOf(const Result& r) {
    const Value v = single(r);
    REQUIRE(v.isError());
    return v.asText();
}

} // namespace

TEST_CASE("arity is checked; omitted and empty arguments take defaults", "[functions][call]") {
    CHECK(errorOf(run("STATUS", {num(1)})) == "STATUS: expects 2 to 6 arguments, got 1");
    CHECK(errorOf(run("SMART", {num(1), num(1), num(1)})) == "SMART: expects 2 arguments, got 3");
    CHECK(textOf(run("STATUS", {num(96), num(100)})) == "Amber");
    CHECK(textOf(run("STATUS", {num(96), num(100), omitted, omitted, omitted, omitted})) == "Amber"); // ;;
    CHECK(textOf(run("STATUS", {num(96), num(100), Value::blank(), Value::blank()})) == "Amber");
    CHECK(textOf(run("STATUS", {omitted, num(100)})) == "No data"); // an empty cell passed as void
}

TEST_CASE("STATUS converts text numbers, placeholders and polarity words", "[functions][status]") {
    CHECK(textOf(run("STATUS", {txt("95%"), txt("100%")})) == "Amber");
    CHECK(textOf(run("STATUS", {txt("1,234"), num(1234)})) == "Green");
    CHECK(textOf(run("STATUS", {txt("n/a"), num(100)})) == "No data");
    CHECK(textOf(run("STATUS", {txt(" - "), num(100)})) == "No data");
    CHECK(textOf(run("STATUS", {num(50), txt("tbc")})) == "No target");
    CHECK(textOf(run("STATUS", {num(110), num(100), txt("Lower is better")})) == "Red");
    CHECK(textOf(run("STATUS", {num(110), num(100), num(-1)})) == "Red");
    CHECK(textOf(run("STATUS", {num(78), num(80), txt("higher"), num(0), num(2), txt("points")})) == "Amber");
    CHECK(textOf(run("STATUS", {Range(column({num(96)})), num(100)})) == "Amber"); // a 1x1 range
    CHECK(errorOf(run("STATUS", {num(1), num(1), txt("sideways")})) ==
          "polarity: \"sideways\" is not a polarity (use higher, lower, band or neutral)");
    CHECK(errorOf(run("STATUS", {num(1), num(1), txt("neutral")})) == "polarity: polarity neutral has no better direction");
    CHECK(errorOf(run("STATUS", {num(1), num(1), omitted, num(0.1), num(0.05)})) ==
          "amber_tolerance: amber tolerance is below green tolerance");
    CHECK(errorOf(run("STATUS", {txt("awaited"), num(1)})) == "actual: \"awaited\" is not a number");
    CHECK(errorOf(run("STATUS", {column({num(1), num(2)}), num(1)})) == "actual: expects a single value, not a range");
    CHECK(errorOf(run("STATUS", {num(1), num(1), omitted, omitted, omitted, txt("miles")})) ==
          "basis: \"miles\" is not one of percent, points");
    CHECK(errorOf(run("STATUS", {Value::error("#DIV/0!"), num(1)})) == "actual: #DIV/0!");
}

TEST_CASE("VARIANCE and TARGET", "[functions][variance][target]") {
    CHECK(numberOf(run("VARIANCE", {num(90), num(100), txt("lower")})) == Approx(0.1));
    CHECK(numberOf(run("VARIANCE", {num(85), num(80), omitted, txt("points")})) == Approx(5));
    CHECK(errorOf(run("VARIANCE", {num(5), num(0)})) == "target: a percent variance needs a non-zero target");
    CHECK(textOf(run("VARIANCE", {txt("n/a"), num(100)})).empty());
    CHECK(numberOf(run("TARGET", {num(1200), num(3)})) == Approx(300));
    CHECK(numberOf(run("TARGET", {num(400), num(2), num(4), txt("discrete")})) == Approx(100));
    CHECK(numberOf(run("TARGET", {num(95), num(7), omitted, txt("level")})) == 95);
    const Range weights = column({num(6), num(7), num(8), num(9), num(9), num(9), num(9), num(9), num(9), num(8), num(8), num(9)});
    CHECK(numberOf(run("TARGET", {num(1000), num(3), weights})) == Approx(210));
    CHECK(errorOf(run("TARGET", {num(1200), num(13)})) == "period: period is outside the year");
    CHECK(errorOf(run("TARGET", {num(100), num(1), column({num(0), num(0)})})) == "profile: weights are all zero");
    CHECK(errorOf(run("TARGET", {num(100), num(1), column({num(1), num(-1)})})) == "profile: weights must not be negative");
}

TEST_CASE("LAST and TREND", "[functions][last][trend]") {
    const Range values = column({num(5), num(7), txt("n/a"), Value::blank()});
    CHECK(numberOf(run("LAST", {values})) == 7);
    const Range labels = column({txt("Apr"), txt("May"), txt("Jun"), txt("Jul")});
    CHECK(textOf(run("LAST", {values, labels})) == "May");
    CHECK(textOf(run("LAST", {column({txt(""), txt("-")})})).empty());
    CHECK(errorOf(run("LAST", {values, column({txt("Apr")})})) == "labels: must be the same size as values");
    CHECK(textOf(run("TREND", {column({num(10), num(12)})})) == "Improving");
    CHECK(textOf(run("TREND", {column({num(10), num(12)}), txt("lower")})) == "Worsening");
    CHECK(textOf(run("TREND", {column({num(10), num(10)})})) == "No change");
    CHECK(textOf(run("TREND", {column({num(10), num(12)}), txt("band")})) == "Up");
    CHECK(textOf(run("TREND", {column({num(100), num(101)}), omitted, omitted, num(0.02)})) == "No change");
    CHECK(textOf(run("TREND", {column({num(10), txt("1,2")})})).empty()); // text that is not a number is skipped
    CHECK(errorOf(run("TREND", {column({num(1), num(2)}), omitted, num(0)})) == "lag: lag must be 1 or more");
}

TEST_CASE("SPC, SPCPOINTS and SPCLIMITS", "[functions][spc]") {
    const Range spike = column({num(5), num(5), num(5), num(5), num(5), num(5), num(5), num(20)});
    CHECK(textOf(run("SPC", {spike})) == "Improvement (high)");
    CHECK(textOf(run("SPC", {spike, txt("lower")})) == "Concern (high)");
    CHECK(textOf(run("SPC", {spike, txt("neutral")})) == "Neutral (high)");
    CHECK(textOf(run("SPC", {column({num(1), num(3), num(1), num(3)})})) == "Common cause");
    CHECK(textOf(run("SPC", {column({num(1), txt("n/a")})})).empty()); // fewer than 2 points
    CHECK(textOf(run("SPC", {spike, txt("higher"), txt("assurance"), num(100)})) == "Consistently fail");
    CHECK(textOf(run("SPC", {spike, txt("lower"), txt("assurance"), num(100)})) == "Consistently pass");
    CHECK(textOf(run("SPC", {spike, txt("higher"), txt("assurance"), num(7)})) == "Hit and miss");
    CHECK(textOf(run("SPC", {spike, txt("neutral"), txt("assurance"), num(7)})).empty());
    CHECK(errorOf(run("SPC", {spike, omitted, txt("assurance")})) == "target: is needed for assurance");
    CHECK(errorOf(run("SPC", {spike, omitted, txt("colour")})) == "what: \"colour\" is not one of variation, assurance");
    CHECK(errorOf(run("SPC", {spike, omitted, omitted, omitted, num(1)})) == "baseline: baseline needs at least 2 points");

    // SPCPOINTS keeps the shape; a blank input gives an empty string; common cause too.
    Range row(1, 9);
    const double data[] = {1, 2, 3, 4, 5, 6, 7};
    for (std::size_t i = 0; i < 7; ++i) row.cells[i] = num(data[i]);
    row.cells[7] = Value::blank();
    row.cells[8] = txt("tbc");
    const Result points = run("SPCPOINTS", {row});
    REQUIRE(std::holds_alternative<Range>(points));
    const Range& out = std::get<Range>(points);
    CHECK(out.rows == 1);
    CHECK(out.cols == 9);
    for (std::size_t i = 0; i < 7; ++i) CHECK(out.cells[i] == txt("Improvement (high)"));
    CHECK(out.cells[7] == txt(""));
    CHECK(out.cells[8] == txt(""));

    const Result limits = run("SPCLIMITS", {column({num(1), num(3), num(1), num(3)})});
    REQUIRE(std::holds_alternative<Range>(limits));
    const Range& l = std::get<Range>(limits);
    REQUIRE(l.rows == 1);
    REQUIRE(l.cols == 3);
    CHECK(l.cells[0].asNumber() == Approx(2));
    CHECK(l.cells[1].asNumber() == Approx(-3.32));
    CHECK(l.cells[2].asNumber() == Approx(7.32));
    const Range screened = column({num(10), num(11), num(10), num(11), num(10), num(11), num(10), num(11), num(10),
                                   num(40), num(10), num(11)});
    const Result screenedResult = run("SPCLIMITS", {screened, omitted, Value::boolean(true)});
    const Range& s = std::get<Range>(screenedResult);
    CHECK(s.cells[2].asNumber() == Approx(155.0 / 12.0 + 2.66));
    const Result baselineResult = run("SPCLIMITS", {column({num(1), num(3), num(1), num(3), num(50)}), num(4)});
    const Range& b = std::get<Range>(baselineResult);
    CHECK(b.cells[0].asNumber() == Approx(2));
}

TEST_CASE("FORECAST and REQUIRED", "[functions][forecast]") {
    const Range soFar = column({num(10), num(20), txt(""), txt("")});
    CHECK(numberOf(run("FORECAST", {soFar})) == Approx(60));
    CHECK(numberOf(run("FORECAST", {soFar, num(4), txt("average")})) == Approx(15));
    CHECK(numberOf(run("FORECAST", {soFar, omitted, txt("last")})) == Approx(40));
    CHECK(textOf(run("FORECAST", {column({txt(""), txt("n/a")})})).empty());
    CHECK(numberOf(run("REQUIRED", {soFar, num(100)})) == Approx(35));
    CHECK(numberOf(run("REQUIRED", {soFar, num(18), omitted, txt("average")})) == Approx(21));
    CHECK(errorOf(run("REQUIRED", {column({num(1), num(2)}), num(10)})) == "periods: no period remains");
    CHECK(errorOf(run("FORECAST", {soFar, omitted, txt("median")})) ==
          "aggregation: \"median\" is not one of sum, average, last");
}

TEST_CASE("DUE and OVERDUE", "[functions][due]") {
    CHECK(numberOf(run("DUE", {num(45322)})) == 45337);                  // 2024-01-31 -> 2024-02-15
    CHECK(numberOf(run("DUE", {num(45322), num(31)})) == 45351);         // -> 2024-02-29
    CHECK(numberOf(run("DUE", {num(45322), num(1), num(0)})) == 45292);  // -> 2024-01-01
    CHECK(errorOf(run("DUE", {num(45322), num(0)})) == "day: day must be 1 or more");
    CHECK(single(run("OVERDUE", {txt("n/a"), num(45337), num(45338)})) == Value::boolean(true));
    CHECK(single(run("OVERDUE", {Value::blank(), num(45337), num(45337)})) == Value::boolean(false));
    CHECK(single(run("OVERDUE", {num(12), num(45337), num(45400)})) == Value::boolean(false));
    CHECK(single(run("OVERDUE", {omitted, num(45337)}, 45338)) == Value::boolean(true)); // as_of = today
    CHECK(single(run("OVERDUE", {omitted, num(45337)}, 45300)) == Value::boolean(false));
}

TEST_CASE("QUARTILE, SMART and SMARTWHY", "[functions][quartile][smart]") {
    const Range comparators = column({num(1), num(2), num(3), num(4), num(5), num(6), num(7), num(8)});
    CHECK(textOf(run("QUARTILE", {num(8), comparators})) == "Top quartile");
    CHECK(textOf(run("QUARTILE", {num(8), comparators, txt("lower")})) == "Bottom quartile");
    CHECK(textOf(run("QUARTILE", {num(2.75), comparators})) == "Third quartile");
    CHECK(errorOf(run("QUARTILE", {num(1), column({num(1), num(2), num(3)})})) == "comparators: needs at least 4 comparators");
    CHECK(errorOf(run("QUARTILE", {num(1), comparators, txt("band")})) == "polarity: polarity must be higher or lower");

    Range headers(1, 8);
    Range row(1, 8);
    const char* h[] = {"PI", "Unit", "Annual target", "Baseline", "Aim", "Frequency", "Corporate priority", "Owner"};
    const Value v[] = {txt("Households in temporary accommodation"), txt("Number"), txt("1,200"), num(1100),
                       txt("Lower"), txt("Monthly"), txt("Homes"), txt("Head of Housing")};
    for (std::size_t i = 0; i < 8; ++i) {
        headers.cells[i] = txt(h[i]);
        row.cells[i] = v[i];
    }
    CHECK(textOf(run("SMART", {headers, row})) == "OK");
    CHECK(textOf(run("SMARTWHY", {headers, row})).empty());
    row.cells[1] = Value::blank();
    row.cells[5] = txt("");
    CHECK(textOf(run("SMART", {headers, row})) == "MT");
    CHECK(textOf(run("SMARTWHY", {headers, row})) == "Measurable: no unit; Time-bound: no reporting frequency");
    CHECK(errorOf(run("SMART", {headers, column({num(1)})})) == "definition: must be the same size as headers");
}
