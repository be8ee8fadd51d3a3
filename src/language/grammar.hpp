#pragma once
// Declarations of the rules-file grammar's entry points. The definitions are in grammar_def.hpp and
// are compiled once, in grammar.cpp.

#include "language/ast.hpp"
#include "language/config.hpp"

#include <boost/spirit/home/x3.hpp>

namespace kpi::language::parser {

struct StatementClass;
struct ExpressionEntryClass;
struct StatusHeaderEntryClass;
struct StatusLineEntryClass;

using StatementType = x3::rule<StatementClass, ast::Statement>;
using ExpressionEntryType = x3::rule<ExpressionEntryClass, ast::Expression>;
using StatusHeaderEntryType = x3::rule<StatusHeaderEntryClass, ast::Identifier>;
using StatusLineEntryType = x3::rule<StatusLineEntryClass, ast::StatusLine>;

BOOST_SPIRIT_DECLARE(StatementType, ExpressionEntryType, StatusHeaderEntryType, StatusLineEntryType)

// One statement (its extent was found by line structure beforehand).
StatementType const& statement();
// One expression on its own: the `{...}` parts of a message.
ExpressionEntryType const& expressionEntry();
// A status block is parsed line by line, so one broken line does not hide the others:
// `status actual` ...
StatusHeaderEntryType const& statusHeaderEntry();
// ... and each indented line after it: `green when short <= 0%`.
StatusLineEntryType const& statusLineEntry();

} // namespace kpi::language::parser
