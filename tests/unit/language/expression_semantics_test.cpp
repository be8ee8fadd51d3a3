// Table-driven tests of the language's value semantics: three-valued blank logic, comparison of text
// as headers are compared, arithmetic with blank, and element-wise series broadcasting.
// Each case is a one-line expression evaluated for one indicator whose fields a, b, t hold the given cells
// and whose series s holds three periods.

#include "core/text_key.hpp"
#include "engine/engine.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>

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

// The rules compiled; the test stops, showing every diagnostic, when they have errors.
engine::CompiledRules compiledClean(const std::string& fileName, const std::string& rules) {
    engine::CompiledRules compiled(fileName, rules);
    std::string rendered;
    for (const auto& d : compiled.diagnostics()) rendered += compiled.render(d) + "\n";
    INFO(rendered);
    REQUIRE(compiled.ok());
    return compiled;
}

// Evaluates `expression` for one indicator; returns what `write` would put in the cell.
std::string evaluate(const std::string& expression, const Row& row) {
    std::string rules = "key \"K\"\nfield a = \"A\"\nfield b = \"B\"\nfield t = \"T\"\n"
                        "series s = \"P1\" .. \"P3\"\nwrite \"X\" = " + expression + "\n";
    const engine::CompiledRules compiled = compiledClean("semantics.kpirules", rules);
    language::MemoryTable table("T", {{Value::text("K"), Value::text("A"), Value::text("B"), Value::text("T"),
                                       Value::text("P1"), Value::text("P2"), Value::text("P3")},
                                      {Value::text("k1"), cellOf(row.a), cellOf(row.b), cellOf(row.t), cellOf(row.s1),
                                       cellOf(row.s2), cellOf(row.s3)}});
    auto result = engine::run(compiled, table, 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == 1);
    return show(result.indicators[0].written.at(0));
}

// The messages of the diagnostics that contain `text`, in order.
std::vector<std::string> messagesWith(const Diagnostics& diagnostics, const std::string& text) {
    std::vector<std::string> messages;
    for (const auto& d : diagnostics)
        if (d.message.find(text) != std::string::npos) messages.push_back(d.message);
    return messages;
}

struct Case {
    const char* expression;
    Row row;
    const char* expected;
};

// Runs `compiled` over the whole table `all` (its header first) and over each of its rows alone, and checks that
// every row's written values (and, with `checks`, its check outcomes) are what that row gives alone: the values
// kept from row to row must never change an answer. Returns the whole table's results.
engine::RunResult eachRowAsAlone(const engine::CompiledRules& compiled, const std::vector<std::vector<Value>>& all,
                                 std::size_t rows, bool checks = false) {
    auto together = engine::run(compiled, language::MemoryTable("T", all), 45500);
    REQUIRE(together.ok());
    REQUIRE(together.indicators.size() == rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const auto alone = engine::run(compiled, language::MemoryTable("T", {all.front(), all[i + 1]}), 45500);
        REQUIRE(alone.indicators.size() == 1);
        INFO("row " << i);
        CHECK(together.indicators[i].written == alone.indicators[0].written);
        if (checks) CHECK(together.indicators[i].checksPassed == alone.indicators[0].checksPassed);
    }
    return together;
}

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
        {"max(1, 2, 3, a, 4, 5, 6, 7, 8, b)", {"12", "-1"}, "12"}, // more arguments than are kept on the stack
        {"min(s, 1, 2, 3, 4, 5, 6, 7, t)[2]", {"", "", "-2", "4", "0", "9"}, "-2"},
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

// The evaluator keeps a field-only expression's value from the row before when none of its fields changed.
// Each row of a table evaluated together must give exactly what that row gives alone (a fresh evaluator):
// rows repeat, change one field at a time, and swap values that read alike (a number and a text number,
// 0 and -0, blank and blank text, TRUE and 1, the same text in another case).
TEST_CASE("values kept from the row before are the values each row gives alone") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nfield b = \"B\"\nfield t = \"T\"\n"
                              "series s = \"P1\" .. \"P3\"\n"
                              "let both = a + b\n"
                              "check X \"a is b\" requires a = b\n"
                              "check Y \"t has words\" requires words(t) >= 2 and not isblank(a)\n"
                              "write \"W1\" = both * 2\n"
                              "write \"W2\" = if(isblank(a), t, a in (\"5\", \"x\", 0))\n"
                              "write \"W3\" = smart()\n"
                              "write \"W4\" = t = \"Two words\"\n"
                              "write \"W5\" = sum(s) + both\n"
                              "write \"W6\" = 1 / a\n";
    const engine::CompiledRules compiled = compiledClean("kept.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("B"), Value::text("T"),
                                    Value::text("P1"), Value::text("P2"), Value::text("P3")};
    const Value two = Value::text("Two words");
    const std::vector<std::vector<Value>> cells{
        {Value::number(5), Value::number(5), two, Value::number(1), Value{}, Value{}},
        {Value::number(5), Value::number(5), two, Value::number(2), Value{}, Value{}},       // only s changes
        {Value::text("5"), Value::number(5), two, Value::number(2), Value{}, Value{}},       // a as a text number
        {Value::text("5"), Value::number(5), Value::text("two  WORDS"), Value{}, Value{}, Value{}},
        {Value::number(0), Value::number(-0.0), two, Value{}, Value{}, Value{}},
        {Value::number(-0.0), Value::number(0), two, Value{}, Value{}, Value{}},
        {Value{}, Value::number(0), two, Value{}, Value{}, Value{}},
        {Value::text("  "), Value::number(0), two, Value{}, Value{}, Value{}},              // blank text
        {Value::text("  "), Value::number(0), Value::text("one"), Value{}, Value{}, Value{}},
        {Value::boolean(true), Value::number(1), two, Value{}, Value{}, Value{}},
        {Value::number(1), Value::number(1), two, Value{}, Value{}, Value{}},
        {Value::text("x"), Value::text("X"), two, Value{}, Value{}, Value{}},
        {Value::text("x"), Value::text("X"), two, Value{}, Value{}, Value{}},
        {Value::error("#DIV/0!"), Value::number(2), two, Value{}, Value{}, Value{}},
        {Value::error("#DIV/0!"), Value::number(2), two, Value{}, Value{}, Value{}},
        {Value::number(2), Value::number(2), two, Value{}, Value{}, Value{}},
    };
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::vector<Value> row{Value::text("k" + std::to_string(i))};
        row.insert(row.end(), cells[i].begin(), cells[i].end());
        all.push_back(row);
    }
    const auto together = eachRowAsAlone(compiled, all, cells.size(), true);
    std::size_t kept = 0; // rows whose written values equal the row before's (where a kept value could be wrong)
    for (std::size_t i = 1; i < cells.size(); ++i)
        if (together.indicators[i].written == together.indicators[i - 1].written) ++kept;
    // The table does change answers from row to row (a constant answer would test nothing).
    CHECK(kept < cells.size() / 2);
}

// A field's short texts that read as themselves are remembered (two per field), so a text that comes back is
// not parsed again; texts that read as numbers or blanks, the empty text, long texts and look-alikes must each
// give exactly what the row gives alone.
TEST_CASE("a field's texts that come back read as each row reads them alone") {
    const std::string rules = "key \"K\"\nfield p = \"P\"\n"
                              "write \"W1\" = p\n"
                              "write \"W2\" = isblank(p)\n"
                              "write \"W3\" = isnumber(p)\n";
    const engine::CompiledRules compiled = compiledClean("texts.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("P")};
    const char* texts[] = {"Higher", "Lower", "Higher", "", "Higher", "12", "Lower", "12", "n/a", "Lower", " Higher",
                           "Higher", "", "", "Band", "Lower", "Higher", "N/A", "n/a", "Band", "tbc", "Higher",
                           "a text far longer than fifteen bytes", "Lower", "a text far longer than fifteen bytes",
                           "Higher", "1,234", "Lower", "1,234", "-", "Higher", "Lower", "HIGHER", "Higher"};
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < std::size(texts); ++i)
        all.push_back({Value::text("k" + std::to_string(i)), Value::text(texts[i])});
    all.push_back({Value::text("kb"), Value{}});
    all.push_back({Value::text("kc"), Value::text("Higher")});
    eachRowAsAlone(compiled, all, all.size() - 1);
}

// target() keeps the check and running sums of each distinct set of weights, and a node whose weights kept
// their value reuses its set; more sets than it keeps, weights from the row's own cells and rows that repeat
// must each give exactly what the row gives alone.
TEST_CASE("target() over kept and changing weights gives what each row gives alone") {
    std::string rules = "key \"K\"\nfield a = \"A\"\nfield t = \"T\"\nfield u = \"U\"\nseries s = \"P1\" .. \"P3\"\n";
    for (int p = 0; p < 11; ++p)
        rules += "profile p" + std::to_string(p) + " = " + std::to_string(p % 4) + " " + std::to_string(p) + " " +
                 std::to_string(2 * p + 1) + "\n";
    // t repeats from row to row (its weights are kept); u names another profile on every row.
    rules += "write \"W1\" = target(a, profile(t, p1))[1]\nwrite \"W2\" = target(a, profile(u, p1))[2]\n"
             "write \"W3\" = target(a, profile(t, p1))[3]\nwrite \"W4\" = target(a, s)[2]\n"
             "write \"W5\" = target(a, profile(t, p1), \"discrete\")[3]\nwrite \"W6\" = target(a, profile(u, p1))[3]\n";
    const engine::CompiledRules compiled = compiledClean("weights.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("T"), Value::text("U"),
                                    Value::text("P1"), Value::text("P2"), Value::text("P3")};
    std::vector<std::vector<Value>> all{header};
    // Rows 0-6 fill the sets kept with p0..p6; from row 7 on, t's new set and u's take turns in the last one
    // while t stays the same (rows 7-9); then anything.
    const int order[] = {0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 9, 10, 10, 10, 0, 1, 2, 9, 9, 3, 10, 5, 5, 5};
    const int other[] = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 3, 7, 8, 9, 2, 1, 0, 10, 4, 8, 6, 6, 7, 9, 1};
    for (std::size_t i = 0; i < std::size(order); ++i) {
        const int p = order[i];
        const Value annual = i % 5 == 4 ? Value{} : Value::number(i % 3 == 0 ? 1200.0 : 600.0 + static_cast<double>(i));
        all.push_back({Value::text("k" + std::to_string(i)), annual, Value::text("p" + std::to_string(p)),
                       Value::text("p" + std::to_string(other[i])), Value::number(static_cast<double>(i % 4)),
                       i % 6 == 5 ? Value{} : Value::number(2), Value::number(static_cast<double>(i + 1))});
    }
    const auto together = eachRowAsAlone(compiled, all, std::size(order));
    std::size_t numbers = 0;
    for (const auto& indicator : together.indicators)
        for (const Value& w : indicator.written) numbers += w.isNumber();
    CHECK(numbers > 3 * std::size(order)); // most targets are numbers (a blank everywhere would test nothing)
}

// target() over a declared profile (named by profile() or given itself) uses that profile's weights, checked
// and summed once: each target is annual * weights to date / total (cumulative), annual * weight / total
// (discrete) or annual (level); a name that matches no profile takes the default, weights that fail the
// check give blanks.
TEST_CASE("target() over declared profiles gives the profiled targets") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nfield t = \"T\"\nseries s = \"P1\" .. \"P3\"\n"
                              "profile p1 = 1 2 3\nprofile p2 = 2 2 5\nprofile zero = 0 0 0\n"
                              "write \"W1\" = target(a, profile(t, p1))[1]\nwrite \"W2\" = target(a, profile(t, p1))[2]\n"
                              "write \"W3\" = target(a, profile(t, p1))[3]\nwrite \"W4\" = target(a, p2)[2]\n"
                              "write \"W5\" = target(a, profile(t, p1), \"discrete\")[2]\n"
                              "write \"W6\" = target(a, profile(t, p2), \"level\")[1]\n";
    const engine::CompiledRules compiled = compiledClean("declared.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("T"), Value::text("P1"),
                                    Value::text("P2"), Value::text("P3")};
    const std::vector<std::string> names{"p2", "P 2", "p1", "nope", "zero", "p2", "p2", "p1", "zero", "nope", "p1"};
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < names.size(); ++i)
        all.push_back({Value::text("k" + std::to_string(i)), Value::number(900.0 + static_cast<double>(i) * 7.3),
                       Value::text(names[i]), Value::number(1), Value::number(2), Value::number(3)});
    const auto result = engine::run(compiled, language::MemoryTable("T", all), 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        INFO("row " << i << " " << names[i]);
        const double a = 900.0 + static_cast<double>(i) * 7.3;
        const bool two = names[i] == "p2" || names[i] == "P 2", zero = names[i] == "zero";
        const std::vector<double> w = two ? std::vector<double>{2, 2, 5} : std::vector<double>{1, 2, 3};
        const double total = w[0] + w[1] + w[2];
        const auto& written = result.indicators[i].written;
        REQUIRE(written.size() == 6);
        if (zero) {
            for (std::size_t k = 0; k < 3; ++k) CHECK(written[k].isBlank());
            CHECK(written[4].isBlank());
            CHECK(written[5].isBlank());
        } else {
            CHECK(written[0] == Value::number(a * w[0] / total));
            CHECK(written[1] == Value::number(a * (w[0] + w[1]) / total));
            CHECK(written[2] == Value::number(a * (w[0] + w[1] + w[2]) / total));
            CHECK(written[4] == Value::number(a * w[1] / total));
            CHECK(written[5] == Value::number(a));
        }
        CHECK(written[3] == Value::number(a * 4.0 / 9.0));
    }
}

// target()'s mode word keeps its meaning from the row before when its operand kept its value: rows whose mode
// changes, repeats, is blank or is not a mode word must each give what the row gives alone.
TEST_CASE("target() with a changing mode word gives what each row gives alone") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nfield m = \"M\"\nseries s = \"P1\" .. \"P3\"\n"
                              "profile p1 = 1 2 3\n"
                              "write \"W1\" = target(a, p1, m)[2]\nwrite \"W2\" = target(a, p1, m)[3]\n"
                              "write \"W3\" = target(a, s, if(a > 950, m, \"level\"))[2]\n";
    const engine::CompiledRules compiled = compiledClean("modes.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("M"), Value::text("P1"),
                                    Value::text("P2"), Value::text("P3")};
    const std::vector<Value> modes{Value::text("cumulative"), Value::text("cumulative"), Value::text("discrete"),
                                   Value{}, Value{}, Value::text("level"), Value::text("level"), Value::text("bogus"),
                                   Value::text("bogus"), Value::text("Discrete"), Value::number(1),
                                   Value::text("cumulative")};
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < modes.size(); ++i)
        all.push_back({Value::text("k" + std::to_string(i)), Value::number(i % 3 == 1 ? 1000.0 : 900.0 + static_cast<double>(i)),
                       modes[i], Value::number(1), Value::number(static_cast<double>(i % 4)), Value::number(3)});
    const auto together = eachRowAsAlone(compiled, all, modes.size());
    std::set<std::string> shapes; // blank and numbers both seen
    for (const auto& indicator : together.indicators)
        for (const Value& w : indicator.written) shapes.insert(show(w) == "blank" ? "blank" : "number");
    CHECK(shapes.size() == 2);
}

// A status line comparing with a number constant (`s <= 5`, `5 >= s`) is decided period by period without
// building the condition's series; it must decide every kind of cell as the same comparison built in full does.
TEST_CASE("status lines against a constant decide as the full comparison does") {
    const std::vector<Value> header{Value::text("K"), Value::text("P1"), Value::text("P2"), Value::text("P3"),
                                    Value::text("P4")};
    const std::vector<std::vector<Value>> cells{
        {Value::number(4), Value::number(5), Value::number(6), Value::number(std::nan(""))},
        {Value::text("5"), Value::text("abc"), Value::boolean(true), Value{}},
        {Value::number(-5), Value::boolean(false), Value::text(" 6 "), Value::number(5.0000001)},
    };
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::vector<Value> row{Value::text("k" + std::to_string(i))};
        row.insert(row.end(), cells[i].begin(), cells[i].end());
        all.push_back(row);
    }
    const language::MemoryTable table("T", all);
    auto statuses = [&](const std::string& condition) {
        const std::string rules = "key \"K\"\nseries s = \"P1\" .. \"P4\"\nstatus s\n  red when " + condition +
                                  "\n  amber when s >= 100\n  green otherwise\n";
        const engine::CompiledRules compiled = compiledClean("lines.kpirules", rules);
        const auto result = engine::run(compiled, table, 45500);
        REQUIRE(result.indicators.size() == cells.size());
        std::vector<std::vector<std::uint16_t>> out;
        for (const auto& indicator : result.indicators) out.emplace_back(indicator.statuses.begin(), indicator.statuses.end());
        return out;
    };
    std::set<std::uint16_t> seen; // the statuses decided (a table all one status would test nothing)
    for (const char* op : {"<", "<=", ">", ">="}) {
        const std::string o = op;
        INFO("operator " << o);
        const auto right = statuses("s " + o + " 5"), left = statuses("5 " + o + " s");
        CHECK(right == statuses("(s " + o + " 5) = true"));
        CHECK(left == statuses("(5 " + o + " s) = true"));
        for (const auto& row : right) seen.insert(row.begin(), row.end());
    }
    CHECK(seen.size() >= 3); // no data (the blank), red and green
}

// A status line comparing shortfall() with a constant, directly or through a let only status lines read,
// works the shortfall out as numbers in the status pass without building its series; it must decide as the
// same lines do over the shortfall series built in full (the let also read elsewhere, the comparison not
// fused), for every kind of cell, polarity, basis and a target series shorter than the actual one.
TEST_CASE("status lines on shortfall() decide as over the shortfall series") {
    const std::vector<Value> header{Value::text("K"), Value::text("Pol"), Value::text("B"), Value::text("P1"),
                                    Value::text("P2"), Value::text("P3"), Value::text("P4"), Value::text("Q1"),
                                    Value::text("Q2"), Value::text("Q3")};
    const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    const std::vector<Value> polarities{Value::text("Higher"), Value::text(" lower "), Value::text("Band"), Value{},
                                        Value::text("neutral"), Value::text("sideways"), Value::number(-1),
                                        Value::number(0), Value::boolean(true)};
    const std::vector<Value> bases{Value{}, Value::text("points"), Value::text("percent"), Value::text("bogus"),
                                   Value::number(1)};
    const std::vector<std::vector<Value>> periods{
        {Value::number(95), Value::number(100), Value::number(104), Value::number(200), Value::number(100),
         Value::number(100), Value::number(100)},
        {Value::text("99"), Value::text("abc"), Value::boolean(true), Value{}, Value::number(0), Value::number(1),
         Value::text("100")},
        {Value::number(-5), Value::number(0), Value::number(nan), Value::number(1), Value::number(0),
         Value::number(0), Value{}},
        {Value::number(inf), Value::number(106), Value::number(50), Value::number(7), Value::number(100),
         Value::text("x"), Value::number(inf)},
    };
    std::vector<std::vector<Value>> all{header};
    for (std::size_t p = 0; p < polarities.size(); ++p)
        for (std::size_t b = 0; b < bases.size(); ++b) {
            const auto& cells = periods[(p + b) % periods.size()];
            std::vector<Value> row{Value::text("k" + std::to_string(all.size())), polarities[p], bases[b]};
            row.insert(row.end(), cells.begin(), cells.end());
            all.push_back(row);
        }
    const language::MemoryTable table("T", all);
    auto statuses = [&](const std::string& lets, const std::string& gap, const std::string& writes) {
        const std::string rules = "key \"K\"\nfield pol = \"Pol\"\nfield basis = \"B\"\n"
                                  "series s = \"P1\" .. \"P4\"\nseries u = \"Q1\" .. \"Q3\"\n" + lets +
                                  "status s\n  green when " + gap + " <= 0\n  amber when 5% >= " + gap +
                                  "\n  red when " + gap + " > 50%\n" + writes;
        const engine::CompiledRules compiled = compiledClean("shortfall-lines.kpirules", rules);
        const auto result = engine::run(compiled, table, 45500);
        REQUIRE(result.indicators.size() == all.size() - 1);
        std::vector<std::vector<std::string>> out;
        for (const auto& indicator : result.indicators) {
            auto& names = out.emplace_back();
            for (std::uint16_t status : indicator.statuses) names.push_back(compiled.program().statusNames[status]);
        }
        return out;
    };
    std::set<std::string> seen; // the statuses decided (a table all one status would test nothing)
    for (const char* call : {"shortfall(s, u, pol, basis)", "shortfall(s, u, pol)", "shortfall(s, u)",
                             "shortfall(u, s, pol, basis)"}) {
        const std::string c = call;
        INFO("call " << c);
        const std::string let = "let short = " + c + "\n";
        const auto full = statuses(let, "short", "write \"X\" = count(short)\n");
        CHECK(statuses(let, "short", "") == full);
        CHECK(statuses("", c, "") == full);
        for (const auto& row : full) seen.insert(row.begin(), row.end());
    }
    CHECK(seen.size() >= 4); // no data, green, amber and red
}

// A status line whose condition reads `status` sees the statuses the lines before it decided (and No data
// for the periods they left), as the lines are applied one after another.
TEST_CASE("a status line reading the status sees the lines before it") {
    const std::string rules = "key \"K\"\nseries s = \"P1\" .. \"P3\"\n"
                              "status s\n  green when s >= 10\n  red when status[1] = green\n  amber otherwise\n";
    const engine::CompiledRules compiled = compiledClean("self.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("P1"), Value::text("P2"), Value::text("P3")};
    const language::MemoryTable table(
        "T", {header,
              {Value::text("k1"), Value::number(12), Value::number(3), Value::number(4)},
              {Value::text("k2"), Value::number(3), Value::number(12), Value::number(4)},
              {Value::text("k3"), Value::number(12), Value{}, Value::number(40)}});
    const auto result = engine::run(compiled, table, 45500);
    REQUIRE(result.indicators.size() == 3);
    auto names = [&](std::size_t row) {
        std::string out;
        for (std::uint16_t status : result.indicators[row].statuses) out += compiled.program().statusNames[status] + ",";
        return out;
    };
    CHECK(sameKey(names(0), "green,red,red,"));
    CHECK(sameKey(names(1), "amber,green,amber,"));
    CHECK(sameKey(names(2), "green,nodata,green,"));
}

// status[k] is read from the row's status indices without building the series of status texts; the same
// element through a let (which holds the whole text series) must give the same value for every kind of index,
// and the whole series must still read as texts.
TEST_CASE("status[k] gives what the status series holds at k") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nseries s = \"P1\" .. \"P3\"\n"
                              "let whole = status\n"
                              "status s\n  green when s >= 10\n  amber when s >= 5\n  red otherwise\n"
                              "write \"W1\" = status[a]\n"
                              "write \"W2\" = whole[a]\n"
                              "write \"W3\" = status[lastperiod(s)]\n"
                              "write \"W4\" = whole[lastperiod(s)]\n"
                              "write \"W5\" = count(status = red)\n"
                              "write \"W6\" = last(whole)\n"
                              // status[k] compared with a constant is looked up per status: the same as through the let.
                              "write \"C1\" = status[a] = red\nwrite \"D1\" = whole[a] = red\n"
                              "write \"C2\" = \" AMBER \" <> status[a]\nwrite \"D2\" = \" AMBER \" <> whole[a]\n"
                              "write \"C3\" = status[a] = 1\nwrite \"D3\" = whole[a] = 1\n"
                              "write \"C4\" = status[a] <> \"\"\nwrite \"D4\" = whole[a] <> \"\"\n"
                              "write \"C5\" = status[lastperiod(s) - 1] = \"green\"\nwrite \"D5\" = whole[lastperiod(s) - 1] = \"green\"\n"
                              // a let holding status[k] (whose node hands over the status text's own value)
                              "let current = status[a]\nlet again = current\n"
                              "write \"C6\" = again\nwrite \"D6\" = whole[a]\n"
                              "write \"C7\" = current & \"!\"\nwrite \"D7\" = whole[a] & \"!\"\n";
    const engine::CompiledRules compiled = compiledClean("status-index.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("P1"), Value::text("P2"),
                                    Value::text("P3")};
    const std::vector<Value> indices{Value::number(1), Value::number(2), Value::number(3), Value::number(0),
                                     Value::number(4), Value::number(2.5), Value::text("P2"), Value{},
                                     Value::text("2"), Value::number(-1)};
    std::vector<std::vector<Value>> all{header};
    for (std::size_t i = 0; i < indices.size(); ++i)
        all.push_back({Value::text("k" + std::to_string(i)), indices[i], Value::number(static_cast<double>(i % 12)),
                       i % 3 == 0 ? Value{} : Value::number(static_cast<double>((i * 7) % 13)),
                       Value::number(static_cast<double>(i))});
    const auto result = engine::run(compiled, language::MemoryTable("T", all), 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == indices.size());
    std::size_t texts = 0;
    for (std::size_t i = 0; i < indices.size(); ++i) {
        INFO("row " << i);
        const auto& w = result.indicators[i].written;
        CHECK(w[0] == w[1]);
        CHECK(w[2] == w[3]);
        texts += w[0].isText();
        // The direct read names the status the row's indices hold at the last period (P3 is never blank).
        const auto& statuses = result.indicators[i].statuses;
        REQUIRE(statuses.size() == 3);
        CHECK(w[2] == Value::text(compiled.program().statusNames[statuses[2]]));
        CHECK(w[5] == w[3]);
        for (std::size_t c = 6; c + 1 < w.size(); c += 2) {
            INFO("write " << c);
            CHECK(w[c] == w[c + 1]);
        }
    }
    CHECK(texts >= 4); // whole-number indices 1..3 and "2" read a status; the rest are blank
}

// A field no expression reads is not read into a value, but an error cell in it still gives its note, in the
// order the cells are read (fields in declaration order, then the series), as when every field was read.
TEST_CASE("an error cell in a field nothing reads still gives its note, in order") {
    const std::string rules = "key \"K\"\nfield unused = \"U\"\nfield a = \"A\"\nfield unused2 = \"V\"\n"
                              "series s = \"P1\" .. \"P2\"\nwrite \"W\" = a + sum(s)\n";
    const engine::CompiledRules compiled = compiledClean("unread.kpirules", rules);
    const language::MemoryTable table(
        "T", {{Value::text("K"), Value::text("U"), Value::text("A"), Value::text("V"), Value::text("P1"), Value::text("P2")},
              {Value::text("k1"), Value::error("#N/A"), Value::number(1), Value::error("#REF!"), Value::number(2),
               Value::error("#DIV/0!")},
              {Value::text("k2"), Value::text("x"), Value::error("#VALUE!"), Value::number(3), Value{}, Value::number(4)}});
    const auto result = engine::run(compiled, table, 45500);
    REQUIRE(result.ok());
    const std::vector<std::string> notes = messagesWith(result.diagnostics, "holds an error");
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].find("row 2, column \"U\"") != std::string::npos);
    CHECK(notes[1].find("row 2, column \"V\"") != std::string::npos);
    CHECK(notes[2].find("row 2, column \"P2\"") != std::string::npos);
    CHECK(notes[3].find("row 3, column \"A\"") != std::string::npos);
    REQUIRE(result.indicators.size() == 2);
    CHECK(result.indicators[0].written[0] == Value::number(3)); // 1 + 2 (the error period reads as blank)
    CHECK(result.indicators[1].written[0].isBlank());          // a is an error, read as blank
}

// A row's result holds a few checks, up to 24 statuses, one raised flag and four written values inline
// (language::IndicatorResult); more spill to the heap and must read the same.
TEST_CASE("a row's result with more checks, periods, flags and writes than it holds inline") {
    std::string rules = "key \"K\"\nfield a = \"A\"\nseries s = \"P1\" .. \"P30\"\n";
    for (int c = 0; c < 20; ++c)
        rules += "check " + std::string(1, static_cast<char>('A' + c)) + " \"c\" requires a >= " + std::to_string(c) + "\n";
    rules += "status s\n  green when s >= 10\n  red otherwise\n";
    for (int f = 0; f < 3; ++f) rules += "flag low \"F" + std::to_string(f) + "\" when a >= " + std::to_string(f) + "\n";
    for (int w = 0; w < 6; ++w) rules += "write \"W" + std::to_string(w) + "\" = a + " + std::to_string(w) + "\n";
    const engine::CompiledRules compiled = compiledClean("spill.kpirules", rules);
    std::vector<Value> header{Value::text("K"), Value::text("A")};
    std::vector<Value> row{Value::text("k1"), Value::number(10)};
    for (int k = 0; k < 30; ++k) {
        header.push_back(Value::text("P" + std::to_string(k + 1)));
        row.push_back(Value::number(k));
    }
    const auto result = engine::run(compiled, language::MemoryTable("T", {header, row}), 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == 1);
    const auto& indicator = result.indicators[0];
    REQUIRE(indicator.checksPassed.size() == 20);
    for (std::size_t c = 0; c < 20; ++c) CHECK(indicator.checksPassed[c] == (c <= 10));
    REQUIRE(indicator.statuses.size() == 30);
    for (std::size_t k = 0; k < 30; ++k)
        CHECK(sameKey(compiled.program().statusNames[indicator.statuses[k]], k >= 10 ? "green" : "red"));
    REQUIRE(indicator.flags.size() == 3);
    for (std::size_t f = 0; f < 3; ++f) CHECK(indicator.flags[f].message == "F" + std::to_string(f));
    REQUIRE(indicator.written.size() == 6);
    for (std::size_t w = 0; w < 6; ++w) CHECK(indicator.written[w] == Value::number(10.0 + static_cast<double>(w)));
    const auto copy = result.indicators; // copies compare equal, part by part
    CHECK(copy[0].checksPassed == indicator.checksPassed);
    CHECK(copy[0].statuses == indicator.statuses);
    CHECK(copy[0].written == indicator.written);
}

// Duplicate keys are keys with the same folded key (case, spaces and punctuation ignored, NFKC for other
// text); the evaluator hashes ASCII keys without folding them, so ASCII and non-ASCII spellings of one key
// and keys that differ only in a kept symbol are tested here.
TEST_CASE("duplicate keys are keys that fold alike, ASCII or not") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nwrite \"W\" = a\n";
    const engine::CompiledRules compiled = compiledClean("keys.kpirules", rules);
    const std::vector<Value> keys{
        Value::text("A1"),
        Value::text("a-1"),                        // A1 again
        Value::text("A+1"),                        // '+' is kept: not A1
        Value::text("\xEF\xBC\xA1" "1"),           // fullwidth A: A1 again
        Value::text("AB"),
        Value::text("A+B"),                        // not AB
        Value::text("\xC3\xA9t\xC3\xA9"),          // "été"
        Value::text("E\xCC\x81T\xC3\x89"),         // "ÉTÉ" with a combining accent: "été" again
        Value::number(12),
        Value::text("12"),                         // reads as the number 12: its key is "12" again
    };
    std::vector<std::vector<Value>> all{{Value::text("K"), Value::text("A")}};
    for (const auto& key : keys) all.push_back({key, Value::number(1)});
    const auto result = engine::run(compiled, language::MemoryTable("T", all), 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == keys.size());
    const std::vector<std::string> notes = messagesWith(result.diagnostics, "appears in rows");
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].find("key \"a-1\" appears in rows 2 and 3") != std::string::npos);
    CHECK(notes[1].find("appears in rows 2 and 5") != std::string::npos);
    CHECK(notes[2].find("appears in rows 8 and 9") != std::string::npos);
    CHECK(notes[3].find("key \"12\" appears in rows 10 and 11") != std::string::npos);
}

// The evaluator reads a row through TableView::rowCells when it holds every column read, else cell by cell:
// a table that gives no rows side by side, and rows shorter than the header (their missing cells are blank),
// must read as the same table with every row whole.
TEST_CASE("rows read cell by cell or side by side, whole or short, give the same results") {
    const std::string rules = "key \"K\"\nfield a = \"A\"\nfield unused = \"U\"\nseries s = \"P1\" .. \"P3\"\n"
                              "status s\n  green when s >= a\n  red otherwise\n"
                              "write \"W\" = a + sum(s)\n";
    const engine::CompiledRules compiled = compiledClean("rows.kpirules", rules);
    const std::vector<Value> header{Value::text("K"), Value::text("A"), Value::text("U"), Value::text("P1"),
                                    Value::text("P2"), Value::text("P3")};
    const std::vector<std::vector<Value>> whole{
        header,
        {Value::text("k1"), Value::number(2), Value::error("#N/A"), Value::number(1), Value::number(3), Value::text("4")},
        {Value::text("k2"), Value::number(2), Value{}, Value::number(5), Value{}, Value{}},
        {Value::text("k3"), Value::text("n/a"), Value::error("#REF!"), Value{}, Value{}, Value{}},
        {Value::text("k4"), Value::number(1), Value::text("x"), Value::error("#DIV/0!"), Value::number(2), Value::number(3)},
    };
    std::vector<std::vector<Value>> shortRows = whole;
    shortRows[2].resize(4); // k2: P2 and P3 missing
    shortRows[3].resize(3); // k3: U is its last cell
    // A table that gives no row side by side: every cell through cell().
    class CellByCell final : public language::TableView {
    public:
        explicit CellByCell(const language::MemoryTable& table) : table_(table) {}
        std::string_view sheetName() const override { return table_.sheetName(); }
        std::size_t rowCount() const override { return table_.rowCount(); }
        std::size_t columnCount() const override { return table_.columnCount(); }
        const Value& cell(std::size_t row, std::size_t column) const override { return table_.cell(row, column); }

    private:
        const language::MemoryTable& table_;
    };
    const language::MemoryTable wholeTable("T", whole), shortTable("T", shortRows);
    const auto expected = engine::run(compiled, wholeTable, 45500);
    REQUIRE(expected.ok());
    REQUIRE(expected.indicators.size() == 4);
    CHECK(expected.indicators[0].written[0] == Value::number(10));
    const CellByCell wholeByCell(wholeTable), shortByCell(shortTable);
    const std::vector<const language::TableView*> others{&shortTable, &wholeByCell, &shortByCell};
    for (std::size_t t = 0; t < others.size(); ++t) {
        INFO("table " << t);
        const auto got = engine::run(compiled, *others[t], 45500);
        REQUIRE(got.ok());
        REQUIRE(got.indicators.size() == expected.indicators.size());
        for (std::size_t i = 0; i < got.indicators.size(); ++i) {
            CHECK(got.indicators[i].written == expected.indicators[i].written);
            CHECK(got.indicators[i].statuses == expected.indicators[i].statuses);
        }
        REQUIRE(got.diagnostics.size() == expected.diagnostics.size());
        for (std::size_t d = 0; d < got.diagnostics.size(); ++d) CHECK(got.diagnostics[d].message == expected.diagnostics[d].message);
    }
}
