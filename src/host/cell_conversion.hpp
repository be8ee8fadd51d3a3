#pragma once
// The one conversion between Calc cell values (UNO Any) and engine values (kpi::Value, kpi::Range).
// Every part of the host layer that moves values across the UNO boundary uses these functions:
// the add-in today, the document engine later.
//
// Calc hands an add-in `any` argument over as: void (omitted or empty argument), double (a number,
// also TRUE/FALSE and dates), OUString (text; an empty cell is an empty string), or
// sequence<sequence<any>> (a cell range or an inline array, row by row).
// Calc turns a reference to one empty cell into the number 0 before the add-in sees it (an empty
// cell inside a range arrives as ""), so a blank single cell cannot be told from 0 here.

#include "core/value.hpp"
#include "functions/library.hpp"

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Reference.hxx>
#include <rtl/ustring.hxx>

#include <string>
#include <string_view>

namespace kpi::host {

// How a document counts days. Calc stores a date as days since the document's NullDate
// (normally 1899-12-30); the core always counts days since 1899-12-30.
class DateConvention {
public:
    DateConvention() = default; // the standard null date, 1899-12-30
    explicit DateConvention(double coreSerialOfNullDate) : offset_(coreSerialOfNullDate) {}

    // Reads the document's NullDate property; a document without one uses the standard.
    static DateConvention ofDocument(const css::uno::Reference<css::beans::XPropertySet>& document);

    double toCore(double documentSerial) const { return documentSerial + offset_; }
    double toDocument(double coreSerial) const { return coreSerial - offset_; }

private:
    double offset_ = 0.0; // core serial of the document's day 0
};

// Core serial (days since 1899-12-30) of a calendar date.
double coreSerialOfDate(int year, unsigned month, unsigned day);

// Core serial of today's local date.
double todayCoreSerial();

std::string toUtf8(const rtl::OUString& text);
rtl::OUString fromUtf8(std::string_view text);

// One cell: void -> Blank, number -> Number, boolean -> Boolean, "" -> Blank, other text -> Text.
// Anything else (a nested sequence, an interface) is an Error value naming what arrived.
Value valueFromAny(const css::uno::Any& cell);

// A block: sequence<sequence<any>> row by row (ragged rows are padded with blanks);
// a single value becomes a 1x1 block.
Range rangeFromAny(const css::uno::Any& block);

// One add-in argument, read as its parameter type expects: void -> omitted; a block for Values;
// a 1x1 block where a single value is expected is that value; dates move to the core's day count.
functions::Argument argumentFromAny(const css::uno::Any& argument, functions::ParamType type,
                                    const DateConvention& dates);

// The value Calc shows: Number -> double (dates moved to the document's day count), Text -> string,
// Boolean -> 1 or 0 (Calc 7.4 turns a boolean Any into 0), Blank -> empty string,
// a block -> sequence<sequence<any>>.
// Throws css::lang::IllegalArgumentException carrying the message when the result (or any cell of
// a block) is an Error value: Calc shows that as Err:502.
css::uno::Any anyFromResult(const functions::Result& result, functions::ResultType type,
                            const DateConvention& dates);

} // namespace kpi::host
