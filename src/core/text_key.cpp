// Unicode-aware text keys (ICU): NFKC + case folding, spaces/punctuation/controls dropped.

#include "core/text_key.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <numeric>

namespace kpi {
namespace {

bool isDroppedCodePoint(UChar32 c) {
    if (u_isspace(c) || u_iscntrl(c) || u_ispunct(c)) return true;
    const auto category = u_charType(c);
    return category == U_FORMAT_CHAR; // zero-width joiners, soft hyphens and similar
}

// ASCII punctuation per Unicode general category P* (what u_ispunct says for ASCII).
constexpr bool isAsciiPunctuationSlow(unsigned char c) {
    switch (c) {
    case '!': case '"': case '#': case '%': case '&': case '\'': case '(': case ')': case '*': case ',':
    case '-': case '.': case '/': case ':': case ';': case '?': case '@': case '[': case '\\': case ']':
    case '_': case '{': case '}':
        return true;
    default:
        return false;
    }
}

// Per ASCII byte: 1 when folding drops it (controls, space, DEL, punctuation), else 0. One look-up per
// character in the hot folding and matching loops.
constexpr std::array<unsigned char, 128> droppedAscii = [] {
    std::array<unsigned char, 128> table{};
    for (unsigned c = 0; c < 128; ++c)
        table[c] = (c <= 0x20 || c == 0x7F || isAsciiPunctuationSlow(static_cast<unsigned char>(c))) ? 1 : 0;
    return table;
}();


bool isAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// ASCII fast path: lower-case, drop controls, spaces and punctuation. Same result as the ICU path.
template <class Sink>
void foldAscii(std::string_view s, Sink&& sink) {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (droppedAscii[c & 0x7F]) continue;
        sink(static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c));
    }
}

std::u32string codePoints(std::string_view utf8Key) {
    std::u32string out;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8Key.data());
    const auto length = static_cast<int32_t>(utf8Key.size());
    int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0) out.push_back(static_cast<char32_t>(c));
    }
    return out;
}

std::size_t levenshtein(const std::u32string& a, const std::u32string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::string foldKey(std::string_view utf8) {
    std::string out;
    if (isAscii(utf8)) {
        out.reserve(utf8.size());
        foldAscii(utf8, [&](char c) { out.push_back(c); });
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkcCasefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    // fromUTF8 replaces invalid sequences with U+FFFD; those are dropped below.
    const icu::UnicodeString source = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString folded;
    if (U_SUCCESS(status)) folded = nfkcCasefold->normalize(source, status);
    if (U_FAILURE(status)) folded = icu::UnicodeString(source).foldCase();
    icu::UnicodeString kept;
    for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (c == 0xFFFD || isDroppedCodePoint(c)) continue;
        kept.append(c);
    }
    kept.toUTF8String(out);
    return out;
}

bool sameKey(std::string_view a, std::string_view b) {
    if (isAscii(a) && isAscii(b)) {
        std::size_t i = 0, j = 0;
        auto nextKept = [](std::string_view s, std::size_t& k) -> int {
            while (k < s.size()) {
                const auto c = static_cast<unsigned char>(s[k++]);
                if (droppedAscii[c & 0x7F]) continue;
                return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
            }
            return -1;
        };
        for (;;) {
            const int x = nextKept(a, i);
            const int y = nextKept(b, j);
            if (x != y) return false;
            if (x < 0) return true;
        }
    }
    return foldKey(a) == foldKey(b);
}

bool matchesKey(std::string_view text, std::string_view foldedKey) {
    // ASCII: fold and compare in one pass, stopping at the first difference; else the full fold.
    std::size_t j = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) return foldKey(text) == foldedKey;
        if (droppedAscii[c]) continue;
        const char lower = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
        if (j >= foldedKey.size() || foldedKey[j] != lower) {
            // A mismatch in ASCII text is final only if the rest is ASCII too (a combining accent after
            // it changes the fold: then the full fold decides).
            for (std::size_t k = i + 1; k < text.size(); ++k)
                if (static_cast<unsigned char>(text[k]) >= 0x80) return foldKey(text) == foldedKey;
            return false;
        }
        ++j;
    }
    return j == foldedKey.size();
}

FoldedKey::FoldedKey(std::string_view utf8) {
    if (isAscii(utf8) && utf8.size() <= sizeof small_) {
        std::size_t n = 0;
        foldAscii(utf8, [&](char c) { small_[n++] = c; });
        view_ = std::string_view(small_, n);
    } else {
        large_ = foldKey(utf8);
        view_ = large_;
    }
}

std::string_view trimTextSlow(std::string_view utf8) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t begin = 0;
    while (begin < length) {
        int32_t next = begin;
        UChar32 c = 0;
        U8_NEXT(bytes, next, length, c);
        if (c < 0 || !u_isspace(c)) break;
        begin = next;
    }
    int32_t end = length;
    while (end > begin) {
        int32_t previous = end;
        UChar32 c = 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast" // inside ICU's macro
        U8_PREV(bytes, begin, previous, c);
#pragma GCC diagnostic pop
        if (c < 0 || !u_isspace(c)) break;
        end = previous;
    }
    return utf8.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
}

std::size_t keyDistance(std::string_view a, std::string_view b) {
    return levenshtein(codePoints(foldKey(a)), codePoints(foldKey(b)));
}

std::vector<std::string> closestMatches(std::string_view wanted, std::span<const std::string> candidates,
                                        std::size_t max) {
    const std::u32string target = codePoints(foldKey(wanted));
    const std::size_t allowed = std::max<std::size_t>(1, (target.size() + 2) / 3);
    std::vector<std::pair<std::size_t, std::size_t>> scored; // distance, index
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::size_t d = levenshtein(target, codePoints(foldKey(candidates[i])));
        if (d <= allowed) scored.emplace_back(d, i);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& [distance, index] : scored) {
        if (out.size() >= max) break;
        out.push_back(candidates[index]);
    }
    return out;
}

} // namespace kpi
