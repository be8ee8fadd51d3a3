#pragma once
// What the document engine's run() and explain() share for reading (internal to src/host/document):
// a sheet's used area as a table, and diagnostics as report JSON.

#include "host/document/spreadsheet.hpp"

#include "core/diagnostic.hpp"
#include "engine/engine.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace kpi::host::document {

// "error", "warning", "note".
std::string severityName(Severity severity);

// One diagnostic as the reports give it (with `rendered` text; `sheet` only for data diagnostics).
nlohmann::json diagnosticJson(const engine::CompiledRules& rules, const Diagnostic& diagnostic,
                              std::string_view sheet = {});

// The used area A1:(lastColumn, lastRow) in one getDataArray call, through the one cell conversion. Cells
// whose formula gives an error arrive as void; they are found with one query and kept as errors so the
// engine can note them. Reads only.
std::unique_ptr<language::MemoryTable> readTable(const std::string& name, const Reference<css::sheet::XSpreadsheet>& sheet,
                                                 std::size_t lastColumn, std::size_t lastRow);

} // namespace kpi::host::document
