#include "runner/report.hpp"

#include <charconv>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace kpi::runner {

namespace {

using nlohmann::json;

long countOf(const json& counts, const char* key) {
    auto found = counts.find(key);
    return found != counts.end() && found->is_number() ? found->get<long>() : 0;
}

// A JSON scalar as a cell of text: strings as they are, numbers in their shortest form, null empty.
std::string scalarText(const json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_float()) {
        char buffer[32];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, value.get<double>()).ptr;
        return std::string(buffer, end); // shortest form that reads back the same: 16, 0.91
    }
    return value.dump();
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

// Column header -> key in the engine's exception objects.
constexpr std::pair<const char*, const char*> exceptionColumns[] = {
    {"severity", "severity"}, {"code", "code"},         {"title", "title"},   {"rule", "rule"},
    {"message", "message"},   {"period", "period"},     {"value", "value"},   {"target", "target"},
    {"owner", "owner"},       {"escalation owner", "escalation"}, {"sheet", "sheet"}, {"cell", "cell"}};

const json& exceptionsOf(const WorkbookReport& report) {
    static const json none = json::array();
    auto found = report.engine.find("exceptions");
    return found != report.engine.end() && found->is_array() ? *found : none;
}

} // namespace

WorkbookReport readEngineReport(std::string workbook, std::string_view reportJson) {
    WorkbookReport report;
    report.workbook = std::move(workbook);
    report.engine = json::parse(reportJson, nullptr, false);
    if (report.engine.is_discarded() || !report.engine.is_object() || !report.engine.contains("ok"))
        throw std::runtime_error("the rules engine returned no valid report: " +
                                 std::string(reportJson.substr(0, 200)));
    const json counts = report.engine.value("counts", json::object());
    report.counts = {countOf(counts, "indicators"), countOf(counts, "red"),    countOf(counts, "amber"),
                     countOf(counts, "green"),      countOf(counts, "blue"),   countOf(counts, "nodata"),
                     countOf(counts, "smartFailures"), countOf(counts, "flags")};
    return report;
}

std::string describeFailure(const WorkbookReport& report) {
    std::ostringstream text;
    std::string error = report.engine.value("error", std::string());
    if (!error.empty()) text << error << '\n';
    for (const auto& diagnostic : report.engine.value("diagnostics", json::array())) {
        if (diagnostic.value("severity", std::string()) != "error") continue;
        std::string rendered = diagnostic.value("rendered", std::string());
        if (rendered.empty())
            rendered = "line " + std::to_string(diagnostic.value("line", 0)) + ": " +
                       diagnostic.value("message", std::string()) + '\n';
        text << rendered;
        if (!rendered.empty() && rendered.back() != '\n') text << '\n';
    }
    std::string result = text.str();
    return result.empty() ? "the rules engine reported a failure without a message\n" : result;
}

void writeExceptionsCsv(const WorkbookReport& report, std::ostream& out) {
    out << "workbook";
    for (const auto& [header, key] : exceptionColumns) out << ',' << csvField(header);
    out << "\r\n";
    for (const auto& exception : exceptionsOf(report)) {
        out << csvField(report.workbook);
        for (const auto& [header, key] : exceptionColumns) {
            auto found = exception.find(key);
            out << ',' << csvField(found == exception.end() ? std::string() : scalarText(*found));
        }
        out << "\r\n";
    }
}

json exceptionsJson(const WorkbookReport& report) {
    json exceptions = json::array();
    for (const auto& exception : exceptionsOf(report)) {
        json row = exception;
        row["workbook"] = report.workbook;
        exceptions.push_back(std::move(row));
    }
    return {{"workbook", report.workbook},
            {"output", report.output},
            {"rules", report.engine.value("rules", json::object())},
            {"counts", report.engine.value("counts", json::object())},
            {"tables", report.engine.value("tables", json::array())},
            {"exceptions", std::move(exceptions)}};
}

void printSummary(const std::vector<WorkbookReport>& reports, std::ostream& out) {
    static constexpr const char* headers[] = {"Indicators", "Red", "Amber", "Green", "No data", "SMART failures",
                                              "Flags"};
    std::size_t nameWidth = std::string_view("Workbook").size();
    for (const auto& report : reports) nameWidth = std::max(nameWidth, report.workbook.size());
    nameWidth = std::max(nameWidth, std::string_view("Total").size());

    auto row = [&](const std::string& name, const StatusCounts& c) {
        out << std::left << std::setw(static_cast<int>(nameWidth)) << name << std::right;
        const long values[] = {c.indicators, c.red, c.amber, c.green, c.noData, c.smartFailures, c.flags};
        for (std::size_t i = 0; i < std::size(values); ++i)
            out << "  " << std::setw(static_cast<int>(std::string_view(headers[i]).size())) << values[i];
        out << '\n';
    };
    out << std::left << std::setw(static_cast<int>(nameWidth)) << "Workbook" << std::right;
    for (const char* header : headers) out << "  " << header;
    out << '\n';
    StatusCounts total;
    for (const auto& report : reports) {
        row(report.workbook, report.counts);
        const auto& c = report.counts;
        total.indicators += c.indicators;
        total.red += c.red;
        total.amber += c.amber;
        total.green += c.green;
        total.blue += c.blue;
        total.noData += c.noData;
        total.smartFailures += c.smartFailures;
        total.flags += c.flags;
    }
    if (reports.size() > 1) row("Total", total);
}

ProgressBar::ProgressBar(std::ostream& out, std::size_t total, bool enabled)
    : out_(out), total_(total), enabled_(enabled && total > 1) {}

void ProgressBar::show(std::size_t done, std::string_view current) {
    if (!enabled_) return;
    constexpr std::size_t width = 30;
    std::size_t filled = total_ == 0 ? width : done * width / total_;
    std::string name(current.substr(0, 40));
    out_ << "\r\x1b[K[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << done << '/'
         << total_ << ' ' << name << std::flush;
}

void ProgressBar::finish() {
    if (enabled_) out_ << "\r\x1b[K" << std::flush;
}

} // namespace kpi::runner
