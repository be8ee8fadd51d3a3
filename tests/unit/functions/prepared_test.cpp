// A prepared call (the rules language's way: the count checked once, arguments read where they are as
// CellSpans, words decoded once per distinct text) gives exactly what call() gives with the same
// arguments as Values and Ranges: every function, every parameter, awkward arguments and words, one
// prepared call reused across all of them so its kept words are tested against changing texts.

#include "functions/library.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace kpi::functions;
using kpi::Range;
using kpi::Value;

namespace {

std::vector<Argument> inputs() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<Argument> out{std::monostate{}, Value::blank(), Value::number(0), Value::number(-1),
                              Value::number(1), Value::number(2.5), Value::number(nan),
                              Value::boolean(true), Value::error("#VALUE!"), Value::text(""),
                              Value::text("n/a"), Value::text("95%"), Value::text("garbage \xFF")};
    // Words of every vocabulary, in several spellings, some twice so a kept answer is reused, more than
    // a memo keeps so older ones are replaced.
    for (const char* word : {"Higher", "Lower", "Higher", "lower is better", " LOWER ", "band", "Goal post", "neutral",
                             "1", "-1", "0", "sideways", "Lower", "points", "percent", "%", "pts", "variation",
                             "assurance", "discrete", "level", "cumulative", "sum", "average", "last", "yes", "false",
                             "Higher", "points"})
        out.emplace_back(Value::text(word));
    Range series(1, 8);
    const double v[] = {5, 6, 5, 7, 6, 5, 8, 6};
    for (std::size_t i = 0; i < 8; ++i) series.cells[i] = Value::number(v[i]);
    out.emplace_back(series);
    Range mixed(1, 6);
    const Value cells[] = {Value::number(1), Value::text("2"), Value::blank(),
                           Value::error("#N/A"), Value::text("x"), Value::number(4)};
    for (std::size_t i = 0; i < mixed.size(); ++i) mixed.cells[i] = cells[i];
    out.emplace_back(mixed);
    out.emplace_back(Range(0, 0));
    // Rows the common calls (KPI.SPC over a row of numbers and blanks) read from a stack array: points
    // that are not finite (left out), a run that signals, more points than the array holds.
    const double inf = std::numeric_limits<double>::infinity();
    Range gappy(1, 12);
    const double g[] = {5, nan, 6, 5, inf, 7, 6, -inf, 5, 8, 6, 30};
    for (std::size_t i = 0; i < 12; ++i) gappy.cells[i] = Value::number(g[i]);
    gappy.cells[3] = Value::blank();
    out.emplace_back(gappy);
    Range rising(1, 12);
    for (std::size_t i = 0; i < 12; ++i) rising.cells[i] = i < 9 ? Value::number(static_cast<double>(i)) : Value::blank();
    out.emplace_back(rising);
    Range falling(1, 10);
    for (std::size_t i = 0; i < 10; ++i) falling.cells[i] = Value::number(i < 9 ? 10.0 : -40.0);
    out.emplace_back(falling);
    Range longRow(1, 70);
    for (std::size_t i = 0; i < 70; ++i) longRow.cells[i] = Value::number(static_cast<double>(i % 7) + (i == 69 ? 50.0 : 0.0));
    out.emplace_back(longRow);
    Range column(3, 1);
    for (auto& c : column.cells) c = Value::number(2);
    out.emplace_back(column); // not one row: passed as a Range to both
    return out;
}

Argument sensible(ParamType type) {
    switch (type) {
    case ParamType::Values: {
        Range r(1, 12);
        const double v[] = {5, 6, 5, 7, 6, 5, 8, 6, 9, 10, 11, 12};
        for (std::size_t i = 0; i < 12; ++i) r.cells[i] = Value::number(v[i]);
        return r;
    }
    case ParamType::Date: return Value::number(45322);
    case ParamType::Logical: return Value::boolean(false);
    case ParamType::Text: return Value::text("Lower");
    default: return Value::number(3);
    }
}

// The argument as the rules language passes it: a value or a one-row block as cells where they are.
Argument inPlace(const Argument& a) {
    if (const auto* v = std::get_if<Value>(&a)) return CellSpan{std::span<const Value>(v, 1)};
    if (const auto* r = std::get_if<Range>(&a); r && r->rows == 1) return CellSpan{r->cells};
    return a;
}

bool sameResult(const Result& a, const Result& b) {
    if (a.index() != b.index()) return false;
    if (const auto* v = std::get_if<Value>(&a)) {
        const Value& w = std::get<Value>(b);
        if (v->isNumber() && w.isNumber() && std::isnan(v->asNumber())) return std::isnan(w.asNumber());
        return *v == w;
    }
    const Range& r = std::get<Range>(a);
    const Range& s = std::get<Range>(b);
    return r.rows == s.rows && r.cols == s.cols && r.cells == s.cells;
}

std::string describe(const Result& r) {
    if (const auto* v = std::get_if<Value>(&r)) {
        if (v->isText() || v->isError()) return (v->isError() ? "error " : "text ") + v->asText();
        if (v->isNumber() || v->isBoolean()) return std::to_string(v->asNumber());
        return "blank";
    }
    return "range";
}

} // namespace

TEST_CASE("a prepared call with its arguments in place gives what call() gives", "[functions][prepared]") {
    const auto awkward = inputs();
    const CallContext context{45400};
    for (const FunctionSpec& f : functionTable()) {
        for (std::size_t given = 0; given <= f.parameters.size() + 1; ++given) {
            std::vector<Argument> args;
            for (std::size_t k = 0; k < given; ++k)
                args.push_back(k < f.parameters.size() ? sensible(f.parameters[k].type) : Value::number(1));
            PreparedCall prepared;
            prepared.prepare(f, given);
            REQUIRE(prepared.arguments().size() >= given);
            Value kept = Value::text("a text longer than the small-string buffer");
            // One parameter at a time takes every input in turn, on the same prepared call.
            for (std::size_t i = 0; i < given; ++i) {
                const Argument saved = args[i];
                for (std::size_t k = 0; k < awkward.size(); ++k) {
                    args[i] = awkward[k];
                    for (std::size_t j = 0; j < given; ++j) prepared.arguments()[j] = inPlace(args[j]);
                    const Result expected = call(f, args, context);
                    const Result got = prepared.call(context);
                    INFO("KPI." << f.name << " with " << given << " arguments, argument " << i << " input " << k
                                << ": call() " << describe(expected) << ", prepared " << describe(got));
                    CHECK(sameResult(expected, got));
                    // callInto writes the same into a Value kept from call to call (its earlier text in place).
                    const Range* range = prepared.callInto(context, kept);
                    if (range) CHECK(sameResult(expected, *range));
                    else CHECK(sameResult(expected, kept));
                }
                args[i] = saved;
            }
        }
    }
}

TEST_CASE("a prepared call keeps slots it is not given", "[functions][prepared]") {
    const FunctionSpec* spc = findFunction("SPC");
    REQUIRE(spc != nullptr);
    PreparedCall prepared;
    prepared.prepare(*spc, 2);
    REQUIRE(prepared.arguments().size() == spc->parameters.size()); // padded once
    Range values(1, 8);
    const double v[] = {1, 1, 1, 1, 1, 1, 1, 30};
    for (std::size_t i = 0; i < 8; ++i) values.cells[i] = Value::number(v[i]);
    const Value polarity = Value::text("lower");
    prepared.arguments()[0] = CellSpan{values.cells};
    prepared.arguments()[1] = CellSpan{std::span<const Value>(&polarity, 1)};
    const std::vector<Argument> args{values, polarity};
    for (int round = 0; round < 3; ++round) CHECK(sameResult(prepared.call(CallContext{}), call(*spc, args, CallContext{})));
    CHECK(std::get<Value>(prepared.call(CallContext{})) == Value::text("Concern (high)"));
}
