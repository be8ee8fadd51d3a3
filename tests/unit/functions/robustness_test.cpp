// Bad input never crashes and never throws: every function, every parameter, every awkward kind of
// argument. Each call must give a value or an array (an error value is fine), and a failure message
// must name one of the function's parameters or the function itself.

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

Range filled(std::size_t rows, std::size_t cols, const Value& v) {
    Range r(rows, cols);
    for (auto& c : r.cells) c = v;
    return r;
}

std::vector<Argument> awkwardArguments() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<Argument> out{
        std::monostate{},
        Value::blank(),
        Value::number(0),
        Value::number(-1),
        Value::number(1e300),
        Value::number(-1e300),
        Value::number(nan),
        Value::number(inf),
        Value::number(2.5),
        Value::text(""),
        Value::text("n/a"),
        Value::text("garbage \xF0\x9F\x98\x80 \xFF\xFE"), // an emoji and invalid UTF-8
        Value::text(std::string(10000, 'x')),
        Value::boolean(true),
        Value::error("#VALUE!"),
        Range(0, 0),
        filled(1, 1, Value::number(5)),
        filled(3, 4, Value::text("tbc")),
        filled(1, 500, Value::number(1)),
    };
    Range mixed(2, 6);
    const Value cells[] = {Value::number(1), Value::text("2"), Value::blank(), Value::error("#N/A"),
                           Value::boolean(false), Value::text("x"), Value::number(nan), Value::number(1e308),
                           Value::number(-1e308), Value::text("(3)"), Value::text("95%"), Value::number(4)};
    for (std::size_t i = 0; i < mixed.size(); ++i) mixed.cells[i] = cells[i];
    out.emplace_back(mixed);
    return out;
}

// A sensible argument for each parameter type, so one parameter at a time can be made awkward.
Argument sensible(ParamType type) {
    switch (type) {
    case ParamType::Values: {
        Range r(1, 8);
        const double v[] = {5, 6, 5, 7, 6, 5, 8, 6};
        for (std::size_t i = 0; i < 8; ++i) r.cells[i] = Value::number(v[i]);
        return r;
    }
    case ParamType::Date: return Value::number(45322);
    case ParamType::Logical: return Value::boolean(false);
    default: return Value::number(3);
    }
}

void checkOutcome(const FunctionSpec& f, const Result& r) {
    if (const auto* v = std::get_if<Value>(&r)) {
        if (!v->isError()) return;
        const std::string& message = v->asText();
        bool named = message.rfind(std::string(f.name) + ":", 0) == 0;
        for (const auto& p : f.parameters)
            if (message.rfind(std::string(p.name) + ":", 0) == 0) named = true;
        INFO("message: " << message);
        CHECK(named);
    }
}

} // namespace

TEST_CASE("awkward arguments give values or named errors, never exceptions", "[functions][robustness]") {
    const auto awkward = awkwardArguments();
    const CallContext context{45400};
    for (const FunctionSpec& f : functionTable()) {
        std::vector<Argument> args;
        for (const auto& p : f.parameters) args.push_back(sensible(p.type));
        for (std::size_t i = 0; i < args.size(); ++i) {
            const Argument saved = args[i];
            for (std::size_t k = 0; k < awkward.size(); ++k) {
                INFO("KPI." << f.name << " parameter " << f.parameters[i].name << " variant " << k);
                args[i] = awkward[k];
                Result r;
                CHECK_NOTHROW(r = call(f, args, context));
                checkOutcome(f, r);
            }
            args[i] = saved;
        }
        // every parameter awkward in the same way at once
        for (std::size_t k = 0; k < awkward.size(); ++k) {
            INFO("KPI." << f.name << " all parameters variant " << k);
            std::vector<Argument> same(f.parameters.size(), awkward[k]);
            Result r;
            CHECK_NOTHROW(r = call(f, same, context));
            checkOutcome(f, r);
        }
    }
}

TEST_CASE("arrays keep the shape of their input", "[functions][robustness]") {
    const FunctionSpec* points = findFunction("SPCPOINTS");
    for (const auto& [rows, cols] : {std::pair<std::size_t, std::size_t>{0, 0}, {1, 1}, {12, 1}, {1, 12}, {3, 4}}) {
        Range input(rows, cols);
        for (std::size_t i = 0; i < input.size(); ++i) input.cells[i] = Value::number(static_cast<double>(i % 5));
        const std::vector<Argument> args{input};
        const Result r = call(*points, args, CallContext{});
        REQUIRE(std::holds_alternative<Range>(r));
        CHECK(std::get<Range>(r).rows == rows);
        CHECK(std::get<Range>(r).cols == cols);
        CHECK(std::get<Range>(r).size() == rows * cols);
    }
}
