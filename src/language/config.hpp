#pragma once
// The iterator and context types of the rules parser, written once.

#include "language/error_handler.hpp"

#include <boost/spirit/home/x3.hpp>

#include <string>

namespace kpi::language::parser {

namespace x3 = boost::spirit::x3;

using Iterator = std::string::const_iterator;

// Whitespace (newlines included: a statement's extent is decided before parsing) and `# comments`.
struct SkipperClass;
using SkipperType = x3::rule<SkipperClass>;
BOOST_SPIRIT_DECLARE(SkipperType)
SkipperType const& skipper();

using PhraseContext = x3::phrase_parse_context<SkipperType>::type;
using SinkContext = x3::context<diagnostic_sink_tag, std::reference_wrapper<DiagnosticSink>, PhraseContext>;
using Context = x3::context<x3::error_handler_tag, std::reference_wrapper<SourceMap>, SinkContext>;

} // namespace kpi::language::parser
