// Reading shared by the document engine's run() and explain(): tables from sheets, diagnostics as JSON.

#include "host/document/reading.hpp"

#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>

#include <stdexcept>
#include <string>

namespace kpi::host::document {

std::string severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

nlohmann::json diagnosticJson(const engine::CompiledRules& rules, const Diagnostic& diagnostic, std::string_view sheet)
{
    nlohmann::json entry = {{"severity", severityName(diagnostic.severity)},
                            {"code", diagnostic.code},
                            {"line", diagnostic.span.line},
                            {"column", diagnostic.span.column},
                            {"message", diagnostic.message},
                            {"hint", diagnostic.hint},
                            {"rendered", rules.render(diagnostic)}};
    if (!sheet.empty()) entry["sheet"] = std::string(sheet);
    return entry;
}

// The most cells a sheet's used area may hold to be read (about 1 GB while it is converted). A stray value
// far below or to the right of the table would otherwise make one getDataArray of the whole sheet: at
// 1,048,576 x 16,384 cells (LibreOffice 7.4) the office would run out of memory.
constexpr std::size_t maxCellsRead = 10'000'000;

// The used area in one getDataArray call, through the one cell conversion. Cells whose formula gives an
// error arrive as void; they are found with one query and kept as errors so the engine can note them.
std::unique_ptr<language::MemoryTable> readTable(const std::string& name, const Reference<css::sheet::XSpreadsheet>& sheet,
                                                 std::size_t lastColumn, std::size_t lastRow)
{
    if (const std::size_t cells = (lastColumn + 1) * (lastRow + 1); cells > maxCellsRead) {
        const std::string corner = columnLetters(lastColumn) + std::to_string(lastRow + 1);
        throw std::length_error("sheet \"" + name + "\": its used area A1:" + corner + " holds " + std::to_string(cells) +
                                " cells, more than the " + std::to_string(maxCellsRead) +
                                " KPI Rules reads; delete whatever lies beyond the table (the used area ends at " + corner + ")");
    }
    auto range = sheet->getCellRangeByPosition(0, 0, static_cast<sal_Int32>(lastColumn), static_cast<sal_Int32>(lastRow));
    const Range block = rangeFromAny(Any(Reference<css::sheet::XCellRangeData>(range, UNO_QUERY_THROW)->getDataArray()));
    std::vector<std::vector<Value>> rows(block.rows, std::vector<Value>(block.cols));
    for (std::size_t r = 0; r < block.rows; ++r)
        for (std::size_t c = 0; c < block.cols; ++c) rows[r][c] = block.at(r, c);

    auto errors = Reference<css::sheet::XCellRangesQuery>(range, UNO_QUERY_THROW)->queryFormulaCells(css::sheet::FormulaResult::ERROR);
    if (errors.is()) {
        const auto addresses = errors->getRangeAddresses();
        for (const auto& address : addresses)
            for (sal_Int32 r = address.StartRow; r <= address.EndRow; ++r)
                for (sal_Int32 c = address.StartColumn; c <= address.EndColumn; ++c)
                    if (static_cast<std::size_t>(r) < rows.size() && static_cast<std::size_t>(c) < block.cols)
                        rows[r][c] = Value::error("the cell shows a formula error");
    }
    return std::make_unique<language::MemoryTable>(name, std::move(rows));
}

} // namespace kpi::host::document
