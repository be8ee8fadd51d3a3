// The one translation unit that compiles the grammar.
#include "language/grammar_def.hpp"

namespace kpi::language::parser {

BOOST_SPIRIT_INSTANTIATE(StatementType, Iterator, Context)
BOOST_SPIRIT_INSTANTIATE(ExpressionEntryType, Iterator, Context)
BOOST_SPIRIT_INSTANTIATE(StatusHeaderEntryType, Iterator, Context)
BOOST_SPIRIT_INSTANTIATE(StatusLineEntryType, Iterator, Context)
BOOST_SPIRIT_INSTANTIATE(SkipperType, Iterator, x3::unused_type)

} // namespace kpi::language::parser
