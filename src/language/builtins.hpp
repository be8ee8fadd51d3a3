#pragma once
// The one table of functions the rules language knows: the language's own built-ins (aggregates,
// text helpers, shortfall, profile, smart, ...) merged with every function of the Calc add-in's table
// (kpi::functions::functionTable()) under its lower-case built-in name. The checker, the evaluator and
// the docs test all read this table. A language built-in of the same name as a Calc function replaces
// it in rules files (last(series), overdue(series), smart()), because the rules form reads the series
// and its calendar instead of cell ranges.

#include "functions/library.hpp"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kpi::language {

// What an argument position takes.
enum class ArgumentKind : unsigned char {
    Number,  // a number; a series is handled element by element
    Text,    // a text; element by element
    Logical, // true/false; element by element
    Any,     // any single value; element by element
    Series,  // the whole series (a scalar counts as a series of one)
    Weights, // phasing weights: a profile name or profile(...)
};

enum class ResultKind : unsigned char { Number, Text, Logical, Any, Weights };

// How the result's shape follows from the arguments.
enum class ResultShape : unsigned char {
    Elementwise, // a series when any element-by-element argument is a series, else a scalar
    Scalar,      // always one value (aggregates)
    Series,      // always a series
};

enum class BuiltinId : unsigned char {
    CalcFunction, // implemented by the Calc function table (see `calc`)
    Shortfall, Words, Len, Lower, Upper, Trim, Abs, Round, Min, Max, IsNumber, IsText, IsBlank, Profile,
    Smart, Last, Previous, First, Sum, Average, Count, Any, All, Ytd, LastPeriod, If, Overdue,
};

struct BuiltinParameter {
    std::string_view name;
    ArgumentKind kind;
    bool optional;
};

struct Builtin {
    BuiltinId id;
    std::string_view name;        // as written in rules files, lower case
    std::string_view description; // one sentence for the docs
    std::vector<BuiltinParameter> parameters;
    bool variadic = false;        // the last parameter may repeat
    ResultKind result = ResultKind::Any;
    ResultShape shape = ResultShape::Elementwise;
    const functions::FunctionSpec* calc = nullptr; // set for CalcFunction

    std::size_t minArguments() const;
    std::size_t maxArguments() const; // SIZE_MAX when variadic
    std::string signature() const;    // "shortfall(actual, target, [polarity], [basis])"
};

// Every function of the rules language, sorted by name.
std::span<const Builtin> builtinTable();
const Builtin* findBuiltin(std::string_view name);

} // namespace kpi::language
