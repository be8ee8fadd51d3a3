#pragma once
// The compiled form of a checked rules file: every name resolved to a slot, every function to its
// table entry, every message split into text and expressions. The evaluator runs it row by row
// without looking anything up by name.

#include "core/diagnostic.hpp"
#include "core/value.hpp"
#include "language/ast.hpp"
#include "language/builtins.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kpi::language {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex noNode = UINT32_MAX;

enum class Op : unsigned char {
    Constant,     // `constant`
    Field,        // fields[slot]
    Series,       // series[slot]
    Let,          // lets[slot]
    Profile,      // profiles[slot] as a series of weights
    StatusSeries, // the status statement's result
    Unary,        // oper, children[0]
    Binary,       // oper, children[0..1]
    In,           // children[0] in children[1..]
    Index,        // children[0][children[1]]
    Call,         // builtin(children...)
    TargetSeries, // target(annual, weights, [mode]): one profiled target per period
};

// The kind of value an expression gives, as far as the checker can tell.
enum class ValueKind : unsigned char { Number, Text, Logical, Any, Weights };

// One operation of the compiled form (small on purpose: a large file has many). Its operands are
// Program::childIndices[firstChild, firstChild + childCount); a Constant's value is Program::constants[slot].
struct Node {
    Op op = Op::Constant;
    ast::Operator oper = ast::Operator::Plus;
    bool series = false;
    ValueKind kind = ValueKind::Any;
    bool percent = false; // a fraction best shown as a percentage in messages (5%, variance, shortfall)
    std::uint16_t childCount = 0;
    std::uint32_t slot = 0;
    std::uint32_t firstChild = 0;
    const Builtin* builtin = nullptr;
    SourceSpan span;
};

struct FieldDefinition {
    std::string name;
    std::vector<std::string> headers; // the header text and its aliases
    SourceSpan span;
};

struct CalendarDefinition {
    int stepMonths = 1; // 1 monthly, 3 quarterly, 12 annually
    int startYear = 0;
    int startMonth = 1;
};

struct SeriesDefinition {
    std::string name;
    std::string firstHeader;
    std::string lastHeader;
    std::optional<CalendarDefinition> calendar;
    SourceSpan span;
};

struct ProfileDefinition {
    std::string name;
    std::vector<double> weights;
    SourceSpan span;
};

struct LetDefinition {
    std::string name;
    NodeIndex value = noNode;
    SourceSpan span;
};

struct CheckDefinition {
    std::string letter;
    std::string message;
    NodeIndex condition = noNode;
    std::vector<std::uint32_t> fieldsRead; // field slots the condition reads, also through lets
    SourceSpan span;
};

struct StatusLineDefinition {
    std::string status;              // display text: "Green", "No data", or a declared style name
    std::uint16_t statusIndex = 0;   // index into Program::statusNames
    NodeIndex condition = noNode;    // noNode for `otherwise`
    SourceSpan span;                 // the whole line (for explaining a status)
};

struct StatusDefinition {
    NodeIndex series = noNode; // the series whose periods get a status
    std::vector<StatusLineDefinition> lines;
    SourceSpan span;
};

// A message: literal text and `{expression}` parts, in order.
struct MessagePart {
    std::string text;
    NodeIndex expression = noNode;
};

enum class FlagLevel : unsigned char { High, Medium, Low };

struct FlagDefinition {
    FlagLevel level = FlagLevel::Medium;
    std::vector<MessagePart> message;
    NodeIndex condition = noNode;
    std::optional<std::uint32_t> notifyField;
    SourceSpan span;
};

struct WriteDefinition {
    std::string header;
    NodeIndex value = noNode;
    SourceSpan span;
};

struct DueRule {
    ast::DueForm form = ast::DueForm::DayOfNextMonth;
    unsigned number = 15;
};

struct Options {
    std::optional<double> asOf; // date serial
    std::string locale = "en-GB";
    std::string toleranceBasis = "percent";
    double spcShift = 7;
    bool spcScreen = false;
    // `option comments`: which flags the document engine puts in the key cell's comment — every level
    // ("all"), high only, high and medium, or none. Unset: the run's own choice, else all.
    enum class Comments : unsigned char { All, High, Medium, None };
    std::optional<Comments> comments;
};

struct StyleDefinition {
    std::string name;      // status or level name
    std::string cellStyle; // "KPI Red"
};

struct Program {
    std::string sheet = "*";
    std::string key;
    SourceSpan keySpan;
    std::vector<FieldDefinition> fields;
    std::vector<SeriesDefinition> series;
    std::vector<ProfileDefinition> profiles;
    std::vector<LetDefinition> lets;     // in an order where each let comes after the lets it uses
    std::vector<std::uint32_t> letOrder; // evaluation order (slots)
    std::vector<CheckDefinition> checks;
    std::optional<StatusDefinition> status;
    std::vector<FlagDefinition> flags;
    std::vector<WriteDefinition> writes;
    std::vector<StyleDefinition> styles;
    std::vector<std::string> statusNames{"No data"}; // index 0 is "No data"; results hold indices
    DueRule due;
    Options options;
    std::vector<Node> nodes;
    std::vector<NodeIndex> childIndices; // the operands of every node, node after node
    std::vector<Value> constants;        // the values of Constant nodes

    std::span<const NodeIndex> children(const Node& node) const {
        return std::span<const NodeIndex>(childIndices).subspan(node.firstChild, node.childCount);
    }
    const Value& constant(const Node& node) const { return constants[node.slot]; }
};

std::string_view levelName(FlagLevel level);

// The words of `option comments` (and of a run's "comments"), in the order of Options::Comments; the one
// list the checker, the document engine and the runner's --comments read.
inline constexpr std::string_view commentsWords[] = {"all", "high", "medium", "none"};
std::optional<Options::Comments> commentsFromWord(std::string_view word);
// "\"all\", \"high\", \"medium\" or \"none\"", for messages.
std::string commentsWordsText();

} // namespace kpi::language
