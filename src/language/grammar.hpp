#pragma once
// Declarations of the rules-file grammar's entry points. The definitions are in grammar_def.hpp and
// are compiled once, in grammar.cpp.

#include "language/ast.hpp"
#include "language/config.hpp"

#include <boost/spirit/home/x3.hpp>

namespace kpi::language::parser {

struct StatementClass;
struct ExpressionEntryClass;

using StatementType = x3::rule<StatementClass, ast::Statement>;
using ExpressionEntryType = x3::rule<ExpressionEntryClass, ast::Expression>;

BOOST_SPIRIT_DECLARE(StatementType, ExpressionEntryType)

// One statement (its extent was found by line structure beforehand).
StatementType const& statement();
// One expression on its own: the `{...}` parts of a message.
ExpressionEntryType const& expressionEntry();

} // namespace kpi::language::parser
