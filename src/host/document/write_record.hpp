#pragma once
// What one run wrote into a document, kept in the document itself (JSON in a hidden column of the
// Exceptions sheet) so the next run and clear() can take back exactly that: the cell style each restyled
// cell had before, the previous contents of every computed-column cell, the comment (if any) each
// flagged key had before. Plain C++: no UNO types.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kpi::host::document {

// The Exceptions sheet column (0-based; AE) that holds the record, hidden.
inline constexpr std::size_t recordColumn = 30;

struct RecordedStyles {
    std::string sheet;
    std::string style;                               // the style these cells had before the run
    std::vector<std::array<std::size_t, 4>> ranges; // first column, first row, last column, last row (0-based)
};

struct RecordedBlock {
    std::size_t row = 0;               // first row (0-based)
    std::vector<std::string> previous; // one formula text per row, as getFormulaArray gave it ("" = empty)
};

struct RecordedColumn {
    std::string sheet;
    std::size_t column = 0;
    bool created = false;              // inserted by the run: taking back removes the column
    std::vector<RecordedBlock> blocks; // otherwise: what each written block held before
};

struct RecordedComment {
    std::string sheet;
    std::size_t column = 0;
    std::size_t row = 0;
    std::optional<std::string> previous; // the comment that was there before, if any
};

struct WriteRecord {
    std::vector<RecordedStyles> styles;
    std::vector<RecordedColumn> columns;
    std::vector<RecordedComment> comments;

    // The record as JSON text cut into cell-sized pieces (a cell holds at most 32767 characters in
    // .xlsx); at least one piece.
    std::vector<std::string> toChunks() const;
    // Nothing when the pieces are not a record this version wrote.
    static std::optional<WriteRecord> fromChunks(const std::vector<std::string>& chunks);
};

} // namespace kpi::host::document
