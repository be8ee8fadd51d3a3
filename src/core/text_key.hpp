#pragma once
// Text keys: how headers, option words and aliases are compared. Unicode-aware (ICU):
// NFKC normalisation, full case folding, and every space, punctuation and control character dropped,
// so "Annual  Target", "annual-target" and "ANNUAL TARGET" share the key "annualtarget",
// and "Année" matches "ANNÉE". Symbols (£, +, <) are kept; note that "%" is punctuation
// in Unicode and is dropped.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kpi {

// The folded key of a UTF-8 text. Invalid UTF-8 sequences are dropped.
std::string foldKey(std::string_view utf8);

// True when both texts have the same folded key.
bool sameKey(std::string_view a, std::string_view b);

// True when `text` folds to `foldedKey` (which must already be a folded key). Does not allocate
// for ASCII text up to 64 bytes: meant for matching option words in a hot loop.
bool matchesKey(std::string_view text, std::string_view foldedKey);

// The folded key of a text, computed once and held without allocation for ASCII text up to 64
// bytes (longer or non-ASCII text falls back to foldKey). For comparing one word against many keys.
class FoldedKey {
public:
    explicit FoldedKey(std::string_view utf8);
    FoldedKey(const FoldedKey&) = delete;
    FoldedKey& operator=(const FoldedKey&) = delete;
    std::string_view view() const { return view_; }
    bool operator==(std::string_view foldedKey) const { return view_ == foldedKey; }

private:
    char small_[64];
    std::string large_;
    std::string_view view_;
};

// The text with surrounding Unicode white space removed (inner spaces kept).
std::string_view trimTextSlow(std::string_view utf8); // the full Unicode scan
inline std::string_view trimText(std::string_view utf8) {
    // Most cells start and end with a printable ASCII character: nothing to trim, no call.
    auto printableAscii = [](char c) { return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F; };
    if (utf8.empty() || (printableAscii(utf8.front()) && printableAscii(utf8.back()))) return utf8;
    return trimTextSlow(utf8);
}

// Up to `max` candidates closest to `wanted`, best first, by edit distance (in code points) between
// folded keys. Only plausible ones are returned: distance <= max(1, (length of wanted key + 2) / 3).
// Ties keep the candidates' order. Used for "did you mean ...?" hints.
std::vector<std::string> closestMatches(std::string_view wanted, std::span<const std::string> candidates,
                                        std::size_t max);

// Edit distance (Levenshtein, code points) between the folded keys of a and b.
std::size_t keyDistance(std::string_view a, std::string_view b);

} // namespace kpi
