#pragma once
// Header resolution: which row holds the headers, which column each field reads, which columns make up
// each series. Runs once per sheet, before evaluation, so a missing header is a diagnostic naming the
// closest headers present, and the evaluator never compares header text.

#include "core/diagnostic.hpp"
#include "language/program.hpp"
#include "language/table.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kpi::language {

inline constexpr std::size_t noColumn = SIZE_MAX;

struct SeriesColumns {
    std::size_t first = noColumn;
    std::size_t count = 0;
    std::vector<std::string> headers; // the period headers, left to right
};

struct TableLayout {
    std::size_t headerRow = 0;
    std::size_t keyColumn = noColumn;
    std::vector<std::size_t> fieldColumns; // per field slot; noColumn when missing
    std::vector<SeriesColumns> seriesColumns; // per series slot
    std::vector<std::string> headers;         // the header row's texts
};

struct ResolvedLayout {
    std::optional<TableLayout> layout; // absent when a header is missing
    Diagnostics diagnostics;
};

// Warning W0505 when a header the rules read (the key, a field, a series' first or last period) heads more
// than one column: the leftmost is read.
ResolvedLayout resolveLayout(const Program& program, const TableView& table);

// "A" .. "Z", "AA", ...: a 0-based column's letters, for messages.
std::string columnLetters(std::size_t column);

} // namespace kpi::language
