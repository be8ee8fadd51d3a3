#include "runner/lint.hpp"

#include "language/checker.hpp"
#include "language/render.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kpi::runner {

namespace {

// The whole of a file, read once into the string the parser keeps: a regular file in one read of its size,
// anything else (a pipe, a directory) through a string stream, as before.
std::string readAll(const std::string& file, std::ifstream& in) {
    std::string text;
    std::error_code error;
    if (std::filesystem::is_regular_file(file, error)) {
        const std::uintmax_t size = std::filesystem::file_size(file, error);
        if (!error) {
            text.resize(static_cast<std::size_t>(size));
            in.read(text.data(), static_cast<std::streamsize>(size));
            text.resize(static_cast<std::size_t>(in.gcount()));
            if (in.peek() == std::ifstream::traits_type::eof()) return text;
        }
    }
    in.clear();
    std::ostringstream rest; // what is left: all of it, or what was added since the size was taken
    rest << in.rdbuf();
    return text + std::move(rest).str();
}

} // namespace

int runLint(const LintOptions& options, std::ostream& out, std::ostream& err) {
    bool unreadable = false;
    std::size_t errors = 0;
    std::size_t warnings = 0;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& file : options.files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            err << "kpirules: cannot read " << file << '\n';
            unreadable = true;
            continue;
        }
        language::ParsedRules parsed = language::parseRules(file, readAll(file, in));
        language::CheckedRules checked = language::checkRules(parsed);
        Diagnostics all = parsed.diagnostics();
        all.insert(all.end(), checked.diagnostics.begin(), checked.diagnostics.end());
        std::stable_sort(all.begin(), all.end(),
                         [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
        for (const auto& diagnostic : all) {
            if (diagnostic.severity == Severity::Error) ++errors;
            if (diagnostic.severity == Severity::Warning) ++warnings;
            if (options.format == LintFormat::Text) {
                out << language::renderDiagnostic(diagnostic, file, parsed.source(), {options.colour});
            } else {
                auto end = parsed.source().span(diagnostic.span.end, diagnostic.span.end);
                report.push_back({{"file", file},
                                  {"line", diagnostic.span.line},
                                  {"column", diagnostic.span.column},
                                  {"endLine", end.line},
                                  {"endColumn", end.column},
                                  {"severity", std::string(language::severityName(diagnostic.severity))},
                                  {"code", diagnostic.code},
                                  {"message", diagnostic.message},
                                  {"hint", diagnostic.hint}});
            }
        }
    }
    if (options.format == LintFormat::Json)
        out << nlohmann::json{{"diagnostics", report}, {"errors", errors}, {"warnings", warnings}}.dump(2) << '\n';
    else if (errors + warnings > 0)
        out << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
            << (warnings == 1 ? "" : "s") << '\n';
    if (unreadable) return 2;
    if (errors > 0 || (options.strict && warnings > 0)) return 1;
    return 0;
}

} // namespace kpi::runner
