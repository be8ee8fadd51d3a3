#include "language/diagnostic_codes.hpp"

#include <array>
#include <utility>

namespace kpi::language {

namespace {

using enum DiagnosticCode;

constexpr std::array catalogue{
    DiagnosticInfo{UnexpectedText, "E0100", Severity::Error, "unexpected text"},
    DiagnosticInfo{ExpectedSomething, "E0101", Severity::Error, "expected something else here"},
    DiagnosticInfo{UnterminatedText, "E0102", Severity::Error, "text without its closing quote"},
    DiagnosticInfo{UnknownStatement, "E0103", Severity::Error, "a line that does not start a statement"},
    DiagnosticInfo{TooDeep, "E0104", Severity::Error, "nested too deeply"},
    DiagnosticInfo{UnknownName, "E0201", Severity::Error, "unknown name"},
    DiagnosticInfo{UnknownFunction, "E0202", Severity::Error, "unknown function"},
    DiagnosticInfo{DuplicateDefinition, "E0203", Severity::Error, "name defined twice"},
    DiagnosticInfo{UnknownStatus, "E0204", Severity::Error, "unknown status"},
    DiagnosticInfo{UnknownLevel, "E0205", Severity::Error, "unknown flag level"},
    DiagnosticInfo{NotifyNotAField, "E0206", Severity::Error, "notify needs a field"},
    DiagnosticInfo{UnknownOption, "E0207", Severity::Error, "unknown option"},
    DiagnosticInfo{BadOptionValue, "E0208", Severity::Error, "option value of the wrong kind"},
    DiagnosticInfo{WrongArgumentCount, "E0301", Severity::Error, "wrong number of arguments"},
    DiagnosticInfo{WrongArgumentType, "E0302", Severity::Error, "argument of the wrong kind"},
    DiagnosticInfo{SeriesCondition, "E0303", Severity::Error, "condition is a series"},
    DiagnosticInfo{NotASeries, "E0304", Severity::Error, "series expected"},
    DiagnosticInfo{LetCycle, "E0305", Severity::Error, "lets that depend on each other"},
    DiagnosticInfo{TypeMismatch, "E0306", Severity::Error, "operand of the wrong kind"},
    DiagnosticInfo{MissingStatement, "E0401", Severity::Error, "required statement missing"},
    DiagnosticInfo{RepeatedStatement, "E0402", Severity::Error, "statement given twice"},
    DiagnosticInfo{BadCalendar, "E0403", Severity::Error, "unknown calendar frequency"},
    DiagnosticInfo{BadDate, "E0404", Severity::Error, "impossible date"},
    DiagnosticInfo{MissingHeader, "E0501", Severity::Error, "header not found in the sheet"},
    DiagnosticInfo{ProfileLength, "E0502", Severity::Error, "profile length differs from the series"},
    DiagnosticInfo{BadSeriesRange, "E0503", Severity::Error, "series columns out of order"},
    DiagnosticInfo{DuplicateKey, "W0504", Severity::Warning, "two rows with the same key"},
    DiagnosticInfo{DuplicateHeader, "W0505", Severity::Warning, "two columns with the same header"},
    DiagnosticInfo{UnusedDefinition, "W0601", Severity::Warning, "defined but never used"},
    DiagnosticInfo{UnreachableStatusLine, "W0602", Severity::Warning, "status line after otherwise"},
    DiagnosticInfo{ErrorCell, "N0701", Severity::Note, "error cell read as blank"},
};

} // namespace

std::span<const DiagnosticInfo> diagnosticCatalogue() { return catalogue; }

const DiagnosticInfo& infoOf(DiagnosticCode code) { return catalogue[static_cast<std::size_t>(code)]; }

Diagnostic makeDiagnostic(DiagnosticCode code, SourceSpan span, std::string message, std::string hint) {
    const auto& info = infoOf(code);
    return Diagnostic{info.severity, std::string(info.id), span, std::move(message), std::move(hint)};
}

} // namespace kpi::language
