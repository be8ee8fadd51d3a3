// The one catalogue of diagnostic codes and the one builtin table: consistent in themselves and with
// docs/rules-language.md, which must explain every code and every function.

#include "language/builtins.hpp"
#include "language/diagnostic_codes.hpp"
#include "language/checker.hpp"
#include "language/parser.hpp"
#include "rules_file_harness.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace kpi;
using namespace kpi::language;

TEST_CASE("diagnostic catalogue: one entry per code, in enum order, unique ids, severity matches prefix") {
    auto catalogue = diagnosticCatalogue();
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
        INFO(catalogue[i].id);
        CHECK(static_cast<std::size_t>(catalogue[i].code) == i);
        CHECK(ids.insert(catalogue[i].id).second);
        char prefix = catalogue[i].severity == Severity::Error ? 'E' : catalogue[i].severity == Severity::Warning ? 'W' : 'N';
        CHECK(catalogue[i].id.front() == prefix);
    }
    CHECK(catalogue.size() == static_cast<std::size_t>(DiagnosticCode::ErrorCell) + 1);
}

TEST_CASE("builtin table: every Calc function is reachable by its rules name; language forms replace three") {
    for (const auto& spec : functions::functionTable()) {
        const Builtin* builtin = findBuiltin(spec.builtinName);
        INFO(spec.builtinName);
        REQUIRE(builtin != nullptr);
        bool replaced = spec.builtinName == "last" || spec.builtinName == "overdue" || spec.builtinName == "smart";
        CHECK((builtin->calc == &spec) == !replaced);
    }
    for (std::string_view name : {"shortfall", "words", "len", "lower", "upper", "trim", "abs", "round", "min", "max",
                                  "isnumber", "istext", "isblank", "profile", "smart", "last", "previous", "first",
                                  "sum", "average", "count", "any", "all", "ytd", "lastperiod", "if"}) {
        INFO(name);
        CHECK(findBuiltin(name) != nullptr);
    }
    CHECK(findBuiltin("nosuchfunction") == nullptr);
    CHECK(findBuiltin("shortfall")->signature() == "shortfall(actual, target, [polarity], [basis])");
}

TEST_CASE("docs/rules-language.md explains every function, statement and diagnostic code") {
    std::string doc = testing::readFile("docs/rules-language.md");
    REQUIRE_FALSE(doc.empty());
    for (const auto& builtin : builtinTable()) {
        INFO("function " << builtin.name << " (look for `" << builtin.signature() << "`)");
        CHECK(doc.find("`" + builtin.signature() + "`") != std::string::npos);
    }
    for (std::string_view keyword : statementKeywords()) {
        INFO("statement " << keyword);
        CHECK(doc.find("### `" + std::string(keyword)) != std::string::npos);
    }
    for (const auto& info : diagnosticCatalogue()) {
        INFO("code " << info.id);
        CHECK(doc.find("`" + std::string(info.id) + "`") != std::string::npos);
    }
}

TEST_CASE("parser: positions point at the culprit; lines and columns count code points") {
    std::string text = "key \"Café Code\"\nfield é = \"x\"\nlet a = annual + 1\n";
    ParsedRules parsed = parseRules("t.kpirules", text);
    // `é` is not an identifier character: one syntax error on line 2, the other statements still parse.
    REQUIRE(parsed.diagnostics().size() == 1);
    CHECK(parsed.diagnostics()[0].span.line == 2);
    CHECK(parsed.diagnostics()[0].span.column == 7);
    CHECK(parsed.statements().size() == 2);
    const auto& let = boost::get<ast::LetStatement>(parsed.statements()[1]);
    auto span = parsed.spanOf(let.name);
    CHECK(span.line == 3);
    CHECK(span.column == 5);
    CHECK(text.substr(span.begin, span.end - span.begin) == "a");
}

TEST_CASE("parser: never throws and never loops on hostile input") {
    const char* inputs[] = {"", "\n\n", "#", "\"", "key", "key \"", "let a = ((((((((", "flag", "status x\n  y",
                            "let a = 1 +", "write \"a\" = ]", "\xff\xfe\x00", "series s = \"a\" ..", "profile p =",
                            "option x =", "due day", "let a = b[", "let a = f(1,", "  indented first line"};
    for (const char* input : inputs) {
        INFO(input);
        CHECK_NOTHROW(parseRules("x.kpirules", input));
    }
}

TEST_CASE("parser: every fuzz regression and seed input goes through parse and check without throwing") {
    for (const char* folder : {"tests/fuzz/regressions", "tests/fuzz/corpus"}) {
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            INFO(entry.path().string());
            std::string text = testing::readFile(entry.path());
            CHECK_NOTHROW([&] {
                ParsedRules parsed = parseRules(entry.path().filename().string(), text);
                (void)checkRules(parsed);
            }());
        }
    }
}
