#pragma once
// The one formatter of diagnostics for people: `file:line:col: error[E0201]: message`, the source line,
// a caret under the culprit (tildes under the rest of it) and `hint: ...`. Returns text; never prints.

#include "core/diagnostic.hpp"
#include "language/error_handler.hpp"

#include <string>
#include <string_view>

namespace kpi::language {

struct RenderOptions {
    bool colour = false; // ANSI colours, for terminals
};

std::string_view severityName(Severity severity);

std::string renderDiagnostic(const Diagnostic& diagnostic, std::string_view fileName, const SourceText& source,
                             RenderOptions options = {});

} // namespace kpi::language
