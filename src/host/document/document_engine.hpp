#pragma once
// The document engine: runs a rules file over the tables of a spreadsheet document and writes the
// results back into it (cell styles, computed columns, comments on flagged keys, an Exceptions sheet,
// a KPI Log row), as one undo step. Everything is read and evaluated before the first write; a
// failure while writing undoes what was written. What a run wrote is recorded in the document so the
// next run and clear() can take exactly that back (see docs/document-engine.md).
//
// Plain C++ over the UNO API: the sidebar calls it directly, the RulesEngine service wraps it.
// Reports are JSON (the keys are fixed: the runner and the sidebar read them).

#include "language/program.hpp"

#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/uno/Reference.hxx>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpi::host::document {

using CommentLevel = language::Options::Comments;

struct RunOptions {
    std::optional<double> asOf; // core date serial; "today" when absent (the rules' as_of wins over both)
    std::string locale = "en-GB";
    // Which flags get a comment on the key cell when the rules' `option comments` does not say: every
    // level when absent too. "comments": "all" | "high" | "medium" | "none".
    std::optional<CommentLevel> comments;
    bool write = true;          // false: evaluate and report only
    // Automatic mode (the sidebar): after an edit, restyle only rows first..last (0-based) of one sheet —
    // status, flag and SMART styles — and write nothing else (no comments, Exceptions sheet or log
    // row), when the previous run's record covers every cell to restyle; otherwise a full write. The
    // report says "written": "rows" or true. See docs/document-engine.md ("Restyling rows").
    struct Rows {
        std::string sheet;
        std::size_t first = 0;
        std::size_t last = 0;
    };
    std::optional<Rows> onlyRows;
};

// Reads {"asOf":"2024-10-20","locale":"en-GB","comments":"all","write":true}; every key optional.
// Throws std::invalid_argument with a message naming the bad key.
RunOptions parseRunOptions(std::string_view optionsJson);

class DocumentEngine {
public:
    explicit DocumentEngine(css::uno::Reference<css::sheet::XSpreadsheetDocument> document);

    // Never throws for bad rules or bad data (reported with "ok": false, document unchanged).
    // May throw css::uno::Exception or std::exception on a broken document connection: callers at the
    // UNO boundary catch everything.
    nlohmann::json run(std::string_view rulesText, std::string_view rulesName, const RunOptions& options);

    // Takes back everything earlier runs wrote (the KPI Log sheet stays), as one undo step.
    nlohmann::json clear();

    // Why does this cell look as it does? Compiles the rules, reads and evaluates the table the cell is in
    // (never writes), and explains the one indicator row the cell is on. row/column: 0-based cell address
    // on the sheet named sheetName. Never throws for bad rules or data (ok:false). In explain.cpp; the
    // report is described in docs/document-engine.md ("explain").
    nlohmann::json explain(std::string_view rulesText, std::string_view rulesName, const RunOptions& options,
                           std::string_view sheetName, std::int32_t row, std::int32_t column);

private:
    css::uno::Reference<css::sheet::XSpreadsheetDocument> document_;
};

// The sheet names the engine writes: never read as tables.
inline constexpr char exceptionsSheetName[] = "Exceptions";
inline constexpr char logSheetName[] = "KPI Log";

// Lower-case hex SHA-256 of the bytes.
std::string sha256Hex(std::string_view bytes);

} // namespace kpi::host::document
