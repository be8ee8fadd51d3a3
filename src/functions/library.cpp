// Lookup and the checked call into the one function table.

#include "functions/library.hpp"

#include <array>
#include <exception>
#include <string>

namespace kpi::functions {
namespace {

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::size_t requiredCount(const FunctionSpec& function) {
    std::size_t count = 0;
    for (const auto& p : function.parameters)
        if (!p.optional) ++count;
    return count;
}

constexpr std::size_t maxParameters = 8;

// What a call gives when something throws inside it: an Error value naming the function (and the
// exception's text when it is a std::exception).
Value internalError(const FunctionSpec& function, const char* what) {
    return Value::error(std::string(function.name) + ": internal error" + (what ? std::string(": ") + what : std::string()));
}

// The implementation, with anything it throws turned into an Error value (inline: PreparedCall::call runs it
// once per row and call node).
[[gnu::always_inline]] inline Result callImplementation(const FunctionSpec& function, std::span<const Argument> args,
                                                      const CallContext& context) {
    try {
        return function.implementation(args, context);
    } catch (const std::exception& e) {
        return internalError(function, e.what());
    } catch (...) {
        return internalError(function, nullptr);
    }
}

// Whether call() takes `given` arguments to the implementation (padded when fewer than declared).
bool countAccepted(const FunctionSpec& function, std::size_t given) {
    const std::size_t declared = function.parameters.size();
    return given >= requiredCount(function) && given <= declared && (given == declared || declared <= maxParameters);
}

} // namespace

const FunctionSpec* findFunction(std::string_view name) {
    if (name.size() > displayPrefix.size() && equalsIgnoringAsciiCase(name.substr(0, displayPrefix.size()), displayPrefix))
        name.remove_prefix(displayPrefix.size());
    for (const auto& f : functionTable())
        if (equalsIgnoringAsciiCase(name, f.name) || equalsIgnoringAsciiCase(name, f.programmaticName) ||
            equalsIgnoringAsciiCase(name, f.builtinName))
            return &f;
    return nullptr;
}

Result call(const FunctionSpec& function, std::span<const Argument> args, const CallContext& context) {
    try {
        const std::size_t declared = function.parameters.size();
        const std::size_t needed = requiredCount(function);
        if (args.size() < needed || args.size() > declared) {
            std::string expected = needed == declared ? std::to_string(needed)
                                                      : std::to_string(needed) + " to " + std::to_string(declared);
            return Value::error(std::string(function.name) + ": expects " + expected + " arguments, got " +
                                std::to_string(args.size()));
        }
        if (args.size() == declared) return function.implementation(args, context);
        // Pad omitted trailing arguments so every adapter sees one entry per parameter.
        std::array<Argument, maxParameters> padded{};
        if (declared > maxParameters) return Value::error(std::string(function.name) + ": too many parameters");
        for (std::size_t i = 0; i < args.size(); ++i) padded[i] = args[i];
        return function.implementation(std::span<const Argument>(padded.data(), declared), context);
    } catch (const std::exception& e) {
        return internalError(function, e.what());
    } catch (...) {
        return internalError(function, nullptr);
    }
}

void PreparedCall::prepare(const FunctionSpec& function, std::size_t given) {
    function_ = &function;
    countRight_ = countAccepted(function, given);
    // A right count is padded to one slot per parameter once, as call() pads it on every call.
    arguments_.assign(countRight_ ? function.parameters.size() : given, Argument{});
    wordMemos_.assign(arguments_.size(), WordMemo{});
    valueImplementation_ = countRight_ ? function.valueImplementation : nullptr;
}

Result PreparedCall::call(const CallContext& context) {
    if (!countRight_) return functions::call(*function_, arguments_, context); // the count's error
    CallContext withMemos = context;
    withMemos.wordMemos = wordMemos_;
    return callImplementation(*function_, arguments_, withMemos);
}

const Range* PreparedCall::callIntoOther(const CallContext& context, Value& out) {
    Result result = call(context);
    if (auto* value = std::get_if<Value>(&result)) {
        out = std::move(*value);
        return nullptr;
    }
    range_ = std::move(std::get<Range>(result));
    return &range_;
}

void PreparedCall::failed(Value& out, const char* what) const { out = internalError(*function_, what); }

} // namespace kpi::functions
