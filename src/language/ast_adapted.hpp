#pragma once
// Fusion adaptation of the syntax tree, so that X3 fills the nodes from sequence parsers.
// Nodes with a single member are filled by semantic actions in grammar_def.hpp instead.

#include "language/ast.hpp"

#include <boost/fusion/include/adapt_struct.hpp>

BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Expression, first, rest)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Call, function, arguments)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Postfix, primary, subscripts)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Membership, subject, choices)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::DateLiteral, year, month, day)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::FieldStatement, name, headers)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::Calendar, frequency, start)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::SeriesStatement, name, first, last, calendar)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::ProfileStatement, name, weights)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::LetStatement, name, value)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::CheckStatement, letter, message, condition)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::StatusLine, status, condition)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::StatusStatement, series, lines)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::FlagStatement, level, message, condition, notify)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::WriteStatement, header, value)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::StyleStatement, name, cellStyle)
BOOST_FUSION_ADAPT_STRUCT(kpi::language::ast::OptionStatement, name, value)
