#pragma once
// What the parser knows about positions and failures: a SourceMap (the position cache that every
// position-tagged node is annotated into) and a DiagnosticSink that collects syntax errors.
// The grammar's top-level rules report an expectation failure here and give up on that statement only.

#include "core/diagnostic.hpp"
#include "language/diagnostic_codes.hpp"

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/utility/annotate_on_success.hpp>

#include <string>
#include <vector>

namespace kpi::language {

namespace x3 = boost::spirit::x3;

// Line and column lookup over one source text. Columns count Unicode code points, 1-based.
class SourceText {
public:
    explicit SourceText(std::string text);
    const std::string& text() const { return text_; }
    SourceSpan span(std::size_t begin, std::size_t end) const;
    std::string_view line(std::uint32_t lineNumber) const; // without the newline
    std::uint32_t lineCount() const { return static_cast<std::uint32_t>(lineStarts_.size()); }

private:
    std::string text_;
    std::vector<std::size_t> lineStarts_;
};

// Positions of tagged nodes, as byte offsets into the source.
class SourceMap {
public:
    using Iterator = std::string::const_iterator;
    explicit SourceMap(const std::string& source) : begin_(source.begin()) {}

    // Called by x3::annotate_on_success for every rule whose attribute is position-tagged.
    template <typename Node>
    void tag(Node& node, Iterator first, Iterator last) {
        if constexpr (std::is_base_of_v<x3::position_tagged, Node>) {
            node.id_first = static_cast<int>(ranges_.size());
            node.id_last = node.id_first;
            ranges_.push_back({static_cast<std::size_t>(first - begin_), static_cast<std::size_t>(last - begin_)});
        }
    }

    // Like tag, but leading white space and comments inside [first, last) are not part of the node.
    template <typename Node>
    void tagSkippingSpace(Node& node, Iterator first, Iterator last) {
        while (first != last) {
            if (*first == ' ' || *first == '\t' || *first == '\r' || *first == '\n') ++first;
            else if (*first == '#')
                while (first != last && *first != '\n') ++first;
            else break;
        }
        tag(node, first, last);
    }

    struct Range { std::size_t begin = 0; std::size_t end = 0; };
    // The byte range of a tagged node; {0,0} for an untagged one.
    Range rangeOf(const x3::position_tagged& node) const {
        if (node.id_first < 0 || static_cast<std::size_t>(node.id_first) >= ranges_.size()) return {};
        return ranges_[static_cast<std::size_t>(node.id_first)];
    }
    std::size_t offsetOf(Iterator it) const { return static_cast<std::size_t>(it - begin_); }

    // The range of whatever node an operand holds.
    template <typename Variant>
        requires requires(const Variant& v) { v.get(); }
    Range rangeOf(const Variant& operand) const {
        return boost::apply_visitor([this](const auto& node) { return rangeOfNode(node); }, operand.get());
    }

    template <typename Node>
    void tagRange(Node& node, std::size_t begin, std::size_t end) {
        node.id_first = static_cast<int>(ranges_.size());
        node.id_last = node.id_first;
        ranges_.push_back({begin, end});
    }

    void reserve(std::size_t count) { ranges_.reserve(count); }

private:
    template <typename Node>
    Range rangeOfNode(const Node& node) const {
        if constexpr (std::is_base_of_v<x3::position_tagged, Node>) return rangeOf(static_cast<const x3::position_tagged&>(node));
        else if constexpr (requires { node.get(); }) return rangeOfNode(node.get());
        else return {};
    }

    Iterator begin_;
    std::vector<Range> ranges_;
};

struct diagnostic_sink_tag;

// Syntax errors as the parser meets them: byte offset, what was expected.
struct SyntaxError {
    std::size_t offset = 0;
    std::size_t length = 1;
    DiagnosticCode code = DiagnosticCode::ExpectedSomething;
    std::string expected;
};
using DiagnosticSink = std::vector<SyntaxError>;

namespace parser {

// Mixed into the top-level rules' IDs: an expectation failure becomes one SyntaxError and the rule fails.
struct ReportExpectationFailure {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator&, Iterator const&, Exception const& failure, Context const& context) {
        auto& sink = x3::get<diagnostic_sink_tag>(context).get();
        auto& map = x3::get<x3::error_handler_tag>(context).get();
        SyntaxError error;
        error.offset = map.offsetOf(failure.where());
        error.expected = failure.which();
        error.code = error.expected.find("closing quote") != std::string::npos ? DiagnosticCode::UnterminatedText
                                                                               : DiagnosticCode::ExpectedSomething;
        sink.push_back(std::move(error));
        return x3::error_handler_result::fail;
    }
};

} // namespace parser
} // namespace kpi::language
