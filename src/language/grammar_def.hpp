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
struct OptionNameClass : Annotated {};
struct NumberClass : Annotated {};
struct StringClass {}; // tagged by StringLiteralParser
struct ClosingQuoteClass {};
struct BooleanClass : Annotated {};
struct DateClass : Annotated {};

x3::rule<IdentifierClass, ast::Identifier> const identifier = "name";
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

auto const word = x3::raw[lexeme[(ascii::alpha | '_') >> *(ascii::alnum | '_')]];

// `annual`, `escalation`, `S`
auto const identifier_def = word[set_name];
// `spc.shift`, `as_of`
auto const option_name_def = x3::raw[lexeme[(ascii::alpha | '_') >> *(ascii::alnum | x3::char_("_."))]][set_name];

// `12`, `0.5`, `5%`
auto const number_def = x3::raw[lexeme[plain_number[set_value] >>
                               -lit('%')[([](auto& ctx) {
                                   x3::_val(ctx).percent = true;
                                   x3::_val(ctx).value /= 100.0;
                               })]]][tag_range];

// `"Annual target"`, `"say ""hello"""`, `"Off target: {variance(latest, target[now], "higher")}"`
// Inside `{...}` a message may hold quotes; a string never spans lines. The grammar, in X3 terms:
//   lexeme['"' > *("\"\"" | '{' >> *(char_ - char_("}\r\n")) >> '}' | (char_ - char_("\"\r\n"))) > closing_quote]
// where `""` stands for one quote and a `{...}` part is kept as written. It is read by hand, for speed:
// as X3 parsers with an action per character, texts were a large part of parsing time. The node is tagged
// from the opening quote to just after the closing one; a missing closing quote fails as `> closing_quote`.
auto const closing_quote_def = lit('"');
struct StringLiteralParser : x3::parser<StringLiteralParser> {
    using attribute_type = ast::StringLiteral;
    static bool const has_attribute = true;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attribute) const {
        static_assert(std::is_same_v<Attribute, ast::StringLiteral>);
        Iterator it = first;
        x3::skip_over(it, last, context);
        if (it == last || *it != '"') return false;
        const Iterator opening = it++;
        std::string& value = attribute.value;
        auto special = [](char c) { return c == '"' || c == '\r' || c == '\n' || c == '{'; };
        while (it != last) {
            if (*it == '"') { // `""` is one quote; a single `"` closes the text
                if (std::next(it) == last || *std::next(it) != '"') break;
                value += '"';
                it += 2;
                continue;
            }
            if (*it == '\r' || *it == '\n') break;
            if (*it == '{') { // an interpolation closed on this line is kept whole, quotes and all
                Iterator close = std::next(it);
                while (close != last && *close != '}' && *close != '\r' && *close != '\n') ++close;
                if (close != last && *close == '}') {
                    value.append(it, ++close);
                    it = close;
                    continue;
                }
            }
            Iterator run = it; // a run of plain characters (a `{` not closed on its line is one of them)
            do ++run;
            while (run != last && !special(*run));
            value.append(it, run);
            it = run;
        }
        if (it == last || *it != '"') boost::throw_exception(x3::expectation_failure<Iterator>(it, closing_quote.name));
        ++it;
        x3::get<x3::error_handler_tag>(context).get().tag(attribute, opening, it);
        first = it;
        return true;
    }
};
auto const string_literal_def = StringLiteralParser{};

auto const boolean_def = x3::raw[keyword("true")[([](auto& ctx) { x3::_val(ctx).value = true; })] |
                                 keyword("false")[([](auto& ctx) { x3::_val(ctx).value = false; })]][tag_range];

// `2024-04`, `2024-06-20`
x3::uint_parser<unsigned, 10, 4, 4> const year_digits;
x3::uint_parser<unsigned, 10, 1, 2> const month_digits;
auto const date_def = lexeme[year_digits >> '-' >> month_digits >> ((('-' >> month_digits)) | x3::attr(0u)) >>
                             !(ascii::alnum)];

// ---- expressions ------------------------------------------------------------------------------
//
//   expression     = and_expr { "or" and_expr }
//   and_expr       = not_expr { "and" not_expr }
//   not_expr       = "not" not_expr | comparison
//   comparison     = membership { ("=" | "<>" | "<" | "<=" | ">" | ">=") membership }
//   membership     = join [ "in" "(" expression { "," expression } ")" ]      `frequency in ("Monthly", "Quarterly")`
//   join           = additive { "&" additive }                                `"Q" & n`
//   additive       = multiplicative { ("+" | "-") multiplicative }
//   multiplicative = unary { ("*" | "/") unary }
//   unary          = "-" unary | "+" unary | power                  (binds looser than ^: -2^2 = -4)
//   power          = postfix { "^" unary }                          (right-associative)
//   postfix        = primary { "[" expression "]" }                 `status[now - 1]`, `actual["Jun"]`
//   primary        = number | text | "true" | "false" | name [ "(" [ expression { "," expression } ] ")" ]
//                  | "(" expression ")"
//
// For speed the precedence levels are read by hand (ExpressionReader) instead of by one X3 rule each: as
// rules, every operand went through a dozen rule attributes (an ast::Operand variant constructed, moved and
// destroyed at each level), which was most of lint's time. The reader gives exactly what those rules gave:
// the same syntax tree, the same node positions (a level with an operator tags its chain from the first
// operand's start to the last one's end; `not x` and `-x` are tagged with all they matched; nothing else is
// re-tagged: annotate_on_success never tagged an ast::Operand attribute) and the same expectation failures
// (which rule was expected, and where). Numbers, true/false and `in (...)` lists are still X3 rules; texts
// are read by StringLiteralParser.
// A level without an operator gives its operand itself, not a one-operand chain, so the tree stays small.

struct ExpressionClass {};
struct ChoiceListClass {};
struct ExpressionListClass {};

x3::rule<ExpressionClass, ast::Expression> const expression = "expression";
x3::rule<ChoiceListClass, std::vector<ast::Expression>> const choice_list = "list of choices";
x3::rule<ExpressionListClass, std::vector<ast::Expression>> const expression_list =
    "expressions separated by commas";
ExpressionEntryType const expression_entry = "expression";

// `in ("Monthly", "Quarterly")`
auto const choice_list_def = keyword("in") > '(' > expression_list > ')';
auto const expression_list_def = expression % ',';

// What the names of the expected things are in syntax errors ("expected expression", "expected operand").
inline constexpr char const* expectedExpression = "expression";
inline constexpr char const* expectedOperand = "operand";

// Reads one expression at a time; see the grammar above. Every reading function takes the position to read
// from and moves it past what it read only when it succeeds (as an X3 rule does); a missing operand after
// an operator throws x3::expectation_failure, as `>` did, for the statement's rule to report.
template <typename Iterator, typename Context>
class ExpressionReader {
public:
    ExpressionReader(Iterator const& last, Context const& context)
        : last_(last), context_(context), map_(x3::get<x3::error_handler_tag>(context).get()) {}

    // expression: always an ast::Expression, a chain of `or` of one operand or more.
    bool expression(Iterator& first, ast::Expression& result) {
        Iterator it = first;
        ast::Operand head;
        if (!andExpression(it, head)) return false;
        auto begin = map_.rangeOf(head);
        result.first = std::move(head);
        result.rest.clear();
        auto end = begin;
        Iterator after = it;
        while (keywordAt(after, "or")) {
            ast::Operation& operation = result.rest.emplace_back();
            operation.op = ast::Operator::Or;
            if (!andExpression(after, operation.operand)) fail(after, expectedExpression);
            end = map_.rangeOf(operation.operand);
            it = after;
        }
        map_.tagRange(result, begin.begin, end.end);
        first = it;
        return true;
    }

private:
    using R = ExpressionReader;
    using Reader = bool (ExpressionReader::*)(Iterator&, ast::Operand&);
    using OperatorMatch = bool (ExpressionReader::*)(Iterator&, ast::Operator&);

    [[noreturn]] static void fail(Iterator where, char const* expected) {
        boost::throw_exception(x3::expectation_failure<Iterator>(where, expected));
    }

    static bool isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    // The skipper's effect (white space, `# comment` to the end of the line), on a copy. Every level looks
    // for its operator at the same place after an operand, so the last answer is kept.
    Iterator skipped(Iterator it) const {
        if (it == skipFrom_) return skipTo_;
        skipFrom_ = it;
        while (it != last_) {
            char c = *it;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') ++it;
            else if (c == '#')
                while (it != last_ && *it != '\r' && *it != '\n') ++it;
            else break;
        }
        skipTo_ = it;
        return it;
    }

    // After skipping: is the next character `c`? If so, `at` moves past it.
    bool charAt(Iterator& at, char c) const {
        Iterator it = skipped(at);
        if (it == last_ || *it != c) return false;
        at = ++it;
        return true;
    }

    // A whole word, as keyword() matches it: `in` does not match the start of `index`.
    bool keywordAt(Iterator& at, char const* text) const {
        Iterator it = skipped(at);
        for (char const* p = text; *p; ++p, ++it)
            if (it == last_ || *it != *p) return false;
        if (it != last_ && isWordChar(*it)) return false;
        at = it;
        return true;
    }

    // `head {op rest}`, folded into `head` itself when no operator follows; otherwise a chain tagged from
    // the first operand's start to the last operand's end.
    // The readers are template arguments so that the levels inline into each other.
    template <Reader head, OperatorMatch match, Reader rest>
    bool sequence(Iterator& first, ast::Operand& out, char const* expected) {
        Iterator it = first;
        if (!(this->*head)(it, out)) return false;
        ast::Operator op{};
        Iterator after = it;
        if ((this->*match)(after, op)) {
            ast::Expression folded;
            auto begin = map_.rangeOf(out);
            folded.first = std::move(out);
            do {
                ast::Operation& operation = folded.rest.emplace_back();
                operation.op = op;
                if (!(this->*rest)(after, operation.operand)) fail(after, expected);
                it = after;
            } while ((this->*match)(after, op));
            map_.tagRange(folded, begin.begin, map_.rangeOf(folded.rest.back().operand).end);
            out = std::move(folded);
        }
        first = it;
        return true;
    }

    bool andOperator(Iterator& at, ast::Operator& op) {
        op = ast::Operator::And;
        return keywordAt(at, "and");
    }
    bool comparisonOperator(Iterator& at, ast::Operator& op) {
        Iterator it = skipped(at);
        if (it == last_) return false;
        const char c = *it++;
        const char next = it != last_ ? *it : '\0';
        if (c == '=') op = ast::Operator::Equal;
        else if (c == '<' && (next == '>' || next == '=')) {
            op = next == '>' ? ast::Operator::NotEqual : ast::Operator::LessEqual;
            ++it;
        } else if (c == '<') op = ast::Operator::Less;
        else if (c == '>' && next == '=') {
            op = ast::Operator::GreaterEqual;
            ++it;
        } else if (c == '>') op = ast::Operator::Greater;
        else return false;
        at = it;
        return true;
    }
    bool joinOperator(Iterator& at, ast::Operator& op) {
        op = ast::Operator::Join;
        return charAt(at, '&');
    }
    bool additiveOperator(Iterator& at, ast::Operator& op) {
        op = ast::Operator::Plus;
        if (charAt(at, '+')) return true;
        op = ast::Operator::Minus;
        return charAt(at, '-');
    }
    bool multiplicativeOperator(Iterator& at, ast::Operator& op) {
        op = ast::Operator::Times;
        if (charAt(at, '*')) return true;
        op = ast::Operator::Divide;
        return charAt(at, '/');
    }
    bool powerOperator(Iterator& at, ast::Operator& op) {
        op = ast::Operator::Power;
        return charAt(at, '^');
    }

    bool andExpression(Iterator& first, ast::Operand& out) {
        return sequence<&R::notExpression, &R::andOperator, &R::notExpression>(first, out, expectedExpression);
    }

    // `not a`: the node is tagged with all it matched, `not` included.
    bool notExpression(Iterator& first, ast::Operand& out) {
        Iterator it = first;
        if (keywordAt(it, "not")) {
            ast::Unary node;
            node.op = ast::Operator::Not;
            if (!notExpression(it, node.operand)) fail(it, expectedExpression);
            map_.tag(node, skipped(first), it);
            out = std::move(node);
        } else if (!comparison(it, out)) {
            return false;
        }
        first = it;
        return true;
    }

    bool comparison(Iterator& first, ast::Operand& out) {
        return sequence<&R::membership, &R::comparisonOperator, &R::membership>(first, out, expectedExpression);
    }

    // `x in ("a", "b")`: tagged from the subject's start to just after the last choice (+ 1 for `)`).
    bool membership(Iterator& first, ast::Operand& out) {
        Iterator it = first;
        if (!join(it, out)) return false;
        Iterator probe = it;
        Iterator afterChoices = it;
        std::vector<ast::Expression> choices;
        if (keywordAt(probe, "in") && choice_list.parse(afterChoices, last_, context_, x3::unused, choices)) {
            ast::Membership node;
            auto begin = map_.rangeOf(out);
            auto end = choices.empty() ? begin : map_.rangeOf(choices.back());
            node.subject.first = std::move(out);
            node.choices = std::move(choices);
            map_.tagRange(node, begin.begin, end.end + 1);
            out = std::move(node);
            it = afterChoices;
        }
        first = it;
        return true;
    }

    bool join(Iterator& first, ast::Operand& out) {
        return sequence<&R::additive, &R::joinOperator, &R::additive>(first, out, expectedExpression);
    }
    bool additive(Iterator& first, ast::Operand& out) {
        return sequence<&R::multiplicative, &R::additiveOperator, &R::multiplicative>(first, out, expectedExpression);
    }
    bool multiplicative(Iterator& first, ast::Operand& out) {
        return sequence<&R::unary, &R::multiplicativeOperator, &R::unary>(first, out, expectedOperand);
    }

    // `-a` (a node tagged with all it matched, the sign included), `+a` (just `a`) or a power.
    bool unary(Iterator& first, ast::Operand& out) {
        Iterator it = first;
        if (charAt(it, '-')) {
            ast::Unary node;
            node.op = ast::Operator::Negate;
            if (!unary(it, node.operand)) fail(it, expectedOperand);
            map_.tag(node, skipped(first), it);
            out = std::move(node);
        } else if (charAt(it, '+')) {
            if (!unary(it, out)) fail(it, expectedOperand);
        } else if (!power(it, out)) {
            return false;
        }
        first = it;
        return true;
    }

    bool power(Iterator& first, ast::Operand& out) {
        return sequence<&R::postfix, &R::powerOperator, &R::unary>(first, out, expectedOperand);
    }

    // `status[now - 1]`: tagged from the primary's start to just after the last subscript (+ 1 for `]`).
    bool postfix(Iterator& first, ast::Operand& out) {
        Iterator it = first;
        if (!primary(it, out)) return false;
        Iterator after = it;
        if (charAt(after, '[')) {
            ast::Postfix node;
            do {
                ast::Expression& subscript = node.subscripts.emplace_back();
                if (!expression(after, subscript)) fail(after, expectedExpression);
                if (!charAt(after, ']')) fail(skipped(after), "']'");
                it = after;
            } while (charAt(after, '['));
            auto begin = map_.rangeOf(out);
            auto end = map_.rangeOf(node.subscripts.back());
            node.primary = std::move(out);
            map_.tagRange(node, begin.begin, end.end + 1);
            out = std::move(node);
        }
        first = it;
        return true;
    }

    // A number, a text, true or false, a name or a call, or an expression in brackets (which keeps the
    // expression's own position). Each alternative is tried only where its first character can start it.
    bool primary(Iterator& first, ast::Operand& out) {
        Iterator start = skipped(first);
        if (start == last_) return false;
        const char c = *start;
        Iterator it = first;
        bool matched = false;
        if ((c >= '0' && c <= '9') || c == '.') {
            ast::NumberLiteral literal;
            if ((matched = number.parse(it, last_, context_, x3::unused, literal))) out = std::move(literal);
        } else if (c == '"') {
            ast::StringLiteral literal;
            if ((matched = string_literal.parse(it, last_, context_, x3::unused, literal))) out = std::move(literal);
        } else if (c == '(') {
            it = start;
            ++it;
            ast::Expression inner;
            if (!expression(it, inner)) fail(it, expectedExpression);
            if (!charAt(it, ')')) fail(skipped(it), "')'");
            out = std::move(inner);
            matched = true;
        }
        if (!matched && (c == 't' || c == 'f')) {
            ast::BooleanLiteral literal;
            if ((matched = boolean.parse(it, last_, context_, x3::unused, literal))) out = std::move(literal);
        }
        if (!matched && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) matched = call(start, it, out);
        if (!matched) return false;
        first = it;
        return true;
    }

    // `target(annual, 3)`, `smart()`, or a plain name: `actual`; never a reserved word such as `and`.
    bool call(Iterator start, Iterator& it, ast::Operand& out) {
        Iterator wordEnd = start;
        while (wordEnd != last_ && isWordChar(*wordEnd)) ++wordEnd;
        std::string_view spelling(&*start, static_cast<std::size_t>(wordEnd - start));
        if (spelling == "and" || spelling == "or" || spelling == "not" || spelling == "in" || spelling == "true" ||
            spelling == "false")
            return false;
        ast::Identifier name;
        name.name.assign(start, wordEnd);
        map_.tag(name, start, wordEnd);
        it = wordEnd;
        Iterator after = it;
        if (!charAt(after, '(')) {
            out = std::move(name);
            return true;
        }
        // The arguments `(annual, 3)`, `()`, read as the rule '(' > -(expression % ',') > ')' read them: a
        // comma not followed by an expression is left for `)` to be expected at.
        ast::Call node;
        node.function = std::move(name);
        node.arguments.reserve(4); // most calls have up to four: one allocation instead of one per doubling
        ast::Expression argument;
        if (expression(after, argument)) {
            node.arguments.push_back(std::move(argument));
            for (Iterator next = after; charAt(next, ',');) {
                ast::Expression more;
                if (!expression(next, more)) break;
                node.arguments.push_back(std::move(more));
                after = next;
            }
        }
        if (!charAt(after, ')')) fail(skipped(after), "')'");
        map_.tagRange(node, map_.rangeOf(node.function).begin, map_.offsetOf(after)); // up to just after `)`
        out = std::move(node);
        it = after;
        return true;
    }

    Iterator const& last_;
    Context const& context_;
    SourceMap& map_;
    mutable Iterator skipFrom_ = last_; // skipped(skipFrom_) == skipTo_
    mutable Iterator skipTo_ = last_;
};

// The `expression` rule's definition: an X3 parser that runs the reader.
struct ExpressionParser : x3::parser<ExpressionParser> {
    using attribute_type = ast::Expression;
    static bool const has_attribute = true;
    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attribute) const {
        static_assert(std::is_same_v<Attribute, ast::Expression>);
        return ExpressionReader<Iterator, Context>(last, context).expression(first, attribute);
    }
};

auto const expression_def = ExpressionParser{};
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

// One of: sheet_statement | key_statement | field_statement | series_statement | due_statement |
// profile_statement | let_statement | check_statement | flag_statement | write_statement | style_statement |
// option_statement. For speed the first word picks the one to try instead of trying each in turn: only the
// statement with that keyword can match, and one whose keyword does not match fails without reading anything.
struct StatementDispatch : x3::parser<StatementDispatch> {
    using attribute_type = ast::Statement;
    static bool const has_attribute = true;

    template <typename Iterator, typename Context, typename RContext, typename Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attribute) const {
        static_assert(std::is_same_v<Attribute, ast::Statement>);
        Iterator start = first;
        x3::skip_over(start, last, context);
        Iterator wordEnd = start;
        auto wordChar = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        };
        while (wordEnd != last && wordChar(*wordEnd)) ++wordEnd;
        const std::string_view lead(start == wordEnd ? "" : &*start, static_cast<std::size_t>(wordEnd - start));
        auto as = [&](auto const& rule, auto node) {
            if (!rule.parse(first, last, context, x3::unused, node)) return false;
            attribute = std::move(node);
            return true;
        };
        if (lead == "sheet") return as(sheet_statement, ast::SheetStatement{});
        if (lead == "key") return as(key_statement, ast::KeyStatement{});
        if (lead == "field") return as(field_statement, ast::FieldStatement{});
        if (lead == "series") return as(series_statement, ast::SeriesStatement{});
        if (lead == "due") return as(due_statement, ast::DueStatement{});
        if (lead == "profile") return as(profile_statement, ast::ProfileStatement{});
        if (lead == "let") return as(let_statement, ast::LetStatement{});
        if (lead == "check") return as(check_statement, ast::CheckStatement{});
        if (lead == "flag") return as(flag_statement, ast::FlagStatement{});
        if (lead == "write") return as(write_statement, ast::WriteStatement{});
        if (lead == "style") return as(style_statement, ast::StyleStatement{});
        if (lead == "option") return as(option_statement, ast::OptionStatement{});
        return false;
    }
};
auto const statement_rule_def = StatementDispatch{};

BOOST_SPIRIT_DEFINE(skipper_rule, identifier, option_name, number, string_literal, closing_quote, boolean, date,
                    expression, choice_list, expression_list, expression_entry, sheet_name,
                    sheet_statement, key_statement, field_statement, calendar, series_statement, due_statement,
                    profile_statement, let_statement, check_statement, status_line, header_list, weights,
                    status_rule, due_rule, flag_statement, write_statement, style_statement, option_statement,
                    option_value, statement_rule, status_header_entry, status_line_entry)

} // namespace kpi::language::parser

namespace kpi::language::parser {
StatementType const& statement() { return statement_rule; }
ExpressionEntryType const& expressionEntry() { return expression_entry; }
StatusHeaderEntryType const& statusHeaderEntry() { return status_header_entry; }
StatusLineEntryType const& statusLineEntry() { return status_line_entry; }
SkipperType const& skipper() { return skipper_rule; }
} // namespace kpi::language::parser
