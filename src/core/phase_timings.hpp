#pragma once
// Milliseconds per named phase, for the benchmarks (docs/performance.md): on only when KPI_TIMINGS is set
// in the environment; off, it measures nothing and prints nothing. The document engine puts its phases
// in the run's report ("timings"); `kpirules check` prints its own (start-up steps, and per workbook the
// sums of copy, load, run, store, reports, close) on standard error at the end.

#include <chrono>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace kpi {

class PhaseTimings {
public:
    PhaseTimings(); // enabled when KPI_TIMINGS is set
    bool enabled() const { return enabled_; }
    // Adds the time since the last lap (or since construction) to the phase `name`, and starts a new lap.
    void lap(const std::string& name);
    // Starts a new lap without counting the time since the last one.
    void restart();
    // Adds `milliseconds` to the phase `name` (phases measured elsewhere, e.g. the engine's own).
    void add(const std::string& name, double milliseconds);
    // The phases in the order first seen, with their milliseconds.
    const std::vector<std::pair<std::string, double>>& phases() const { return phases_; }
    // "kpirules timings (ms): phase 12.3, ..." one phase a line, in the order first seen; with a total.
    void print(std::ostream& out) const;

private:
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
    std::vector<std::pair<std::string, double>> phases_;
};

} // namespace kpi
