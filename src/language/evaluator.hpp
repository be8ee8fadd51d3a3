#pragma once
// Runs a compiled Program over the indicator rows of a table. Per indicator: SMART check outcomes,
// a status per period, flags with their interpolated messages, and the computed columns. Blank is a
// value: arithmetic and comparison with blank give blank, and/or/not use three-valued logic, and
// series broadcast element by element.
//
// Results are compact: statuses are indices into Program::statusNames, checks are pass/fail per
// Program::checks entry; what is the same for every row (the columns a check reads, the columns of the
// status series) is given once per evaluation. Strings are built only for raised flags and keys.

#include "core/diagnostic.hpp"
#include "language/inline_vector.hpp"
#include "language/layout.hpp"
#include "language/program.hpp"
#include "language/table.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kpi::language {

struct FlagOutcome {
    std::uint32_t flag = 0;     // index into Program::flags (level, rule position)
    FlagLevel level = FlagLevel::Medium;
    std::string message;        // interpolated
    std::string notify;         // the notify field's value, empty when none
};

// A row's result holds its parts inline up to these sizes (the common case: up to 64 checks, 16 periods, one
// raised flag and 2 written values), so running a row allocates nothing for its result; more spill to the
// heap. Read like std::vector: size(), operator[], iteration, ==. sizeof(IndicatorResult) is 280 bytes (464
// with boost::container::small_vector and 16 checks, 24 statuses, one flag, 4 values inline): a large
// table's records are written to fresh pages, so their size is paid for in page faults.
using CheckOutcomes = InlineBits; // one bit per check
using StatusIndices = InlineVector<std::uint16_t, 16>;
using FlagOutcomes = InlineVector<FlagOutcome, 1>;
using WrittenValues = InlineVector<Value, 2>;

struct IndicatorResult {
    // User-provided, so emplace_back() (value-initialisation) does not first zero the inline storage.
    IndicatorResult() {}

    std::size_t row = 0;        // table row of the indicator
    std::string key;
    CheckOutcomes checksPassed; // one per Program::checks entry
    StatusIndices statuses;     // one per period of the status series: index into Program::statusNames
    FlagOutcomes flags;
    WrittenValues written;      // one per write statement, in order
};

struct EvaluationContext {
    double today = 0.0; // date serial; option as_of overrides it
};

struct Evaluation {
    std::vector<IndicatorResult> indicators;
    std::vector<std::vector<std::size_t>> checkColumns; // per check: the table columns its fields are in
    std::vector<std::size_t> statusColumns;             // the table columns of the status series' periods
    Diagnostics diagnostics;                            // data notes: duplicate keys, error cells
};

Evaluation evaluate(const Program& program, const TableLayout& layout, const TableView& table,
                    const EvaluationContext& context);

// For explaining one indicator (language/explain.hpp): evaluates `row` exactly as evaluate() does, then
// each of `nodes` on that same row (lets keep the row's values), so a caller can show what every part of
// a rule gave. evaluate() does not use it: the row loop pays nothing for it.
struct RowTrace {
    IndicatorResult result;
    std::vector<std::vector<Value>> values; // per requested node: its one value, or one per period
    std::vector<bool> series;               // per requested node: whether it gave a series
};
RowTrace traceRow(const Program& program, const TableLayout& layout, const TableView& table,
                  const EvaluationContext& context, std::size_t row, const std::vector<NodeIndex>& nodes);

// The letters of the failing checks, or "OK" (what smart() gives).
std::string smartSummary(const Program& program, const IndicatorResult& indicator);

} // namespace kpi::language
