// Table-driven tests of the language's value semantics: three-valued blank logic, comparison of text
// as headers are compared, arithmetic with blank, and element-wise series broadcasting.
// Each case is a one-line expression evaluated for one indicator whose fields a, b, t hold the given cells
// and whose series s holds three periods.

#include "engine/engine.hpp"

#include <catch2/catch.hpp>

using namespace kpi;

namespace {

// The cells of the one indicator row: fields a, b, t and the three periods of series s.
struct Row {
    Row(std::string a_ = {}, std::string b_ = {}, std::string t_ = {}, std::string s1_ = {}, std::string s2_ = {},
        std::string s3_ = {})
        : a(std::move(a_)), b(std::move(b_)), t(std::move(t_)), s1(std::move(s1_)), s2(std::move(s2_)),
          s3(std::move(s3_)) {}
    std::string a, b, t;
    std::string s1, s2, s3;
};

Value cellOf(const std::string& text) { return text.empty() ? Value::blank() : Value::text(text); }

std::string show(const Value& v) {
    if (v.isBlank()) return "blank";
    if (v.isBoolean()) return v.asBoolean() ? "true" : "false";
    if (v.isText()) return "\"" + v.asText() + "\"";
    if (v.isNumber()) {
        std::string s = std::to_string(v.asNumber());
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    return "error";
}

// Evaluates `expression` for one indicator; returns what `write` would put in the cell.
std::string evaluate(const std::string& expression, const Row& row) {
    std::string rules = "key \"K\"\nfield a = \"A\"\nfield b = \"B\"\nfield t = \"T\"\n"
                        "series s = \"P1\" .. \"P3\"\nwrite \"X\" = " + expression + "\n";
    engine::CompiledRules compiled("semantics.kpirules", rules);
    for (const auto& d : compiled.diagnostics()) INFO(compiled.render(d));
    REQUIRE(compiled.ok());
    language::MemoryTable table("T", {{Value::text("K"), Value::text("A"), Value::text("B"), Value::text("T"),
                                       Value::text("P1"), Value::text("P2"), Value::text("P3")},
                                      {Value::text("k1"), cellOf(row.a), cellOf(row.b), cellOf(row.t), cellOf(row.s1),
                                       cellOf(row.s2), cellOf(row.s3)}});
    auto result = engine::run(compiled, table, 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == 1);
    return show(result.indicators[0].written.at(0));
}

struct Case {
    const char* expression;
    Row row;
    const char* expected;
};

} // namespace

TEST_CASE("three-valued logic: and, or, not with blank") {
    // a and b hold "true"-ish comparisons built from numbers: x = 1 is true, x = 0 is false, blank is blank.
    const Case cases[] = {
        {"a = 1 and b = 1", {"1", "1"}, "true"},
        {"a = 1 and b = 1", {"1", "0"}, "false"},
        {"a = 1 and b = 1", {"1", ""}, "blank"},
        {"a = 1 and b = 1", {"0", ""}, "false"},   // false and blank is false
        {"a = 1 or b = 1", {"1", ""}, "true"},     // true or blank is true
        {"a = 1 or b = 1", {"0", ""}, "blank"},    // false or blank is blank
        {"a = 1 or b = 1", {"0", "0"}, "false"},
        {"not (a = 1)", {""}, "blank"},
        {"not (a = 1)", {"0"}, "true"},
        {"isblank(a)", {"n/a"}, "true"},           // placeholder text is blank
        {"isblank(a)", {"-"}, "true"},
        {"isblank(a)", {"0"}, "false"},
        {"if(a > 1, \"big\", \"small\")", {""}, "blank"},
        {"if(a > 1, \"big\", \"small\")", {"2"}, "\"big\""},
    };
    for (const auto& c : cases) {
        INFO(c.expression << " with a=" << c.row.a << " b=" << c.row.b);
        CHECK(evaluate(c.expression, c.row) == c.expected);
    }
}

TEST_CASE("arithmetic and comparison with blank give blank; text numbers are numbers") {
    const Case cases[] = {
        {"a + b", {"1", ""}, "blank"},
        {"a * 2", {"95%"}, "1.9"},
        {"a + 1", {"1,234"}, "1235"},
        {"a + 1", {" 12 "}, "13"},
        {"a - b", {"10", "4"}, "6"},
        {"a / b", {"1", "0"}, "blank"},  // division by zero is blank, not an error
        {"a > b", {"3", ""}, "blank"},
        {"a >= 5%", {"0.05"}, "true"},
        {"-a ^ 2", {"2"}, "-4"},         // unary minus binds looser than ^
        {"2 ^ 3 ^ 2", {}, "512"},        // ^ is right-associative
        {"a & \"-\" & b", {"x", ""}, "\"x-\""}, // & joins; blank joins as nothing
        {"round(a / 3, 2)", {"1"}, "0.33"},
    };
    for (const auto& c : cases) {
        INFO(c.expression << " with a=" << c.row.a << " b=" << c.row.b);
        CHECK(evaluate(c.expression, c.row) == c.expected);
    }
}

TEST_CASE("text compares as headers do: case, spaces and punctuation ignored (ICU folding)") {
    const Case cases[] = {
        {"a = \"monthly\"", {"Monthly"}, "true"},
        {"a = \"Quarterly \"", {"QUARTERLY"}, "true"},
        {"a in (\"Monthly\", \"Annual\")", {"annual"}, "true"},
        {"a in (\"Monthly\", \"Annual\")", {"Weekly"}, "false"},
        {"a in (\"Monthly\", \"Annual\")", {""}, "blank"},
        {"a = \"ANNÉE\"", {"année"}, "true"},
        {"a = b", {"Red", "red"}, "true"},
        {"a <> \"\"", {"%"}, "true"},                    // punctuation-only text is still text
        {"a = \"%\"", {" % "}, "true"},
        {"a = \"-\"", {"+"}, "false"},
        {"a in (\"%\", \"days\")", {"%"}, "true"},
        {"\"monthly\" = a", {"Monthly"}, "true"},            // the constant may stand on either side
        {"\"\" <> a", {"%"}, "true"},
        {"a <> \"Monthly\"", {""}, "blank"},
        {"a = 2", {"2"}, "true"},                             // a text cell holding a number is a number
        {"a = \"2\"", {"2"}, "false"},                      // ... and a number never equals a text
        {"a = \"x\"", {"2"}, "false"},
        {"upper(a)", {"straße"}, "\"STRASSE\""},
        {"len(a)", {"café"}, "4"},
        {"words(a)", {"  three  little words "}, "3"},
    };
    for (const auto& c : cases) {
        INFO(c.expression << " with a=" << c.row.a << " b=" << c.row.b);
        CHECK(evaluate(c.expression, c.row) == c.expected);
    }
}

TEST_CASE("series broadcast element by element; aggregates reduce them") {
    const Case cases[] = {
        {"(s + 1)[2]", {"", "", "", "1", "2", "3"}, "3"},
        {"(s * t)[3]", {"", "", "10", "1", "2", "3"}, "30"},       // a scalar repeats over the periods
        {"(s - s)[1]", {"", "", "", "5", "", "7"}, "0"},
        {"(s > t)[2]", {"", "", "1", "1", "", "3"}, "blank"},     // blank period stays blank
        {"(s > t)[3]", {"", "", "1", "1", "", "3"}, "true"},
        {"last(s)", {"", "", "", "1", "2", ""}, "2"},
        {"previous(s)", {"", "", "", "1", "2", ""}, "1"},
        {"first(s)", {"", "", "", "", "2", "3"}, "2"},
        {"lastperiod(s)", {"", "", "", "1", "n/a", "tbc"}, "1"},
        {"sum(s)", {"", "", "", "1", "", "3"}, "4"},
        {"average(s)", {"", "", "", "1", "", "3"}, "2"},
        {"count(s)", {"", "", "", "1", "", "3"}, "2"},
        {"ytd(s)", {"", "", "", "", "", ""}, "blank"},
        {"min(s)", {"", "", "", "4", "2", "3"}, "2"},
        {"max(s, t)[1]", {"", "", "5", "4", "2", "9"}, "5"},     // several values: period by period
        {"any(s > 2)", {"", "", "", "1", "", "3"}, "true"},
        {"any(s > 5)", {"", "", "", "1", "", "3"}, "false"},
        {"all(s > 0)", {"", "", "", "1", "", "3"}, "true"},        // blank periods do not count
        {"all(s > 1)", {"", "", "", "1", "", "3"}, "false"},
        {"s[\"P2\"]", {"", "", "", "1", "2", "3"}, "2"},          // a period by its header
        {"s[\"p 2\"]", {"", "", "", "1", "2", "3"}, "2"},
        {"s[4]", {"", "", "", "1", "2", "3"}, "blank"},           // outside the series
        {"s[0]", {"", "", "", "1", "2", "3"}, "blank"},
        {"shortfall(s, 10)[1]", {"", "", "", "9", "", ""}, "0.1"},
        {"shortfall(s, 10, \"lower\")[1]", {"", "", "", "9", "", ""}, "-0.1"},
        {"status(last(s), 100)", {"", "", "", "96", "", ""}, "\"Amber\""},  // a Calc function, element-wise
        {"status(s, 100)[2]", {"", "", "", "96", "100", ""}, "\"Green\""},
        {"trend(s)", {"", "", "", "10", "12", ""}, "\"Improving\""},    // a whole-series Calc function
    };
    for (const auto& c : cases) {
        INFO(c.expression << " with t=" << c.row.t << " s=" << c.row.s1 << "," << c.row.s2 << "," << c.row.s3);
        CHECK(evaluate(c.expression, c.row) == c.expected);
    }
}
