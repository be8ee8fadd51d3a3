#include "language/parser.hpp"

#include "language/config.hpp"
#include "language/diagnostic_codes.hpp"
#include "language/grammar.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace kpi::language {

namespace {

constexpr std::array<std::string_view, 13> keywords{"sheet", "key",  "field", "series", "due",   "profile", "let",
                                                    "check", "status", "flag", "write",  "style", "option"};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Byte ranges [begin, end) of the statements of `text`, by line structure (see parser.hpp).
std::vector<std::pair<std::size_t, std::size_t>> splitStatements(const std::string& text) {
    std::vector<std::pair<std::size_t, std::size_t>> chunks;
    std::size_t position = 0;
    bool open = false;
    while (position < text.size()) {
        std::size_t lineEnd = text.find('\n', position);
        if (lineEnd == std::string::npos) lineEnd = text.size();
        std::size_t first = position;
        while (first < lineEnd && isSpace(text[first])) ++first;
        bool empty = first == lineEnd || text[first] == '#';
        if (!empty) {
            bool indented = first != position;
            std::size_t wordEnd = first;
            while (wordEnd < lineEnd && isWordChar(text[wordEnd])) ++wordEnd;
            std::string_view firstWord(text.data() + first, wordEnd - first);
            bool keywordLine = std::find(keywords.begin(), keywords.end(), firstWord) != keywords.end() &&
                               (wordEnd == lineEnd || isSpace(text[wordEnd]));
            if (!open || !indented || keywordLine) {
                if (open) chunks.back().second = position;
                chunks.emplace_back(first, lineEnd);
                open = true;
            }
        }
        position = lineEnd + 1;
    }
    if (open) chunks.back().second = text.size();
    return chunks;
}

// Brackets, prefix operators and powers nested deeper than this are refused before parsing: the parser,
// the checker and the evaluator recurse once per level, and no rules file may exhaust the stack (inside
// LibreOffice that would take the office down). Hand-written rules nest a few levels.
constexpr std::size_t maxNesting = 100;

// The offset in text[begin, end) where nesting first goes deeper than maxNesting, or npos. Text in quotes
// and comments is passed over, except {interpolations}, which are expressions. A prefix `-`, `+` or
// `not` and every `^` nest one level until the next lower-binding operator; brackets nest until closed.
std::size_t tooDeepAt(const std::string& text, std::size_t begin, std::size_t end) {
    // Only these characters can add a level (`n` for `not`): with no more of them than the limit, no scan
    // is needed. Nearly every statement is such, and this count is far cheaper than the scan below.
    static constexpr auto opens = [] {
        std::array<unsigned char, 256> table{};
        for (unsigned char c : {'(', '[', '^', '-', '+', 'n'}) table[c] = 1;
        return table;
    }();
    if (end - begin <= maxNesting) return std::string::npos;
    std::size_t openers = 0;
    for (std::size_t i = begin; i < end; ++i) openers += opens[static_cast<unsigned char>(text[i])];
    if (openers <= maxNesting) return std::string::npos;
    std::vector<std::size_t> prefixes{0}; // per open bracket: prefix operators and powers pending in it
    std::size_t depth = 0;
    bool afterOperand = false;
    enum class In { Code, Text, Interpolation } in = In::Code;
    auto binaryOperator = [&] {
        depth -= prefixes.back();
        prefixes.back() = 0;
        afterOperand = false;
    };
    for (std::size_t i = begin; i < end; ++i) {
        const char c = text[i];
        if (in == In::Text) {
            if (c == '"' && i + 1 < end && text[i + 1] == '"') ++i;
            else if (c == '"' || c == '\n') in = In::Code;
            else if (c == '{') {
                in = In::Interpolation;
                afterOperand = false;
            }
            continue;
        }
        if (in == In::Interpolation && (c == '}' || c == '\n')) {
            in = c == '}' ? In::Text : In::Code;
            continue;
        }
        if (in == In::Code && c == '"') {
            in = In::Text;
            afterOperand = true;
            continue;
        }
        if (in == In::Code && c == '#') {
            while (i < end && text[i] != '\n') ++i;
            continue;
        }
        if (c == '(' || c == '[') {
            prefixes.push_back(0);
            ++depth;
            afterOperand = false;
        } else if (c == ')' || c == ']') {
            if (prefixes.size() > 1) {
                depth -= 1 + prefixes.back();
                prefixes.pop_back();
            }
            afterOperand = true;
        } else if (c == '^' || ((c == '-' || c == '+') && !afterOperand)) {
            ++prefixes.back();
            ++depth;
            afterOperand = false;
        } else if (isWordChar(c)) {
            std::size_t wordEnd = i;
            while (wordEnd < end && isWordChar(text[wordEnd])) ++wordEnd;
            std::string_view word(text.data() + i, wordEnd - i);
            if (word == "not") {
                ++prefixes.back();
                ++depth;
                afterOperand = false;
            } else if (word == "and" || word == "or" || word == "in" || word == "when" || word == "requires") {
                binaryOperator();
            } else {
                afterOperand = true;
            }
            i = wordEnd - 1;
        } else if (c == '=' || c == '<' || c == '>' || c == ',' || c == '*' || c == '/' || c == '&' ||
                   c == '-' || c == '+') {
            binaryOperator();
        }
        if (depth > maxNesting) return i;
    }
    return std::string::npos;
}

// The opening quote of a text still open at `stop`, scanning text[lineStart, stop) as the grammar reads
// it: `#` starts a comment outside text, `""` is a quote inside text, and a `{...}` interpolation closed on
// the same line may hold quotes. npos when no text is open there.
std::size_t unclosedQuote(const std::string& text, std::size_t lineStart, std::size_t stop) {
    std::size_t opening = std::string::npos;
    for (std::size_t i = lineStart; i < stop && i < text.size(); ++i) {
        char c = text[i];
        if (opening == std::string::npos) {
            if (c == '#') break;
            if (c == '"') opening = i;
        } else if (c == '"') {
            if (i + 1 < stop && text[i + 1] == '"') ++i;
            else opening = std::string::npos;
        } else if (c == '{') {
            std::size_t close = text.find_first_of("}\r\n", i + 1);
            if (close != std::string::npos && close < stop && text[close] == '}') i = close;
        }
    }
    return opening;
}

} // namespace

std::span<const std::string_view> statementKeywords() { return keywords; }

ParsedRules::ParsedRules(std::string fileName, std::string text)
    : fileName_(std::move(fileName)), source_(std::make_unique<SourceText>(std::move(text))),
      map_(std::make_unique<SourceMap>(source_->text())) {
    map_->reserve(source_->text().size() / 4);
}

SourceSpan ParsedRules::spanOf(const x3::position_tagged& node) const {
    auto range = map_->rangeOf(node);
    return source_->span(range.begin, range.end);
}

SourceSpan ParsedRules::bytesOf(const x3::position_tagged& node) const {
    auto range = map_->rangeOf(node);
    return SourceSpan{0, 0, static_cast<std::uint32_t>(range.begin), static_cast<std::uint32_t>(range.end)};
}

void ParsedRules::report(const DiagnosticSink& sink, Diagnostics& into) const {
    const std::string& text = source_->text();
    for (const auto& reported : sink) {
        // X3 reports the position before white space is skipped; point at what follows it instead.
        SyntaxError error = reported;
        while (error.offset < text.size() && (text[error.offset] == ' ' || text[error.offset] == '\t'))
            ++error.offset;
        // At the end of a statement (the next line, or the end of the text), point just after its last word.
        std::size_t back = error.offset;
        while (back > 0 && (text[back - 1] == ' ' || text[back - 1] == '\t' || text[back - 1] == '\r' ||
                            text[back - 1] == '\n'))
            --back;
        if (back < error.offset && text.find('\n', back) < error.offset) error.offset = back;
        else if (error.offset >= text.size()) error.offset = back;
        std::size_t end = std::min(error.offset + 1, text.size());
        if (error.offset < text.size() && text[error.offset] == '\n') end = error.offset;
        std::string message;
        std::string hint;
        if (error.code == DiagnosticCode::UnterminatedText) {
            // Point at the quote that opened the text, and underline the text up to the end of its line.
            std::size_t lineStart = text.rfind('\n', error.offset == 0 ? 0 : error.offset - 1);
            lineStart = lineStart == std::string::npos || lineStart >= error.offset ? 0 : lineStart + 1;
            if (auto opening = unclosedQuote(text, lineStart, error.offset); opening != std::string::npos) {
                std::size_t lineEnd = std::min(text.find('\n', opening), text.size());
                while (lineEnd > opening + 1 && isSpace(text[lineEnd - 1])) --lineEnd;
                error.offset = opening;
                end = lineEnd;
            }
            message = "text is not closed with a double quote on this line";
            hint = "add the closing \" at the end of the text (text cannot continue onto the next line)";
        } else {
            bool word = !error.expected.empty() &&
                        std::all_of(error.expected.begin(), error.expected.end(), [](char c) { return isWordChar(c); });
            message = "expected " + (word && error.expected != "expression" && error.expected != "name" &&
                                             error.expected != "operand"
                                         ? "'" + error.expected + "'"
                                         : error.expected);
            if (error.offset >= text.size() || text[error.offset] == '\n') message += " at the end of the line";
        }
        into.push_back(makeDiagnostic(error.code, source_->span(error.offset, end), std::move(message), std::move(hint)));
    }
}

// Parses text[begin, end) with one entry rule; reports what went wrong. True when the whole range parsed.
template <typename Rule, typename Attribute>
bool ParsedRules::parseRange(const Rule& rule, std::size_t begin, std::size_t end, Attribute& attribute) {
    namespace x3 = boost::spirit::x3;
    const std::string& text = source_->text();
    DiagnosticSink sink;
    auto first = text.begin() + static_cast<std::ptrdiff_t>(begin);
    auto last = text.begin() + static_cast<std::ptrdiff_t>(end);
    auto const parser = x3::with<diagnostic_sink_tag>(std::ref(sink))[x3::with<x3::error_handler_tag>(std::ref(*map_))[rule]];
    bool parsed = x3::phrase_parse(first, last, parser, parser::skipper(), attribute);
    if (!sink.empty()) {
        report(sink, diagnostics_);
        return false;
    }
    if (parsed && first == last) return true;
    std::size_t stop = static_cast<std::size_t>(first - text.begin());
    std::size_t lineEnd = std::min(text.find('\n', stop), end);
    while (lineEnd > stop && isSpace(text[lineEnd - 1])) --lineEnd;
    diagnostics_.push_back(makeDiagnostic(DiagnosticCode::UnexpectedText, source_->span(stop, std::max(lineEnd, stop + 1)),
                                          parsed ? "unexpected text after the end of the line" : "expected a status line",
                                          "a status line is: NAME when CONDITION, or NAME otherwise; one per line"));
    return false;
}

// A status block, line by line: `status SERIES`, then one status line per indented line.
void ParsedRules::parseStatusBlock(std::size_t begin, std::size_t end) {
    const std::string& text = source_->text();
    ast::StatusStatement statement;
    std::size_t headerEnd = std::min(text.find('\n', begin), end);
    bool ok = parseRange(parser::statusHeaderEntry(), begin, headerEnd, statement.series);
    for (std::size_t line = headerEnd; line < end;) {
        std::size_t lineEnd = std::min(text.find('\n', line + 1), end);
        std::size_t first = line;
        while (first < lineEnd && (isSpace(text[first]) || text[first] == '\n')) ++first;
        if (first < lineEnd && text[first] != '#') {
            ast::StatusLine statusLine;
            if (parseRange(parser::statusLineEntry(), first, lineEnd, statusLine))
                statement.lines.push_back(std::move(statusLine));
        }
        line = lineEnd;
    }
    if (statement.lines.empty() && ok) {
        diagnostics_.push_back(makeDiagnostic(DiagnosticCode::ExpectedSomething, source_->span(headerEnd, headerEnd),
                                              "expected indented status lines after the status statement",
                                              "for example:   green when short <= 0%   on the next line"));
        ok = false;
    }
    if (!ok && statement.series.name.empty()) return;
    map_->tag(statement, text.begin() + static_cast<std::ptrdiff_t>(begin),
              text.begin() + static_cast<std::ptrdiff_t>(headerEnd));
    statements_.emplace_back(ast::Statement(std::move(statement)));
}

void ParsedRules::parseAll() {
    namespace x3 = boost::spirit::x3;
    const std::string& text = source_->text();
    for (auto [begin, end] : splitStatements(text)) {
        if (std::size_t deep = tooDeepAt(text, begin, end); deep != std::string::npos) {
            diagnostics_.push_back(makeDiagnostic(
                DiagnosticCode::TooDeep, source_->span(deep, deep + 1),
                "nested more than " + std::to_string(maxNesting) + " levels deep",
                "split the expression into several lets; each let can use the ones before it"));
            rememberBrokenDefinition(begin, end);
            continue;
        }
        if (text.compare(begin, 7, "status ") == 0 || text.compare(begin, 7, "status\t") == 0) {
            parseStatusBlock(begin, end);
            continue;
        }
        DiagnosticSink sink;
        auto first = text.begin() + static_cast<std::ptrdiff_t>(begin);
        auto last = text.begin() + static_cast<std::ptrdiff_t>(end);
        ast::Statement statement;
        auto const parser = x3::with<diagnostic_sink_tag>(std::ref(sink))[
            x3::with<x3::error_handler_tag>(std::ref(*map_))[parser::statement()]];
        bool parsed = x3::phrase_parse(first, last, parser, parser::skipper(), statement);
        if (!sink.empty()) {
            report(sink, diagnostics_);
            rememberBrokenDefinition(begin, end);
            continue;
        }
        std::size_t stop = static_cast<std::size_t>(first - text.begin());
        if (!parsed) {
            std::size_t wordEnd = stop;
            while (wordEnd < end && isWordChar(text[wordEnd])) ++wordEnd;
            if (wordEnd == stop) wordEnd = stop + 1;
            std::string word(text, stop, wordEnd - stop);
            rememberBrokenDefinition(begin, end);
            diagnostics_.push_back(makeDiagnostic(
                DiagnosticCode::UnknownStatement, source_->span(stop, wordEnd),
                "\"" + word + "\" does not start a statement",
                "a statement starts with sheet, key, field, series, due, profile, let, check, status, flag, write, "
                "style or option; indent a line to continue the statement above"));
            continue;
        }
        if (first != last) {
            std::size_t lineEnd = text.find('\n', stop);
            if (lineEnd == std::string::npos || lineEnd > end) lineEnd = end;
            while (lineEnd > stop && isSpace(text[lineEnd - 1])) --lineEnd;
            diagnostics_.push_back(makeDiagnostic(DiagnosticCode::UnexpectedText, source_->span(stop, lineEnd),
                                                  "unexpected text after the end of the statement",
                                                  "start each statement on its own line"));
            rememberBrokenDefinition(begin, end);
            continue;
        }
        statements_.push_back(std::move(statement));
    }
}

void ParsedRules::rememberBrokenDefinition(std::size_t begin, std::size_t end) {
    // `field title = Indicator` failed to parse, but `title` is still a name the author meant to define.
    const std::string& text = source_->text();
    auto wordAt = [&](std::size_t& at) {
        while (at < end && isSpace(text[at])) ++at;
        std::size_t start = at;
        while (at < end && isWordChar(text[at])) ++at;
        return std::string(text, start, at - start);
    };
    std::size_t at = begin;
    std::string keyword = wordAt(at);
    if (keyword == "field" || keyword == "series" || keyword == "let" || keyword == "profile" || keyword == "style") {
        std::string name = wordAt(at);
        if (!name.empty()) brokenDefinitions_.insert(std::move(name));
    }
}

bool ParsedRules::parseEmbeddedExpression(std::size_t begin, std::size_t end, ast::Expression& result,
                                          Diagnostics& into) {
    namespace x3 = boost::spirit::x3;
    const std::string& text = source_->text();
    DiagnosticSink sink;
    auto first = text.begin() + static_cast<std::ptrdiff_t>(begin);
    auto last = text.begin() + static_cast<std::ptrdiff_t>(end);
    auto const parser = x3::with<diagnostic_sink_tag>(std::ref(sink))[
        x3::with<x3::error_handler_tag>(std::ref(*map_))[parser::expressionEntry()]];
    bool parsed = x3::phrase_parse(first, last, parser, parser::skipper(), result);
    if (!sink.empty()) {
        report(sink, into);
        return false;
    }
    if (!parsed || first != last) {
        std::size_t stop = static_cast<std::size_t>(first - text.begin());
        into.push_back(makeDiagnostic(DiagnosticCode::UnexpectedText, source_->span(stop, std::max(stop + 1, end)),
                                      "expected one expression inside { }",
                                      "write {expression} to show a value in the message, for example {last(actual)}"));
        return false;
    }
    return true;
}

ParsedRules parseRules(std::string_view fileName, std::string text) {
    ParsedRules rules{std::string(fileName), std::move(text)};
    rules.parseAll();
    return rules;
}

// ---- SourceText ------------------------------------------------------------------------------

SourceText::SourceText(std::string text) : text_(std::move(text)) {
    lineStarts_.push_back(0);
    for (std::size_t i = text_.find('\n'); i != std::string::npos; i = text_.find('\n', i + 1))
        lineStarts_.push_back(i + 1);
}

SourceSpan SourceText::span(std::size_t begin, std::size_t end) const {
    begin = std::min(begin, text_.size());
    end = std::clamp(end, begin, text_.size());
    auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), begin);
    std::size_t lineIndex = static_cast<std::size_t>(after - lineStarts_.begin()) - 1;
    std::uint32_t column = 1;
    for (std::size_t i = lineStarts_[lineIndex]; i < begin; ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return SourceSpan{static_cast<std::uint32_t>(lineIndex + 1), column, static_cast<std::uint32_t>(begin),
                      static_cast<std::uint32_t>(end)};
}

std::string_view SourceText::line(std::uint32_t lineNumber) const {
    if (lineNumber == 0 || lineNumber > lineStarts_.size()) return {};
    std::size_t begin = lineStarts_[lineNumber - 1];
    std::size_t end = lineNumber < lineStarts_.size() ? lineStarts_[lineNumber] - 1 : text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(begin, end - begin);
}

} // namespace kpi::language
