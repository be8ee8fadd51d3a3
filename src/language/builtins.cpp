#include "language/builtins.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace kpi::language {

namespace {

using enum ArgumentKind;

std::vector<Builtin> languageBuiltins() {
    using R = ResultKind;
    using S = ResultShape;
    using B = BuiltinId;
    return {
        {B::Shortfall, "shortfall", "How far actual is worse than target, positive when worse (a fraction of the target, or points).",
         {{"actual", Number, false}, {"target", Number, false}, {"polarity", Text, true}, {"basis", Text, true}},
         false, R::Number, S::Elementwise},
        {B::Words, "words", "The number of words in a text.", {{"text", Text, false}}, false, R::Number, S::Elementwise},
        {B::Len, "len", "The number of characters in a text.", {{"text", Text, false}}, false, R::Number, S::Elementwise},
        {B::Lower, "lower", "The text in lower case.", {{"text", Text, false}}, false, R::Text, S::Elementwise},
        {B::Upper, "upper", "The text in upper case.", {{"text", Text, false}}, false, R::Text, S::Elementwise},
        {B::Trim, "trim", "The text without surrounding spaces.", {{"text", Text, false}}, false, R::Text, S::Elementwise},
        {B::Abs, "abs", "The absolute value of a number.", {{"number", Number, false}}, false, R::Number, S::Elementwise},
        {B::Round, "round", "A number rounded to a number of decimal places (default 0).",
         {{"number", Number, false}, {"digits", Number, true}}, false, R::Number, S::Elementwise},
        {B::Min, "min", "With one series: its smallest number. With several values: the smallest of them, period by period.",
         {{"values", Any, false}}, true, R::Number, S::Elementwise},
        {B::Max, "max", "With one series: its largest number. With several values: the largest of them, period by period.",
         {{"values", Any, false}}, true, R::Number, S::Elementwise},
        {B::IsNumber, "isnumber", "True when the value is a number (text holding a number counts).", {{"value", Any, false}},
         false, R::Logical, S::Elementwise},
        {B::IsText, "istext", "True when the value is text that is not a number or a blank placeholder.",
         {{"value", Any, false}}, false, R::Logical, S::Elementwise},
        {B::IsBlank, "isblank", "True when the value is blank (also \"n/a\", \"-\", \"tbc\").", {{"value", Any, false}},
         false, R::Logical, S::Elementwise},
        {B::Profile, "profile", "The phasing weights named by a field (or a profile name); the default profile when blank or unknown.",
         {{"name_or_field", Any, false}, {"default", Weights, true}}, false, R::Weights, S::Series},
        {B::Smart, "smart", "\"OK\" when every check passes, else the letters of the failing checks in order.", {},
         false, R::Text, S::Scalar},
        {B::Last, "last", "The last value entered in a series (blank when none).", {{"series", Series, false}}, false,
         R::Any, S::Scalar},
        {B::Previous, "previous", "The value entered before the last one.", {{"series", Series, false}}, false, R::Any,
         S::Scalar},
        {B::First, "first", "The first value entered in a series.", {{"series", Series, false}}, false, R::Any, S::Scalar},
        {B::Sum, "sum", "The sum of the numbers in a series.", {{"series", Series, false}}, false, R::Number, S::Scalar},
        {B::Average, "average", "The mean of the numbers in a series (blank when none).", {{"series", Series, false}},
         false, R::Number, S::Scalar},
        {B::Count, "count", "How many periods of a series hold a value.", {{"series", Series, false}}, false, R::Number,
         S::Scalar},
        {B::Any, "any", "True when some period is true; false when none is and none is blank.", {{"series", Series, false}},
         false, R::Logical, S::Scalar},
        {B::All, "all", "True when every period holding a value is true (and one does).", {{"series", Series, false}},
         false, R::Logical, S::Scalar},
        {B::Ytd, "ytd", "Year to date: the sum of the numbers up to the last period entered (blank when none).",
         {{"series", Series, false}}, false, R::Number, S::Scalar},
        {B::LastPeriod, "lastperiod", "The period number (1 for the first) of the last value entered; blank when none.",
         {{"series", Series, false}}, false, R::Number, S::Scalar},
        {B::If, "if", "then when cond is true, else (default false) when it is false, blank when cond is blank; period by period.",
         {{"cond", Logical, false}, {"then", Any, false}, {"else", Any, true}}, false, R::Any, S::Elementwise},
        {B::Overdue, "overdue", "True when a period of the series whose due date has passed has no value (as of today or option as_of).",
         {{"series", Series, false}}, false, R::Logical, S::Scalar},
    };
}

ArgumentKind kindOf(functions::ParamType type) {
    switch (type) {
    case functions::ParamType::Number: return Number;
    case functions::ParamType::Date: return Number;
    case functions::ParamType::Text: return Text;
    case functions::ParamType::Logical: return Logical;
    case functions::ParamType::Values: return Series;
    case functions::ParamType::Any: return Any;
    }
    return Any;
}

ResultKind resultOf(functions::ResultType type) {
    switch (type) {
    case functions::ResultType::Number:
    case functions::ResultType::Date: return ResultKind::Number;
    case functions::ResultType::Text: return ResultKind::Text;
    case functions::ResultType::Logical: return ResultKind::Logical;
    default: return ResultKind::Any;
    }
}

std::vector<Builtin> buildTable() {
    std::vector<Builtin> table = languageBuiltins();
    for (const auto& spec : functions::functionTable()) {
        auto same = std::find_if(table.begin(), table.end(), [&](const Builtin& b) { return b.name == spec.builtinName; });
        if (same != table.end()) continue; // the language form replaces it (see builtins.hpp)
        Builtin builtin{BuiltinId::CalcFunction, spec.builtinName, spec.description, {}, false,
                        resultOf(spec.result),
                        spec.result == functions::ResultType::Array ? ResultShape::Series : ResultShape::Elementwise,
                        &spec};
        for (const auto& parameter : spec.parameters)
            builtin.parameters.push_back({parameter.name, kindOf(parameter.type), parameter.optional});
        table.push_back(std::move(builtin));
    }
    std::sort(table.begin(), table.end(), [](const Builtin& a, const Builtin& b) { return a.name < b.name; });
    return table;
}

} // namespace

std::size_t Builtin::minArguments() const {
    return static_cast<std::size_t>(
        std::count_if(parameters.begin(), parameters.end(), [](const BuiltinParameter& p) { return !p.optional; }));
}

std::size_t Builtin::maxArguments() const { return variadic ? SIZE_MAX : parameters.size(); }

std::string Builtin::signature() const {
    std::string text(name);
    text += '(';
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        if (i) text += ", ";
        if (parameters[i].optional) text += '[';
        text += parameters[i].name;
        if (parameters[i].optional) text += ']';
    }
    if (variadic) text += ", ...";
    text += ')';
    return text;
}

std::span<const Builtin> builtinTable() {
    static const std::vector<Builtin> table = buildTable();
    return table;
}

const Builtin* findBuiltin(std::string_view name) {
    auto table = builtinTable();
    auto it = std::lower_bound(table.begin(), table.end(), name,
                               [](const Builtin& b, std::string_view n) { return b.name < n; });
    return it != table.end() && it->name == name ? &*it : nullptr;
}

} // namespace kpi::language
