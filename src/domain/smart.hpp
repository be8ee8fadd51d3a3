#pragma once
// The mechanical SMART check of one indicator definition (KPI.SMART, KPI.SMARTWHY).
// Fields are found by header text, using the spec's aliases (matched as headers are).

#include "core/value.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kpi::domain {

enum class SmartField : unsigned char { Title, Unit, Target, Baseline, Polarity, Frequency, Priority, Owner };
inline constexpr std::size_t smartFieldCount = 8;

// The field a header names, e.g. "Annual target" -> Target, "Responsible officer" -> Owner.
std::optional<SmartField> smartFieldForHeader(std::string_view header);

// The header aliases of a field, e.g. Title -> Indicator, Title, Name, Measure, Description, PI.
std::span<const std::string_view> smartFieldAliases(SmartField field);

// One indicator's fields (blank when absent). Indexed by SmartField.
struct SmartRecord {
    std::array<Value, smartFieldCount> fields;
    const Value& operator[](SmartField f) const { return fields[static_cast<std::size_t>(f)]; }
    Value& operator[](SmartField f) { return fields[static_cast<std::size_t>(f)]; }
};

// Builds a record from a header row and a definition row of the same length (first matching header wins).
SmartRecord smartRecordFrom(std::span<const Value> headers, std::span<const Value> definition);

// The words that alone do not make a title specific ("improve", "better", "more", ...).
std::span<const std::string_view> vagueWords();

// Accepted reporting frequencies (folded keys), e.g. "monthly", "quarterly", "halfyearly".
std::span<const std::string_view> frequencyWords();

// The outcome of each letter: empty reason = pass. Reasons are short lower-case phrases, joined with
// ", " when a letter fails for several reasons ("no unit, no polarity").
struct SmartResult {
    std::array<std::string, 5> reasons; // S, M, A, R, T
    bool passes(std::size_t letter) const { return reasons[letter].empty(); }
    bool allPass() const;
};

SmartResult smartCheck(const SmartRecord& record);

// "OK" when all pass, else the failing letters in order, e.g. "MT".
std::string smartLetters(const SmartResult& result);

// "Measurable: no unit; Time-bound: no reporting frequency"; empty when all pass.
std::string smartReasons(const SmartResult& result);

// Letter names: "Specific", "Measurable", "Achievable", "Relevant", "Time-bound".
std::string_view smartLetterName(std::size_t letter);

} // namespace kpi::domain
