// The menu command URLs and the outcome sentences shown after Run and Clear.

#include "host/commands/commands.hpp"

#include <array>
#include <cstdint>
#include <set>
#include <utility>

namespace kpi::host::commands {

namespace {

constexpr std::array<std::pair<Command, std::string_view>, 3> commandPaths{{
    {Command::Run, "Run"},
    {Command::Clear, "Clear"},
    {Command::ShowSidebar, "ShowSidebar"},
}};

// "1 flag", "3 flags".
std::string counted(std::int64_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::int64_t number(const nlohmann::json& object, const char* key)
{
    if (!object.is_object()) return 0;
    const auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

std::string text(const nlohmann::json& object, const char* key)
{
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string firstLine(const std::string& lines)
{
    return lines.substr(0, lines.find('\n'));
}

// "20 green, 5 amber, 15 red, 9 no data": the fixed statuses, blue and the rules' own statuses only
// when some indicator has them.
std::string statusCounts(const nlohmann::json& counts)
{
    static const std::set<std::string> notStatuses = {"indicators", "nodata", "smartFailures", "flags",
                                                      "high",       "medium", "low"};
    std::string result = std::to_string(number(counts, "green")) + " green, " + std::to_string(number(counts, "amber")) +
                         " amber, " + std::to_string(number(counts, "red")) + " red";
    if (number(counts, "blue") > 0) result += ", " + std::to_string(number(counts, "blue")) + " blue";
    if (counts.is_object())
        for (const auto& [name, value] : counts.items())
            if (!notStatuses.count(name) && name != "green" && name != "amber" && name != "red" && name != "blue" &&
                value.is_number_integer() && value.get<std::int64_t>() > 0)
                result += ", " + std::to_string(value.get<std::int64_t>()) + " " + name;
    result += ", " + std::to_string(number(counts, "nodata")) + " no data";
    return result;
}

std::int64_t diagnosticsOf(const nlohmann::json& report, const char* severity)
{
    std::int64_t n = 0;
    if (report.contains("diagnostics") && report["diagnostics"].is_array())
        for (const auto& diagnostic : report["diagnostics"])
            if (text(diagnostic, "severity") == severity) ++n;
    return n;
}

} // namespace

std::optional<Command> commandOfUrl(std::string_view url)
{
    const std::string_view protocol(commandProtocol);
    if (url.substr(0, protocol.size()) != protocol) return std::nullopt;
    const std::string_view path = url.substr(protocol.size());
    for (const auto& [command, name] : commandPaths)
        if (path == name) return command;
    return std::nullopt;
}

std::string commandUrl(Command command)
{
    for (const auto& [known, name] : commandPaths)
        if (known == command) return std::string(commandProtocol) + std::string(name);
    return std::string(commandProtocol);
}

std::string runOutcomeText(const nlohmann::json& report)
{
    const std::string rulesName = report.contains("rules") ? text(report["rules"], "name") : std::string();
    const std::string withRules = rulesName.empty() ? std::string() : " with " + rulesName;
    if (!report.is_object() || !report.value("ok", false)) {
        std::string error = text(report, "error");
        if (error.empty()) error = "an unknown error";
        std::string result = "KPI Rules could not run" + (rulesName.empty() ? "" : " " + rulesName) + ": " + error + ".";
        const auto& diagnostics = report.contains("diagnostics") ? report["diagnostics"] : nlohmann::json::array();
        constexpr int shown = 5;
        int listed = 0;
        int more = 0;
        if (diagnostics.is_array())
            for (const auto& diagnostic : diagnostics) {
                if (text(diagnostic, "severity") != "error") continue;
                if (listed == shown) {
                    ++more;
                    continue;
                }
                std::string line = firstLine(text(diagnostic, "rendered"));
                if (line.empty()) line = text(diagnostic, "message");
                result += "\n" + line;
                ++listed;
            }
        if (more > 0) result += "\n... and " + counted(more, "more error", "more errors") + ".";
        // A failed run never leaves a partial result (DocumentEngine::run undoes a failed write).
        if (error.find("the document is unchanged") == std::string::npos) result += "\nThe document is unchanged.";
        return result;
    }

    const nlohmann::json counts = report.contains("counts") ? report["counts"] : nlohmann::json::object();
    std::string result = "KPI Rules checked " + counted(number(counts, "indicators"), "indicator", "indicators") +
                         withRules + ": " + statusCounts(counts) + ".";
    const std::int64_t flags = number(counts, "flags");
    const std::int64_t smart = number(counts, "smartFailures");
    std::string found;
    if (flags > 0)
        found = counted(flags, "flag", "flags") + " (" + std::to_string(number(counts, "high")) + " high, " +
                std::to_string(number(counts, "medium")) + " medium, " + std::to_string(number(counts, "low")) + " low)";
    if (smart > 0) found += (found.empty() ? "" : " and ") + counted(smart, "SMART failure", "SMART failures");
    const bool written = report.value("written", false);
    if (found.empty())
        result += "\nNo flags and no SMART failures.";
    else
        result += "\n" + found + (written ? ": see the Exceptions sheet." : ".");
    if (!written) result += "\nNothing was written (evaluation only).";
    if (const std::int64_t warnings = diagnosticsOf(report, "warning"); warnings > 0)
        result += "\nThe rules have " + counted(warnings, "warning", "warnings") + ".";
    return result;
}

std::string clearOutcomeText(const nlohmann::json& report)
{
    if (!report.is_object() || !report.value("ok", false)) {
        const std::string error = text(report, "error");
        return "KPI Rules could not clear this document: " + (error.empty() ? std::string("an unknown error") : error) + ".";
    }
    const nlohmann::json cleared = report.contains("cleared") ? report["cleared"] : nlohmann::json::object();
    const bool sheet = cleared.is_object() && cleared.value("exceptionsSheet", false);
    std::string result;
    if (number(cleared, "styledRanges") == 0 && number(cleared, "columns") == 0 && number(cleared, "comments") == 0 && !sheet) {
        result = "Nothing to clear: KPI Rules has not written to this document.";
    } else {
        result = "KPI Rules took back what it wrote: " +
                 counted(number(cleared, "styledRanges"), "styled range", "styled ranges") + ", " +
                 counted(number(cleared, "columns"), "column", "columns") + ", " +
                 counted(number(cleared, "comments"), "comment", "comments") +
                 (sheet ? " and the Exceptions sheet." : ".") + " The KPI Log is kept.";
    }
    if (const std::string note = text(report, "note"); !note.empty()) result += "\nNote: " + note + ".";
    return result;
}

} // namespace kpi::host::commands
