// The one cell-value conversion: text numbers, placeholders, everything else.

#include "core/cell_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using kpi::Value;

TEST_CASE("text holding a number is that number", "[core][cell_text]") {
    struct Case {
        std::string text;
        double expected;
    };
    const Case cases[] = {
        {"95%", 0.95},        {"1,234", 1234.0},  {" 12 ", 12.0},       {"-3.5", -3.5},
        {"(12)", -12.0},      {"(1,234.5)", -1234.5}, {"+7", 7.0},      {"1e3", 1000.0},
        {"£1,250", 1250.0},   {"-£5", -5.0},      {"£-5", -5.0},        {".5", 0.5},
        {"12.5 %", 0.125},    {"\xC2\xA0" "42\xC2\xA0", 42.0} /* no-break spaces */,
        {"\xE2\x88\x92" "2", -2.0} /* U+2212 minus */, {"1,234,567.89", 1234567.89}, {"0", 0.0},
    };
    for (const auto& c : cases) {
        INFO("text: " << c.text);
        const auto n = kpi::parseNumberText(c.text);
        REQUIRE(n.has_value());
        CHECK(*n == Approx(c.expected).epsilon(1e-15));
        const Value v = kpi::interpretCell(Value::text(c.text));
        REQUIRE(v.isNumber());
        CHECK(v.asNumber() == Approx(c.expected).epsilon(1e-15));
    }
}

TEST_CASE("placeholders count as blank", "[core][cell_text]") {
    for (const std::string text : {"", "   ", "n/a", "N/A", "na", "NA", "n.a.", "-", "--", "tbc", "TBC", "tbd",
                                   " n/a ", "\xE2\x80\x94", "\xE2\x80\x93", "\t"}) {
        INFO("text: '" << text << "'");
        CHECK(kpi::isBlankText(text));
        CHECK(kpi::interpretCell(Value::text(text)).isBlank());
        CHECK(kpi::isBlankLike(Value::text(text)));
        CHECK_FALSE(kpi::numberFrom(Value::text(text)).has_value());
    }
}

TEST_CASE("other text stays text", "[core][cell_text]") {
    for (const std::string text : {"abc", "12,34", "1,2345", "12abc", "1.2.3", "%", "()", "nan", "inf", "1e",
                                   "12-3", "Annual", "n/a/b", "(12", "1,,234", ",123"}) {
        INFO("text: " << text);
        CHECK_FALSE(kpi::parseNumberText(text).has_value());
        const Value v = kpi::interpretCell(Value::text(text));
        REQUIRE(v.isText());
        CHECK(v.asText() == text);
    }
}

TEST_CASE("non-text values keep their kind", "[core][cell_text]") {
    CHECK(kpi::interpretCell(Value::number(3.0)) == Value::number(3.0));
    CHECK(kpi::interpretCell(Value::blank()).isBlank());
    CHECK(kpi::interpretCell(Value::boolean(true)) == Value::boolean(true));
    CHECK(kpi::interpretCell(Value::error("#DIV/0!")).isError());
    CHECK(kpi::numberFrom(Value::boolean(true)) == 1.0);
    CHECK(kpi::numberFrom(Value::number(-2.5)) == -2.5);
    CHECK_FALSE(kpi::numberFrom(Value::error("x")).has_value());
    CHECK_FALSE(kpi::numberFrom(Value::blank()).has_value());
    CHECK_FALSE(kpi::isBlankLike(Value::error("x")));
    CHECK(kpi::isBlankLike(Value::blank()));
}

TEST_CASE("Value's in-place setters give the same values as the factories", "[core][value]") {
    // A value that held a long text is overwritten in place (row after row in the evaluator): it must
    // then equal the freshly made value, text buffer and all.
    Value v = Value::text("a text long enough to need its own buffer on the heap");
    v.setNumber(2.5);
    CHECK(v == Value::number(2.5));
    v = Value::text("another long text, so the next setter has a buffer to keep");
    v.setBoolean(true);
    CHECK(v == Value::boolean(true));
    v.setBlank();
    CHECK(v == Value::blank());
    CHECK(v.isBlank());
}

TEST_CASE("isBlankText rejects long text but still trims before comparing", "[core][cell_text]") {
    CHECK(kpi::isBlankText("   n/a   "));                // longer than any placeholder until trimmed
    CHECK(kpi::isBlankText("\xC2\xA0" "TBC" "\xC2\xA0")); // no-break spaces around
    CHECK_FALSE(kpi::isBlankText("n/a please"));
}
