// Unit tests of the menu commands' plain parts: which URLs are ours, and what the user is told after
// Run and Clear. The protocol handler itself is tested in a real office (test_commands.py).

#include "host/commands/commands.hpp"

#include <catch2/catch.hpp>

#include <string>

using kpi::host::commands::clearOutcomeText;
using kpi::host::commands::Command;
using kpi::host::commands::commandOfUrl;
using kpi::host::commands::commandUrl;
using kpi::host::commands::runOutcomeText;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

nlohmann::json okReport()
{
    return nlohmann::json::parse(R"({"ok": true, "rules": {"name": "council-monthly.kpirules", "sha256": "ab"},
        "diagnostics": [], "tables": [{"sheet": "Corporate KPIs", "headerRow": 4, "indicators": 49}],
        "counts": {"indicators": 49, "green": 20, "amber": 5, "red": 15, "blue": 0, "nodata": 9,
                   "smartFailures": 6, "flags": 12, "high": 3, "medium": 5, "low": 4},
        "exceptions": [], "written": true})");
}

} // namespace

TEST_CASE("only the three command URLs are ours, exactly as written")
{
    CHECK(commandOfUrl("org.kpirules.command:Run") == Command::Run);
    CHECK(commandOfUrl("org.kpirules.command:Clear") == Command::Clear);
    CHECK(commandOfUrl("org.kpirules.command:ShowSidebar") == Command::ShowSidebar);
    for (const char* other : {"org.kpirules.command:", "org.kpirules.command:run", "org.kpirules.command:Run?x=1",
                              "org.kpirules.command:Run ", "org.kpirules.command:Explain", "org.kpirules.commandRun",
                              ".uno:Run", "org.kpirules.other:Run", "", "Run"})
        CHECK_FALSE(commandOfUrl(other).has_value());
    for (Command command : {Command::Run, Command::Clear, Command::ShowSidebar})
        CHECK(commandOfUrl(commandUrl(command)) == command);
    CHECK(commandUrl(Command::ShowSidebar) == "org.kpirules.command:ShowSidebar");
}

TEST_CASE("a successful run tells the counts, the flags and where to look")
{
    const std::string text = runOutcomeText(okReport());
    CHECK(contains(text, "KPI Rules checked 49 indicators with council-monthly.kpirules: 20 green, 5 amber, 15 red, 9 no data."));
    CHECK(contains(text, "12 flags (3 high, 5 medium, 4 low) and 6 SMART failures: see the Exceptions sheet."));
    CHECK_FALSE(contains(text, "blue")); // only when some indicator is blue
    CHECK_FALSE(contains(text, "warning"));
}

TEST_CASE("blue, the rules' own statuses and warnings are told when present")
{
    nlohmann::json report = okReport();
    report["counts"]["blue"] = 2;
    report["counts"]["exceeded"] = 3;
    report["counts"]["flags"] = 1;
    report["counts"]["smartFailures"] = 0;
    report["diagnostics"] = nlohmann::json::parse(R"([{"severity": "warning", "rendered": "x"},
                                                      {"severity": "warning"}, {"severity": "note"}])");
    const std::string text = runOutcomeText(report);
    CHECK(contains(text, "15 red, 2 blue, 3 exceeded, 9 no data."));
    CHECK(contains(text, "\n1 flag (3 high, 5 medium, 4 low): see the Exceptions sheet."));
    CHECK(contains(text, "The rules have 2 warnings."));
}

TEST_CASE("a run without exceptions says so; an evaluation-only run says nothing was written")
{
    nlohmann::json report = okReport();
    for (const char* key : {"flags", "smartFailures", "high", "medium", "low"}) report["counts"][key] = 0;
    CHECK(contains(runOutcomeText(report), "\nNo flags and no SMART failures."));
    report["counts"]["flags"] = 2;
    report.erase("written");
    const std::string text = runOutcomeText(report);
    CHECK(contains(text, "2 flags (0 high, 0 medium, 0 low)."));
    CHECK_FALSE(contains(text, "see the Exceptions sheet"));
    CHECK(contains(text, "Nothing was written"));
}

TEST_CASE("a failed run names the rules, the error and the first errors, and says the document is unchanged")
{
    nlohmann::json report = {{"ok", false},
                             {"rules", {{"name", "broken.kpirules"}}},
                             {"error", "the rules have errors"},
                             {"diagnostics", nlohmann::json::array()}};
    for (int line = 1; line <= 7; ++line)
        report["diagnostics"].push_back({{"severity", "error"},
                                         {"message", "bad"},
                                         {"rendered", "broken.kpirules:" + std::to_string(line) + ":2: error: bad\n  x\n  ^"}});
    report["diagnostics"].push_back({{"severity", "warning"}, {"rendered", "broken.kpirules:9:1: warning: w"}});
    const std::string text = runOutcomeText(report);
    CHECK(contains(text, "KPI Rules could not run broken.kpirules: the rules have errors."));
    CHECK(contains(text, "\nbroken.kpirules:1:2: error: bad\n"));
    CHECK(contains(text, "\nbroken.kpirules:5:2: error: bad\n"));
    CHECK_FALSE(contains(text, "broken.kpirules:6:2"));
    CHECK_FALSE(contains(text, "warning"));
    CHECK_FALSE(contains(text, "  ^")); // only the first line of each rendered diagnostic
    CHECK(contains(text, "... and 2 more errors."));
    CHECK(contains(text, "The document is unchanged."));

    const std::string writeFailed =
        runOutcomeText({{"ok", false}, {"error", "writing the results failed (x); the document is unchanged"}});
    CHECK(writeFailed == "KPI Rules could not run: writing the results failed (x); the document is unchanged.");
    CHECK(contains(runOutcomeText(nlohmann::json::array()), "an unknown error"));
}

TEST_CASE("clear tells what was taken back, or that there was nothing")
{
    const std::string text = clearOutcomeText(
        {{"ok", true}, {"cleared", {{"styledRanges", 7}, {"columns", 2}, {"comments", 1}, {"exceptionsSheet", true}}}});
    CHECK(text == "KPI Rules took back what it wrote: 7 styled ranges, 2 columns, 1 comment and the Exceptions sheet. "
                  "The KPI Log is kept.");
    CHECK(clearOutcomeText({{"ok", true},
                            {"cleared", {{"styledRanges", 0}, {"columns", 0}, {"comments", 0}, {"exceptionsSheet", false}}}}) ==
          "Nothing to clear: KPI Rules has not written to this document.");
    CHECK(contains(clearOutcomeText({{"ok", true}, {"cleared", {{"styledRanges", 0}}}, {"note", "kept"}}), "\nNote: kept."));
    CHECK(clearOutcomeText({{"ok", false}, {"error", "boom"}}) == "KPI Rules could not clear this document: boom.");
}
