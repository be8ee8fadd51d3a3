#pragma once
// The grammar of rules files. Each rule carries its human name (used in "expected ..." messages)
// and an example of what it accepts. `>` marks where the parser commits: after it, a mismatch is
// reported as an error instead of trying another alternative.

#include "language/ast.hpp"
#include "language/ast_adapted.hpp"
#include "language/error_handler.hpp"
#include "language/grammar.hpp"

#include <boost/spirit/home/x3.hpp>

namespace kpi::language::parser {

namespace ascii = x3::ascii;
using x3::lexeme;
using x3::lit;

// ---- rule IDs ---------------------------------------------------------------------------------
struct Annotated : x3::annotate_on_success {};
struct StatementClass : Annotated, ReportExpectationFailure {};
struct ExpressionEntryClass : Annotated, ReportExpectationFailure {};
struct StatusHeaderEntryClass : Annotated, ReportExpectationFailure {};
struct StatusLineEntryClass : Annotated, ReportExpectationFailure {};
struct SkipperClass {};

// ---- lexical ----------------------------------------------------------------------------------

// `# comment` up to the end of the line, and any whitespace.
SkipperType const skipper_rule = "whitespace";
auto const skipper_rule_def = ascii::space | lexeme['#' >> *(x3::char_ - x3::eol)];

// A keyword is a whole word: `in` does not match the start of `index`. It is a named rule, so an
// expectation failure says "expected 'requires'".
struct KeywordClass {};
inline auto keyword(char const* text) {
    return x3::rule<KeywordClass>{text} = lexeme[lit(text) >> !(ascii::alnum | '_')];
}

// Unsigned decimal numbers without `nan`/`inf` spellings (a sign is the unary minus operator).
struct PlainNumberPolicies : x3::ureal_policies<double> {
    template <typename It, typename Attr> static bool parse_nan(It&, It const&, Attr&) { return false; }
    template <typename It, typename Attr> static bool parse_inf(It&, It const&, Attr&) { return false; }
};
x3::real_parser<double, PlainNumberPolicies> const plain_number;

struct IdentifierClass : Annotated {};
struct NameClass : Annotated {};
struct OptionNameClass : Annotated {};
struct NumberClass : Annotated {};
struct StringClass : Annotated {};
struct ClosingQuoteClass {};
struct BooleanClass : Annotated {};
struct DateClass : Annotated {};

x3::rule<IdentifierClass, ast::Identifier> const identifier = "name";
x3::rule<NameClass, ast::Identifier> const value_name = "name";
x3::rule<OptionNameClass, ast::Identifier> const option_name = "option name";
x3::rule<NumberClass, ast::NumberLiteral> const number = "number";
x3::rule<StringClass, ast::StringLiteral> const string_literal = "text in double quotes";
x3::rule<ClosingQuoteClass> const closing_quote = "closing quote (text ends on the same line)";
x3::rule<BooleanClass, ast::BooleanLiteral> const boolean = "true or false";
x3::rule<DateClass, ast::DateLiteral> const date = "date (YYYY-MM or YYYY-MM-DD)";

// Rules whose right-hand side has semantic actions do not get on_success on their attribute, so they
// wrap their text in x3::raw and tag the node with the matched range themselves.
auto const tag_range = [](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    x3::get<x3::error_handler_tag>(ctx).get().tagSkippingSpace(x3::_val(ctx), range.begin(), range.end());
};
// For a node that is only a wrapper around an already tagged child: share the child's position.
auto const share_position = [](auto& ctx) {
    x3::_val(ctx).id_first = x3::_attr(ctx).id_first;
    x3::_val(ctx).id_last = x3::_attr(ctx).id_last;
};

auto const set_name = [](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    x3::_val(ctx).name.assign(range.begin(), range.end());
    x3::get<x3::error_handler_tag>(ctx).get().tag(x3::_val(ctx), range.begin(), range.end());
};
auto const set_value = [](auto& ctx) { x3::_val(ctx).value = x3::_attr(ctx); };
auto const append_char = [](auto& ctx) { x3::_val(ctx).value += x3::_attr(ctx); };
auto const append_range = [](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    x3::_val(ctx).value.append(range.begin(), range.end());
};
auto const append_quote = [](auto& ctx) { x3::_val(ctx).value += '"'; };

auto const word = x3::raw[lexeme[(ascii::alpha | '_') >> *(ascii::alnum | '_')]];
auto const reserved = keyword("and") | keyword("or") | keyword("not") | keyword("in") | keyword("true") |
                      keyword("false");

// `annual`, `escalation`, `S`
auto const identifier_def = word[set_name];
// a name inside an expression: `actual`; never a reserved word such as `and`
auto const value_name_def = (!reserved >> word)[set_name];
// `spc.shift`, `as_of`
auto const option_name_def = x3::raw[lexeme[(ascii::alpha | '_') >> *(ascii::alnum | x3::char_("_."))]][set_name];

// `12`, `0.5`, `5%`
auto const number_def = x3::raw[lexeme[plain_number[set_value] >>
                               -lit('%')[([](auto& ctx) {
                                   x3::_val(ctx).percent = true;
                                   x3::_val(ctx).value /= 100.0;
                               })]]][tag_range];

// `"Annual target"`, `"say ""hello"""`, `"Off target: {variance(latest, target[now], "higher")}"`
// Inside `{...}` a message may hold quotes; a string never spans lines.
auto const interpolation = lit('{') >> *(x3::char_ - x3::char_("}\r\n")) >> lit('}');
auto const closing_quote_def = lit('"');
auto const string_literal_def =
    x3::raw[lexeme['"' > *(lit("\"\"")[append_quote] | x3::raw[interpolation][append_range] |
                   (x3::char_ - x3::char_("\"\r\n"))[append_char]) > closing_quote]][tag_range];

auto const boolean_def = x3::raw[keyword("true")[([](auto& ctx) { x3::_val(ctx).value = true; })] |
                                 keyword("false")[([](auto& ctx) { x3::_val(ctx).value = false; })]][tag_range];

// `2024-04`, `2024-06-20`
x3::uint_parser<unsigned, 10, 4, 4> const year_digits;
x3::uint_parser<unsigned, 10, 1, 2> const month_digits;
auto const date_def = lexeme[year_digits >> '-' >> month_digits >> ((('-' >> month_digits)) | x3::attr(0u)) >>
                             !(ascii::alnum)];

// ---- expressions ------------------------------------------------------------------------------

struct ExpressionClass {};
struct OrClass : Annotated {};
struct AndClass {};
struct NotClass : Annotated {};
struct NegationClass : Annotated {};
struct NegativeClass : Annotated {};
struct MembershipClass {};
struct ComparisonClass {};
struct JoinClass {};
struct AdditiveClass {};
struct MultiplicativeClass {};
struct UnaryClass : Annotated {};
struct PowerClass {};
struct PostfixClass {};
struct PrimaryClass : Annotated {};
struct CallClass {};

x3::rule<ExpressionClass, ast::Expression> const expression = "expression";
x3::rule<AndClass, ast::Operand> const and_expression = "expression";
x3::rule<NotClass, ast::Operand> const not_expression = "expression";
x3::rule<NegationClass, ast::Unary> const negation = "expression";
x3::rule<NegativeClass, ast::Unary> const negative = "operand";
x3::rule<ComparisonClass, ast::Operand> const comparison = "expression";
x3::rule<MembershipClass, ast::Operand> const membership = "expression";
x3::rule<JoinClass, ast::Operand> const join = "expression";
struct ChoiceListClass {};
x3::rule<ChoiceListClass, std::vector<ast::Expression>> const choice_list = "list of choices";
struct ExpressionListClass {};
x3::rule<ExpressionListClass, std::vector<ast::Expression>> const expression_list =
    "expressions separated by commas";
x3::rule<AdditiveClass, ast::Operand> const additive = "expression";
x3::rule<MultiplicativeClass, ast::Operand> const multiplicative = "expression";
x3::rule<UnaryClass, ast::Operand> const unary = "operand";
x3::rule<PowerClass, ast::Operand> const power = "operand";
x3::rule<PostfixClass, ast::Operand> const postfix = "operand";
x3::rule<PrimaryClass, ast::Operand> const primary = "operand";
x3::rule<CallClass, ast::Operand> const call = "name or function call";
struct CallArgumentsClass {};
x3::rule<CallArgumentsClass, std::vector<ast::Expression>> const call_arguments = "function arguments";
ExpressionEntryType const expression_entry = "expression";

struct OrOperatorClass {};
struct AndOperatorClass {};
x3::rule<OrOperatorClass, ast::Operator> const or_op = "or";
x3::rule<AndOperatorClass, ast::Operator> const and_op = "and";
auto const or_op_def = keyword("or") >> x3::attr(ast::Operator::Or);
auto const and_op_def = keyword("and") >> x3::attr(ast::Operator::And);

struct ComparisonOperators : x3::symbols<ast::Operator> {
    ComparisonOperators() {
        add("=", ast::Operator::Equal)("<>", ast::Operator::NotEqual)("<", ast::Operator::Less)(
            "<=", ast::Operator::LessEqual)(">", ast::Operator::Greater)(">=", ast::Operator::GreaterEqual);
    }
} const comparison_op;
struct AdditiveOperators : x3::symbols<ast::Operator> {
    AdditiveOperators() { add("+", ast::Operator::Plus)("-", ast::Operator::Minus); }
} const additive_op;
struct MultiplicativeOperators : x3::symbols<ast::Operator> {
    MultiplicativeOperators() { add("*", ast::Operator::Times)("/", ast::Operator::Divide); }
} const multiplicative_op;

auto const join_op = lit('&') >> x3::attr(ast::Operator::Join);
auto const power_op = lit('^') >> x3::attr(ast::Operator::Power);

// A precedence level `next (op next)*` folds into its first operand when no operator follows, so a
// plain name is not wrapped in one node per level (the tree stays small and parsing fast).
struct FoldChain {
    bool alwaysExpression = false; // the top level always gives an ast::Expression
    template <typename Context>
    void operator()(Context& ctx) const {
        auto& attribute = x3::_attr(ctx);
        auto& first = boost::fusion::at_c<0>(attribute);
        auto& rest = boost::fusion::at_c<1>(attribute);
        auto& map = x3::get<x3::error_handler_tag>(ctx).get();
        if constexpr (std::is_same_v<std::decay_t<decltype(x3::_val(ctx))>, ast::Operand>) {
            if (rest.empty()) {
                x3::_val(ctx) = std::move(first);
                return;
            }
        }
        ast::Expression chain;
        auto begin = map.rangeOf(first);
        auto end = rest.empty() ? begin : map.rangeOf(boost::fusion::at_c<1>(rest.back()));
        chain.first = std::move(first);
        for (auto& step : rest) {
            ast::Operation operation;
            operation.op = boost::fusion::at_c<0>(step);
            operation.operand = std::move(boost::fusion::at_c<1>(step));
            chain.rest.push_back(std::move(operation));
        }
        map.tagRange(chain, begin.begin, end.end);
        x3::_val(ctx) = std::move(chain);
    }
};
FoldChain const fold_chain;

// `a or b`
auto const expression_def = (and_expression >> *(or_op > and_expression))[fold_chain];
// `a and b`
auto const and_expression_def = (not_expression >> *(and_op > not_expression))[fold_chain];
// `not a`
auto const negation_def = (keyword("not") >> x3::attr(ast::Operator::Not)) > not_expression;
auto const not_expression_def = negation | comparison;
// `a >= b`
auto const comparison_def = (membership >> *(comparison_op > membership))[fold_chain];
// `frequency in ("Monthly", "Quarterly")`
auto const membership_def = (join >> -choice_list)[([](auto& ctx) {
    auto& attribute = x3::_attr(ctx);
    auto& choices = boost::fusion::at_c<1>(attribute);
    if (!choices) {
        x3::_val(ctx) = std::move(boost::fusion::at_c<0>(attribute));
        return;
    }
    auto& map = x3::get<x3::error_handler_tag>(ctx).get();
    ast::Membership node;
    auto begin = map.rangeOf(boost::fusion::at_c<0>(attribute));
    auto end = choices->empty() ? begin : map.rangeOf(choices->back());
    node.subject.first = std::move(boost::fusion::at_c<0>(attribute));
    node.choices = std::move(*choices);
    map.tagRange(node, begin.begin, end.end + 1); // + the closing parenthesis
    x3::_val(ctx) = std::move(node);
})];
// `in ("Monthly", "Quarterly")`
auto const choice_list_def = keyword("in") > '(' > expression_list > ')';
auto const expression_list_def = expression % ',';
// `"Q" & n`
auto const join_def = (additive >> *(join_op > additive))[fold_chain];
// `a + b - c`
auto const additive_def = (multiplicative >> *(additive_op > multiplicative))[fold_chain];
// `a * b / c`
auto const multiplicative_def = (unary >> *(multiplicative_op > unary))[fold_chain];
// `-a` (binds looser than ^: -2^2 = -4)
auto const negative_def = (lit('-') >> x3::attr(ast::Operator::Negate)) > unary;
auto const unary_def = negative | (lit('+') > unary) | power;
// `a ^ 2` (right-associative)
auto const power_def = (postfix >> *(power_op > unary))[fold_chain];
// `status[now - 1]`, `actual["Jun"]`
auto const postfix_def = (primary >> *('[' > expression > ']'))[([](auto& ctx) {
    auto& attribute = x3::_attr(ctx);
    auto& subscripts = boost::fusion::at_c<1>(attribute);
    if (subscripts.empty()) {
        x3::_val(ctx) = std::move(boost::fusion::at_c<0>(attribute));
        return;
    }
    auto& map = x3::get<x3::error_handler_tag>(ctx).get();
    ast::Postfix node;
    auto begin = map.rangeOf(boost::fusion::at_c<0>(attribute));
    auto end = map.rangeOf(subscripts.back());
    node.primary = std::move(boost::fusion::at_c<0>(attribute));
    node.subscripts = std::move(subscripts);
    map.tagRange(node, begin.begin, end.end + 1); // + the closing bracket
    x3::_val(ctx) = std::move(node);
})];
// `target(annual, 3)`, `smart()`
// `(annual, 3)`, `()`
auto const call_arguments_def = '(' > -(expression % ',') > ')';
// `target(annual, 3)`, `smart()`, or a plain name: `actual` (the name is parsed once either way)
auto const call_def = (value_name >> -call_arguments)[([](auto& ctx) {
    auto& attribute = x3::_attr(ctx);
    auto& arguments = boost::fusion::at_c<1>(attribute);
    if (!arguments) {
        x3::_val(ctx) = std::move(boost::fusion::at_c<0>(attribute));
        return;
    }
    auto& map = x3::get<x3::error_handler_tag>(ctx).get();
    ast::Call node;
    node.function = std::move(boost::fusion::at_c<0>(attribute));
    node.arguments = std::move(*arguments);
    // In this Spirit version an action's _where starts where the match ended: just after `)`.
    map.tagRange(node, map.rangeOf(node.function).begin, map.offsetOf(x3::_where(ctx).begin()));
    x3::_val(ctx) = std::move(node);
})];
auto const primary_def = number | string_literal | boolean | call | ('(' > expression > ')');
auto const expression_entry_def = expression;

// ---- statements -------------------------------------------------------------------------------

struct SheetClass : Annotated {};
struct KeyClass : Annotated {};
struct FieldClass : Annotated {};
struct CalendarClass : Annotated {};
struct SeriesClass : Annotated {};
struct DueClass : Annotated {};
struct ProfileClass : Annotated {};
struct LetClass : Annotated {};
struct CheckClass : Annotated {};
struct StatusLineClass : Annotated {};
struct FlagClass : Annotated {};
struct WriteClass : Annotated {};
struct StyleClass : Annotated {};
struct OptionClass : Annotated {};
struct OptionValueClass : Annotated {};
struct SheetNameClass : Annotated {};

x3::rule<SheetNameClass, ast::StringLiteral> const sheet_name = "sheet name in double quotes, or *";
struct HeaderListClass {};
struct WeightsClass {};
struct StatusRuleClass {};
struct DueRuleClass {};
x3::rule<HeaderListClass, std::vector<ast::StringLiteral>> const header_list =
    "header text in double quotes (aliases separated by |)";
x3::rule<WeightsClass, std::vector<ast::NumberLiteral>> const weights = "weights (numbers separated by spaces)";
x3::rule<StatusRuleClass, boost::optional<ast::Expression>> const status_rule = "'when' CONDITION or 'otherwise'";
x3::rule<DueRuleClass, ast::DueStatement> const due_rule =
    "'day N of next month' or 'N days after period end'";
x3::rule<SheetClass, ast::SheetStatement> const sheet_statement = "sheet statement";
x3::rule<KeyClass, ast::KeyStatement> const key_statement = "key statement";
x3::rule<FieldClass, ast::FieldStatement> const field_statement = "field statement";
x3::rule<CalendarClass, ast::Calendar> const calendar = "calendar (e.g. monthly from 2024-04)";
x3::rule<SeriesClass, ast::SeriesStatement> const series_statement = "series statement";
x3::rule<DueClass, ast::DueStatement> const due_statement = "due statement";
x3::rule<ProfileClass, ast::ProfileStatement> const profile_statement = "profile statement";
x3::rule<LetClass, ast::LetStatement> const let_statement = "let statement";
x3::rule<CheckClass, ast::CheckStatement> const check_statement = "check statement";
x3::rule<StatusLineClass, ast::StatusLine> const status_line = "status line (e.g. green when short <= 0%)";
x3::rule<FlagClass, ast::FlagStatement> const flag_statement = "flag statement";
x3::rule<WriteClass, ast::WriteStatement> const write_statement = "write statement";
x3::rule<StyleClass, ast::StyleStatement> const style_statement = "style statement";
x3::rule<OptionClass, ast::OptionStatement> const option_statement = "option statement";
x3::rule<OptionValueClass, ast::OptionValue> const option_value = "option value";
StatementType const statement_rule = "statement";
StatusHeaderEntryType const status_header_entry = "status statement";
StatusLineEntryType const status_line_entry = "status line";

// `"Corporate KPIs"` or `*`
auto const sheet_name_def = string_literal[([](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); })] |
                           x3::raw[lit('*')][([](auto& ctx) {
                               x3::_val(ctx).value = "*";
                               tag_range(ctx);
                           })];
// `sheet "Corporate KPIs"`
auto const sheet_statement_def = (keyword("sheet") > sheet_name)[([](auto& ctx) {
    x3::_val(ctx).name = x3::_attr(ctx);
    share_position(ctx);
})];
// `key "PI Code"`
auto const key_statement_def = (keyword("key") > string_literal)[([](auto& ctx) {
    x3::_val(ctx).header = x3::_attr(ctx);
    share_position(ctx);
})];
// `field title = "Indicator" | "Measure"`
auto const field_statement_def = keyword("field") > identifier > '=' > header_list;
auto const header_list_def = string_literal % '|';
// `monthly from 2024-04`
auto const calendar_def = identifier >> (keyword("from") > date);
// `series actual = "Apr" .. "Mar" monthly from 2024-04`
auto const series_statement_def =
    keyword("series") > identifier > '=' > string_literal > ".." > string_literal > -calendar;
// `due day 15 of next month`, `due 20 days after period end`
auto const due_statement_def = keyword("due") > due_rule;
auto const due_rule_def =
    (keyword("day") > x3::uint_ > keyword("of") > keyword("next") > keyword("month"))[([](auto& ctx) {
        x3::_val(ctx).form = ast::DueForm::DayOfNextMonth;
        x3::_val(ctx).number = x3::_attr(ctx);
    })] |
    ((x3::uint_ >> keyword("days")) > keyword("after") > keyword("period") > keyword("end"))[([](auto& ctx) {
        x3::_val(ctx).form = ast::DueForm::DaysAfterPeriodEnd;
        x3::_val(ctx).number = x3::_attr(ctx);
    })];
// `profile seasonal = 6 7 8 9 9 9 9 9 9 8 8 9`
auto const profile_statement_def = keyword("profile") > identifier > '=' > weights;
auto const weights_def = +number;
// `let short = shortfall(actual, target, polarity)`
auto const let_statement_def = keyword("let") > identifier > '=' > expression;
// `check S "Title says what is counted" requires words(title) >= 3`
auto const check_statement_def = keyword("check") > identifier > string_literal > keyword("requires") > expression;
// `green when short <= 0%`, `red otherwise`
auto const status_line_def = identifier > status_rule;
auto const status_rule_def = (keyword("when") > expression) | keyword("otherwise");
// `status actual` followed by indented status lines
// A `status` block is parsed line by line by the parser (parser.cpp) with the two entry rules below.
// `flag high "Off target" when last(short) > 5% notify escalation`
auto const flag_statement_def = keyword("flag") > identifier > string_literal > keyword("when") > expression >
                                -(keyword("notify") > identifier);
// `write "Status" = status[now]`
auto const write_statement_def = keyword("write") > string_literal > '=' > expression;
// `style red = "KPI Red"`
auto const style_statement_def = keyword("style") > identifier > '=' > string_literal;
// `2024-06-20`, `8`, `"points"`, `true`, `points`
auto const option_value_def = date | number | string_literal | boolean | identifier;
// `option as_of = 2024-06-20`
auto const option_statement_def = keyword("option") > option_name > '=' > option_value;

auto const status_header_entry_def = keyword("status") > identifier;
auto const status_line_entry_def = status_line;

auto const statement_rule_def = sheet_statement | key_statement | field_statement | series_statement |
                                due_statement | profile_statement | let_statement | check_statement |
                                flag_statement | write_statement | style_statement |
                                option_statement;

BOOST_SPIRIT_DEFINE(skipper_rule, identifier, value_name, option_name, number, string_literal, closing_quote,
                    boolean, date, expression, and_expression, not_expression, negation, negative, comparison, membership, choice_list, expression_list, join,
                    additive, multiplicative, unary, power, postfix, call, call_arguments, primary, or_op, and_op,
                    expression_entry, sheet_name, sheet_statement, key_statement, field_statement, calendar,
                    series_statement, due_statement, profile_statement, let_statement, check_statement,
                    status_line, header_list, weights, status_rule, due_rule, flag_statement, write_statement, style_statement,
                    option_statement, option_value, statement_rule, status_header_entry, status_line_entry)

} // namespace kpi::language::parser

namespace kpi::language::parser {
StatementType const& statement() { return statement_rule; }
ExpressionEntryType const& expressionEntry() { return expression_entry; }
StatusHeaderEntryType const& statusHeaderEntry() { return status_header_entry; }
StatusLineEntryType const& statusLineEntry() { return status_line_entry; }
SkipperType const& skipper() { return skipper_rule; }
} // namespace kpi::language::parser
