#pragma once
// The one catalogue of diagnostic codes of the rules language: stable code, default severity,
// short title. Parser, checker, header resolution and evaluator report only codes from here, and
// docs/rules-language.md explains each one (a unit test keeps the two in step).

#include "core/diagnostic.hpp"

#include <span>
#include <string_view>

namespace kpi::language {

enum class DiagnosticCode : unsigned char {
    // syntax
    UnexpectedText,
    ExpectedSomething,
    UnterminatedText,
    UnknownStatement,
    TooDeep,
    // names
    UnknownName,
    UnknownFunction,
    DuplicateDefinition,
    UnknownStatus,
    UnknownLevel,
    NotifyNotAField,
    UnknownOption,
    BadOptionValue,
    // types
    WrongArgumentCount,
    WrongArgumentType,
    SeriesCondition,
    NotASeries,
    LetCycle,
    TypeMismatch,
    // structure
    MissingStatement,
    RepeatedStatement,
    BadCalendar,
    BadDate,
    // the sheet
    MissingHeader,
    ProfileLength,
    BadSeriesRange,
    DuplicateKey,
    DuplicateHeader,
    // warnings
    UnusedDefinition,
    UnreachableStatusLine,
    // data notes
    ErrorCell,
};

struct DiagnosticInfo {
    DiagnosticCode code;
    std::string_view id;    // "E0101"
    Severity severity;
    std::string_view title; // "expected something else"
};

// Every code, in catalogue order.
std::span<const DiagnosticInfo> diagnosticCatalogue();
const DiagnosticInfo& infoOf(DiagnosticCode code);

// A Diagnostic with the code's id and default severity.
Diagnostic makeDiagnostic(DiagnosticCode code, SourceSpan span, std::string message, std::string hint = {});

} // namespace kpi::language
