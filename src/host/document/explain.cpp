// DocumentEngine::explain: "why does this cell look as it does?" Compiles the rules, reads the one sheet
// the cell is on (one getDataArray, as run() reads it), explains the cell with the core
// (engine::explain, language/explain.hpp) and turns the explanation into the report JSON. Never writes.

#include "host/document/document_engine.hpp"

#include "host/document/reading.hpp"
#include "host/document/spreadsheet.hpp"

#include "engine/engine.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace kpi::host::document {

namespace {

nlohmann::json ruleJson(const std::optional<language::RuleReference>& rule)
{
    if (!rule) return nullptr;
    return {{"line", rule->line}, {"column", rule->column}, {"text", rule->text}};
}

nlohmann::json conditionJson(const language::TestedCondition& tested)
{
    return {{"rule", ruleJson(tested.rule)},
            {"condition", tested.condition},
            {"outcome", tested.outcome},
            {"truth", tested.truth ? nlohmann::json(*tested.truth) : nlohmann::json(nullptr)},
            {"applies", tested.applies},
            {"reason", tested.reason}};
}

// The report keys of docs/document-engine.md ("explain"); every key is present for every kind.
nlohmann::json explanationJson(const language::Explanation& e, std::string_view sheet)
{
    nlohmann::json values = nlohmann::json::array();
    for (const auto& v : e.values) {
        nlohmann::json value = {{"name", v.name}, {"text", v.text}};
        if (!v.definition.empty()) {
            value["definition"] = v.definition;
            value["uses"] = v.uses;
        }
        values.push_back(std::move(value));
    }
    nlohmann::json earlier = nlohmann::json::array();
    for (const auto& t : e.earlier) earlier.push_back(conditionJson(t));
    nlohmann::json flags = nlohmann::json::array();
    for (const auto& f : e.flags)
        flags.push_back({{"level", std::string(language::levelName(f.level))},
                         {"raised", f.raised},
                         {"message", f.message},
                         {"rule", ruleJson(f.condition.rule)},
                         {"condition", f.condition.condition},
                         {"reason", f.condition.reason}});
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& c : e.checks)
        checks.push_back({{"letter", c.letter},
                          {"message", c.message},
                          {"passed", c.passed},
                          {"rule", ruleJson(c.condition.rule)},
                          {"condition", c.condition.condition},
                          {"reason", c.condition.reason}});
    return {{"ok", true},
            {"kind", std::string(language::kindName(e.kind))},
            {"sheet", std::string(sheet)},
            {"cell", columnLetters(e.column) + std::to_string(e.row + 1)},
            {"header", e.header},
            {"indicator", e.indicator},
            {"period", e.period},
            {"status", e.status},
            {"value", e.cell},
            {"rule", ruleJson(e.rule)},
            {"earlier", std::move(earlier)},
            {"values", std::move(values)},
            {"flags", std::move(flags)},
            {"checks", std::move(checks)},
            {"text", e.text}};
}

// A cell the core never sees (another sheet, an empty one): same keys, kind "outside".
nlohmann::json outsideJson(std::string_view sheet, std::int32_t row, std::int32_t column, const std::string& why)
{
    return {{"ok", true},
            {"kind", "outside"},
            {"sheet", std::string(sheet)},
            {"cell", columnLetters(static_cast<std::size_t>(column)) + std::to_string(row + 1)},
            {"header", ""},
            {"indicator", ""},
            {"period", ""},
            {"status", ""},
            {"value", ""},
            {"rule", nullptr},
            {"earlier", nlohmann::json::array()},
            {"values", nlohmann::json::array()},
            {"flags", nlohmann::json::array()},
            {"checks", nlohmann::json::array()},
            {"text", why + ". It is not part of an indicator table, so no rule applies to it."}};
}

} // namespace

nlohmann::json DocumentEngine::explain(std::string_view rulesText, std::string_view rulesName, const RunOptions& options,
                                       std::string_view sheetName, std::int32_t row, std::int32_t column)
{
    const std::string name = rulesName.empty() ? std::string("rules.kpirules") : std::string(rulesName);
    nlohmann::json failure = {{"ok", false}, {"diagnostics", nlohmann::json::array()}};

    engine::CompiledRules rules(name, std::string(rulesText));
    if (!rules.ok()) {
        for (const auto& diagnostic : rules.diagnostics()) failure["diagnostics"].push_back(diagnosticJson(rules, diagnostic));
        failure["error"] = "the rules have errors";
        return failure;
    }
    if (row < 0 || column < 0) {
        failure["error"] = "row and column are 0-based cell positions and cannot be negative";
        return failure;
    }

    Document document(document_);
    const std::vector<std::string> names = document.sheetNames();
    const auto found = std::find(names.begin(), names.end(), std::string(sheetName));
    if (found == names.end()) {
        std::string present;
        for (const auto& sheet : names) present += (present.empty() ? "\"" : ", \"") + sheet + "\"";
        failure["error"] = "no sheet named \"" + std::string(sheetName) + "\"; the document has " + present;
        return failure;
    }
    const std::string quoted = "\"" + std::string(sheetName) + "\"";
    if (sheetName == exceptionsSheetName || sheetName == logSheetName)
        return outsideJson(sheetName, row, column, "sheet " + quoted + " is written by KPI Rules itself");
    if (!engine::selectsSheet(rules, sheetName))
        return outsideJson(sheetName, row, column,
                           "the rules (" + name + ") read sheet \"" + rules.program().sheet + "\", not " + quoted);

    const auto sheet = document.sheetAt(static_cast<sal_Int32>(found - names.begin()));
    const auto end = Document::usedEnd(sheet);
    if (!end) return outsideJson(sheetName, row, column, "sheet " + quoted + " is empty");
    std::unique_ptr<language::MemoryTable> table;
    try {
        table = readTable(std::string(sheetName), sheet, static_cast<std::size_t>(end->first),
                          static_cast<std::size_t>(end->second));
    } catch (const std::length_error& e) { // a used area too large to read: bad data, reported as such
        failure["error"] = e.what();
        return failure;
    }
    const double today = options.asOf ? *options.asOf : todayCoreSerial();
    const engine::ExplainResult result =
        engine::explain(rules, *table, today, static_cast<std::size_t>(row), static_cast<std::size_t>(column));
    if (!result.ok()) {
        if (rules.program().sheet == "*")
            return outsideJson(sheetName, row, column, "sheet " + quoted + " does not have the headers the rules need");
        for (const auto& diagnostic : result.diagnostics)
            failure["diagnostics"].push_back(diagnosticJson(rules, diagnostic, sheetName));
        failure["error"] = "sheet " + quoted + " does not have the headers the rules need";
        return failure;
    }
    return explanationJson(*result.explanation, sheetName);
}

} // namespace kpi::host::document
