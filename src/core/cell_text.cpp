// The one conversion of cell contents into engine values (see cell_text.hpp for the rules).

#include "core/cell_text.hpp"

#include "core/text_key.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace kpi {
namespace {

constexpr std::array<std::string_view, 10> placeholders{
    "n/a", "na", "n.a.", "-", "--", "\xE2\x80\x94" /* em dash */, "\xE2\x80\x93" /* en dash */, "tbc", "tbd", "",
};

constexpr std::size_t longestPlaceholder = [] {
    std::size_t longest = 0;
    for (auto word : placeholders) longest = word.size() > longest ? word.size() : longest;
    return longest;
}();

char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsAsciiFolded(std::string_view text, std::string_view lowerWord) {
    if (text.size() != lowerWord.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (asciiLower(text[i]) != lowerWord[i]) return false;
    return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool consumePrefix(std::string_view& s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

// Removes ',' thousands separators from the integer part, checking they group in threes.
// Writes the plain digits into `out`; false when the grouping is malformed.
bool stripGrouping(std::string_view body, std::string& out) {
    const std::size_t end = body.find_first_of(".eE");
    const std::string_view integer = body.substr(0, end);
    if (integer.find(',') != std::string_view::npos) {
        std::size_t group = 0;
        bool first = true;
        for (char c : integer) {
            if (c == ',') {
                if ((first && (group == 0 || group > 3)) || (!first && group != 3)) return false;
                first = false;
                group = 0;
            } else {
                ++group;
            }
        }
        if (group != 3) return false;
    }
    for (char c : integer)
        if (c != ',') out.push_back(c);
    if (end != std::string_view::npos) out.append(body.substr(end));
    return true;
}

} // namespace

std::span<const std::string_view> blankPlaceholders() { return placeholders; }

bool isBlankText(std::string_view utf8) {
    const std::string_view t = trimText(utf8);
    if (t.size() > longestPlaceholder) return false; // most text cells: no comparisons
    for (auto word : placeholders)
        if (equalsAsciiFolded(t, word)) return true;
    return false;
}

std::optional<double> parseNumberText(std::string_view utf8) {
    std::string_view s = trimText(utf8);
    if (s.empty() || s.size() > 64) return std::nullopt;
    // A number never starts with a letter (signs, currency, digits, '.', '(' do): most text cells stop here.
    if ((s.front() >= 'A' && s.front() <= 'Z') || (s.front() >= 'a' && s.front() <= 'z')) return std::nullopt;

    bool negative = false;
    bool percent = false;
    if (s.front() == '(' && s.back() == ')') { // accountants' negative
        negative = true;
        s = trimText(s.substr(1, s.size() - 2));
    }
    if (!s.empty() && s.back() == '%') {
        percent = true;
        s = trimText(s.substr(0, s.size() - 1));
    }
    // sign, then currency, or currency then sign: "-£5", "£-5"
    auto takeSign = [&] {
        if (consumePrefix(s, "-") || consumePrefix(s, "\xE2\x88\x92" /* U+2212 minus */)) {
            negative = !negative;
            return true;
        }
        return consumePrefix(s, "+");
    };
    auto takeCurrency = [&] {
        return consumePrefix(s, "\xC2\xA3" /* £ */) || consumePrefix(s, "$") || consumePrefix(s, "\xE2\x82\xAC" /* € */);
    };
    const bool signFirst = takeSign();
    if (takeCurrency() && !signFirst) takeSign();
    if (s.empty() || !(isDigit(s.front()) || (s.front() == '.' && s.size() > 1 && isDigit(s[1])))) return std::nullopt;

    std::string plain;
    plain.reserve(s.size());
    if (!stripGrouping(s, plain)) return std::nullopt;

    double value = 0.0;
    const char* begin = plain.data();
    const char* end = plain.data() + plain.size();
    auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    if (percent) value /= 100.0;
    return negative ? -value : value;
}

Value interpretCell(const Value& raw) {
    if (!raw.isText()) return raw;
    if (auto n = parseNumberText(raw.asText())) return Value::number(*n);
    if (isBlankText(raw.asText())) return Value::blank();
    return raw;
}

std::optional<double> numberFrom(const Value& raw) {
    switch (raw.kind()) {
    case Value::Kind::Number:
    case Value::Kind::Boolean: return raw.asNumber();
    case Value::Kind::Text: return parseNumberText(raw.asText());
    default: return std::nullopt;
    }
}

bool isBlankLike(const Value& raw) {
    return raw.isBlank() || (raw.isText() && isBlankText(raw.asText()));
}

} // namespace kpi
