// The mechanical SMART check.

#include "domain/smart.hpp"

#include "core/cell_text.hpp"
#include "core/text_key.hpp"
#include "domain/polarity.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace kpi::domain {
namespace {

constexpr std::array<std::string_view, 6> titleHeaders{"Indicator", "Title", "Name", "Measure", "Description", "PI"};
constexpr std::array<std::string_view, 4> unitHeaders{"Unit", "Units", "Data type", "Measure type"};
constexpr std::array<std::string_view, 2> targetHeaders{"Target", "Annual target"};
constexpr std::array<std::string_view, 3> baselineHeaders{"Baseline", "Last year", "Previous year"};
constexpr std::array<std::string_view, 5> polarityHeaders{"Polarity", "Aim", "Direction", "Better if", "Good performance is"};
constexpr std::array<std::string_view, 3> frequencyHeaders{"Frequency", "Reporting frequency", "Collection frequency"};
constexpr std::array<std::string_view, 5> priorityHeaders{"Priority", "Corporate priority", "Objective", "Outcome", "Theme"};
constexpr std::array<std::string_view, 4> ownerHeaders{"Owner", "Responsible officer", "Lead officer", "Accountable officer"};

// Folded keys; a title made only of these is not specific.
constexpr std::array<std::string_view, 40> vague{
    "improve", "improved", "improving", "improvement", "better", "best", "more", "most", "less", "fewer",
    "increase", "increased", "increasing", "reduce", "reduced", "reducing", "reduction", "decrease", "various",
    "etc", "good", "enhance", "enhanced", "maximise", "maximize", "minimise", "minimize", "support", "effective",
    "efficient", "quality", "performance", "the", "a", "an", "and", "of", "to", "our", "in",
};

constexpr std::array<std::string_view, 19> frequencies{
    "annual", "annually", "yearly", "year", "halfyearly", "halfyear", "biannual", "biannually", "sixmonthly",
    "6monthly", "quarterly", "quarter", "monthly", "month", "weekly", "week", "daily", "day", "everymonth",
};

constexpr std::array<std::string_view, 5> letterNames{"Specific", "Measurable", "Achievable", "Relevant", "Time-bound"};

std::string textOf(const Value& v) {
    if (v.isText()) return v.asText();
    if (v.isNumber()) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.15g", v.asNumber());
        return buffer;
    }
    return {};
}

bool present(const Value& v) { return !v.isError() && !isBlankLike(v); }

// Words separated by Unicode white space.
template <class Visit>
void forEachWord(std::string_view utf8, Visit&& visit) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    int32_t wordStart = -1;
    while (i < length) {
        const int32_t at = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        const bool space = c >= 0 && u_isspace(c);
        if (!space && wordStart < 0) wordStart = at;
        if (space && wordStart >= 0) {
            visit(utf8.substr(static_cast<std::size_t>(wordStart), static_cast<std::size_t>(at - wordStart)));
            wordStart = -1;
        }
    }
    if (wordStart >= 0) visit(utf8.substr(static_cast<std::size_t>(wordStart)));
}

void addReason(std::string& reasons, std::string_view reason) {
    if (!reasons.empty()) reasons += ", ";
    reasons += reason;
}

bool polarityValid(const Value& v) {
    if (v.isNumber()) return polarityFromNumber(v.asNumber()).has_value();
    return v.isText() && parsePolarity(v.asText()).has_value();
}

bool unitIsPercent(const Value& unit) {
    const std::string text = textOf(unit);
    return text.find('%') != std::string::npos || foldKey(text).find("percent") != std::string::npos;
}

} // namespace

std::span<const std::string_view> smartFieldAliases(SmartField field) {
    switch (field) {
    case SmartField::Title: return titleHeaders;
    case SmartField::Unit: return unitHeaders;
    case SmartField::Target: return targetHeaders;
    case SmartField::Baseline: return baselineHeaders;
    case SmartField::Polarity: return polarityHeaders;
    case SmartField::Frequency: return frequencyHeaders;
    case SmartField::Priority: return priorityHeaders;
    case SmartField::Owner: return ownerHeaders;
    }
    return {};
}

std::optional<SmartField> smartFieldForHeader(std::string_view header) {
    const std::string key = foldKey(header);
    if (key.empty()) return std::nullopt;
    for (std::size_t f = 0; f < smartFieldCount; ++f) {
        const auto field = static_cast<SmartField>(f);
        for (auto alias : smartFieldAliases(field))
            if (key == foldKey(alias)) return field;
    }
    return std::nullopt;
}

SmartRecord smartRecordFrom(std::span<const Value> headers, std::span<const Value> definition) {
    SmartRecord record;
    std::array<bool, smartFieldCount> found{};
    const std::size_t n = std::min(headers.size(), definition.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!headers[i].isText()) continue;
        const auto field = smartFieldForHeader(headers[i].asText());
        if (!field || found[static_cast<std::size_t>(*field)]) continue;
        found[static_cast<std::size_t>(*field)] = true;
        record[*field] = definition[i];
    }
    return record;
}

std::span<const std::string_view> vagueWords() { return vague; }
std::span<const std::string_view> frequencyWords() { return frequencies; }
std::string_view smartLetterName(std::size_t letter) { return letter < letterNames.size() ? letterNames[letter] : ""; }

bool SmartResult::allPass() const {
    return std::all_of(reasons.begin(), reasons.end(), [](const std::string& r) { return r.empty(); });
}

SmartResult smartCheck(const SmartRecord& record) {
    SmartResult result;

    // S: a title of at least 3 words, not only vague words
    const Value& title = record[SmartField::Title];
    if (!present(title)) {
        addReason(result.reasons[0], "no title");
    } else {
        std::size_t words = 0;
        bool onlyVague = true;
        forEachWord(textOf(title), [&](std::string_view word) {
            ++words;
            const std::string key = foldKey(word);
            if (!key.empty() && std::find(vague.begin(), vague.end(), key) == vague.end()) onlyVague = false;
        });
        if (words < 3) addReason(result.reasons[0], "title has fewer than 3 words");
        else if (onlyVague) addReason(result.reasons[0], "title is only vague words");
    }

    // M: numeric target, a unit, a valid polarity
    const auto target = numberFrom(record[SmartField::Target]);
    const auto baseline = numberFrom(record[SmartField::Baseline]);
    const Value& unit = record[SmartField::Unit];
    const Value& polarity = record[SmartField::Polarity];
    if (!target) addReason(result.reasons[1], "no numeric target");
    if (!present(unit)) addReason(result.reasons[1], "no unit");
    if (!present(polarity)) addReason(result.reasons[1], "no polarity");
    else if (!polarityValid(polarity)) addReason(result.reasons[1], "polarity is not higher, lower, band or neutral");

    // A: target within 50% of baseline; a percentage target within 0..100
    if (!baseline) addReason(result.reasons[2], "no numeric baseline");
    if (!target) addReason(result.reasons[2], "no numeric target");
    if (target && baseline && *baseline != 0.0 && !atMost(std::fabs(*target - *baseline), 0.5 * std::fabs(*baseline)))
        addReason(result.reasons[2], "target is more than 50% away from baseline");
    if (target && present(unit) && unitIsPercent(unit) && (*target < 0.0 || *target > 100.0))
        addReason(result.reasons[2], "percentage target outside 0 to 100");

    // R: the golden thread and accountability
    if (!present(record[SmartField::Priority])) addReason(result.reasons[3], "no priority");
    if (!present(record[SmartField::Owner])) addReason(result.reasons[3], "no owner");

    // T: a recognised reporting frequency
    const Value& frequency = record[SmartField::Frequency];
    if (!present(frequency)) {
        addReason(result.reasons[4], "no reporting frequency");
    } else {
        const std::string key = foldKey(textOf(frequency));
        if (std::find(frequencies.begin(), frequencies.end(), key) == frequencies.end())
            addReason(result.reasons[4], "reporting frequency not recognised");
    }
    return result;
}

std::string smartLetters(const SmartResult& result) {
    std::string letters;
    constexpr std::string_view all = "SMART";
    for (std::size_t i = 0; i < 5; ++i)
        if (!result.passes(i)) letters += all[i];
    return letters.empty() ? "OK" : letters;
}

std::string smartReasons(const SmartResult& result) {
    std::string out;
    for (std::size_t i = 0; i < 5; ++i) {
        if (result.passes(i)) continue;
        if (!out.empty()) out += "; ";
        out += letterNames[i];
        out += ": ";
        out += result.reasons[i];
    }
    return out;
}

} // namespace kpi::domain
