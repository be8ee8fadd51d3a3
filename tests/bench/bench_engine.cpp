// B1 (docs/performance.md): the engine core over N synthetic indicators x 12 periods in memory, no
// LibreOffice, against a "physical" baseline: a tight loop over the same numbers doing the same period
// arithmetic (profiled cumulative target, shortfall by polarity, status by tolerance, latest period,
// two-months-red, overdue, variance). Prints one JSON object per N on stdout, for
// tests/bench/run_benchmarks.py.
//
//   kpi_bench_engine RULES_FILE [N...]       (default N: 1000 10000 100000)

#include "core/dates.hpp"
#include "core/value.hpp"
#include "engine/engine.hpp"
#include "language/table.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using kpi::Value;
using Clock = std::chrono::steady_clock;

constexpr std::array<const char*, 24> headers{
    "PI Code", "Indicator", "Responsible officer", "Escalation owner", "Aim", "Unit", "Frequency", "Baseline",
    "Annual target", "Corporate priority", "Profile", "Notes", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec", "Jan", "Feb", "Mar"};
constexpr std::size_t firstMonth = 12;
constexpr std::array<double, 12> evenWeights{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr std::array<double, 12> seasonalWeights{6, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 9};

// The same numbers in both forms: engine cells and plain arrays for the physical loop.
struct Data {
    std::vector<std::vector<Value>> rows; // header row first
    std::vector<double> actual;           // N x 12, NaN = no value
    std::vector<double> annual;
    std::vector<int> polarity;            // 1 higher, -1 lower, 0 band
    std::vector<int> profile;             // 0 even, 1 seasonal
};

// Deterministic: the same seed gives the same table (like tests/bench/workbooks.py, not the same values).
Data generate(std::size_t n, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> level(1.0, 0.06), noise(0.0, 0.03);
    static const std::array<const char*, 6> words{"households", "streets", "repairs", "completed", "within", "time"};
    Data data;
    std::vector<Value> header;
    for (const char* h : headers) header.push_back(Value::text(h));
    data.rows.push_back(std::move(header));
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<Value> row(headers.size());
        char code[32];
        std::snprintf(code, sizeof code, "PI%06zu", i + 1);
        row[0] = Value::text(code);
        std::string title;
        const int count = uniform(rng) < 0.03 ? 2 : 3 + static_cast<int>(uniform(rng) * 3);
        for (int w = 0; w < count; ++w) title += std::string(w ? " " : "") + words[static_cast<std::size_t>(uniform(rng) * 6) % 6];
        row[1] = Value::text(title);
        row[2] = Value::text(uniform(rng) < 0.02 ? "" : "Head of Waste");
        row[3] = Value::text("Director");
        const double p = uniform(rng);
        const int polarity = p < 0.6 ? 1 : (p < 0.95 ? -1 : 0);
        row[4] = Value::text(polarity == 1 ? "Higher" : polarity == -1 ? "Lower" : "Band");
        row[5] = Value::text(uniform(rng) < 0.03 ? "" : "number");
        row[6] = Value::text(uniform(rng) < 0.03 ? "Weekly" : "Monthly");
        const double baseline = std::round(200 + uniform(rng) * 50000);
        double annual = std::round(baseline * (0.85 + 0.4 * uniform(rng)));
        if (uniform(rng) < 0.03) annual = baseline * 2;
        row[7] = Value::number(baseline);
        row[8] = Value::number(annual);
        row[9] = Value::text(uniform(rng) < 0.02 ? "" : "Clean and green");
        const int profile = uniform(rng) < 0.3 ? 1 : 0;
        row[10] = Value::text(profile ? "seasonal" : "even");
        const auto& weights = profile ? seasonalWeights : evenWeights;
        const double total = profile ? 100.0 : 12.0;
        const int reported = uniform(rng) < 0.88 ? 6 : 4 + static_cast<int>(uniform(rng) * 2);
        const double performance = level(rng);
        double toDate = 0;
        for (std::size_t k = 0; k < 12; ++k) {
            toDate += weights[k];
            double value = std::nan("");
            if (static_cast<int>(k) < reported) {
                value = std::round(annual * toDate / total * (performance + noise(rng)) * 10) / 10;
                row[firstMonth + k] = Value::number(value);
            }
            data.actual.push_back(value);
        }
        data.annual.push_back(annual);
        data.polarity.push_back(polarity);
        data.profile.push_back(profile);
        data.rows.push_back(std::move(row));
    }
    return data;
}

// The physical floor: the rules' period arithmetic over plain arrays, no values, no strings.
// Returns a checksum so the compiler keeps the work.
long physical(const Data& data, double today, const std::array<double, 12>& due)
{
    std::array<std::array<double, 12>, 2> fraction{};
    for (int p = 0; p < 2; ++p) {
        const auto& w = p ? seasonalWeights : evenWeights;
        double total = 0, toDate = 0;
        for (double x : w) total += x;
        for (std::size_t k = 0; k < 12; ++k) fraction[p][k] = (toDate += w[k]) / total;
    }
    long checksum = 0;
    const std::size_t n = data.annual.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double* a = &data.actual[i * 12];
        const int polarity = data.polarity[i];
        int status[12];
        int last = -1;
        bool overdue = false;
        double target[12];
        for (std::size_t k = 0; k < 12; ++k) {
            target[k] = data.annual[i] * fraction[static_cast<std::size_t>(data.profile[i])][k];
            if (std::isnan(a[k])) {
                status[k] = 3;
                overdue = overdue || today > due[k];
                continue;
            }
            last = static_cast<int>(k);
            const double gap = polarity == 1 ? target[k] - a[k] : polarity == -1 ? a[k] - target[k] : std::fabs(a[k] - target[k]);
            const double shortfall = gap / std::fabs(target[k]);
            status[k] = shortfall <= 0 ? 0 : shortfall <= 0.05 ? 1 : 2;
        }
        const bool twoRed = last >= 1 && status[last] == 2 && status[last - 1] == 2;
        bool ahead = false;
        if (last >= 0) {
            const double t = target[last];
            const double gap = polarity == 1 ? t - a[last] : polarity == -1 ? a[last] - t : std::fabs(a[last] - t);
            ahead = -gap / std::fabs(t) >= 0.2;
        }
        checksum += twoRed + overdue + ahead + (last >= 0 ? status[last] : 0);
    }
    return checksum;
}

template <class F>
double medianSeconds(F&& work, int repetitions, int inner)
{
    std::vector<double> times;
    for (int r = 0; r < repetitions; ++r) {
        const auto start = Clock::now();
        for (int k = 0; k < inner; ++k) work();
        times.push_back(std::chrono::duration<double>(Clock::now() - start).count() / inner);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: kpi_bench_engine RULES_FILE [N...]\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const kpi::engine::CompiledRules rules("council-monthly.kpirules", text.str());
    if (!rules.ok()) {
        std::fprintf(stderr, "the rules have errors\n");
        return 2;
    }
    std::vector<std::size_t> sizes;
    for (int i = 2; i < argc; ++i) sizes.push_back(static_cast<std::size_t>(std::strtoul(argv[i], nullptr, 10)));
    if (sizes.empty()) sizes = {1000, 10000, 100000};

    auto serial = [](int year, int month, int day) { return static_cast<double>(*kpi::serialFromCivil({year, month, day})); };
    const double today = serial(2024, 10, 20);
    std::array<double, 12> due{};
    for (int k = 0; k < 12; ++k) {
        const int month = 4 + k + 1; // day 15 of the month after the period (Apr 2024 -> 15 May 2024)
        due[static_cast<std::size_t>(k)] = serial(month > 12 ? 2025 : 2024, month > 12 ? month - 12 : month, 15);
    }
    for (std::size_t n : sizes) {
        const Data data = generate(n, 20241020u + static_cast<unsigned>(n));
        const kpi::language::MemoryTable table("Corporate KPIs", data.rows);
        std::size_t indicators = 0;
        const int inner = n >= 100000 ? 1 : static_cast<int>(100000 / n);
        const double ours = medianSeconds(
            [&] {
                const auto result = kpi::engine::run(rules, table, today);
                indicators = result.indicators.size();
            },
            5, inner);
        long checksum = 0;
        const double floor = medianSeconds([&] { checksum += physical(data, today, due); }, 5, inner * 20);
        std::printf("{\"n\": %zu, \"indicators\": %zu, \"seconds\": %.6g, \"physical_seconds\": %.6g, \"checksum\": %ld}\n", n,
                    indicators, ours, floor, checksum % 7);
        std::fflush(stdout);
    }
    return 0;
}
