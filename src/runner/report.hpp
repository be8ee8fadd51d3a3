#pragma once
// What `kpirules check` tells people about each workbook: the exceptions as CSV and JSON files,
// the summary table, and a progress bar. Reads only the JSON report the document engine returns
// (org.kpirules.XRulesEngine::run); no LibreOffice types here.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace kpi::runner {

struct StatusCounts {
    long indicators = 0;
    long red = 0;
    long amber = 0;
    long green = 0;
    long blue = 0;
    long noData = 0;
    long smartFailures = 0;
    long flags = 0;
};

// One checked workbook: where it came from, where the checked copy went, and the engine's report.
struct WorkbookReport {
    std::string workbook; // the input as named on the command line
    std::string output;   // the checked copy written (empty when none was)
    nlohmann::json engine; // the engine's report, as returned
    StatusCounts counts;

    bool ok() const { return engine.value("ok", false); }
};

// Parses the engine's JSON report. Throws std::runtime_error when it is not JSON or lacks "ok".
WorkbookReport readEngineReport(std::string workbook, std::string_view reportJson);

// The engine's failure for people: its error message, or the rendered rule diagnostics.
std::string describeFailure(const WorkbookReport& report);

// The exceptions, one CSV row each (RFC 4180 quoting), with a header row and the workbook name.
void writeExceptionsCsv(const WorkbookReport& report, std::ostream& out);
// {"workbook", "output", "rules", "counts", "tables", "exceptions": [{..., "workbook"}]}
nlohmann::json exceptionsJson(const WorkbookReport& report);

// A table: workbook, indicators, red, amber, green, no data, SMART failures, flags; a total row
// when there are several workbooks.
void printSummary(const std::vector<WorkbookReport>& reports, std::ostream& out);

// "[#######.......] 3/7 name" redrawn in place on a terminal; silent when disabled.
class ProgressBar {
public:
    ProgressBar(std::ostream& out, std::size_t total, bool enabled);
    void show(std::size_t done, std::string_view current);
    void finish(); // erases the bar
private:
    std::ostream& out_;
    std::size_t total_;
    bool enabled_;
};

} // namespace kpi::runner
