#pragma once
// What the KPI Rules sidebar panel shows, worked out from the document engine's JSON reports
// (docs/document-engine.md). Plain C++ without UNO, so it is unit-tested on its own; the panel
// (rules_panel.cpp) only puts these texts into its controls.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpi::host::sidebar {

// The counts of a run, three lines of "Name: n" pairs:
//   "Indicators: 49    Flags: 77" / "Red: 21    Amber: 2    Green: 24" / "No data: 2    SMART failures: 13"
// Blue and any status a `style` statement adds are named on the second line when present.
std::string countsText(const nlohmann::json& counts);

// One line of the exceptions list: "High · CHS06 · Off target two months running (Sep)".
std::string exceptionItem(const nlohmann::json& exception);

// The diagnostics of a report, errors first, one per line: "Line 41, column 3: error E0301: ...", or for
// a note about the data (no line) "Note N0701: sheet ...", the hint indented on the next line when there
// is one; the report's "error" first when no diagnostic is an error.
std::string diagnosticsText(const nlohmann::json& report);

// The number of error diagnostics in a report.
std::size_t errorCount(const nlohmann::json& report);

// A 0-based cell on a named sheet.
struct CellPosition {
    std::string sheet;
    std::int32_t row = 0;
    std::int32_t column = 0;
};

// The report's cell names, "$'Corporate KPIs'.$A$18" or "Sheet1.B2" (the sheet part quoted or not,
// '' inside quotes for a quote). Nothing for anything else.
std::optional<CellPosition> parseCellName(std::string_view name);

} // namespace kpi::host::sidebar
