#include "core/phase_timings.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace kpi {

PhaseTimings::PhaseTimings()
    : enabled_(std::getenv("KPI_TIMINGS") != nullptr), start_(std::chrono::steady_clock::now()), last_(start_) {}

void PhaseTimings::lap(const std::string& name) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    add(name, std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
}

void PhaseTimings::restart() {
    if (enabled_) last_ = std::chrono::steady_clock::now();
}

void PhaseTimings::add(const std::string& name, double milliseconds) {
    if (!enabled_) return;
    auto found = std::find_if(phases_.begin(), phases_.end(), [&](const auto& phase) { return phase.first == name; });
    if (found == phases_.end()) phases_.emplace_back(name, milliseconds);
    else found->second += milliseconds;
}

void PhaseTimings::print(std::ostream& out) const {
    if (!enabled_) return;
    char line[160];
    out << "kpirules timings (ms):\n";
    for (const auto& [name, milliseconds] : phases_) {
        std::snprintf(line, sizeof line, "  %-28s %10.1f\n", name.c_str(), milliseconds);
        out << line;
    }
    std::snprintf(line, sizeof line, "  %-28s %10.1f\n", "wall, whole command",
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count());
    out << line;
}

} // namespace kpi
