// Text keys: Unicode-aware folding, matching and "did you mean" suggestions.

#include "core/text_key.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("keys ignore case, spacing and punctuation", "[core][text_key]") {
    CHECK(kpi::foldKey("Annual  Target") == "annualtarget");
    CHECK(kpi::foldKey("annual-target") == "annualtarget");
    CHECK(kpi::foldKey("ANNUAL TARGET") == "annualtarget");
    CHECK(kpi::foldKey("PI Code:") == "picode");
    CHECK(kpi::sameKey("Responsible officer", "responsible_officer"));
    CHECK(kpi::sameKey("  Goal post ", "goalpost"));
    CHECK_FALSE(kpi::sameKey("Target", "Targets"));
    CHECK(kpi::foldKey("£ spent + 1") == "£spent+1"); // symbols are kept
    CHECK(kpi::foldKey("% complete") == "complete"); // "%" is Unicode punctuation
}

TEST_CASE("keys are Unicode-aware", "[core][text_key]") {
    CHECK(kpi::sameKey("Année", "ANNÉE"));
    CHECK(kpi::foldKey("ANNÉE") == "année");
    CHECK(kpi::sameKey("Stra\xC3\x9F" "e", "STRASSE"));       // ß folds to ss
    CHECK(kpi::sameKey("\xEF\xBC\xA1im", "aim"));              // fullwidth A (NFKC)
    CHECK(kpi::sameKey("Annual\xC2\xA0Target", "annual target")); // no-break space
    CHECK(kpi::sameKey("Lead\xE2\x80\x94officer", "lead officer")); // em dash is punctuation
    CHECK(kpi::sameKey("e\xCC\x81t\xC3\xA9", "\xC3\xA9t\xC3\xA9")); // combining accent vs precomposed
}

TEST_CASE("matchesKey agrees with foldKey", "[core][text_key]") {
    CHECK(kpi::matchesKey("Higher is better", "higherisbetter"));
    CHECK(kpi::matchesKey("ANNÉE", "année"));
    CHECK_FALSE(kpi::matchesKey("higher", "lower"));
    const std::string longText(100, 'a');
    CHECK(kpi::matchesKey(longText, std::string(100, 'a')));
}

TEST_CASE("matchesKey's one-pass ASCII comparison agrees with comparing folded keys", "[core][text_key]") {
    // Early mismatches, prefixes, dropped characters, and ASCII text whose later non-ASCII part
    // (a combining accent) changes the fold: each answer must be foldKey(a) == foldKey(b).
    const std::vector<std::string> texts{"higher", "High", "high er", "Hi-gher ", "highe", "higherr", "", "--",
                                         "%", "e\xCC\x81t\xC3\xA9", "\xC3\xA9t\xC3\xA9", "ete", "x\xC2\xA0y", "xy",
                                         "Stra\xC3\x9F" "e", "strasse", std::string(70, 'b'), std::string(70, 'B')};
    for (const auto& a : texts)
        for (const auto& b : texts) {
            INFO("text \"" << a << "\" against the key of \"" << b << "\"");
            CHECK(kpi::matchesKey(a, kpi::foldKey(b)) == (kpi::foldKey(a) == kpi::foldKey(b)));
        }
    CHECK(kpi::matchesKey("e\xCC\x81t\xC3\xA9", kpi::foldKey("\xC3\xA9t\xC3\xA9"))); // 'e' differs, the accent decides
    CHECK_FALSE(kpi::matchesKey("high", "higher"));
    CHECK_FALSE(kpi::matchesKey("higher", "high"));
}

TEST_CASE("trimText removes Unicode white space at the ends only", "[core][text_key]") {
    CHECK(kpi::trimText("  a b  ") == "a b");
    CHECK(kpi::trimText("\xC2\xA0x\xE2\x80\x83") == "x"); // no-break space, em space
    CHECK(kpi::trimText("   ").empty());
    CHECK(kpi::trimText("") == "");
}

TEST_CASE("closest matches suggest plausible candidates, best first", "[core][text_key]") {
    const std::vector<std::string> headers{"Annual target", "Baseline", "Owner", "Annual total", "Unit"};
    const auto suggestions = kpi::closestMatches("anual target", headers, 3);
    REQUIRE_FALSE(suggestions.empty());
    CHECK(suggestions.front() == "Annual target");
    CHECK(kpi::closestMatches("xyzzy", headers, 3).empty());
    CHECK(kpi::closestMatches("owner", headers, 1) == std::vector<std::string>{"Owner"});
    CHECK(kpi::keyDistance("anual", "Annual") == 1);
    CHECK(kpi::keyDistance("Année", "annee") == 1);
}
