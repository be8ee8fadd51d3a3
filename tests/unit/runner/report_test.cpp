// What `kpirules check` writes and prints from the engine's JSON report: CSV, JSON, summary.

#include "runner/report.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>

using kpi::runner::WorkbookReport;

namespace {

// An engine report in the shape org.kpirules.XRulesEngine::run returns.
const char* const engineReport = R"({
  "ok": true,
  "rules": {"name": "monthly.kpirules", "sha256": "ab12"},
  "tables": [{"sheet": "KPIs", "headerRow": 4, "indicators": 3}],
  "counts": {"indicators": 3, "green": 1, "amber": 0, "red": 2, "blue": 0, "nodata": 0,
             "smartFailures": 1, "flags": 2, "high": 1, "medium": 1, "low": 0},
  "exceptions": [
    {"severity": "high", "code": "CHS02", "title": "Rate per 10,000 population", "rule": "Red twice",
     "message": "Off target \"twice\"", "period": "Sep", "value": 64.0, "target": 0.95,
     "owner": "Head of Service", "escalation": "Director", "sheet": "KPIs", "cell": "$'KPIs'.$A$14"},
    {"severity": "smart", "code": "ASC04", "title": "Days to start", "rule": "Has a baseline",
     "message": "line one\nline two", "period": null, "value": null, "target": null,
     "owner": "", "escalation": "", "sheet": "KPIs", "cell": "$'KPIs'.$A$9"}
  ]
})";

} // namespace

TEST_CASE("the engine's report gives the counts", "[runner][report]") {
    WorkbookReport report = kpi::runner::readEngineReport("in/monthly.ods", engineReport);
    CHECK(report.ok());
    CHECK(report.workbook == "in/monthly.ods");
    CHECK(report.counts.indicators == 3);
    CHECK(report.counts.red == 2);
    CHECK(report.counts.green == 1);
    CHECK(report.counts.smartFailures == 1);
    CHECK(report.counts.flags == 2);
}

TEST_CASE("a report that is not JSON, or has no ok, is refused", "[runner][report]") {
    CHECK_THROWS_AS(kpi::runner::readEngineReport("x.ods", "not json"), std::runtime_error);
    CHECK_THROWS_AS(kpi::runner::readEngineReport("x.ods", R"({"counts":{}})"), std::runtime_error);
    CHECK_THROWS_AS(kpi::runner::readEngineReport("x.ods", "[true]"), std::runtime_error);
}

TEST_CASE("exceptions as CSV: header, one row each, quoting, shortest numbers", "[runner][report]") {
    WorkbookReport report = kpi::runner::readEngineReport("in/monthly.ods", engineReport);
    std::ostringstream csv;
    kpi::runner::writeExceptionsCsv(report, csv);
    CHECK(csv.str() ==
          "workbook,severity,code,title,rule,message,period,value,target,owner,escalation owner,sheet,cell\r\n"
          "in/monthly.ods,high,CHS02,\"Rate per 10,000 population\",Red twice,\"Off target \"\"twice\"\"\",Sep,64,"
          "0.95,Head of Service,Director,KPIs,$'KPIs'.$A$14\r\n"
          "in/monthly.ods,smart,ASC04,Days to start,Has a baseline,\"line one\nline two\",,,,,,KPIs,$'KPIs'.$A$9\r\n");
}

TEST_CASE("no exceptions: only the header row", "[runner][report]") {
    WorkbookReport report = kpi::runner::readEngineReport("a.ods", R"({"ok": true, "counts": {"indicators": 4}})");
    std::ostringstream csv;
    kpi::runner::writeExceptionsCsv(report, csv);
    CHECK(csv.str().find("\r\n") == csv.str().size() - 2);
    CHECK(kpi::runner::exceptionsJson(report)["exceptions"].empty());
}

TEST_CASE("exceptions as JSON carry the workbook on every row", "[runner][report]") {
    WorkbookReport report = kpi::runner::readEngineReport("in/monthly.ods", engineReport);
    report.output = "checked/monthly.ods";
    nlohmann::json json = kpi::runner::exceptionsJson(report);
    CHECK(json["workbook"] == "in/monthly.ods");
    CHECK(json["output"] == "checked/monthly.ods");
    CHECK(json["rules"]["sha256"] == "ab12");
    CHECK(json["counts"]["flags"] == 2);
    REQUIRE(json["exceptions"].size() == 2);
    for (const auto& row : json["exceptions"]) CHECK(row["workbook"] == "in/monthly.ods");
    CHECK(json["exceptions"][0]["code"] == "CHS02");
}

TEST_CASE("a failed run is described by its error or its rendered errors", "[runner][report]") {
    auto error = kpi::runner::readEngineReport(
        "d.ods", R"({"ok": false, "error": "no sheet named \"KPIs\"; the document has \"Adults\""})");
    CHECK_FALSE(error.ok());
    CHECK(kpi::runner::describeFailure(error) == "no sheet named \"KPIs\"; the document has \"Adults\"\n");

    auto diagnostics = kpi::runner::readEngineReport("d.ods", R"({"ok": false, "diagnostics": [
        {"severity": "warning", "line": 2, "message": "unused", "rendered": "r.kpirules:2:1: warning: unused"},
        {"severity": "error", "line": 5, "message": "expected name", "rendered": "r.kpirules:5:7: error[E0101]: expected name\n"},
        {"severity": "error", "line": 9, "message": "no header \"Apr\""}]})");
    CHECK(kpi::runner::describeFailure(diagnostics) ==
          "r.kpirules:5:7: error[E0101]: expected name\nline 9: no header \"Apr\"\n");

    auto silent = kpi::runner::readEngineReport("d.ods", R"({"ok": false})");
    CHECK_FALSE(kpi::runner::describeFailure(silent).empty());
}

TEST_CASE("summary: aligned columns, a total row for several workbooks", "[runner][report]") {
    auto first = kpi::runner::readEngineReport("a.ods", engineReport);
    std::ostringstream one;
    kpi::runner::printSummary({first}, one);
    CHECK(one.str() == "Workbook  Indicators  Red  Amber  Green  No data  SMART failures  Flags\n"
                       "a.ods              3    2      0      1        0               1      2\n");

    auto second = kpi::runner::readEngineReport("longer-name.xlsx", engineReport);
    std::ostringstream two;
    kpi::runner::printSummary({first, second}, two);
    CHECK(two.str() == "Workbook          Indicators  Red  Amber  Green  No data  SMART failures  Flags\n"
                       "a.ods                      3    2      0      1        0               1      2\n"
                       "longer-name.xlsx           3    2      0      1        0               1      2\n"
                       "Total                      6    4      0      2        0               2      4\n");
}

TEST_CASE("the progress bar draws only when enabled and for several workbooks", "[runner][report]") {
    std::ostringstream off;
    kpi::runner::ProgressBar silent(off, 3, false);
    silent.show(1, "a.ods");
    silent.finish();
    CHECK(off.str().empty());

    std::ostringstream single;
    kpi::runner::ProgressBar justOne(single, 1, true);
    justOne.show(0, "a.ods");
    CHECK(single.str().empty());

    std::ostringstream on;
    kpi::runner::ProgressBar bar(on, 3, true);
    bar.show(1, "b.ods");
    CHECK(on.str() == "\r\x1b[K[##########....................] 1/3 b.ods");
    bar.finish();
    CHECK(on.str().ends_with("\r\x1b[K"));
}
