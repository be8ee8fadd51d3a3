// Polarity and basis words, and shortfall.

#include "domain/polarity.hpp"

#include "core/text_key.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace kpi::domain {
namespace {

// Aliases as written in the spec (shown in docs) and as folded keys (matched).
constexpr std::array<std::string_view, 9> higherAliases{
    "higher", "up", "max", "maximise", "maximize", "higher is better", "more is better", "bigger is better", "1"};
constexpr std::array<std::string_view, 9> lowerAliases{
    "lower", "down", "min", "minimise", "minimize", "lower is better", "less is better", "smaller is better", "-1"};
constexpr std::array<std::string_view, 3> bandAliases{"band", "goal post", "target"};
constexpr std::array<std::string_view, 3> neutralAliases{"neutral", "none", "0"};

constexpr std::array<std::string_view, 9> higherKeys{
    "higher", "up", "max", "maximise", "maximize", "higherisbetter", "moreisbetter", "biggerisbetter", "1"};
constexpr std::array<std::string_view, 8> lowerKeys{
    "lower", "down", "min", "minimise", "minimize", "lowerisbetter", "lessisbetter", "smallerisbetter"};
constexpr std::array<std::string_view, 3> bandKeys{"band", "goalpost", "target"};
constexpr std::array<std::string_view, 3> neutralKeys{"neutral", "none", "0"};

template <std::size_t N>
bool matchesAny(const FoldedKey& key, const std::array<std::string_view, N>& keys) {
    for (auto k : keys)
        if (key == k) return true;
    return false;
}

} // namespace

static std::optional<Polarity> parsePolarityUncached(std::string_view text);

std::optional<Polarity> parsePolarity(std::string_view text) {
    // The same few words come again and again (once per period and row, "Higher" and "Lower" mixed
    // from row to row): the last few answers are kept, the oldest replaced first.
    struct Remembered {
        std::string text;
        std::optional<Polarity> answer;
        bool known = false;
    };
    thread_local std::array<Remembered, 4> remembered;
    thread_local std::size_t next = 0;
    for (const Remembered& r : remembered)
        if (r.known && text == r.text) return r.answer;
    Remembered& slot = remembered[next];
    next = (next + 1) % remembered.size();
    slot.answer = parsePolarityUncached(text);
    slot.text.assign(text);
    slot.known = true;
    return slot.answer;
}

static std::optional<Polarity> parsePolarityUncached(std::string_view text) {
    // "-1" loses its '-' when folded, so it is recognised before folding.
    const std::string_view trimmed = trimText(text);
    if (trimmed == "-1" || trimmed == "\xE2\x88\x92" "1") return Polarity::Lower;
    const FoldedKey key(trimmed);
    if (matchesAny(key, higherKeys)) return Polarity::Higher;
    if (matchesAny(key, lowerKeys)) return Polarity::Lower;
    if (matchesAny(key, bandKeys)) return Polarity::Band;
    if (matchesAny(key, neutralKeys)) return Polarity::Neutral;
    return std::nullopt;
}

std::optional<Polarity> polarityFromNumber(double code) {
    if (code == 1.0) return Polarity::Higher;
    if (code == -1.0) return Polarity::Lower;
    if (code == 0.0) return Polarity::Neutral;
    return std::nullopt;
}

std::string_view polarityName(Polarity polarity) {
    switch (polarity) {
    case Polarity::Higher: return "higher";
    case Polarity::Lower: return "lower";
    case Polarity::Band: return "band";
    case Polarity::Neutral: return "neutral";
    }
    return "higher";
}

std::span<const std::string_view> polarityAliases(Polarity polarity) {
    switch (polarity) {
    case Polarity::Higher: return higherAliases;
    case Polarity::Lower: return lowerAliases;
    case Polarity::Band: return bandAliases;
    case Polarity::Neutral: return neutralAliases;
    }
    return {};
}

std::optional<Basis> parseBasis(std::string_view text) {
    constexpr std::array<std::string_view, 4> percentKeys{"percent", "pct", "percentage", "relative"};
    constexpr std::array<std::string_view, 5> pointsKeys{"points", "point", "pts", "absolute", "units"};
    if (trimText(text) == "%") return Basis::Percent;
    const FoldedKey key(text);
    if (matchesAny(key, percentKeys)) return Basis::Percent;
    if (matchesAny(key, pointsKeys)) return Basis::Points;
    return std::nullopt;
}

std::string_view basisName(Basis basis) { return basis == Basis::Points ? "points" : "percent"; }

} // namespace kpi::domain
