#include "language/layout.hpp"

#include "core/text_key.hpp"
#include "language/diagnostic_codes.hpp"

#include <algorithm>

namespace kpi::language {

MemoryTable::MemoryTable(std::string sheet, std::vector<std::vector<Value>> rows)
    : sheet_(std::move(sheet)), rows_(std::move(rows)) {
    for (const auto& row : rows_) columns_ = std::max(columns_, row.size());
}

const Value& MemoryTable::cell(std::size_t row, std::size_t column) const {
    if (row >= rows_.size() || column >= rows_[row].size()) return blank_;
    return rows_[row][column];
}

namespace {

std::string headerText(const Value& value) {
    if (value.isText()) return value.asText();
    if (value.isNumber()) {
        std::string text = std::to_string(value.asNumber());
        return text;
    }
    return {};
}

std::string hintFor(std::string_view wanted, const std::vector<std::string>& present) {
    std::vector<std::string> nonEmpty;
    for (const auto& h : present)
        if (!h.empty()) nonEmpty.push_back(h);
    auto closest = closestMatches(wanted, nonEmpty, 3);
    if (closest.empty()) return "the sheet has no header like it; check the sheet name and the header row";
    std::string hint = "closest headers in the sheet: ";
    for (std::size_t i = 0; i < closest.size(); ++i) hint += (i ? ", \"" : "\"") + closest[i] + "\"";
    return hint;
}

} // namespace

ResolvedLayout resolveLayout(const Program& program, const TableView& table) {
    ResolvedLayout result;
    TableLayout layout;
    // The header row: the first row holding the key header (title rows above it are skipped).
    std::string keyKey = foldKey(program.key);
    std::optional<std::size_t> headerRow;
    for (std::size_t row = 0; row < table.rowCount() && !headerRow; ++row)
        for (std::size_t column = 0; column < table.columnCount(); ++column)
            if (foldKey(headerText(table.cell(row, column))) == keyKey) {
                headerRow = row;
                layout.keyColumn = column;
                break;
            }
    if (!headerRow) {
        std::vector<std::string> firstRow;
        for (std::size_t column = 0; column < table.columnCount() && table.rowCount() > 0; ++column)
            firstRow.push_back(headerText(table.cell(0, column)));
        result.diagnostics.push_back(makeDiagnostic(DiagnosticCode::MissingHeader, program.keySpan,
                                                    "key header \"" + program.key + "\" not found in sheet \"" +
                                                        std::string(table.sheetName()) + "\"",
                                                    hintFor(program.key, firstRow)));
        return result;
    }
    layout.headerRow = *headerRow;
    std::vector<std::string> keys;
    for (std::size_t column = 0; column < table.columnCount(); ++column) {
        layout.headers.push_back(headerText(table.cell(layout.headerRow, column)));
        keys.push_back(foldKey(layout.headers.back()));
    }
    // The leftmost column headed `header`; a warning (once per header) when more columns have it.
    std::vector<std::string> warned;
    auto find = [&](std::string_view header, const SourceSpan& span) -> std::size_t {
        std::string key = foldKey(header);
        auto it = std::find(keys.begin(), keys.end(), key);
        if (it == keys.end()) return noColumn;
        const auto column = static_cast<std::size_t>(it - keys.begin());
        std::string others;
        for (auto next = std::find(it + 1, keys.end(), key); next != keys.end(); next = std::find(next + 1, keys.end(), key))
            others += (others.empty() ? "" : ", ") + columnLetters(static_cast<std::size_t>(next - keys.begin()));
        if (!others.empty() && std::find(warned.begin(), warned.end(), key) == warned.end()) {
            warned.push_back(key);
            result.diagnostics.push_back(makeDiagnostic(
                DiagnosticCode::DuplicateHeader, span,
                "header \"" + layout.headers[column] + "\" heads columns " + columnLetters(column) + " and " + others +
                    " of sheet \"" + std::string(table.sheetName()) + "\"; column " + columnLetters(column) + " is read",
                "rename the other columns, or delete them if they are copies"));
        }
        return column;
    };
    find(program.key, program.keySpan); // the header row was found by its leftmost key header
    bool missing = false;
    for (const auto& field : program.fields) {
        std::size_t column = noColumn;
        for (const auto& header : field.headers)
            if ((column = find(header, field.span)) != noColumn) break;
        if (column == noColumn) {
            missing = true;
            result.diagnostics.push_back(makeDiagnostic(
                DiagnosticCode::MissingHeader, field.span,
                "field " + field.name + ": no header \"" + field.headers.front() + "\" in sheet \"" +
                    std::string(table.sheetName()) + "\"",
                hintFor(field.headers.front(), layout.headers)));
        }
        layout.fieldColumns.push_back(column);
    }
    for (const auto& series : program.series) {
        SeriesColumns columns;
        std::size_t first = find(series.firstHeader, series.span);
        std::size_t last = find(series.lastHeader, series.span);
        for (auto [column, header] : {std::pair{first, &series.firstHeader}, std::pair{last, &series.lastHeader}})
            if (column == noColumn) {
                missing = true;
                result.diagnostics.push_back(makeDiagnostic(
                    DiagnosticCode::MissingHeader, series.span,
                    "series " + series.name + ": no header \"" + *header + "\" in sheet \"" +
                        std::string(table.sheetName()) + "\"",
                    hintFor(*header, layout.headers)));
            }
        if (first != noColumn && last != noColumn) {
            if (last < first) {
                missing = true;
                result.diagnostics.push_back(makeDiagnostic(
                    DiagnosticCode::BadSeriesRange, series.span,
                    "series " + series.name + ": \"" + series.lastHeader + "\" comes before \"" + series.firstHeader +
                        "\" in the sheet",
                    "name the leftmost period column first"));
            } else {
                columns.first = first;
                columns.count = last - first + 1;
                for (std::size_t c = first; c <= last; ++c) columns.headers.push_back(layout.headers[c]);
            }
        }
        layout.seriesColumns.push_back(std::move(columns));
    }
    // Profiles must have one weight per period of the (first) series.
    if (!missing && !layout.seriesColumns.empty())
        for (const auto& profile : program.profiles)
            if (profile.weights.size() != layout.seriesColumns.front().count)
                result.diagnostics.push_back(makeDiagnostic(
                    DiagnosticCode::ProfileLength, profile.span,
                    "profile " + profile.name + " has " + std::to_string(profile.weights.size()) +
                        " weights but series " + program.series.front().name + " has " +
                        std::to_string(layout.seriesColumns.front().count) + " periods",
                    "give one weight per period column"));
    if (!hasErrors(result.diagnostics)) result.layout = std::move(layout);
    return result;
}

std::string columnLetters(std::size_t column) {
    std::string letters;
    for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters;
}

} // namespace kpi::language
