// Unit tests of the one conversion between Calc cell values (UNO Any) and engine values.

#include "host/cell_conversion.hpp"

#include <com/sun/star/beans/UnknownPropertyException.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/util/Date.hpp>
#include <cppuhelper/implbase1.hxx>

#include <catch2/catch.hpp>

using css::uno::Any;
using css::uno::Sequence;
using kpi::Value;
using kpi::functions::ParamType;
using kpi::functions::ResultType;
using kpi::host::DateConvention;
using rtl::OUString;

namespace {

// A stand-in for the calling document: only its NullDate property exists.
class DocumentWithNullDate : public cppu::WeakImplHelper1<css::beans::XPropertySet> {
public:
    explicit DocumentWithNullDate(css::util::Date nullDate) : nullDate_(nullDate) {}
    css::uno::Reference<css::beans::XPropertySetInfo> SAL_CALL getPropertySetInfo() override { return {}; }
    void SAL_CALL setPropertyValue(const OUString&, const Any&) override {}
    Any SAL_CALL getPropertyValue(const OUString& name) override
    {
        if (name == "NullDate")
            return Any(nullDate_);
        throw css::beans::UnknownPropertyException(name);
    }
    void SAL_CALL addPropertyChangeListener(const OUString&, const css::uno::Reference<css::beans::XPropertyChangeListener>&) override {}
    void SAL_CALL removePropertyChangeListener(const OUString&, const css::uno::Reference<css::beans::XPropertyChangeListener>&) override {}
    void SAL_CALL addVetoableChangeListener(const OUString&, const css::uno::Reference<css::beans::XVetoableChangeListener>&) override {}
    void SAL_CALL removeVetoableChangeListener(const OUString&, const css::uno::Reference<css::beans::XVetoableChangeListener>&) override {}

private:
    css::util::Date nullDate_;
};

Sequence<Sequence<Any>> rows(std::initializer_list<std::initializer_list<Any>> cells)
{
    Sequence<Sequence<Any>> block(static_cast<sal_Int32>(cells.size()));
    sal_Int32 r = 0;
    for (const auto& row : cells) {
        Sequence<Any> line(static_cast<sal_Int32>(row.size()));
        sal_Int32 c = 0;
        for (const Any& cell : row)
            line[c++] = cell;
        block[r++] = line;
    }
    return block;
}

} // namespace

TEST_CASE("single cells become engine values", "[host][conversion]")
{
    CHECK(kpi::host::valueFromAny(Any()) == Value::blank());
    CHECK(kpi::host::valueFromAny(Any(2.5)) == Value::number(2.5));
    CHECK(kpi::host::valueFromAny(Any(sal_Int32(-4))) == Value::number(-4));
    CHECK(kpi::host::valueFromAny(Any(true)) == Value::boolean(true));
    CHECK(kpi::host::valueFromAny(Any(OUString())) == Value::blank()); // how Calc sends an empty cell
    CHECK(kpi::host::valueFromAny(Any(OUString("95%"))) == Value::text("95%"));
    CHECK(kpi::host::valueFromAny(Any(kpi::host::fromUtf8("Ŵrexham – £5"))) == Value::text("Ŵrexham – £5"));
    CHECK(kpi::host::valueFromAny(Any(Sequence<OUString>(1))).isError());
}

TEST_CASE("blocks keep their shape; ragged rows are padded with blanks", "[host][conversion]")
{
    const kpi::Range range = kpi::host::rangeFromAny(Any(rows({{Any(1.0), Any(OUString("a"))}, {Any(OUString())}})));
    REQUIRE(range.rows == 2);
    REQUIRE(range.cols == 2);
    CHECK(range.at(0, 0) == Value::number(1));
    CHECK(range.at(0, 1) == Value::text("a"));
    CHECK(range.at(1, 0) == Value::blank());
    CHECK(range.at(1, 1) == Value::blank());

    const kpi::Range single = kpi::host::rangeFromAny(Any(7.0));
    REQUIRE(single.size() == 1);
    CHECK(single.at(0, 0) == Value::number(7));
}

TEST_CASE("arguments are read as their parameter type expects", "[host][conversion]")
{
    const DateConvention standard;
    CHECK(std::holds_alternative<std::monostate>(kpi::host::argumentFromAny(Any(), ParamType::Number, standard)));
    // A 1x1 range where one value is expected is that value.
    CHECK(std::get<Value>(kpi::host::argumentFromAny(Any(rows({{Any(3.0)}})), ParamType::Number, standard)) ==
          Value::number(3));
    // A single value where values are expected is a 1x1 range.
    CHECK(std::get<kpi::Range>(kpi::host::argumentFromAny(Any(3.0), ParamType::Values, standard)).size() == 1);
    // A bigger block where one value is expected goes to the table's check as a block.
    CHECK(std::holds_alternative<kpi::Range>(
        kpi::host::argumentFromAny(Any(rows({{Any(1.0), Any(2.0)}})), ParamType::Number, standard)));
}

TEST_CASE("dates move between the document's null date and the core's", "[host][conversion]")
{
    CHECK(kpi::host::coreSerialOfDate(1899, 12, 30) == 0);
    CHECK(kpi::host::coreSerialOfDate(1900, 3, 1) == 61);
    CHECK(kpi::host::coreSerialOfDate(2024, 4, 15) == 45397);

    const DateConvention standard = DateConvention::ofDocument(nullptr);
    CHECK(standard.toCore(45397) == 45397);

    // 1904-01-01 is core day 1462: a 1904-based document's day 43935 is 2024-04-15.
    const DateConvention from1904 = DateConvention::ofDocument(new DocumentWithNullDate(css::util::Date(1, 1, 1904)));
    CHECK(from1904.toCore(43935) == 45397);
    CHECK(std::get<Value>(kpi::host::argumentFromAny(Any(43935.0), ParamType::Date, from1904)) == Value::number(45397));
    CHECK(std::get<Value>(kpi::host::argumentFromAny(Any(43935.0), ParamType::Number, from1904)) == Value::number(43935));
    double shown = 0;
    REQUIRE((kpi::host::anyFromResult(Value::number(45397), ResultType::Date, from1904) >>= shown));
    CHECK(shown == 43935);
}

TEST_CASE("results become what Calc shows; errors throw IllegalArgumentException", "[host][conversion]")
{
    const DateConvention standard;
    OUString text;
    double number = -1;
    REQUIRE((kpi::host::anyFromResult(Value::text("Amber"), ResultType::Text, standard) >>= text));
    CHECK(text == "Amber");
    REQUIRE((kpi::host::anyFromResult(Value::blank(), ResultType::Text, standard) >>= text));
    CHECK(text.isEmpty());
    REQUIRE((kpi::host::anyFromResult(Value::boolean(true), ResultType::Logical, standard) >>= number));
    CHECK(number == 1);
    REQUIRE((kpi::host::anyFromResult(Value::boolean(false), ResultType::Logical, standard) >>= number));
    CHECK(number == 0);

    kpi::Range block(1, 2);
    block.at(0, 0) = Value::number(4);
    block.at(0, 1) = Value::text("x");
    Sequence<Sequence<Any>> cells;
    REQUIRE((kpi::host::anyFromResult(block, ResultType::Array, standard) >>= cells));
    REQUIRE(cells.getLength() == 1);
    REQUIRE(cells[0].getLength() == 2);
    CHECK((cells[0][1] >>= text));
    CHECK(text == "x");

    try {
        kpi::host::anyFromResult(Value::error("polarity: \"sideways\" is not a polarity"), ResultType::Text, standard);
        FAIL("no exception");
    } catch (const css::lang::IllegalArgumentException& error) {
        CHECK(kpi::host::toUtf8(error.Message) == "polarity: \"sideways\" is not a polarity");
    }
    block.at(0, 1) = Value::error("bad cell");
    CHECK_THROWS_AS(kpi::host::anyFromResult(block, ResultType::Array, standard), css::lang::IllegalArgumentException);
}
