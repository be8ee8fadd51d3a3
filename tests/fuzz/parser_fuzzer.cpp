// libFuzzer target for the rules language: any bytes are parsed, checked and every diagnostic rendered;
// when the rules check clean they are also run over a small table built to match their headers (a few
// indicators with numbers, text, placeholders, blanks and an error cell). Nothing may crash, hang, leak
// or read out of bounds (built with ASan/UBSan).

#include "engine/engine.hpp"
#include "language/checker.hpp"
#include "language/render.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// A table whose header row has the key, every field's first header and each series' first and last
// headers (with one period between), and rows of assorted cell values.
kpi::language::MemoryTable tableFor(const kpi::language::Program& program) {
    using kpi::Value;
    std::vector<Value> headers{Value::text(program.key)};
    for (const auto& field : program.fields) headers.push_back(Value::text(field.headers.front()));
    for (const auto& series : program.series) {
        headers.push_back(Value::text(series.firstHeader));
        headers.push_back(Value::text("between"));
        headers.push_back(Value::text(series.lastHeader));
    }
    const Value samples[] = {Value::number(12), Value::text("95%"), Value{}, Value::text("n/a"),
                             Value::text("Higher"), Value::number(-3.5), Value::error("#DIV/0!"), Value::text("even")};
    std::vector<std::vector<Value>> rows{headers};
    for (std::size_t r = 0; r < 4; ++r) {
        std::vector<Value> row{Value::text("K" + std::to_string(r % 3))};
        for (std::size_t c = 1; c < headers.size(); ++c) row.push_back(samples[(r * 7 + c * 3) % std::size(samples)]);
        rows.push_back(std::move(row));
    }
    return kpi::language::MemoryTable("Fuzz", std::move(rows));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    kpi::engine::CompiledRules rules("fuzz.kpirules", std::move(text));
    std::size_t rendered = 0;
    for (const auto& d : rules.diagnostics()) rendered += rules.render(d).size();
    if (rules.ok()) {
        auto table = tableFor(rules.program());
        auto result = kpi::engine::run(rules, table, 45500);
        rendered += result.indicators.size();
    }
    return rendered > 0 ? 0 : 0;
}
