#include "language/render.hpp"

#include <algorithm>

namespace kpi::language {

std::string_view severityName(Severity severity) {
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

namespace {

std::size_t codePoints(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

std::string renderDiagnostic(const Diagnostic& diagnostic, std::string_view fileName, const SourceText& source,
                             RenderOptions options) {
    auto paint = [&](std::string_view code, std::string_view text) {
        if (!options.colour) return std::string(text);
        return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
    };
    std::string_view colour = diagnostic.severity == Severity::Error     ? "1;31"
                              : diagnostic.severity == Severity::Warning ? "1;33"
                                                                         : "1;36";
    std::string out;
    out += paint("1", std::string(fileName) + ":" + std::to_string(diagnostic.span.line) + ":" +
                          std::to_string(diagnostic.span.column) + ":");
    out += ' ';
    out += paint(colour, std::string(severityName(diagnostic.severity)) + "[" + diagnostic.code + "]:");
    out += ' ';
    out += diagnostic.message;
    out += '\n';
    std::string_view line = source.line(diagnostic.span.line);
    if (diagnostic.span.line >= 1 && diagnostic.span.line <= source.lineCount()) {
        out += "    ";
        out += line;
        out += '\n';
        std::string marker(diagnostic.span.column > 0 ? diagnostic.span.column - 1 : 0, ' ');
        // Keep tabs so the caret lines up under the source.
        for (std::size_t i = 0, column = 0; i < line.size() && column + 1 < diagnostic.span.column; ++i) {
            if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
            if (line[i] == '\t') marker[column] = '\t';
            ++column;
        }
        // Underline up to the end of the span or of the line, whichever is first.
        std::size_t lineStart = static_cast<std::size_t>(line.data() - source.text().data());
        std::size_t lineEnd = lineStart + line.size();
        std::size_t spanEnd = std::min<std::size_t>(diagnostic.span.end, lineEnd);
        std::size_t width = spanEnd > diagnostic.span.begin
                                ? codePoints(source.text().substr(diagnostic.span.begin, spanEnd - diagnostic.span.begin))
                                : 1;
        std::string underline = "^" + std::string(width > 1 ? width - 1 : 0, '~');
        out += "    " + marker + paint(colour, underline) + '\n';
    }
    if (!diagnostic.hint.empty()) out += "    " + paint("1;32", "hint:") + " " + diagnostic.hint + '\n';
    return out;
}

} // namespace kpi::language
