// "Why is this cell red?": engine::explain on a small in-memory table. Each kind of cell (status period,
// key, definition read by SMART checks, computed column, outside) names the rule that decided it, by line
// and text, and the values involved; the statuses always agree with a run over the same table.

#include "engine/engine.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace kpi;

namespace {

const std::string rulesText = R"(sheet "KPIs"
key "Code"
field title  = "Title"
field aim    = "Aim"
field unit   = "Unit"
field annual = "Target"
field owner  = "Owner"
series actual = "Apr" .. "Jun"  monthly from 2024-04
let short = shortfall(actual, annual, aim)   # a series
let now   = lastperiod(actual)
check S "Title says what is counted"  requires words(title) >= 3
check M "Numeric target with a unit"  requires isnumber(annual) and unit <> ""
status actual
  green when short <= 0%
  amber when short <= 5%
  red   otherwise
flag high "Red twice"         when status[now] = red and status[now - 1] = red  notify owner
flag medium "Overdue"
            when overdue(actual) notify owner
flag low  "Short by {short[now]}"  when short[now] > 10%
write "Status" = status[now]
write "SMART"  = smart()
)";

// The 1-based line of the rules text that starts (after indentation) with `start`.
std::uint32_t lineOf(const std::string& start) {
    std::uint32_t line = 1;
    std::size_t at = 0;
    while (at < rulesText.size()) {
        std::size_t end = rulesText.find('\n', at);
        std::string text = rulesText.substr(at, end - at);
        text.erase(0, text.find_first_not_of(' '));
        if (text.rfind(start, 0) == 0) return line;
        ++line;
        at = end + 1;
    }
    FAIL("no line starts with " << start);
    return 0;
}

Value t(const char* text) { return Value::text(text); }
Value n(double x) { return Value::number(x); }
const Value blank;

// Columns: 0 Code, 1 Title, 2 Aim, 3 Unit, 4 Target, 5 Owner, 6 Apr, 7 May, 8 Jun, 9 Status, 10 SMART, 11 Notes.
language::MemoryTable sampleTable() {
    return language::MemoryTable(
        "KPIs",
        {{t("Performance report"), blank, blank, blank, blank, blank, blank, blank, blank, blank, blank, blank},
         {t("Code"), t("Title"), t("Aim"), t("Unit"), t("Target"), t("Owner"), t("Apr"), t("May"), t("Jun"), t("Status"),
          t("SMART"), t("Notes")},
         // K1: lower is better, 100 then 104 then 120 against 100: green, amber, red.
         {t("K1"), t("Households in temporary accommodation"), t("Lower"), t("number"), n(100), t("Ann"), n(100), n(104),
          n(120), blank, blank, t("a note")},
         // A section heading: no key.
         {blank, t("Housing"), blank, blank, blank, blank, blank, blank, blank, blank, blank, blank},
         // K2: higher is better, 40 and 45 against 50 (red, red), June not in yet; two words, no unit.
         {t("K2"), t("Staff turnover"), t("Higher"), blank, n(50), t("Bob"), n(40), n(45), blank, t("old"), blank, blank},
         // A row of blanks.
         {blank, blank, blank, blank, blank, blank, blank, blank, blank, blank, blank, blank}});
}

struct Fixture {
    engine::CompiledRules rules{"explain.kpirules", rulesText};
    language::MemoryTable table = sampleTable();

    language::Explanation explain(std::size_t row, std::size_t column) {
        for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
        REQUIRE(rules.ok());
        engine::ExplainResult result = engine::explain(rules, table, 45585 /* 2024-10-20 */, row, column);
        REQUIRE(result.ok());
        return *result.explanation;
    }
};

const language::NamedValue* valueNamed(const language::Explanation& e, const std::string& name) {
    auto found = std::find_if(e.values.begin(), e.values.end(), [&](const auto& v) { return v.name == name; });
    return found == e.values.end() ? nullptr : &*found;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("explain: a red period names the otherwise line, the earlier lines and the values") {
    Fixture f;
    const auto e = f.explain(2, 8); // K1 Jun
    INFO(e.text);
    CHECK(e.kind == language::ExplanationKind::Status);
    CHECK(e.indicator == "K1");
    CHECK(e.period == "Jun");
    CHECK(e.status == "Red");
    REQUIRE(e.rule);
    CHECK(e.rule->line == lineOf("red"));
    CHECK(e.rule->column == 3);
    CHECK(e.rule->text == "red   otherwise"); // as written
    REQUIRE(e.earlier.size() == 2);
    CHECK(e.earlier[0].rule.line == lineOf("green"));
    CHECK(e.earlier[0].rule.text == "green when short <= 0%");
    CHECK(e.earlier[0].reason == "short = 20%, not <= 0%");
    CHECK(e.earlier[0].condition == "short <= 0%");
    CHECK(e.earlier[1].rule.line == lineOf("amber"));
    CHECK(e.earlier[1].reason == "short = 20%, not <= 5%");
    CHECK_FALSE(e.earlier[1].applies);
    REQUIRE(valueNamed(e, "short"));
    CHECK(valueNamed(e, "short")->text == "20%");
    CHECK(valueNamed(e, "short")->definition == "shortfall(actual, annual, aim)");
    CHECK(valueNamed(e, "short")->uses == std::vector<std::string>{"actual", "annual", "aim"});
    REQUIRE(valueNamed(e, "actual"));
    CHECK(valueNamed(e, "actual")->text == "120");
    CHECK(valueNamed(e, "annual")->text == "100");
    CHECK(valueNamed(e, "aim")->text == "Lower");
    CHECK(contains(e.text, "K1 Jun: Red"));
    CHECK(contains(e.text, "line " + std::to_string(lineOf("red")) + " `red otherwise`")); // spaces run together
    CHECK(contains(e.text, "explain.kpirules"));
    CHECK(contains(e.text, "short = shortfall(actual, annual, aim) = 20%, with actual = 120, annual = 100, aim = Lower"));
}

TEST_CASE("explain: amber and green periods name their own line") {
    Fixture f;
    const auto amber = f.explain(2, 7); // K1 May: 104 against 100, 4% short
    INFO(amber.text);
    CHECK(amber.status == "Amber");
    REQUIRE(amber.rule);
    CHECK(amber.rule->line == lineOf("amber"));
    REQUIRE(amber.earlier.size() == 1);
    CHECK(amber.earlier[0].reason == "short = 4%, not <= 0%");
    CHECK(contains(amber.text, "short = 4%, <= 5%"));
    CHECK(valueNamed(amber, "actual")->text == "104");

    const auto green = f.explain(2, 6); // K1 Apr: on target
    INFO(green.text);
    CHECK(green.status == "Green");
    REQUIRE(green.rule);
    CHECK(green.rule->line == lineOf("green"));
    CHECK(green.earlier.empty());
    CHECK(valueNamed(green, "short")->text == "0%");
}

TEST_CASE("explain: a blank period has no data, before any line") {
    Fixture f;
    const auto e = f.explain(4, 8); // K2 Jun, not entered
    INFO(e.text);
    CHECK(e.kind == language::ExplanationKind::Status);
    CHECK(e.status == "No data");
    CHECK(e.period == "Jun");
    REQUIRE(e.rule);
    CHECK(e.rule->line == lineOf("status actual"));
    CHECK(e.earlier.empty());
    REQUIRE(valueNamed(e, "actual"));
    CHECK(valueNamed(e, "actual")->text == "blank");
    CHECK(contains(e.text, "actual is blank for Jun"));
    CHECK_FALSE(contains(e.text, "unstyled")); // K1 has a June value: a run styles June for every indicator
}

TEST_CASE("explain: a period no indicator has reported yet is left unstyled by a run, and says so") {
    Fixture f;
    auto rows = std::vector<std::vector<Value>>();
    for (std::size_t r = 0; r < f.table.rowCount(); ++r) {
        rows.emplace_back();
        for (std::size_t c = 0; c < f.table.columnCount(); ++c) rows.back().push_back(f.table.cell(r, c));
    }
    rows[2][8] = blank; // K1 June taken out: no indicator has June now
    f.table = language::MemoryTable("KPIs", rows);
    const auto e = f.explain(4, 8);
    INFO(e.text);
    CHECK(e.status == "No data");
    CHECK(contains(e.text, "No indicator has a value for Jun yet, so a run leaves this cell unstyled"));
    CHECK(contains(e.text, "latest one reported, May"));
}

TEST_CASE("explain: error cells and numbers typed as text are read as a run reads them") {
    Fixture f;
    f.table = language::MemoryTable(
        "KPIs", {{t("Code"), t("Title"), t("Aim"), t("Unit"), t("Target"), t("Owner"), t("Apr"), t("May"), t("Jun")},
                 {t("K3"), t("Days to process a claim"), t("Lower"), t("days"), n(100), t("Cy"),
                  Value::error("#DIV/0!"), t(" 104 "), t("n/a")}});
    const auto error = f.explain(1, 6);
    INFO(error.text);
    CHECK(error.status == "No data");
    CHECK(error.cell == "an error (read as blank)");
    const auto typed = f.explain(1, 7);
    INFO(typed.text);
    CHECK(typed.status == "Amber");
    CHECK(typed.cell == "104");
    CHECK(valueNamed(typed, "actual")->text == "104");
    const auto title = f.explain(1, 1);
    CHECK(title.checks.at(0).condition.reason == "words(title) = 5, >= 3");
    const auto placeholder = f.explain(1, 8);
    CHECK(placeholder.status == "No data");
    CHECK(contains(placeholder.text, "the cell reads blank"));
}

TEST_CASE("explain: every period's status is the status a run gives") {
    Fixture f;
    const auto run = engine::run(f.rules, f.table, 45585);
    REQUIRE(run.ok());
    REQUIRE(run.indicators.size() == 2);
    for (const auto& indicator : run.indicators)
        for (std::size_t i = 0; i < run.statusColumns.size(); ++i) {
            const auto e = f.explain(indicator.row, run.statusColumns[i]);
            CHECK(e.status == f.rules.program().statusNames[indicator.statuses[i]]);
            CHECK(e.indicator == indicator.key);
        }
}

TEST_CASE("explain: the key cell of a flagged indicator lists the raised flags and their conditions") {
    Fixture f;
    const auto e = f.explain(4, 0); // K2: red in Apr and May
    INFO(e.text);
    CHECK(e.kind == language::ExplanationKind::Key);
    CHECK(e.indicator == "K2");
    CHECK(e.status == "flagged");
    REQUIRE(e.flags.size() == 3); // raised ones first, each group in file order
    CHECK(e.flags[0].raised);
    CHECK(e.flags[0].level == language::FlagLevel::High);
    CHECK(e.flags[0].message == "Red twice");
    CHECK(e.flags[0].condition.rule.line == lineOf("flag high"));
    CHECK(e.flags[0].condition.reason == "status[now] = Red, equal to red; status[now - 1] = Red, equal to red");
    CHECK(e.flags[1].raised); // June was due on 15 July
    CHECK(e.flags[1].level == language::FlagLevel::Medium);
    CHECK(e.flags[1].message == "Overdue");
    CHECK(e.flags[1].condition.rule.line == lineOf("flag medium"));
    CHECK(e.flags[1].condition.rule.text == "flag medium \"Overdue\" when overdue(actual) notify owner"); // two lines
    CHECK(e.flags[1].condition.reason == "overdue(actual) is true");
    CHECK_FALSE(e.flags[2].raised); // short[now] is exactly 10%: not > 10%
    CHECK(e.flags[2].condition.reason == "short[now] = 10%, not > 10%");
    REQUIRE(e.rule);
    CHECK(e.rule->line == lineOf("flag high"));
    CHECK(valueNamed(e, "now")->text == "2");
    CHECK(e.flags[0].condition.condition == "status[now] = red and status[now - 1] = red");
    CHECK(contains(e.text, "high: Red twice — line " + std::to_string(lineOf("flag high")) +
                               ", when `status[now] = red and status[now - 1] = red`: status[now] = Red"));
    CHECK(contains(e.text, "low \"Short by {short[now]}\" — line " + std::to_string(lineOf("flag low")) +
                               ", when `short[now] > 10%`: short[now] = 10%, not > 10%"));
    CHECK(contains(e.text, "SMART: SM"));

    const auto k1 = f.explain(2, 0); // K1: 20% short in June: the low flag, with its message interpolated
    INFO(k1.text);
    REQUIRE(k1.flags.size() == 3);
    CHECK(k1.flags[0].raised);
    CHECK(k1.flags[0].message == "Short by 20%");
    CHECK(k1.status == "flagged");
    CHECK_FALSE(k1.flags[1].raised);
    // A false `and`: only the part that failed is the reason.
    CHECK(k1.flags[1].condition.reason == "status[now - 1] = Amber, not equal to red");
    CHECK(k1.flags[2].condition.reason == "overdue(actual) is false");
}

TEST_CASE("explain: a definition cell shows the SMART checks that read it") {
    Fixture f;
    const auto title = f.explain(4, 1); // K2 Title: two words
    INFO(title.text);
    CHECK(title.kind == language::ExplanationKind::Definition);
    CHECK(title.status == "SMART fails");
    REQUIRE(title.checks.size() == 1);
    CHECK(title.checks[0].letter == "S");
    CHECK_FALSE(title.checks[0].passed);
    CHECK(title.checks[0].condition.reason == "words(title) = 2, not >= 3");
    REQUIRE(title.rule);
    CHECK(title.rule->line == lineOf("check S"));
    CHECK(title.rule->text == "check S \"Title says what is counted\"  requires words(title) >= 3"); // as written
    CHECK(contains(title.text, "S fails (Title says what is counted) — line " + std::to_string(lineOf("check S")) +
                                   ", requires `words(title) >= 3`: words(title) = 2, not >= 3"));
    CHECK(valueNamed(title, "title")->text == "Staff turnover");

    const auto unit = f.explain(4, 3); // K2 Unit: blank
    INFO(unit.text);
    REQUIRE(unit.checks.size() == 1);
    CHECK(unit.checks[0].letter == "M");
    CHECK(unit.checks[0].condition.reason == "unit is blank, so `unit <> \"\"` is blank (does not hold)");
    CHECK_FALSE(contains(unit.checks[0].condition.reason, "isnumber")); // the part that held is not the reason

    const auto unitGiven = f.explain(2, 3); // K1 Unit: "number"; `<>` worded the other way round
    CHECK(unitGiven.status == "SMART passes");
    CHECK(unitGiven.checks.at(0).condition.reason == "isnumber(annual) is true; unit = number, not equal to \"\"");

    const auto passing = f.explain(2, 1); // K1 Title: four words
    CHECK(passing.status == "SMART passes");
    CHECK(passing.checks.at(0).passed);
    CHECK(passing.checks.at(0).condition.reason == "words(title) = 4, >= 3");

    const auto owner = f.explain(4, 5); // read by no check
    INFO(owner.text);
    CHECK(owner.kind == language::ExplanationKind::Definition);
    CHECK(owner.status == "not checked");
    CHECK(owner.checks.empty());
    CHECK(contains(owner.text, "no SMART check reads this column"));
}

TEST_CASE("explain: a computed column shows its write statement and value") {
    Fixture f;
    const auto status = f.explain(4, 9); // K2 Status: status[now], now = May
    INFO(status.text);
    CHECK(status.kind == language::ExplanationKind::Computed);
    CHECK(status.status == "Red");
    REQUIRE(status.rule);
    CHECK(status.rule->line == lineOf("write \"Status\""));
    CHECK(status.rule->text == "write \"Status\" = status[now]");
    CHECK(valueNamed(status, "status[now]")->text == "Red");
    CHECK(valueNamed(status, "now")->text == "2");
    CHECK(contains(status.text, "the cell holds old until the next run writes it"));

    const auto smart = f.explain(4, 10);
    INFO(smart.text);
    CHECK(smart.status == "SM");
    CHECK(smart.checks.size() == 2);
    CHECK(contains(smart.text, "S fails"));
    CHECK(contains(smart.text, "M fails"));
}

TEST_CASE("explain: cells outside any indicator say so") {
    Fixture f;
    const std::pair<std::size_t, std::size_t> cells[] = {
        {0, 0},  // the title above the table
        {1, 6},  // the header row
        {3, 1},  // a section heading (no key)
        {5, 6},  // a row of blanks
        {2, 11}, // a column the rules do not read (on an indicator's row)
        {40, 0}, // below the table
        {2, 30}, // far right of the table
    };
    for (auto [row, column] : cells) {
        const auto e = f.explain(row, column);
        INFO(row << "," << column << ": " << e.text);
        CHECK(e.kind == language::ExplanationKind::Outside);
        CHECK_FALSE(e.rule);
        CHECK(contains(e.text, "not part of an indicator"));
    }
    CHECK(contains(f.explain(5, 6).text, "key cell (\"Code\") of row 6 is blank"));
    CHECK(contains(f.explain(1, 6).text, "header row"));
    CHECK(contains(f.explain(2, 11).text, "indicator K1"));
}

TEST_CASE("explain: rules with errors or a table without the headers explain nothing") {
    engine::CompiledRules broken("broken.kpirules", "key \"Code\"\nstatus nothing\n");
    CHECK_FALSE(broken.ok());
    CHECK_FALSE(engine::explain(broken, sampleTable(), 45585, 2, 8).ok());

    engine::CompiledRules rules("explain.kpirules", rulesText);
    language::MemoryTable other("KPIs", {{t("Something"), t("Else")}, {t("a"), t("b")}});
    const auto result = engine::explain(rules, other, 45585, 1, 0);
    CHECK_FALSE(result.ok());
    CHECK_FALSE(result.diagnostics.empty());
}

TEST_CASE("explain: reasons for text against numbers, or, not, and a condition on a field") {
    engine::CompiledRules rules("small.kpirules", "key \"Code\"\nfield a = \"A\"\nseries s = \"P1\" .. \"P2\"\n"
                                                  "status s\n  green when a >= 3\n  amber when s > 10 or not (a = \"high\")\n"
                                                  "  red otherwise\n");
    for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
    REQUIRE(rules.ok());
    language::MemoryTable table("T", {{t("Code"), t("A"), t("P1"), t("P2")}, {t("K"), t("high"), n(5), n(20)}});
    auto first = engine::explain(rules, table, 45585, 1, 2);
    REQUIRE(first.ok());
    const auto& red = *first.explanation;
    INFO(red.text);
    CHECK(red.status == "Red");
    REQUIRE(red.earlier.size() == 2);
    CHECK(red.earlier[0].reason == "a = high and 3 cannot be compared, so `a >= 3` is blank (does not hold)");
    CHECK_FALSE(red.earlier[0].truth.has_value());
    CHECK(red.earlier[1].reason == "s = 5, not > 10; not (a = high, equal to \"high\")");
    CHECK(red.rule->line == 7);

    auto second = engine::explain(rules, table, 45585, 1, 3);
    REQUIRE(second.ok());
    const auto& amber = *second.explanation;
    INFO(amber.text);
    CHECK(amber.status == "Amber");
    CHECK(amber.rule->text == "amber when s > 10 or not (a = \"high\")");
    CHECK(contains(amber.text, "`amber when s > 10 or not (a = \"high\")` (rules small.kpirules): s = 20, > 10."));
}

TEST_CASE("explain: every cell, inside the table and beyond it, gets an explanation with text") {
    Fixture f;
    for (std::size_t row = 0; row < f.table.rowCount() + 2; ++row)
        for (std::size_t column = 0; column < f.table.columnCount() + 2; ++column) {
            const auto e = f.explain(row, column);
            INFO(row << "," << column);
            CHECK_FALSE(e.text.empty());
            const bool indicatorRow = row == 2 || row == 4;
            if (!indicatorRow) CHECK(e.kind == language::ExplanationKind::Outside);
            if (e.kind != language::ExplanationKind::Outside) CHECK(e.rule.has_value());
        }
}

TEST_CASE("explain: a fraction compared with a percentage is shown as a percentage") {
    engine::CompiledRules rules("tolerance.kpirules", "key \"Code\"\nfield tol = \"Tolerance\"\nseries s = \"P1\" .. \"P1\"\n"
                                                      "let short = shortfall(s, 100)\n"
                                                      "status s\n  green when short <= tol\n  red otherwise\n");
    for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
    REQUIRE(rules.ok());
    language::MemoryTable table("T", {{t("Code"), t("Tolerance"), t("P1")}, {t("K"), n(0.03), n(90)}});
    auto result = engine::explain(rules, table, 45585, 1, 2);
    REQUIRE(result.ok());
    INFO(result.explanation->text);
    CHECK(result.explanation->status == "Red");
    REQUIRE(result.explanation->earlier.size() == 1);
    CHECK(result.explanation->earlier[0].reason == "short = 10%, not <= tol (3%)");
    CHECK(valueNamed(*result.explanation, "tol")->text == "0.03"); // on its own, as a flag message shows it
}

TEST_CASE("explain: an empty text is shown as two quotes") {
    engine::CompiledRules rules("empty.kpirules", "key \"Code\"\nfield a = \"A\"\nseries s = \"P1\" .. \"P1\"\n"
                                                  "let label = if(a > 1, \"big\", \"\")\n"
                                                  "status s\n  red when label = \"big\"\n  green otherwise\n");
    for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
    REQUIRE(rules.ok());
    language::MemoryTable table("T", {{t("Code"), t("A"), t("P1")}, {t("K"), n(0), n(3)}});
    auto result = engine::explain(rules, table, 45585, 1, 2);
    REQUIRE(result.ok());
    INFO(result.explanation->text);
    CHECK(result.explanation->status == "Green");
    CHECK(result.explanation->earlier.at(0).reason == "label = \"\", not equal to \"big\"");
}

TEST_CASE("explain: a cell of a series without statuses says which series has them") {
    engine::CompiledRules rules("two.kpirules", "key \"Code\"\nseries s = \"P1\" .. \"P2\"\nseries old = \"L1\" .. \"L2\"\n"
                                                "status s\n  green when s >= old\n  red otherwise\n");
    for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
    REQUIRE(rules.ok());
    language::MemoryTable table("T", {{t("Code"), t("P1"), t("P2"), t("L1"), t("L2")}, {t("K"), n(5), n(6), n(4), n(7)}});
    auto last = engine::explain(rules, table, 45585, 1, 4);
    REQUIRE(last.ok());
    INFO(last.explanation->text);
    CHECK(last.explanation->kind == language::ExplanationKind::Definition);
    CHECK(last.explanation->period == "L2");
    CHECK(last.explanation->status == "not checked");
    CHECK(contains(last.explanation->text, "the status statement gives statuses to s"));
    auto current = engine::explain(rules, table, 45585, 1, 2); // P2: 6 against 7 last year
    REQUIRE(current.ok());
    CHECK(current.explanation->status == "Red");
    CHECK(current.explanation->earlier.at(0).reason == "s = 6, not >= old (7)");
}
