// The SMART check: header aliases, each letter, letters and reasons.

#include "domain/smart.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace kpi::domain;
using kpi::Value;

namespace {

SmartRecord goodRecord() {
    SmartRecord r;
    r[SmartField::Title] = Value::text("Percentage of household waste recycled");
    r[SmartField::Unit] = Value::text("%");
    r[SmartField::Target] = Value::number(55);
    r[SmartField::Baseline] = Value::number(50);
    r[SmartField::Polarity] = Value::text("Higher is better");
    r[SmartField::Frequency] = Value::text("Quarterly");
    r[SmartField::Priority] = Value::text("A greener borough");
    r[SmartField::Owner] = Value::text("Head of Waste");
    return r;
}

} // namespace

TEST_CASE("header aliases find fields", "[domain][smart]") {
    CHECK(smartFieldForHeader("Indicator") == SmartField::Title);
    CHECK(smartFieldForHeader("PI") == SmartField::Title);
    CHECK(smartFieldForHeader("Data type") == SmartField::Unit);
    CHECK(smartFieldForHeader("ANNUAL TARGET") == SmartField::Target);
    CHECK(smartFieldForHeader("Last year") == SmartField::Baseline);
    CHECK(smartFieldForHeader("Good performance is") == SmartField::Polarity);
    CHECK(smartFieldForHeader("Better if") == SmartField::Polarity);
    CHECK(smartFieldForHeader("Collection frequency") == SmartField::Frequency);
    CHECK(smartFieldForHeader("Corporate priority") == SmartField::Priority);
    CHECK(smartFieldForHeader("Theme") == SmartField::Priority);
    CHECK(smartFieldForHeader("Accountable officer") == SmartField::Owner);
    CHECK_FALSE(smartFieldForHeader("Apr").has_value());
    const std::vector<Value> headers{Value::text("Code"), Value::text("Measure"), Value::text("Owner"), Value::text("Name")};
    const std::vector<Value> row{Value::text("PI1"), Value::text("first"), Value::text("Ann"), Value::text("second")};
    const SmartRecord r = smartRecordFrom(headers, row);
    CHECK(r[SmartField::Title] == Value::text("first")); // first matching header wins
    CHECK(r[SmartField::Owner] == Value::text("Ann"));
    CHECK(r[SmartField::Unit].isBlank());
}

TEST_CASE("a complete definition passes", "[domain][smart]") {
    const auto result = smartCheck(goodRecord());
    CHECK(result.allPass());
    CHECK(smartLetters(result) == "OK");
    CHECK(smartReasons(result).empty());
}

TEST_CASE("each letter fails on its own", "[domain][smart]") {
    struct Case {
        SmartField field;
        Value value;
        std::string letters;
        std::string reasons;
    };
    const Case cases[] = {
        {SmartField::Title, Value::text("Recycling rate"), "S", "Specific: title has fewer than 3 words"},
        {SmartField::Title, Value::text("Improve and increase performance"), "S", "Specific: title is only vague words"},
        {SmartField::Title, Value::blank(), "S", "Specific: no title"},
        {SmartField::Unit, Value::text("n/a"), "M", "Measurable: no unit"},
        {SmartField::Polarity, Value::text("sideways"), "M", "Measurable: polarity is not higher, lower, band or neutral"},
        {SmartField::Polarity, Value::blank(), "M", "Measurable: no polarity"},
        {SmartField::Polarity, Value::number(-1), "OK", ""},
        {SmartField::Target, Value::text("55%"), "OK", ""}, // a number stored as text: 0.55
        {SmartField::Baseline, Value::number(20), "A", "Achievable: target is more than 50% away from baseline"},
        {SmartField::Baseline, Value::number(0), "OK", ""},  // a baseline of 0 passes
        {SmartField::Baseline, Value::text("tbc"), "A", "Achievable: no numeric baseline"},
        {SmartField::Priority, Value::blank(), "R", "Relevant: no priority"},
        {SmartField::Owner, Value::text("-"), "R", "Relevant: no owner"},
        {SmartField::Frequency, Value::text("Fortnightly"), "T", "Time-bound: reporting frequency not recognised"},
        {SmartField::Frequency, Value::blank(), "T", "Time-bound: no reporting frequency"},
        {SmartField::Frequency, Value::text("Half-yearly"), "OK", ""},
        {SmartField::Frequency, Value::text("MONTHLY"), "OK", ""},
    };
    for (const auto& c : cases) {
        INFO("field " << static_cast<int>(c.field) << " = " << (c.value.isText() ? c.value.asText() : "?"));
        SmartRecord r = goodRecord();
        r[c.field] = c.value;
        if (c.field == SmartField::Target) r[SmartField::Baseline] = Value::number(0.5); // 0.55 vs 0.5 is within 50%
        const auto result = smartCheck(r);
        CHECK(smartLetters(result) == c.letters);
        CHECK(smartReasons(result) == c.reasons);
    }
}

TEST_CASE("several failures: letters in order, reasons per letter", "[domain][smart]") {
    SmartRecord r = goodRecord();
    r[SmartField::Unit] = Value::blank();
    r[SmartField::Frequency] = Value::blank();
    auto result = smartCheck(r);
    CHECK(smartLetters(result) == "MT");
    CHECK(smartReasons(result) == "Measurable: no unit; Time-bound: no reporting frequency");

    r = goodRecord();
    r[SmartField::Target] = Value::text("high");
    r[SmartField::Unit] = Value::blank();
    result = smartCheck(r);
    CHECK(smartLetters(result) == "MA");
    CHECK(smartReasons(result) == "Measurable: no numeric target, no unit; Achievable: no numeric target");

    r = goodRecord();
    r[SmartField::Unit] = Value::text("Percentage");
    r[SmartField::Target] = Value::number(120);
    r[SmartField::Baseline] = Value::number(100);
    CHECK(smartLetters(smartCheck(r)) == "A"); // a percentage over 100
    CHECK(smartLetters(smartCheck(SmartRecord{})) == "SMART");
}
