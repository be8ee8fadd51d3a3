#pragma once
// Runs a compiled Program over the indicator rows of a table. Per indicator: SMART check outcomes
// (with the columns each check read, for highlighting), a status per period, flags with their
// interpolated messages, and the computed columns. Blank is a value: arithmetic and comparison with
// blank give blank, and/or/not use three-valued logic, and series broadcast element by element.

#include "core/diagnostic.hpp"
#include "language/layout.hpp"
#include "language/program.hpp"
#include "language/table.hpp"

#include <string>
#include <vector>

namespace kpi::language {

struct CheckOutcome {
    std::string letter;
    std::string message;
    bool passed = false;
    std::vector<std::size_t> columnsRead; // the fields the check reads, as table columns
};

struct FlagOutcome {
    FlagLevel level = FlagLevel::Medium;
    std::string message;  // interpolated
    std::string notify;   // the notify field's value, empty when none
    std::uint32_t ruleLine = 0; // the flag statement's line in the rules file
};

struct IndicatorResult {
    std::size_t row = 0;      // table row of the indicator
    std::string key;
    std::vector<CheckOutcome> checks;
    std::vector<std::string> statuses;     // one per period of the status series ("" when no status block)
    std::vector<std::size_t> statusColumns; // the table columns of those periods
    std::vector<FlagOutcome> flags;
    std::vector<Value> written;             // one per write statement, in order
};

struct EvaluationContext {
    double today = 0.0; // date serial; option as_of overrides it
};

struct Evaluation {
    std::vector<IndicatorResult> indicators;
    Diagnostics diagnostics; // data notes: duplicate keys, error cells
};

Evaluation evaluate(const Program& program, const TableLayout& layout, const TableView& table,
                    const EvaluationContext& context);

} // namespace kpi::language
