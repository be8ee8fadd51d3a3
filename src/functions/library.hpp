#pragma once
// The one function table. Every KPI function is described here once and implemented once
// (in src/domain). Three front doors read this table:
//   * the Calc add-in (src/host/addin): names, Function Wizard texts, argument conversion;
//   * the rules language (src/language): built-in names, arity and types for the checker;
//   * the docs (docs/functions.md is checked against it by a test).

#include "core/value.hpp"

#include <array>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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

// Cells read where they are, not copied (the rules language passes its values this way): one row of
// cells, read as a 1 x n Range is; one cell is read exactly as a Value argument. Valid during the call only.
struct CellSpan {
    std::span<const Value> cells;
};

// One argument as the caller gave it: omitted (also an empty argument `;;`), one value, or a block.
using Argument = std::variant<std::monostate, Value, Range, CellSpan>;

// What the texts of one parameter (a polarity, a mode word) decoded to at one call site: a call site
// passes the same few words again and again ("Higher" and "Lower" mixed from row to row), so a text is
// decoded once and its answer kept; the last few distinct texts are kept, the oldest replaced first.
// Each parameter slot is decoded by one decoder only, and every decoder's answer depends on the text alone.
class WordMemo {
public:
    // The answer kept for exactly this text (the enumerator's value), or null.
    const int* find(std::string_view text) const {
        for (std::size_t i = 0; i < kept_; ++i)
            if (entries_[i].text == text) return &entries_[i].word;
        return nullptr;
    }
    void remember(std::string_view text, int word) {
        Entry& entry = entries_[next_];
        next_ = (next_ + 1) % entries_.size();
        if (kept_ < entries_.size()) ++kept_;
        entry.text.assign(text);
        entry.word = word;
    }

private:
    struct Entry {
        std::string text;
        int word = 0;
    };
    std::array<Entry, 4> entries_{};
    std::size_t kept_ = 0;
    std::size_t next_ = 0;
};

// What the host knows and the core may not find out for itself.
struct CallContext {
    double today = 0.0;              // today's date serial (days since 1899-12-30)
    std::span<WordMemo> wordMemos{}; // per parameter, set by PreparedCall::call; empty: nothing kept
};

// The outcome of a call: a single value or an array. A bad argument is a Value of kind Error
// whose text says which argument and why ("polarity: \"sideways\" is not a polarity").
using Result = std::variant<Value, Range>;

using Implementation = Result (*)(std::span<const Argument> args, const CallContext& context);

// The same function for a caller that keeps one Value from call to call (the rules language, once per row):
// its one value is written into `out` (a text reuses out's buffer; nothing is wrapped in a Result). Given
// only for functions whose result is always one value; `implementation` then returns what it writes.
// `out` is none of the arguments' cells.
using ValueImplementation = void (*)(std::span<const Argument> args, const CallContext& context, Value& out);

struct FunctionSpec {
    std::string_view name;             // English display name without the prefix: "STATUS" -> KPI.STATUS
    std::string_view programmaticName; // the add-in method name in idl/: "status"
    std::string_view builtinName;      // the rules-language name: "status"
    std::string_view description;      // one or two sentences for the Function Wizard
    std::span<const Parameter> parameters;
    ResultType result;
    Implementation implementation;
    std::string_view example;          // a formula in English UI syntax, with its result: "=KPI.STATUS(96, 100) → \"Amber\""
    ValueImplementation valueImplementation = nullptr; // the one-value form, for the functions that have it
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

// One call site that calls one function again and again with the same number of arguments (the rules
// language has one per call node, called once per row): the function's argument count is checked once,
// the argument slots are kept from call to call (one per declared parameter when the count is right,
// omitted trailing ones monostate), and text words are decoded once per distinct text (WordMemo).
// call() gives exactly what functions::call gives for the same function and arguments. Never throws.
class PreparedCall {
public:
    PreparedCall() = default; // not prepared: prepare() before the first call
    // `given`: how many arguments the call site passes (slots 0 .. given-1 are the caller's to set).
    void prepare(const FunctionSpec& function, std::size_t given);
    bool prepared() const { return function_ != nullptr; }
    // The argument slots (at least `given`), set by the caller before each call; slots it does not set
    // keep what they hold (omitted, or what the caller set once).
    std::span<Argument> arguments() { return arguments_; }
    Result call(const CallContext& context);
    // What call() gives, written for a caller that keeps `out` from call to call: a single value goes into
    // `out` (through the function's ValueImplementation when it has one: a text reuses out's buffer) and
    // null is returned; an array result is kept here and returned (valid until the next call; `out` is
    // then left as it was). `out` is none of the arguments' cells.
    // Inline: the rules call it once per row and call node.
    const Range* callInto(const CallContext& context, Value& out) {
        if (!valueImplementation_) return callIntoOther(context, out);
        try {
            valueImplementation_(arguments_, CallContext{context.today, wordMemos_}, out);
        } catch (const std::exception& e) {
            failed(out, e.what());
        } catch (...) {
            failed(out, nullptr);
        }
        return nullptr;
    }

private:
    const Range* callIntoOther(const CallContext& context, Value& out); // a function without a one-value form
    void failed(Value& out, const char* what) const;                   // the internal error call() would give

    const FunctionSpec* function_ = nullptr;
    bool countRight_ = false; // the argument count is one call() accepts
    ValueImplementation valueImplementation_ = nullptr; // the function's, when it has one and the count is right
    std::vector<Argument> arguments_;
    std::vector<WordMemo> wordMemos_; // one per slot
    Range range_;                     // callInto's last array result
};

inline constexpr std::string_view displayPrefix = "KPI.";
inline constexpr std::string_view category = "KPI Rules";

} // namespace kpi::functions
