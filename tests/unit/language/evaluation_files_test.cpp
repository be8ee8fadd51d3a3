// Evaluation tests written as rules files (tests/language/eval/*.kpirules). Each file embeds its table
// as `#| ... |` comment rows and states what must come out with `# expect:` lines:
//   # expect: KEY statuses = Green, Amber, No data      (one per period of the status series)
//   # expect: KEY write "Status" = Red                  (a computed column; `blank` for an empty value)
//   # expect: KEY flags = high: Off target | medium: Return overdue     (all flags, in order; `none`)
//   # expect: KEY failing = S, M                        (failing check letters; `none`)
//   # expect: KEY reads A = Baseline, Annual target     (headers a check reads)
//   # expect: diagnostic E0501 on line 12               (rules or header diagnostics)
//   # expect: diagnostic E0501 saying closest headers in the sheet: "Annual target"   (message or hint text)
//   # expect: note N0701 saying row 4                   (data notes, which have no line)
//   # expect: indicators = 3                            (how many rows are indicators)
// `# rules: rules/x.kpirules` takes the rules from a shipped file instead (with `# as_of: YYYY-MM-DD`).

#include "engine/engine.hpp"
#include "language/format.hpp"
#include "rules_file_harness.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace kpi;
using namespace kpi::language::testing;

namespace {

std::string show(const Value& v) {
    if (v.isBlank()) return "blank";
    if (v.isBoolean()) return v.asBoolean() ? "true" : "false";
    if (v.isText()) return v.asText();
    if (v.isNumber()) {
        language::MessageFormatter plain("en-US");
        return plain.format(v, false);
    }
    return "error";
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(separator) : "") + parts[i];
    return out.empty() ? "none" : out;
}

// `# rules: rules/council-monthly.kpirules` takes the rules from a shipped file (path from the project root).
std::string rulesTextFor(const std::string& testText) {
    auto at = testText.find("# rules:");
    if (at == std::string::npos) return testText;
    std::string path = trim(testText.substr(at + 8, testText.find('\n', at) - at - 8));
    std::string text = readFile(path);
    REQUIRE_FALSE(text.empty());
    // The test may fix the date: `# as_of: 2024-08-20` becomes an option line appended to the rules.
    auto asOf = testText.find("# as_of:");
    if (asOf != std::string::npos)
        text += "\noption as_of = " + trim(testText.substr(asOf + 8, testText.find('\n', asOf) - asOf - 8)) + "\n";
    return text;
}

void runFile(const std::filesystem::path& path) {
    std::string text = readFile(path);
    engine::CompiledRules rules(path.filename().string(), rulesTextFor(text));
    EmbeddedTable embedded = tableOf(text);
    language::MemoryTable table("Test", embedded.rows);
    engine::RunResult result = engine::run(rules, table, 45500.0);

    Diagnostics all = rules.diagnostics();
    all.insert(all.end(), result.diagnostics.begin(), result.diagnostics.end());
    auto expectations = expectationsOf(text);
    REQUIRE_FALSE(expectations.empty());

    std::map<std::string, const language::IndicatorResult*> byKey;
    for (const auto& indicator : result.indicators) byKey[indicator.key] = &indicator;

    bool expectsDiagnostics = false;
    for (const auto& expectation : expectations) {
        INFO(path.filename().string() << ":" << expectation.line << ": expect: " << expectation.text);
        const std::string& e = expectation.text;
        if (e.rfind("diagnostic ", 0) == 0 && e.find(" saying ") == std::string::npos) {
            expectsDiagnostics = true;
            std::string code = trim(e.substr(11, e.find(" on line") - 11));
            std::uint32_t line = static_cast<std::uint32_t>(std::stoul(e.substr(e.find("on line") + 7)));
            bool found = std::any_of(all.begin(), all.end(),
                                     [&](const Diagnostic& d) { return d.code == code && d.span.line == line; });
            CHECK(found);
            continue;
        }
        if (e.rfind("note ", 0) == 0 || (e.rfind("diagnostic ", 0) == 0 && e.find(" saying ") != std::string::npos)) {
            expectsDiagnostics = expectsDiagnostics || e.rfind("diagnostic ", 0) == 0;
            std::string code = trim(e.substr(e.find(' ') + 1, e.find(" saying") - e.find(' ') - 1));
            std::string saying = trim(e.substr(e.find(" saying ") + 8));
            bool found = std::any_of(all.begin(), all.end(), [&](const Diagnostic& d) {
                return d.code == code &&
                       (d.message.find(saying) != std::string::npos || d.hint.find(saying) != std::string::npos);
            });
            for (const auto& d : all) INFO(d.code << ": " << d.message << " / " << d.hint);
            CHECK(found);
            continue;
        }
        if (e.rfind("indicators =", 0) == 0) {
            CHECK(result.indicators.size() == std::stoul(e.substr(12)));
            continue;
        }
        std::string key = e.substr(0, e.find(' '));
        std::string rest = trim(e.substr(key.size()));
        REQUIRE(byKey.count(key) == 1);
        const auto& indicator = *byKey[key];
        std::string wanted = trim(rest.substr(rest.find('=') + 1));
        if (rest.rfind("statuses", 0) == 0) {
            std::vector<std::string> statuses;
            for (auto index : indicator.statuses) statuses.push_back(rules.program().statusNames.at(index));
            CHECK(joined(statuses, ", ") == wanted);
        } else if (rest.rfind("write", 0) == 0) {
            std::string header = rest.substr(rest.find('"') + 1);
            header = header.substr(0, header.find('"'));
            const auto& writes = rules.program().writes;
            auto it = std::find_if(writes.begin(), writes.end(), [&](const auto& w) { return w.header == header; });
            REQUIRE(it != writes.end());
            CHECK(show(indicator.written[static_cast<std::size_t>(it - writes.begin())]) == wanted);
        } else if (rest.rfind("flags", 0) == 0) {
            std::vector<std::string> flags;
            for (const auto& flag : indicator.flags)
                flags.push_back(std::string(language::levelName(rules.program().flags.at(flag.flag).level)) + ": " +
                                flag.message +
                                (flag.notify.empty() ? "" : " -> " + flag.notify));
            CHECK(joined(flags, " | ") == wanted);
        } else if (rest.rfind("failing", 0) == 0) {
            std::vector<std::string> failing;
            for (std::size_t i = 0; i < indicator.checksPassed.size(); ++i)
                if (!indicator.checksPassed[i]) failing.push_back(rules.program().checks[i].letter);
            CHECK(joined(failing, ", ") == wanted);
            std::string summary = language::smartSummary(rules.program(), indicator);
            CHECK(summary == (failing.empty() ? "OK" : [&] {
                      std::string letters;
                      for (const auto& f : failing) letters += f;
                      return letters;
                  }()));
        } else if (rest.rfind("reads", 0) == 0) {
            std::string letter = trim(rest.substr(5, rest.find('=') - 5));
            const auto& checks = rules.program().checks;
            auto it = std::find_if(checks.begin(), checks.end(), [&](const auto& c) { return c.letter == letter; });
            REQUIRE(it != checks.end());
            std::vector<std::string> headers;
            for (auto column : result.checkColumns.at(static_cast<std::size_t>(it - checks.begin())))
                headers.push_back(result.layout->headers[column]);
            CHECK(joined(headers, ", ") == wanted);
        } else {
            FAIL("unknown expectation");
        }
    }
    if (!expectsDiagnostics) {
        for (const auto& d : all) INFO(rules.render(d));
        CHECK_FALSE(hasErrors(all));
    }
}

} // namespace

TEST_CASE("evaluation files: every tests/language/eval/*.kpirules meets its # expect: lines") {
    auto files = filesIn("tests/language/eval", ".kpirules");
    REQUIRE(files.size() >= 3);
    for (const auto& file : files) {
        SECTION(file.filename().string()) { runFile(file); }
    }
}

// The formatters are shared per locale across MessageFormatter objects (made once per process): each object
// must still format as its own locale does, whatever was made before it, and alike for the same locale.
TEST_CASE("message formatting: formatters shared per locale keep each locale's own digits") {
    const Value n = Value::number(1234.5), share = Value::number(0.125);
    for (int round = 0; round < 2; ++round) {
        const language::MessageFormatter english("en-GB"), german("de-DE"), unknown("zz-not-a-locale");
        CHECK(english.format(n, false) == "1,234.5");
        CHECK(german.format(n, false) == "1.234,5");
        CHECK(english.format(share, true) == "12.5%");
        CHECK(german.format(share, true).find("12,5") == 0);
        CHECK_FALSE(unknown.format(n, false).empty());
        const language::MessageFormatter englishAgain("en-GB");
        CHECK(englishAgain.format(n, false) == english.format(n, false));
    }
}
