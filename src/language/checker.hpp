#pragma once
// The checker: resolves names, checks arity and kinds against the builtin table, scalar against series,
// cycles among lets, statuses, levels and options, and compiles the file into a Program.
// Diagnostics are returned, never printed; a Program is only usable when there are no errors.

#include "core/diagnostic.hpp"
#include "language/parser.hpp"
#include "language/program.hpp"

namespace kpi::language {

struct CheckedRules {
    Program program;
    Diagnostics diagnostics; // in source order
};

// Checks a parsed file (its syntax diagnostics are not repeated). `rules` is taken by reference because
// message interpolations are parsed on demand into its position cache.
CheckedRules checkRules(ParsedRules& rules);

// Parse and check in one call; diagnostics of both stages, sorted by position.
CheckedRules compileRules(std::string_view fileName, std::string text);

} // namespace kpi::language
