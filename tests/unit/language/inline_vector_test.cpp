// The small containers of a row's result (language/inline_vector.hpp): inline and spilled to the heap, they
// read like the std::vector they stand for, through copies, moves, reuse and growth.

#include "language/evaluator.hpp"
#include "language/inline_vector.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using kpi::Value;
using kpi::language::InlineBits;
using kpi::language::InlineVector;

namespace {

// What an InlineBits must hold: the same booleans as a std::vector<bool>.
void checkSame(const InlineBits& bits, const std::vector<bool>& expected) {
    REQUIRE(bits.size() == expected.size());
    CHECK(bits.empty() == expected.empty());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(bits[i] == expected[i]);
    CHECK(std::vector<bool>(bits.begin(), bits.end()) == expected);
    const auto firstFalse = std::find(bits.begin(), bits.end(), false);
    const auto expectedFalse = std::find(expected.begin(), expected.end(), false);
    CHECK((firstFalse == bits.end()) == (expectedFalse == expected.end()));
}

std::vector<bool> pattern(std::size_t n) {
    std::vector<bool> bits;
    for (std::size_t i = 0; i < n; ++i) bits.push_back((i * 7 + i / 3) % 5 < 2);
    return bits;
}

Value longText(std::size_t i) { return Value::text("a text long enough to be on the heap, number " + std::to_string(i)); }

} // namespace

TEST_CASE("InlineBits holds booleans inline and past 64 in the heap, like std::vector<bool>") {
    for (std::size_t n : {0u, 1u, 5u, 63u, 64u, 65u, 127u, 128u, 129u, 300u}) {
        const std::vector<bool> expected = pattern(n);
        InlineBits bits;
        for (bool b : expected) bits.push_back(b);
        checkSame(bits, expected);
        InlineBits copy(bits);
        checkSame(copy, expected);
        CHECK(copy == bits);
        InlineBits assigned;
        assigned.push_back(true);
        assigned = bits;
        checkSame(assigned, expected);
        InlineBits moved(std::move(copy));
        checkSame(moved, expected);
        CHECK(copy.empty());
        InlineBits moveAssigned;
        for (int i = 0; i < 100; ++i) moveAssigned.push_back(true);
        moveAssigned = std::move(moved);
        checkSame(moveAssigned, expected);
        // Reused after clear(): no bit of the earlier contents shows through.
        bits.clear();
        const std::vector<bool> zeros(n, false);
        for (std::size_t i = 0; i < n; ++i) bits.push_back(false);
        checkSame(bits, zeros);
    }
}

TEST_CASE("InlineBits::appendBits adds up to 64 booleans at once, across words") {
    for (std::size_t start : {0u, 1u, 40u, 63u, 64u, 100u}) {
        for (unsigned count : {0u, 1u, 3u, 24u, 63u, 64u}) {
            std::vector<bool> expected = pattern(start);
            InlineBits bits;
            for (bool b : expected) bits.push_back(b);
            std::uint64_t word = 0;
            for (unsigned i = 0; i < count; ++i) {
                const bool b = (i % 3) != 1;
                if (b) word |= std::uint64_t{1} << i;
                expected.push_back(b);
            }
            bits.appendBits(word, count);
            checkSame(bits, expected);
            bits.push_back(true); // the next bit lands after them
            expected.push_back(true);
            checkSame(bits, expected);
        }
    }
}

TEST_CASE("InlineBits compare by size and bits") {
    InlineBits a, b;
    CHECK(a == b);
    a.push_back(false);
    CHECK_FALSE(a == b);
    b.push_back(false);
    CHECK(a == b);
    for (int i = 0; i < 70; ++i) {
        a.push_back(i % 2 == 0);
        b.push_back(i % 2 == 0);
    }
    CHECK(a == b);
    a.push_back(true);
    b.push_back(false);
    CHECK_FALSE(a == b);
}

TEST_CASE("InlineVector holds values inline and spills to the heap, like std::vector") {
    for (std::size_t n : {0u, 1u, 2u, 3u, 4u, 9u}) {
        std::vector<Value> expected;
        InlineVector<Value, 2> values;
        for (std::size_t i = 0; i < n; ++i) {
            expected.push_back(i % 2 ? Value::number(static_cast<double>(i)) : longText(i));
            values.push_back(expected.back());
        }
        REQUIRE(values.size() == n);
        CHECK(values.spilled() == (n > 2));
        CHECK(std::vector<Value>(values.begin(), values.end()) == expected);
        InlineVector<Value, 2> copy(values);
        CHECK(copy == values);
        InlineVector<Value, 2> moved(std::move(copy));
        CHECK(moved == values);
        CHECK(copy.empty());
        InlineVector<Value, 2> assigned;
        assigned.push_back(longText(99));
        assigned.push_back(longText(98));
        assigned.push_back(longText(97));
        assigned = values;
        CHECK(assigned == values);
        InlineVector<Value, 2> moveAssigned;
        moveAssigned.push_back(longText(96));
        moveAssigned = std::move(assigned);
        CHECK(moveAssigned == values);
        if (n > 0) {
            CHECK(values.at(n - 1) == expected.back());
            CHECK(values.front() == expected.front());
            CHECK(values.back() == expected.back());
        }
        CHECK_THROWS_AS(values.at(n), std::out_of_range);
        values.clear();
        CHECK(values.empty());
        values.push_back(Value::number(1));
        CHECK(values[0] == Value::number(1));
    }
}

TEST_CASE("InlineVector: an element pushed from its own storage when it grows is copied whole") {
    InlineVector<Value, 2> values;
    values.push_back(longText(0));
    values.push_back(longText(1));
    values.push_back(values[0]); // full: the buffer is replaced while values[0] is the argument
    REQUIRE(values.size() == 3);
    CHECK(values[2] == longText(0));
    CHECK(values[0] == longText(0));
}

TEST_CASE("InlineVector of statuses: assign, compare, reuse") {
    std::vector<std::uint16_t> source;
    for (std::uint16_t i = 0; i < 30; ++i) source.push_back(static_cast<std::uint16_t>(i % 4));
    InlineVector<std::uint16_t, 16> statuses;
    statuses.assign(source.begin(), source.begin() + 12);
    CHECK_FALSE(statuses.spilled());
    CHECK(std::vector<std::uint16_t>(statuses.begin(), statuses.end()) ==
          std::vector<std::uint16_t>(source.begin(), source.begin() + 12));
    statuses.assign(source.begin(), source.end());
    CHECK(statuses.spilled());
    CHECK(std::vector<std::uint16_t>(statuses.begin(), statuses.end()) == source);
    InlineVector<std::uint16_t, 16> other;
    other.assign(source.begin(), source.end());
    CHECK(other == statuses);
    other[29] = 3;
    CHECK_FALSE(other == statuses);
}

// The record a row's result is kept in: it must not grow back (a large table's records are written to fresh
// pages, docs/architecture.md).
static_assert(sizeof(kpi::language::IndicatorResult) <= 280);
