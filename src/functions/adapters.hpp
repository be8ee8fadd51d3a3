#pragma once
// One adapter per function: converts the caller's Arguments into typed values, calls the domain
// function, and turns the outcome into a Result. Arity has been checked by call(); the argument span
// always has one entry per declared parameter (missing trailing ones are monostate).

#include "functions/library.hpp"

namespace kpi::functions::adapters {

Result status(std::span<const Argument> args, const CallContext& context);
Result variance(std::span<const Argument> args, const CallContext& context);
Result target(std::span<const Argument> args, const CallContext& context);
Result last(std::span<const Argument> args, const CallContext& context);
Result trend(std::span<const Argument> args, const CallContext& context);
Result spc(std::span<const Argument> args, const CallContext& context);
Result spcPoints(std::span<const Argument> args, const CallContext& context);
Result spcLimits(std::span<const Argument> args, const CallContext& context);
Result forecast(std::span<const Argument> args, const CallContext& context);
Result required(std::span<const Argument> args, const CallContext& context);
Result due(std::span<const Argument> args, const CallContext& context);
Result overdue(std::span<const Argument> args, const CallContext& context);
Result quartile(std::span<const Argument> args, const CallContext& context);
Result smart(std::span<const Argument> args, const CallContext& context);
Result smartWhy(std::span<const Argument> args, const CallContext& context);

// The one-value forms (ValueImplementation) of the functions that have one; status() etc. above give the same.
void varianceInto(std::span<const Argument> args, const CallContext& context, Value& out);
void spcInto(std::span<const Argument> args, const CallContext& context, Value& out);

} // namespace kpi::functions::adapters
