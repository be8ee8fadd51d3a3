#include "host/cell_conversion.hpp"

#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/util/Date.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

namespace kpi::host {

namespace {

using css::uno::Any;
using css::uno::Sequence;
using css::uno::TypeClass;

constexpr double coreNullDay = 0.0; // 1899-12-30 is day 0 in the core

// A result text as an OUString. Results repeat a handful of short texts ("Green", "Amber", "Red", ...)
// cell after cell: the last few are kept, so a repeated one costs a comparison, not a conversion and
// an allocation. Per thread, so that no lock is needed.
rtl::OUString textOf(const std::string& text)
{
    constexpr std::size_t kept = 8, longest = 32;
    struct Entry {
        std::string utf8;
        rtl::OUString text;
    };
    thread_local std::array<Entry, kept> recent;
    thread_local std::size_t next = 0;
    if (text.size() > longest) return fromUtf8(text);
    for (const Entry& entry : recent)
        if (entry.utf8 == text) return entry.text;
    Entry& entry = recent[next];
    next = (next + 1) % kept;
    entry.utf8 = text;
    entry.text = fromUtf8(text);
    return entry.text;
}

Any anyFromValue(const Value& value, functions::ResultType type, const DateConvention& dates)
{
    switch (value.kind()) {
    case Value::Kind::Blank:
        return Any(rtl::OUString());
    case Value::Kind::Number:
        if (type == functions::ResultType::Date)
            return Any(dates.toDocument(value.asNumber()));
        return Any(value.asNumber());
    case Value::Kind::Text:
        return Any(textOf(value.asText()));
    case Value::Kind::Boolean:
        return Any(value.asBoolean() ? 1.0 : 0.0); // Calc 7.4 reads a boolean Any as 0: TRUE is 1

    case Value::Kind::Error:
        break;
    }
    throw css::lang::IllegalArgumentException(fromUtf8(value.asText()), {}, 0);
}

} // namespace

DateConvention DateConvention::ofDocument(const css::uno::Reference<css::beans::XPropertySet>& document)
{
    if (!document.is())
        return {};
    css::util::Date nullDate;
    try {
        if (!(document->getPropertyValue("NullDate") >>= nullDate))
            return {};
    } catch (const css::uno::Exception&) {
        return {}; // not a spreadsheet document: the standard convention
    }
    return DateConvention(coreSerialOfDate(nullDate.Year, nullDate.Month, nullDate.Day));
}

double coreSerialOfDate(int year, unsigned month, unsigned day)
{
    using namespace std::chrono;
    const sys_days date{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
    const sys_days coreDayZero{std::chrono::year{1899} / December / 30};
    return static_cast<double>((date - coreDayZero).count()) + coreNullDay;
}

double todayCoreSerial()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return coreSerialOfDate(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                            static_cast<unsigned>(local.tm_mday));
}

std::string toUtf8(const rtl::OUString& text)
{
    // Cell texts are nearly always ASCII ("higher", "n/a"): copied straight, without an OString between.
    const sal_Unicode* const chars = text.getStr();
    const auto length = static_cast<std::size_t>(text.getLength());
    if (std::all_of(chars, chars + length, [](sal_Unicode c) { return c < 0x80; })) {
        std::string ascii(length, '\0');
        for (std::size_t i = 0; i < length; ++i)
            ascii[i] = static_cast<char>(chars[i]);
        return ascii;
    }
    const rtl::OString bytes = rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8);
    return std::string(bytes.getStr(), static_cast<std::size_t>(bytes.getLength()));
}

rtl::OUString fromUtf8(std::string_view text)
{
    return rtl::OUString(text.data(), static_cast<sal_Int32>(text.size()), RTL_TEXTENCODING_UTF8);
}

Value valueFromAny(const Any& cell)
{
    switch (cell.getValueTypeClass()) {
    case TypeClass::TypeClass_VOID:
        return Value::blank();
    case TypeClass::TypeClass_BOOLEAN:
        return Value::boolean(*static_cast<const sal_Bool*>(cell.getValue()) != 0);
    case TypeClass::TypeClass_BYTE:
    case TypeClass::TypeClass_SHORT:
    case TypeClass::TypeClass_UNSIGNED_SHORT:
    case TypeClass::TypeClass_LONG:
    case TypeClass::TypeClass_UNSIGNED_LONG:
    case TypeClass::TypeClass_HYPER:
    case TypeClass::TypeClass_UNSIGNED_HYPER:
    case TypeClass::TypeClass_FLOAT:
    case TypeClass::TypeClass_DOUBLE: {
        double number = 0.0;
        cell >>= number;
        return Value::number(number);
    }
    case TypeClass::TypeClass_STRING: {
        // The Any's own string, read in place (no reference counting on the way).
        const rtl::OUString& text = *static_cast<const rtl::OUString*>(cell.getValue());
        return text.isEmpty() ? Value::blank() : Value::text(toUtf8(text));
    }
    default:
        return Value::error("unexpected cell value of type " + toUtf8(cell.getValueTypeName()));
    }
}

Range rangeFromAny(const Any& block)
{
    Sequence<Sequence<Any>> rows;
    if (block.getValueTypeClass() != TypeClass::TypeClass_SEQUENCE || !(block >>= rows)) {
        Range single(1, 1);
        single.at(0, 0) = valueFromAny(block);
        return single;
    }
    std::size_t width = 0;
    for (sal_Int32 r = 0; r < rows.getLength(); ++r)
        width = std::max(width, static_cast<std::size_t>(rows[r].getLength()));
    Range range(static_cast<std::size_t>(rows.getLength()), width);
    for (sal_Int32 r = 0; r < rows.getLength(); ++r) {
        const Sequence<Any>& row = rows[r];
        for (sal_Int32 c = 0; c < row.getLength(); ++c)
            range.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) = valueFromAny(row[c]);
    }
    return range;
}

functions::Argument argumentFromAny(const Any& argument, functions::ParamType type, const DateConvention& dates)
{
    if (!argument.hasValue())
        return std::monostate{};
    if (type != functions::ParamType::Values && argument.getValueTypeClass() != TypeClass::TypeClass_SEQUENCE) {
        // One value where one is expected (the usual cell reference): no 1x1 range in between.
        Value value = valueFromAny(argument);
        if (type == functions::ParamType::Date && value.isNumber())
            return Value::number(dates.toCore(value.asNumber()));
        return value;
    }
    Range block = rangeFromAny(argument);
    if (type == functions::ParamType::Values)
        return block;
    if (block.size() != 1)
        return block; // a block where one value is expected: the table's argument check reports it
    Value value = std::move(block.cells.front());
    if (type == functions::ParamType::Date && value.isNumber())
        return Value::number(dates.toCore(value.asNumber()));
    return value;
}

Any anyFromResult(const functions::Result& result, functions::ResultType type, const DateConvention& dates)
{
    if (const Value* value = std::get_if<Value>(&result))
        return anyFromValue(*value, type, dates);
    const Range& block = std::get<Range>(result);
    // Calc cannot hold an empty array (it shows #VALUE!, the sign of an internal failure): a blank instead.
    // KPI.SPCPOINTS(,"higher") gave one: its omitted values are an empty range.
    if (block.rows == 0 || block.cols == 0) return Any(rtl::OUString());
    Sequence<Sequence<Any>> rows(static_cast<sal_Int32>(block.rows));
    for (std::size_t r = 0; r < block.rows; ++r) {
        Sequence<Any> row(static_cast<sal_Int32>(block.cols));
        for (std::size_t c = 0; c < block.cols; ++c)
            row[static_cast<sal_Int32>(c)] = anyFromValue(block.at(r, c), functions::ResultType::Array, dates);
        rows[static_cast<sal_Int32>(r)] = row;
    }
    return Any(rows);
}

} // namespace kpi::host
