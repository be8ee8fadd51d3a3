#pragma once
// The engine facade: rules text + file name + a table view in, diagnostics + results out. The Calc host,
// the sidebar and the runner call this and nothing deeper. Never throws on bad rules or bad data.

#include "core/diagnostic.hpp"
#include "language/evaluator.hpp"
#include "language/explain.hpp"
#include "language/layout.hpp"
#include "language/program.hpp"
#include "language/table.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kpi::language {
class SourceText;
}

namespace kpi::engine {

// A rules file parsed and checked once; reusable for many tables.
class CompiledRules {
public:
    CompiledRules(std::string_view fileName, std::string text);
    ~CompiledRules();
    CompiledRules(CompiledRules&&) noexcept;
    CompiledRules& operator=(CompiledRules&&) noexcept;

    const std::string& fileName() const;
    const language::SourceText& source() const;
    const Diagnostics& diagnostics() const; // syntax and checking, in source order
    bool ok() const { return !hasErrors(diagnostics()); }
    const language::Program& program() const;

    // "file:line:col: error[CODE]: message", source line, caret, hint: for people.
    std::string render(const Diagnostic& diagnostic, bool colour = false) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

struct RunResult {
    Diagnostics diagnostics; // header resolution and data notes (the rules' own are in CompiledRules)
    std::optional<language::TableLayout> layout;
    std::vector<language::IndicatorResult> indicators;
    std::vector<std::vector<std::size_t>> checkColumns; // per check: the table columns it reads
    std::vector<std::size_t> statusColumns;             // the table columns of the status series
    bool ok() const { return layout.has_value() && !hasErrors(diagnostics); }
};

// Evaluates checked rules over one table. `today` is a date serial (option as_of overrides it).
// With rule errors nothing is evaluated and the result is empty.
RunResult run(const CompiledRules& rules, const language::TableView& table, double today);

// "Why does this cell look as it does?" for one cell of one table: the row it is on is evaluated as run()
// evaluates it (nothing else is), and the rule that gave the cell its look is explained (language/explain.hpp).
struct ExplainResult {
    Diagnostics diagnostics;                          // header resolution
    std::optional<language::Explanation> explanation; // absent with rule errors or missing headers
    bool ok() const { return explanation.has_value(); }
};
ExplainResult explain(const CompiledRules& rules, const language::TableView& table, double today, std::size_t row,
                      std::size_t column);

// The value the rules' `let` called `name` (else their `field` of that name, when an expression reads it)
// gives on one indicator row of a run: the element at `period` (an index into the status series) when it is
// a series, the value itself when it is one value; blank when the rules have no such name, the period is
// absent or outside the series. It evaluates that one row again (language::traceRow), so callers ask only
// for the few rows that need it (the Exceptions sheet: rows with an exception).
Value valueOnRow(const CompiledRules& rules, const RunResult& run, const language::TableView& table, double today,
                 std::size_t row, std::string_view name, std::optional<std::size_t> period);

// True when the rules' `sheet` statement selects this sheet name ("*" selects every sheet).
bool selectsSheet(const CompiledRules& rules, std::string_view sheetName);

} // namespace kpi::engine
