#pragma once
// The syntax tree of a rules file. Every node that a later pass may point at derives from
// x3::position_tagged; its source range is kept by the parser's position cache (see parser.hpp).

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <list>
#include <string>
#include <vector>

namespace kpi::language::ast {

namespace x3 = boost::spirit::x3;

struct Nil {};

// A name: a field, series, let, profile, status, level, letter or function.  `annual`
struct Identifier : x3::position_tagged {
    std::string name;
};

// A number; `5%` keeps the written form's percent flag and the value 0.05.
struct NumberLiteral : x3::position_tagged {
    double value = 0.0;
    bool percent = false;
};

// Text in double quotes; `""` inside stands for one quote. The value is decoded.
struct StringLiteral : x3::position_tagged {
    std::string value;
};

struct BooleanLiteral : x3::position_tagged {
    bool value = false;
};

// A calendar date or month: `2024-04` (day 0) or `2024-06-20`.
struct DateLiteral : x3::position_tagged {
    unsigned year = 0;
    unsigned month = 0;
    unsigned day = 0;
};

enum class Operator : unsigned char {
    Or, And, Not, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
    Join, Plus, Minus, Times, Divide, Power, Negate
};

struct Call;
struct Unary;
struct Expression;
struct Postfix;
struct Membership;

struct Operand : x3::variant<Nil, NumberLiteral, StringLiteral, BooleanLiteral, Identifier,
                             x3::forward_ast<Call>, x3::forward_ast<Unary>, x3::forward_ast<Expression>,
                             x3::forward_ast<Postfix>, x3::forward_ast<Membership>> {
    using base_type::base_type;
    using base_type::operator=;
};

// One step of a left-to-right chain: `+ b` in `a + b`.
struct Operation : x3::position_tagged {
    Operator op = Operator::Plus;
    Operand operand;
};

// `a + b - c`: the first operand and the operations that follow it, all of one precedence level.
struct Expression : x3::position_tagged {
    Operand first;
    std::list<Operation> rest;
};

// `not x`, `-x`
struct Unary : x3::position_tagged {
    Operator op = Operator::Negate;
    Operand operand;
};

// `f(a, b)`
struct Call : x3::position_tagged {
    Identifier function;
    std::vector<Expression> arguments;
};

// `series[n]`, `series["Jun"]`: a primary followed by subscripts.
struct Postfix : x3::position_tagged {
    Operand primary;
    std::vector<Expression> subscripts;
};

// `x in ("a", "b")`; without the list it is just the subject.
struct Membership : x3::position_tagged {
    Expression subject;
    boost::optional<std::vector<Expression>> choices;
};

// ---- statements ---------------------------------------------------------------------------

struct SheetStatement : x3::position_tagged {
    StringLiteral name; // "*" for every sheet
};

struct KeyStatement : x3::position_tagged {
    StringLiteral header;
};

struct FieldStatement : x3::position_tagged {
    Identifier name;
    std::vector<StringLiteral> headers;
};

struct Calendar : x3::position_tagged {
    Identifier frequency; // monthly, quarterly, annually, weekly
    DateLiteral start;
};

struct SeriesStatement : x3::position_tagged {
    Identifier name;
    StringLiteral first;
    StringLiteral last;
    boost::optional<Calendar> calendar;
};

enum class DueForm : unsigned char { DayOfNextMonth, DaysAfterPeriodEnd };

struct DueStatement : x3::position_tagged {
    DueForm form = DueForm::DayOfNextMonth;
    unsigned number = 15;
};

struct ProfileStatement : x3::position_tagged {
    Identifier name;
    std::vector<NumberLiteral> weights;
};

struct LetStatement : x3::position_tagged {
    Identifier name;
    Expression value;
};

struct CheckStatement : x3::position_tagged {
    Identifier letter;
    StringLiteral message;
    Expression condition;
};

// `green when short <= 0%` or `red otherwise` (no condition).
struct StatusLine : x3::position_tagged {
    Identifier status;
    boost::optional<Expression> condition;
};

struct StatusStatement : x3::position_tagged {
    Identifier series;
    std::vector<StatusLine> lines;
};

struct FlagStatement : x3::position_tagged {
    Identifier level;
    StringLiteral message;
    Expression condition;
    boost::optional<Identifier> notify;
};

struct WriteStatement : x3::position_tagged {
    StringLiteral header;
    Expression value;
};

struct StyleStatement : x3::position_tagged {
    Identifier name;
    StringLiteral cellStyle;
};

struct OptionValue : x3::variant<DateLiteral, NumberLiteral, StringLiteral, BooleanLiteral, Identifier> {
    using base_type::base_type;
    using base_type::operator=;
};

struct OptionStatement : x3::position_tagged {
    Identifier name; // may contain dots: spc.shift
    OptionValue value;
};

struct Statement : x3::variant<SheetStatement, KeyStatement, FieldStatement, SeriesStatement, DueStatement,
                               ProfileStatement, LetStatement, CheckStatement, StatusStatement, FlagStatement,
                               WriteStatement, StyleStatement, OptionStatement> {
    using base_type::base_type;
    using base_type::operator=;
};

using RulesFile = std::vector<Statement>;

} // namespace kpi::language::ast
