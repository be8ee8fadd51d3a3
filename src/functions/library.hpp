#pragma once
// The one function table. Every KPI function is described here once and implemented once
// (in src/domain). Three front doors read this table:
//   * the Calc add-in (src/host/addin): names, Function Wizard texts, argument conversion;
//   * the rules language (src/language): built-in names, arity and types for the checker;
//   * the docs (docs/functions.md is checked against it by a test).

#include "core/value.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <variant>

namespace kpi::functions {

// What a parameter expects. The add-in passes every argument as a UNO `any`, so the type
// drives conversion and checking, not the IDL.
enum class ParamType : unsigned char {
    Number,  // a number, or text holding one ("95%", "1,234"); "n/a", "-", "tbc", "" are blank
    Text,    // text (polarity, mode, ...), matched case-insensitively, spaces trimmed
    Logical, // TRUE/FALSE (a number: non-zero is TRUE)
    Date,    // a date serial (days since 1899-12-30 inside the core)
    Values,  // a cell range or inline array (a single value is a 1x1 range)
    Any,     // a single value of any kind
};

// Any: a number or a text, depending on the data (KPI.LAST gives a value or its label).
enum class ResultType : unsigned char { Number, Text, Logical, Date, Array, Any };

struct Parameter {
    std::string_view name;        // as shown in the Function Wizard, e.g. "actual"
    std::string_view description; // one sentence for the Function Wizard
    ParamType type;
    bool optional;
};

// One argument as the caller gave it: omitted (also an empty argument `;;`), one value, or a block.
using Argument = std::variant<std::monostate, Value, Range>;

// What the host knows and the core may not find out for itself.
struct CallContext {
    double today = 0.0; // today's date serial (days since 1899-12-30)
};

// The outcome of a call: a single value or an array. A bad argument is a Value of kind Error
// whose text says which argument and why ("polarity: \"sideways\" is not a polarity").
using Result = std::variant<Value, Range>;

using Implementation = Result (*)(std::span<const Argument> args, const CallContext& context);

struct FunctionSpec {
    std::string_view name;             // English display name without the prefix: "STATUS" -> KPI.STATUS
    std::string_view programmaticName; // the add-in method name in idl/: "status"
    std::string_view builtinName;      // the rules-language name: "status"
    std::string_view description;      // one or two sentences for the Function Wizard
    std::span<const Parameter> parameters;
    ResultType result;
    Implementation implementation;
    std::string_view example;          // a formula in English UI syntax, with its result: "=KPI.STATUS(96, 100) → \"Amber\""
};

// Every function, in documentation order.
std::span<const FunctionSpec> functionTable();

// Lookup by display name ("STATUS", "KPI.STATUS"), programmatic or built-in name; case-insensitive.
const FunctionSpec* findFunction(std::string_view name);

// Calls a function with argument checking: too few or too many arguments give an Error value.
// An omitted optional argument (monostate, also a blank value) takes its default. A monostate in a
// required position counts as a blank value (Calc may pass an empty cell that way), so
// KPI.STATUS(<empty cell>; 100) is "No data", not an error. Never throws.
Result call(const FunctionSpec& function, std::span<const Argument> args, const CallContext& context);

inline constexpr std::string_view displayPrefix = "KPI.";
inline constexpr std::string_view category = "KPI Rules";

} // namespace kpi::functions
