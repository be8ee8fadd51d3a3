// The limits that keep a hostile rules file from exhausting the stack (found by the robustness corpus:
// 100,000 nested parentheses, or 50,000 lets each using the next, crashed `kpirules lint`; 50,000 lets in
// order overflowed the evaluator; inside LibreOffice either would take the office down). Brackets, prefix
// operators and powers nest at most 100 levels (the parser's E0104); a compiled expression is at most 1000
// operations deep, counting the lets it uses, and lets compiled on first use at most 256 deep (the
// checker's E0104). Just under each limit the rules still check and evaluate.

#include "engine/engine.hpp"

#include <catch2/catch.hpp>

#include <string>

using kpi::Value;

namespace {

const std::string head = "sheet \"T\"\nkey \"Code\"\nfield annual = \"Annual\"\nseries actual = \"Apr\" .. \"Jun\"\n";

std::string repeat(const std::string& text, std::size_t times) {
    std::string result;
    result.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) result += text;
    return result;
}

bool hasCode(const kpi::engine::CompiledRules& rules, const std::string& code) {
    for (const auto& d : rules.diagnostics())
        if (d.code == code) return true;
    return false;
}

// Compiles head + body; when it checks clean, runs it over a two-indicator table and returns the
// value of the first write statement for the first indicator.
Value evaluate(const kpi::engine::CompiledRules& rules) {
    kpi::language::MemoryTable table(
        "T", {{Value::text("Code"), Value::text("Annual"), Value::text("Apr"), Value::text("May"), Value::text("Jun")},
              {Value::text("A"), Value::number(10), Value::number(9), Value::number(10), Value::number(11)},
              {Value::text("B"), Value::number(10), Value::number(1), Value{}, Value::number(3)}});
    auto result = kpi::engine::run(rules, table, 45500);
    REQUIRE(result.ok());
    REQUIRE(result.indicators.size() == 2);
    REQUIRE_FALSE(result.indicators[0].written.empty());
    return result.indicators[0].written[0];
}

} // namespace

TEST_CASE("nesting: 100 parentheses check and evaluate; 101 give E0104 at the 101st; 100,000 do not crash") {
    kpi::engine::CompiledRules fine("t.kpirules", head + "write \"X\" = " + repeat("(", 100) + "2" + repeat(")", 100) + "\n");
    CHECK(fine.ok());
    CHECK(evaluate(fine).asNumber() == 2);

    kpi::engine::CompiledRules deep("t.kpirules", head + "write \"X\" = " + repeat("(", 101) + "2" + repeat(")", 101) + "\n");
    REQUIRE_FALSE(deep.ok());
    REQUIRE(hasCode(deep, "E0104"));
    const auto& first = deep.diagnostics().front();
    CHECK(first.code == "E0104");
    CHECK(first.span.line == 5);
    CHECK(first.span.column == 13 + 100); // the 101st "("

    for (const char* opener : {"(", "[", "not ", "-", "+", "2^", "abs(", "if(true, ", "1 in ("}) {
        INFO(opener);
        kpi::engine::CompiledRules hostile("t.kpirules", head + "let x = " + repeat(opener, 100000) + "1\n");
        CHECK(hasCode(hostile, "E0104"));
    }
    kpi::engine::CompiledRules interpolated("t.kpirules",
                                            head + "flag high \"{" + repeat("(", 100000) + "1}\" when true\n");
    CHECK(hasCode(interpolated, "E0104"));
}

TEST_CASE("nesting: a long flat chain is not nesting for the parser, but its tree is bounded by the checker") {
    // 999 additions make a tree 1000 deep (999 operations over the first operand): the most allowed.
    std::string sum = "1" + repeat(" + 1", 999);
    kpi::engine::CompiledRules fine("t.kpirules", head + "write \"X\" = " + sum + "\n");
    CHECK(fine.ok());
    CHECK(evaluate(fine).asNumber() == 1000);
    // Signs between terms are binary operators, not prefix ones: 200 "- -1" terms are fine for the parser.
    kpi::engine::CompiledRules signs("t.kpirules", head + "write \"X\" = 0" + repeat(" - -1", 200) + "\n");
    CHECK(signs.ok());
    CHECK(evaluate(signs).asNumber() == 200);

    kpi::engine::CompiledRules chain("t.kpirules", head + "write \"X\" = 1" + repeat(" + 1", 200000) + "\n");
    CHECK_FALSE(chain.ok());
    CHECK(hasCode(chain, "E0104"));
    CHECK_FALSE(hasCode(chain, "E0100"));
}

TEST_CASE("nesting: chains of lets are bounded, in order (evaluation) and used before definition (checking)") {
    auto chain = [](std::size_t count, bool reversed) {
        std::string text = head;
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t next = reversed ? i + 1 : i - 1;
            text += "let v" + std::to_string(i) + " = " + (i == 0 && !reversed ? "1" : "v" + std::to_string(next) + " + 1") + "\n";
        }
        if (reversed) text += "let v" + std::to_string(count) + " = 1\n";
        text += "write \"X\" = v" + std::string(reversed ? "0" : std::to_string(count - 1)) + "\n";
        return text;
    };
    // In order, each let is evaluated where it is first used: a chain of lets is one deep evaluation.
    kpi::engine::CompiledRules ordered("t.kpirules", chain(400, false));
    CHECK(ordered.ok());
    CHECK(evaluate(ordered).asNumber() == 400);
    kpi::engine::CompiledRules orderedLong("t.kpirules", chain(50000, false)); // overflowed the evaluator's stack
    CHECK_FALSE(orderedLong.ok());
    CHECK(hasCode(orderedLong, "E0104"));
    kpi::engine::CompiledRules reversedFine("t.kpirules", chain(200, true));
    CHECK(reversedFine.ok());
    CHECK(evaluate(reversedFine).asNumber() == 201);
    kpi::engine::CompiledRules reversed("t.kpirules", chain(50000, true));
    CHECK_FALSE(reversed.ok());
    CHECK(hasCode(reversed, "E0104"));
}

TEST_CASE("nesting: more operands than a node holds are refused, not wrapped around") {
    std::string choices;
    for (int i = 0; i < 70000; ++i) choices += (i ? ", \"c" : "\"c") + std::to_string(i) + "\"";
    kpi::engine::CompiledRules many("t.kpirules", head + "write \"X\" = if(\"c69999\" in (" + choices + "), 1, 0)\n");
    CHECK_FALSE(many.ok());
    CHECK(hasCode(many, "E0104"));
    std::string fewer;
    for (int i = 0; i < 60000; ++i) fewer += (i ? ", \"c" : "\"c") + std::to_string(i) + "\"";
    kpi::engine::CompiledRules fine("t.kpirules", head + "write \"X\" = if(\"c59999\" in (" + fewer + "), 1, 0)\n");
    CHECK(fine.ok());
    CHECK(evaluate(fine).asNumber() == 1);
}
