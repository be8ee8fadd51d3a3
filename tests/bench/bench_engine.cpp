// B1 (docs/performance.md): the engine core over N synthetic indicators x 12 periods in memory, no
// LibreOffice, against a "physical" baseline: a tight loop over the same numbers doing the same period
// arithmetic (profiled cumulative target, shortfall by polarity, status by tolerance, latest period,
// two-months-red, overdue, variance). Prints one JSON object per N on stdout, for
// tests/bench/run_benchmarks.py.
//
//   kpi_bench_engine RULES_FILE [N...]       (default N: 1000 10000 100000)
//   kpi_bench_engine --dump OUT RULES_FILE PERIODS [N]
//   KPI_BENCH_ONCE=1 kpi_bench_engine ...   (one run per N, no repetitions: for valgrind --tool=callgrind,
//                                             whose instruction counts do not depend on the machine's load)
//
// --dump is the correctness oracle for speed work on the evaluator: it builds a *perturbed* table for any
// rules file (its field headers, then PERIODS columns per series; cells mixing numbers, text numbers,
// placeholders, error cells, blanks mid-series, odd polarities, units and profiles, duplicate and skipped
// keys), runs it at three dates and writes every result as text (keys, checks, statuses, flags with
// messages and notify, written values, diagnostics, and the lets of some rows through valueOnRow).
// Diff the output of the binary before and after a change: it must be byte-identical.

#include "core/dates.hpp"
#include "core/text_key.hpp"
#include "core/value.hpp"
#include "engine/engine.hpp"
#include "language/table.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
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

// ---- the oracle (--dump) ----

std::string describe(const Value& v)
{
    char buffer[64];
    switch (v.kind()) {
    case Value::Kind::Blank: return "blank";
    case Value::Kind::Number: std::snprintf(buffer, sizeof buffer, "n:%.17g", v.asNumber()); return buffer;
    case Value::Kind::Boolean: return v.asBoolean() ? "b:true" : "b:false";
    case Value::Kind::Text: return "t:\"" + v.asText() + "\"";
    case Value::Kind::Error: return "e:\"" + v.asText() + "\"";
    }
    return "?";
}

// A cell for a field, chosen by what the field's name suggests, with odd values mixed in.
Value fieldCell(const std::string& field, std::mt19937_64& rng, double annual)
{
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    auto pick = [&](std::initializer_list<const char*> choices) {
        const std::size_t i = static_cast<std::size_t>(uniform(rng) * static_cast<double>(choices.size())) % choices.size();
        return Value::text(*(choices.begin() + static_cast<std::ptrdiff_t>(i)));
    };
    const double odd = uniform(rng);
    if (odd < 0.02) return Value{};
    if (odd < 0.03) return Value::error("#DIV/0!");
    if (odd < 0.04) return Value::text("n/a");
    if (field == "polarity")
        return uniform(rng) < 0.1 ? Value::number(std::round(uniform(rng) * 2) - 1)
                                  : pick({"Higher", "Lower", "Band", "lower", " HIGHER ", "band", "Neutral", "junk", "",
                                          "Higher", "Lower", "Higher", "Lo\xC3\xBCwer", "\xC2\xA0Lower"});
    if (field == "unit") return pick({"number", "£", "%", "", "Number ", "number", "days", "£", "number"});
    if (field == "shape") return pick({"even", "seasonal", "", "Seasonal", "unknown", " EVEN", "even", "e\xCC\x81ven", "SEASONAL\xC2\xA0"});
    if (field == "frequency")
        return pick({"Monthly", "Quarterly", "Annual", "monthly", "Weekly", "", "Quarter", "Monthly", "Monthly\xC2\xA0",
                     "Mo\xCC\x81nthly", "Quarterl\xC3\xBD"});
    if (field == "title" || field == "measure")
        return pick({"Households with repairs done", "Streets clean", "", "Repairs   completed within time",
                     "Énergie économisée par foyer", "one", "Waste collected on the day"});
    if (field == "annual" || field == "target" || field == "baseline") {
        const double x = std::round(annual * (field == "baseline" ? 0.7 + 0.6 * uniform(rng) : 1.0));
        const double form = uniform(rng);
        if (form < 0.05) return Value::number(0);
        if (form < 0.1) return Value::text(std::to_string(static_cast<long long>(x)));
        if (form < 0.13) return Value::text("£" + std::to_string(static_cast<long long>(x)));
        if (form < 0.15) return Value::text("85%");
        if (form < 0.17) return Value::text("words");
        return Value::number(x);
    }
    if (field == "tolerance") return uniform(rng) < 0.5 ? Value{} : Value::number(std::round(uniform(rng) * 10) / 100);
    return pick({"Head of Waste", "Director", "", "Clean and green", "Jo Bloggs", "  "});
}

Value seriesCell(std::mt19937_64& rng, double expected)
{
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double odd = uniform(rng);
    if (odd < 0.08) return Value{};
    if (odd < 0.09) return Value::error("#N/A");
    if (odd < 0.10) return Value::text("n/a");
    if (odd < 0.11) return Value::text("-");
    if (odd < 0.12) return Value::text(" tbc ");
    const double x = std::round(expected * (0.8 + 0.45 * uniform(rng)) * 10) / 10;
    if (odd < 0.14) return Value::text(std::to_string(static_cast<long long>(x)));
    if (odd < 0.15) return Value::text("95%");
    if (odd < 0.16) return Value::text("1,234");
    if (odd < 0.165) return Value::text("(3)");
    if (odd < 0.17) return Value::text("words");
    return Value::number(x);
}

int dump(const char* outPath, const char* rulesPath, std::size_t periods, std::size_t n)
{
    std::ifstream in(rulesPath, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const kpi::engine::CompiledRules rules(rulesPath, text.str());
    if (!rules.ok()) {
        std::fprintf(stderr, "the rules have errors\n");
        return 2;
    }
    const auto& program = rules.program();
    // Header row: the key column (if not a field), fields, then each series' periods.
    std::vector<Value> header;
    std::vector<std::string> columnField; // per column: the field name, or "" for a period column
    bool keyIsField = false;
    for (const auto& field : program.fields)
        if (kpi::sameKey(field.headers.front(), program.key)) keyIsField = true;
    if (!keyIsField) header.push_back(Value::text(program.key)), columnField.push_back("#key");
    for (const auto& field : program.fields) {
        header.push_back(Value::text(field.headers.back()));
        columnField.push_back(kpi::sameKey(field.headers.front(), program.key) ? "#key" : field.name);
    }
    for (const auto& series : program.series)
        for (std::size_t k = 0; k < periods; ++k) {
            header.push_back(Value::text(k == 0 ? series.firstHeader
                                         : k + 1 == periods ? series.lastHeader
                                                            : series.name + " " + std::to_string(k + 1)));
            columnField.push_back("");
        }
    std::mt19937_64 rng(424242u);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<std::vector<Value>> rows;
    rows.push_back(std::vector<Value>(header.size())); // a title row above the headers
    rows.front()[0] = Value::text("A title row above the headers");
    rows.push_back(header);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<Value> row(header.size());
        const double annual = std::round(200 + uniform(rng) * 5000);
        const bool cumulative = uniform(rng) < 0.5;
        std::size_t period = 0;
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string& field = columnField[c];
            if (field == "#key") {
                char code[32];
                const double form = uniform(rng);
                if (form < 0.02 && i > 0) std::snprintf(code, sizeof code, "PI%06zu", i - static_cast<std::size_t>(uniform(rng) * 5) % i);
                else if (form < 0.03 && i > 0) std::snprintf(code, sizeof code, " pi%06zu", i);
                else std::snprintf(code, sizeof code, "PI%06zu", i + 1);
                row[c] = form < 0.04 && form >= 0.035 ? Value{}
                         : form < 0.045 && form >= 0.04 ? Value::text("n/a")
                         : form < 0.05 && form >= 0.045 ? Value::error("#REF!")
                         : form < 0.055 && form >= 0.05 ? Value::number(static_cast<double>(i))
                                                        : Value::text(code);
            } else if (!field.empty()) {
                row[c] = fieldCell(field, rng, annual);
            } else {
                const std::size_t k = period++ % periods;
                if (uniform(rng) < 0.3 && k > periods / 2) { row[c] = Value{}; continue; } // not reported yet
                row[c] = seriesCell(rng, cumulative ? annual * static_cast<double>(k + 1) / static_cast<double>(periods) : annual);
            }
        }
        rows.push_back(std::move(row));
    }
    const kpi::language::MemoryTable table("Sheet", rows);
    std::ofstream out(outPath, std::ios::binary);
    auto serial = [](int year, int month, int day) { return static_cast<double>(*kpi::serialFromCivil({year, month, day})); };
    for (double today : {serial(2023, 1, 1), serial(2024, 10, 20), serial(2026, 6, 1)}) {
        const auto result = kpi::engine::run(rules, table, today);
        out << "today " << today << " ok " << result.ok() << " indicators " << result.indicators.size() << "\n";
        for (const auto& d : result.diagnostics)
            out << "diag " << static_cast<int>(d.severity) << " " << d.code << " " << d.span.line << ":" << d.span.column
                << " " << d.message << " | " << d.hint << "\n";
        for (const auto& columns : result.checkColumns) {
            out << "checkcolumns";
            for (auto c : columns) out << " " << c;
            out << "\n";
        }
        out << "statuscolumns";
        for (auto c : result.statusColumns) out << " " << c;
        out << "\n";
        for (const auto& r : result.indicators) {
            out << "row " << r.row << " key \"" << r.key << "\" checks ";
            for (bool b : r.checksPassed) out << (b ? '1' : '0');
            out << " statuses";
            for (auto s : r.statuses) out << " " << s;
            out << "\n";
            for (const auto& f : r.flags)
                out << "  flag " << f.flag << " " << static_cast<int>(f.level) << " \"" << f.message << "\" notify \""
                    << f.notify << "\"\n";
            for (const auto& w : r.written) out << "  write " << describe(w) << "\n";
            if (r.row % 37 == 0 && result.layout)
                for (const auto& let : program.lets) {
                    out << "  let " << let.name << ":";
                    out << " " << describe(kpi::engine::valueOnRow(rules, result, table, today, r.row, let.name, std::nullopt));
                    for (std::size_t k = 0; k < periods; ++k)
                        out << " " << describe(kpi::engine::valueOnRow(rules, result, table, today, r.row, let.name, k));
                    out << "\n";
                }
        }
    }
    return 0;
}

// This thread's CPU time: on a shared, loaded machine it varies far less than the wall clock.
double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Median wall seconds per call of `work`; the median CPU seconds go to *cpu when given.
template <class F>
double medianSeconds(F&& work, int repetitions, int inner, double* cpu = nullptr)
{
    std::vector<double> times, cpuTimes;
    for (int r = 0; r < repetitions; ++r) {
        const auto start = Clock::now();
        const double cpuStart = threadCpuSeconds();
        for (int k = 0; k < inner; ++k) work();
        cpuTimes.push_back((threadCpuSeconds() - cpuStart) / inner);
        times.push_back(std::chrono::duration<double>(Clock::now() - start).count() / inner);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpuTimes.begin(), cpuTimes.end());
    if (cpu) *cpu = cpuTimes[cpuTimes.size() / 2];
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 5 && std::string(argv[1]) == "--dump")
        return dump(argv[2], argv[3], std::strtoul(argv[4], nullptr, 10),
                    argc > 5 ? std::strtoul(argv[5], nullptr, 10) : std::size_t{20000});
    if (argc < 2) {
        std::fprintf(stderr, "usage: kpi_bench_engine RULES_FILE [N...] | --dump OUT RULES_FILE PERIODS [N]\n");
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
        const bool once = std::getenv("KPI_BENCH_ONCE") != nullptr;
        const int inner = once || n >= 100000 ? 1 : static_cast<int>(100000 / n);
        const int repetitions = once ? 1 : 5;
        double oursCpu = 0;
        const double ours = medianSeconds(
            [&] {
                const auto result = kpi::engine::run(rules, table, today);
                indicators = result.indicators.size();
            },
            repetitions, inner, &oursCpu);
        long checksum = 0;
        const double floor = medianSeconds([&] { checksum += physical(data, today, due); }, repetitions, once ? 1 : inner * 20);
        std::printf("{\"n\": %zu, \"indicators\": %zu, \"seconds\": %.6g, \"cpu_seconds\": %.6g, \"physical_seconds\": %.6g, "
                    "\"checksum\": %ld}\n",
                    n, indicators, ours, oursCpu, floor, checksum % 7);
        std::fflush(stdout);
    }
    return 0;
}
