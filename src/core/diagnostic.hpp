#pragma once
// Diagnostics are values: the core never prints. One formatter (language/) renders them.

#include <cstdint>
#include <string>
#include <vector>

namespace kpi {

enum class Severity : unsigned char { Error, Warning, Note };

// A place in a source text: 1-based line and column (columns count Unicode code points),
// plus byte offsets so a renderer can underline the whole culprit.
struct SourceSpan {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t begin = 0; // byte offset, inclusive
    std::uint32_t end = 0;   // byte offset, exclusive
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;    // stable, from the one catalogue (e.g. "E0101"); see language/diagnostic_codes.hpp
    SourceSpan span;
    std::string message; // short, lower-case start, no trailing full stop
    std::string hint;    // optional: how to fix it ("did you mean \"annual\"?")
};

using Diagnostics = std::vector<Diagnostic>;

inline bool hasErrors(const Diagnostics& ds) {
    for (const auto& d : ds)
        if (d.severity == Severity::Error) return true;
    return false;
}

} // namespace kpi
