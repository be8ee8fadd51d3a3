#include "engine/engine.hpp"

#include "core/text_key.hpp"
#include "language/checker.hpp"
#include "language/render.hpp"

#include <algorithm>

namespace kpi::engine {

struct CompiledRules::State {
    language::ParsedRules parsed;
    language::Program program;
    Diagnostics diagnostics;
};

CompiledRules::CompiledRules(std::string_view fileName, std::string text) {
    language::ParsedRules parsed = language::parseRules(fileName, std::move(text));
    language::CheckedRules checked = language::checkRules(parsed);
    Diagnostics all = parsed.diagnostics();
    all.insert(all.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    std::stable_sort(all.begin(), all.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
    state_ = std::make_unique<State>(State{std::move(parsed), std::move(checked.program), std::move(all)});
}

CompiledRules::~CompiledRules() = default;
CompiledRules::CompiledRules(CompiledRules&&) noexcept = default;
CompiledRules& CompiledRules::operator=(CompiledRules&&) noexcept = default;

const std::string& CompiledRules::fileName() const { return state_->parsed.fileName(); }
const language::SourceText& CompiledRules::source() const { return state_->parsed.source(); }
const Diagnostics& CompiledRules::diagnostics() const { return state_->diagnostics; }
const language::Program& CompiledRules::program() const { return state_->program; }

std::string CompiledRules::render(const Diagnostic& diagnostic, bool colour) const {
    return language::renderDiagnostic(diagnostic, fileName(), source(), {colour});
}

RunResult run(const CompiledRules& rules, const language::TableView& table, double today) {
    RunResult result;
    if (!rules.ok()) return result;
    language::ResolvedLayout resolved = language::resolveLayout(rules.program(), table);
    result.diagnostics = std::move(resolved.diagnostics);
    if (!resolved.layout) return result;
    result.layout = std::move(resolved.layout);
    language::Evaluation evaluation = language::evaluate(rules.program(), *result.layout, table, {today});
    result.indicators = std::move(evaluation.indicators);
    result.checkColumns = std::move(evaluation.checkColumns);
    result.statusColumns = std::move(evaluation.statusColumns);
    result.diagnostics.insert(result.diagnostics.end(), evaluation.diagnostics.begin(), evaluation.diagnostics.end());
    return result;
}

ExplainResult explain(const CompiledRules& rules, const language::TableView& table, double today, std::size_t row,
                      std::size_t column) {
    ExplainResult result;
    if (!rules.ok()) return result;
    language::ResolvedLayout resolved = language::resolveLayout(rules.program(), table);
    result.diagnostics = std::move(resolved.diagnostics);
    if (!resolved.layout) return result;
    result.explanation = language::explainCell(rules.program(), rules.source(), rules.fileName(), *resolved.layout, table,
                                               {today}, row, column);
    return result;
}

Value valueOnRow(const CompiledRules& rules, const RunResult& run, const language::TableView& table, double today,
                 std::size_t row, std::string_view name, std::optional<std::size_t> period) {
    if (!rules.ok() || !run.layout) return Value{};
    const language::Program& program = rules.program();
    language::NodeIndex node = language::noNode;
    for (const auto& let : program.lets)
        if (let.name == name) {
            node = let.value;
            break;
        }
    for (std::size_t slot = 0; node == language::noNode && slot < program.fields.size(); ++slot) {
        if (program.fields[slot].name != name) continue;
        for (std::size_t i = 0; i < program.nodes.size(); ++i)
            if (program.nodes[i].op == language::Op::Field && program.nodes[i].slot == slot) {
                node = static_cast<language::NodeIndex>(i);
                break;
            }
    }
    if (node == language::noNode) return Value{};
    const language::RowTrace trace = language::traceRow(program, *run.layout, table, {today}, row, {node});
    const std::vector<Value>& values = trace.values.front();
    if (!trace.series.front()) return values.empty() ? Value{} : values.front();
    if (!period || *period >= values.size()) return Value{};
    return values[*period];
}

bool selectsSheet(const CompiledRules& rules, std::string_view sheetName) {
    const std::string& sheet = rules.program().sheet;
    return sheet == "*" || sameKey(sheet, sheetName);
}

} // namespace kpi::engine
