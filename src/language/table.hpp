#pragma once
// The evaluator's view of a sheet: a rectangle of cell values, read in bulk by the host (or built in
// memory by tests and the runner). Row and column numbers are 0-based positions in that rectangle, kept
// in every result so the host can write statuses, styles and computed columns back.

#include "core/value.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kpi::language {

class TableView {
public:
    virtual ~TableView() = default;
    virtual std::string_view sheetName() const = 0;
    virtual std::size_t rowCount() const = 0;
    virtual std::size_t columnCount() const = 0;
    // Raw cell content (the evaluator applies the one cell-text conversion itself).
    virtual const Value& cell(std::size_t row, std::size_t column) const = 0;
    // The row's cells from column 0, when the table holds them side by side (else empty): the evaluator
    // reads a row through it without a call per cell. Columns past its end are read with cell().
    virtual std::span<const Value> rowCells(std::size_t /*row*/) const { return {}; }
};

// A table held in memory: tests, the runner, and hosts that have already read the block.
class MemoryTable final : public TableView {
public:
    MemoryTable(std::string sheet, std::vector<std::vector<Value>> rows);
    std::string_view sheetName() const override { return sheet_; }
    std::size_t rowCount() const override { return rows_.size(); }
    std::size_t columnCount() const override { return columns_; }
    const Value& cell(std::size_t row, std::size_t column) const override;
    std::span<const Value> rowCells(std::size_t row) const override {
        return row < rows_.size() ? std::span<const Value>(rows_[row]) : std::span<const Value>();
    }

private:
    std::string sheet_;
    std::vector<std::vector<Value>> rows_;
    std::size_t columns_ = 0;
    Value blank_;
};

} // namespace kpi::language
