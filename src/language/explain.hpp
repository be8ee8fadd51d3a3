#pragma once
// "Why is this cell red?": for one cell of an indicator table, which rule gave it its look and the values
// and thresholds involved. The row is evaluated by the evaluator itself (traceRow), so the explanation
// can never disagree with a run; this file only reads the compiled rules and words the outcome.
//
// Kinds of cell: a period cell of the status series (which status line decided, and why the earlier
// lines did not), the key cell (the flags, raised or not, with their messages), a definition cell read by
// SMART checks (each check with pass/fail), a computed column (the write statement and its value), and
// anything else (outside: not part of an indicator).

#include "language/evaluator.hpp"
#include "language/layout.hpp"
#include "language/program.hpp"
#include "language/table.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpi::language {

class SourceText;

enum class ExplanationKind : unsigned char { Status, Definition, Key, Computed, Outside };

// "status", "definition", "key", "computed", "outside" (the report's "kind").
std::string_view kindName(ExplanationKind kind);

// A place in the rules file and its text as written (white space runs inside a statement that spans
// lines become one space; comments are left out).
struct RuleReference {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string text;
};

// A name a rule reads and what it gave for this indicator (at the period, for a period cell), formatted
// as flag messages format values: "7.5%", "1,234", "Higher", "blank".
struct NamedValue {
    std::string name;             // "short", "actual", "status[now]"
    std::string text;
    std::string definition;       // a let's expression as written, else empty
    std::vector<std::string> uses; // the names that expression reads directly
};

// One condition tried for this indicator: a status line, a flag's `when` or a check's `requires`.
struct TestedCondition {
    RuleReference rule;        // the whole statement (status line, flag, check)
    std::string condition;     // its condition as written ("short <= 5%"); empty for `otherwise`
    std::string outcome;       // the status line's status, the flag's level, the check's letter
    std::optional<bool> truth; // what the condition gave; empty when it was blank (does not apply)
    bool applies = false;      // the status line decided / the flag was raised / the check passed
    std::string reason;        // "short = 7.5%, not <= 0%"
};

struct FlagExplanation {
    FlagLevel level = FlagLevel::Medium;
    bool raised = false;
    std::string message; // interpolated, when raised
    TestedCondition condition;
};

struct CheckExplanation {
    std::string letter;
    std::string message;
    bool passed = false;
    TestedCondition condition;
};

struct Explanation {
    ExplanationKind kind = ExplanationKind::Outside;
    std::size_t row = 0;         // table position (0-based), as asked
    std::size_t column = 0;
    std::string header;          // the column's header text, when there is one
    std::string indicator;       // the row's key, when the row is an indicator
    std::string period;          // status: the period's header
    std::string status;          // status: "Red"; key: "flagged"/"not flagged"; definition: "SMART fails"/
                                 // "SMART passes"/"not checked"; computed: the value written
    std::string cell;            // the cell's value as the rules read it, formatted
    std::optional<RuleReference> rule; // the rule that gave the cell its look
    std::vector<TestedCondition> earlier; // status: the lines tried before the deciding one
    std::vector<NamedValue> values;
    std::vector<FlagExplanation> flags;   // key: every flag, raised ones first
    std::vector<CheckExplanation> checks; // definition: the checks reading this column; key: the failing ones
    std::string text;            // for people: several lines
};

// Explains cell (row, column) of `table`, laid out by `layout`. Never throws for any row or column (a
// cell outside the table is kind Outside). `rulesName` is used in the text only.
Explanation explainCell(const Program& program, const SourceText& source, std::string_view rulesName,
                        const TableLayout& layout, const TableView& table, const EvaluationContext& context,
                        std::size_t row, std::size_t column);

} // namespace kpi::language
