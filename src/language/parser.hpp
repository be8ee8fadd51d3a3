#pragma once
// Parsing a rules file: source text in, syntax tree plus syntax diagnostics out. Never throws on bad input.
//
// Recovery is by statement: a statement starts at a line that is not indented or whose first word is a
// statement keyword; indented lines continue it. Each statement is parsed on its own, so every broken
// statement is reported and the rest of the file is still parsed and checked.

#include "core/diagnostic.hpp"
#include "language/ast.hpp"
#include "language/error_handler.hpp"

#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace kpi::language {

// A parsed rules file. Owns its text (the syntax tree's positions point into it), so it is not copyable.
class ParsedRules {
public:
    ParsedRules(std::string fileName, std::string text);
    ParsedRules(const ParsedRules&) = delete;
    ParsedRules& operator=(const ParsedRules&) = delete;
    ParsedRules(ParsedRules&&) = default;
    ParsedRules& operator=(ParsedRules&&) = default;

    const std::string& fileName() const { return fileName_; }
    const SourceText& source() const { return *source_; }
    const ast::RulesFile& statements() const { return statements_; }
    const Diagnostics& diagnostics() const { return diagnostics_; }
    // Names whose defining statement did not parse: the checker does not call them unknown as well.
    const std::set<std::string>& brokenDefinitions() const { return brokenDefinitions_; }

    // Where a node is in the source (line, column and byte range).
    SourceSpan spanOf(const x3::position_tagged& node) const;
    SourceSpan spanOfBytes(std::size_t begin, std::size_t end) const { return source_->span(begin, end); }
    // Only the byte range of a node (line and column 0): cheap, for spans that rarely reach a diagnostic.
    SourceSpan bytesOf(const x3::position_tagged& node) const;

    // Parses `text[begin, end)` of this file as one expression (a message's `{...}` part); syntax errors are
    // added to `into`. Positions of the result's nodes are in this file's coordinates.
    bool parseEmbeddedExpression(std::size_t begin, std::size_t end, ast::Expression& result, Diagnostics& into);

private:
    friend ParsedRules parseRules(std::string_view fileName, std::string text);
    void parseAll();
    void report(const DiagnosticSink& sink, Diagnostics& into) const;
    void rememberBrokenDefinition(std::size_t begin, std::size_t end);
    void parseStatusBlock(std::size_t begin, std::size_t end);
    template <typename Rule, typename Attribute>
    bool parseRange(const Rule& rule, std::size_t begin, std::size_t end, Attribute& attribute);

    std::string fileName_;
    std::unique_ptr<SourceText> source_;
    std::unique_ptr<SourceMap> map_;
    ast::RulesFile statements_;
    Diagnostics diagnostics_;
    std::set<std::string> brokenDefinitions_;
};

ParsedRules parseRules(std::string_view fileName, std::string text);

// The words that start a statement, in documentation order.
std::span<const std::string_view> statementKeywords();

} // namespace kpi::language
