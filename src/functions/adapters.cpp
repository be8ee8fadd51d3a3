// Temporary: adapters land next; the table and its metadata are final.
#include "functions/adapters.hpp"
namespace kpi::functions::adapters {
Result status(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result variance(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result target(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result last(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result trend(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result spc(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result spcPoints(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result spcLimits(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result forecast(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result required(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result due(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result overdue(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result quartile(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result smart(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
Result smartWhy(std::span<const Argument>, const CallContext&) { return Value::error("not implemented yet"); }
}
