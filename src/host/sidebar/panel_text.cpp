// Texts of the sidebar panel, from the document engine's reports.

#include "host/sidebar/panel_text.hpp"

#include <cctype>
#include <set>

namespace kpi::host::sidebar {

namespace {

long long countOf(const nlohmann::json& counts, const char* key)
{
    const auto found = counts.find(key);
    return found != counts.end() && found->is_number() ? found->get<long long>() : 0;
}

std::string pair(const std::string& name, long long value)
{
    return name + ": " + std::to_string(value);
}

std::string joined(const std::vector<std::string>& parts)
{
    std::string line;
    for (const auto& part : parts) line += (line.empty() ? "" : "    ") + part;
    return line;
}

std::string text(const nlohmann::json& object, const char* key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string capitalised(std::string word)
{
    if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    return word;
}

} // namespace

std::string countsText(const nlohmann::json& counts)
{
    if (!counts.is_object()) return {};
    std::vector<std::string> statuses = {pair("Red", countOf(counts, "red")), pair("Amber", countOf(counts, "amber")),
                                         pair("Green", countOf(counts, "green"))};
    // Every other status count the engine reports (blue, or a status declared with `style`).
    static const std::set<std::string> known = {"indicators", "red", "amber", "green", "nodata", "smartFailures",
                                                "flags", "high", "medium", "low"};
    for (const auto& [key, value] : counts.items())
        if (!known.count(key) && value.is_number() && value.get<long long>() != 0)
            statuses.push_back(pair(capitalised(key), value.get<long long>()));
    return joined({pair("Indicators", countOf(counts, "indicators")), pair("Flags", countOf(counts, "flags"))}) + "\n" +
           joined(statuses) + "\n" +
           joined({pair("No data", countOf(counts, "nodata")), pair("SMART failures", countOf(counts, "smartFailures"))});
}

std::string exceptionItem(const nlohmann::json& exception)
{
    const std::string severity = text(exception, "severity");
    std::string item = severity == "smart" ? std::string("SMART") : capitalised(severity);
    item += " · " + text(exception, "code") + " · " + text(exception, "message");
    const std::string period = text(exception, "period");
    if (!period.empty() && severity != "smart") item += " (" + period + ")";
    return item;
}

std::size_t errorCount(const nlohmann::json& report)
{
    std::size_t errors = 0;
    if (const auto found = report.find("diagnostics"); found != report.end() && found->is_array())
        for (const auto& diagnostic : *found)
            if (text(diagnostic, "severity") == "error") ++errors;
    return errors;
}

std::string diagnosticsText(const nlohmann::json& report)
{
    std::string lines;
    const std::string error = text(report, "error");
    if (!error.empty() && errorCount(report) == 0) lines = capitalised(error) + ".\n";
    const auto found = report.find("diagnostics");
    if (found == report.end() || !found->is_array()) return lines;
    for (const bool errorsNow : {true, false})
        for (const auto& diagnostic : *found) {
            if ((text(diagnostic, "severity") == "error") != errorsNow) continue;
            // Rules diagnostics point at a line of the rules; data notes (line 0) name their cell in the message.
            const int lineNumber = diagnostic.value("line", 0);
            std::string line = lineNumber > 0 ? "Line " + std::to_string(lineNumber) + ", column " +
                                                    std::to_string(diagnostic.value("column", 0)) + ": " +
                                                    text(diagnostic, "severity")
                                              : capitalised(text(diagnostic, "severity"));
            line += " " + text(diagnostic, "code") + ": " + text(diagnostic, "message");
            lines += line + "\n";
            const std::string hint = text(diagnostic, "hint");
            if (!hint.empty()) lines += "    " + hint + "\n";
        }
    return lines;
}

std::optional<CellPosition> parseCellName(std::string_view name)
{
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    std::string_view sheet = name.substr(0, dot);
    std::string_view cell = name.substr(dot + 1);
    CellPosition position;
    if (sheet.front() == '$') sheet.remove_prefix(1);
    if (sheet.size() >= 2 && sheet.front() == '\'' && sheet.back() == '\'') {
        sheet = sheet.substr(1, sheet.size() - 2);
        for (std::size_t i = 0; i < sheet.size(); ++i) {
            position.sheet += sheet[i];
            if (sheet[i] == '\'' && i + 1 < sheet.size() && sheet[i + 1] == '\'') ++i;
        }
    } else {
        position.sheet = std::string(sheet);
    }
    if (position.sheet.empty()) return std::nullopt;

    std::size_t i = 0;
    auto skipDollar = [&] { if (i < cell.size() && cell[i] == '$') ++i; };
    skipDollar();
    std::int64_t column = 0;
    const std::size_t lettersStart = i;
    while (i < cell.size() && std::isalpha(static_cast<unsigned char>(cell[i])) && i - lettersStart < 4)
        column = column * 26 + (std::toupper(static_cast<unsigned char>(cell[i++])) - 'A' + 1);
    if (i == lettersStart) return std::nullopt;
    skipDollar();
    std::int64_t row = 0;
    const std::size_t digitsStart = i;
    while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i])) && i - digitsStart < 8)
        row = row * 10 + (cell[i++] - '0');
    if (i == digitsStart || i != cell.size() || row < 1) return std::nullopt;
    position.row = static_cast<std::int32_t>(row - 1);
    position.column = static_cast<std::int32_t>(column - 1);
    return position;
}

} // namespace kpi::host::sidebar
