// The document engine: read and evaluate every selected sheet, then write the results in bulk inside
// one undo context, taking back the previous run's writes first.

#include "host/document/document_engine.hpp"

#include "host/cell_conversion.hpp"
#include "host/document/reading.hpp"
#include "host/document/spreadsheet.hpp"
#include "host/document/write_record.hpp"

#include "core/cell_text.hpp"
#include "core/phase_timings.hpp"
#include "engine/engine.hpp"
#include "language/error_handler.hpp"

#include <com/sun/star/awt/FontWeight.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/document/XUndoManager.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeFormula.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRangeContainer.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/sheet/XUniqueCellFormatRangesSupplier.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableColumns.hpp>
#include <com/sun/star/table/XTableRows.hpp>
#include <com/sun/star/util/XModifiable.hpp>
#include <com/sun/star/util/XProtectable.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <stdexcept>
#include <tuple>

namespace kpi::host::document {

namespace {

constexpr char undoTitle[] = "KPI Rules: run";
constexpr char clearUndoTitle[] = "KPI Rules: clear";
constexpr char rowsUndoTitle[] = "KPI Rules: automatic";

// ---- small helpers ----------------------------------------------------------------------------

// The phases KPI_TIMINGS measured, into the report ("timings"); nothing when it is off.
void addTimings(const PhaseTimings& timer, nlohmann::json& report)
{
    for (const auto& [phase, milliseconds] : timer.phases()) report["timings"][phase] = milliseconds;
}

std::string lowerNoSpaces(std::string_view text)
{
    std::string folded;
    for (char c : text)
        if (c != ' ' && c != '_') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return folded;
}

std::string isoTimeNow()
{
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

nlohmann::json valueJson(const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Number: return value.asNumber();
    case Value::Kind::Boolean: return value.asNumber() != 0.0;
    case Value::Kind::Text: return value.asText();
    case Value::Kind::Blank:
    case Value::Kind::Error: break;
    }
    return nullptr;
}

// The cell value Calc gets for an engine value: numbers stay numbers, everything else is text.
Any cellAny(const Value& value)
{
    switch (value.kind()) {
    case Value::Kind::Number: return Any(value.asNumber());
    case Value::Kind::Boolean: return Any(OUString::createFromAscii(value.asNumber() != 0.0 ? "TRUE" : "FALSE"));
    case Value::Kind::Text: return Any(fromUtf8(value.asText()));
    case Value::Kind::Error: return Any(fromUtf8("#" + value.asText()));
    case Value::Kind::Blank: break;
    }
    return Any(OUString());
}

Any jsonCellAny(const nlohmann::json& value)
{
    if (value.is_number()) return Any(value.get<double>());
    if (value.is_string()) return Any(fromUtf8(value.get<std::string>()));
    return Any(OUString());
}

// ---- reading -----------------------------------------------------------------------------------

struct SheetTable {
    std::string name;
    Reference<css::sheet::XSpreadsheet> sheet;
    std::size_t lastColumn = 0; // of the used area
    std::size_t lastRow = 0;
    std::unique_ptr<language::MemoryTable> table;
    engine::RunResult result;
    double today = 0.0; // the run's date serial, to evaluate a row again (the exceptions' target)
};

// ---- what to write -----------------------------------------------------------------------------

struct StyleNames {
    std::map<std::string, std::string> byName; // folded status or role name -> cell style

    explicit StyleNames(const language::Program& program)
    {
        byName = {{"green", "KPI Green"}, {"amber", "KPI Amber"}, {"red", "KPI Red"},   {"blue", "KPI Blue"},
                  {"nodata", "KPI No data"}, {"flag", "KPI Flag"}, {"smart", "KPI SMART"}};
        for (const auto& style : program.styles) byName[lowerNoSpaces(style.name)] = style.cellStyle;
    }

    std::string forStatus(std::string_view statusName) const
    {
        auto found = byName.find(lowerNoSpaces(statusName));
        return found != byName.end() ? found->second : std::string(statusName);
    }
    std::string forFlag(language::FlagLevel level) const
    {
        auto found = byName.find(std::string(language::levelName(level)));
        return found != byName.end() ? found->second : byName.at("flag");
    }
};

// Target styles per cell of one sheet; later roles win (period < SMART < flag).
using StyleGrid = std::map<std::pair<std::size_t, std::size_t>, std::string>; // (row, column) -> style

// Cells grouped by style, each row's runs of neighbouring cells as one range.
std::map<std::string, std::vector<css::table::CellRangeAddress>> groupByStyle(const StyleGrid& grid, sal_Int16 sheet)
{
    std::map<std::string, std::vector<css::table::CellRangeAddress>> groups;
    auto it = grid.begin();
    while (it != grid.end()) {
        const auto [row, first] = it->first;
        const std::string& style = it->second;
        std::size_t last = first;
        auto next = std::next(it);
        while (next != grid.end() && next->first.first == row && next->first.second == last + 1 && next->second == style) {
            ++last;
            ++next;
        }
        groups[style].push_back(rangeAddress(sheet, first, row, last, row));
        it = next;
    }
    return groups;
}

// The cell style of every cell in the area, from the unique-format ranges (one call, a few properties each).
std::map<std::pair<std::size_t, std::size_t>, std::string> currentStyles(const Reference<css::sheet::XSpreadsheet>& sheet,
                                                                         const StyleGrid& cells)
{
    std::map<std::pair<std::size_t, std::size_t>, std::string> styles;
    if (cells.empty()) return styles;
    std::size_t lastRow = 0, lastColumn = 0;
    for (const auto& [position, style] : cells) {
        lastRow = std::max(lastRow, position.first);
        lastColumn = std::max(lastColumn, position.second);
    }
    auto area = sheet->getCellRangeByPosition(0, 0, static_cast<sal_Int32>(lastColumn), static_cast<sal_Int32>(lastRow));
    auto unique = Reference<css::sheet::XUniqueCellFormatRangesSupplier>(area, UNO_QUERY_THROW)->getUniqueCellFormatRanges();
    const sal_Int32 count = unique->getCount();
    for (sal_Int32 i = 0; i < count; ++i) {
        Reference<css::sheet::XSheetCellRanges> ranges(unique->getByIndex(i), UNO_QUERY_THROW);
        OUString style;
        Reference<css::beans::XPropertySet>(ranges, UNO_QUERY_THROW)->getPropertyValue("CellStyle") >>= style;
        const std::string name = toUtf8(style);
        for (const auto& address : ranges->getRangeAddresses())
            for (sal_Int32 r = address.StartRow; r <= address.EndRow; ++r)
                for (sal_Int32 c = address.StartColumn; c <= address.EndColumn; ++c)
                    if (cells.count({static_cast<std::size_t>(r), static_cast<std::size_t>(c)}))
                        styles[{static_cast<std::size_t>(r), static_cast<std::size_t>(c)}] = name;
    }
    return styles;
}

struct IndicatorFacts {
    std::optional<std::size_t> latestPeriod; // index into the status series: last period with a value
    nlohmann::json latestValue = nullptr;
};

IndicatorFacts factsOf(const engine::RunResult& result, const language::TableView& table,
                       const language::IndicatorResult& indicator)
{
    IndicatorFacts facts;
    for (std::size_t period = result.statusColumns.size(); period-- > 0;) {
        const Value& raw = table.cell(indicator.row, result.statusColumns[period]);
        if (!isBlankLike(raw) && !raw.isError()) {
            facts.latestPeriod = period;
            if (auto number = numberFrom(raw)) facts.latestValue = *number;
            else facts.latestValue = valueJson(interpretCell(raw));
            break;
        }
    }
    return facts;
}

std::string fieldText(const language::Program& program, const engine::RunResult& result, const language::TableView& table,
                      const language::IndicatorResult& indicator, std::string_view fieldName)
{
    for (std::size_t slot = 0; slot < program.fields.size(); ++slot) {
        if (program.fields[slot].name != fieldName) continue;
        const std::size_t column = result.layout->fieldColumns[slot];
        if (column == language::noColumn) return {};
        const Value value = interpretCell(table.cell(indicator.row, column));
        if (value.isText()) return value.asText();
        if (value.isNumber()) {
            char text[64];
            std::snprintf(text, sizeof text, "%g", value.asNumber());
            return text;
        }
        return {};
    }
    return {};
}

std::string messageTemplate(const engine::CompiledRules& rules, const language::FlagDefinition& flag)
{
    const std::string& source = rules.source().text();
    std::string text;
    for (const auto& part : flag.message) {
        text += part.text;
        if (part.expression == language::noNode) continue;
        const auto& span = rules.program().nodes[part.expression].span;
        if (span.end > span.begin && span.end <= source.size()) text += "{" + source.substr(span.begin, span.end - span.begin) + "}";
    }
    return text;
}

int severityRank(const std::string& severity)
{
    if (severity == "high") return 0;
    if (severity == "medium") return 1;
    if (severity == "low") return 2;
    return 3;
}

// ---- taking back a recorded run ----------------------------------------------------------------

// Comments of the previous run that a new run leaves where they are, because it would write the same
// text there again: (sheet, column, row) -> the comment the cell had before KPI Rules wrote (from the
// record). Creating a comment is Calc's dearest write (each builds its drawing object, about 1.5 ms), so a
// re-run only rewrites the comments that changed.
using KeptComments = std::map<std::tuple<std::string, std::size_t, std::size_t>, std::optional<std::string>>;

nlohmann::json takeBack(Document& document, const WriteRecord& record, const KeptComments& kept = {})
{
    nlohmann::json cleared = {{"styledRanges", 0}, {"columns", 0}, {"comments", 0}, {"exceptionsSheet", false}};
    // Latest first, so the positions of columns the run inserted stay right.
    for (auto recorded = record.columns.rbegin(); recorded != record.columns.rend(); ++recorded) {
        const RecordedColumn& column = *recorded;
        if (!document.hasSheet(column.sheet)) continue;
        auto sheet = document.sheet(column.sheet);
        if (column.created) {
            Reference<css::table::XColumnRowRange>(sheet, UNO_QUERY_THROW)
                ->getColumns()
                ->removeByIndex(static_cast<sal_Int32>(column.column), 1);
            cleared["columns"] = cleared["columns"].get<int>() + 1;
            continue;
        }
        for (const auto& block : column.blocks) {
            Sequence<Sequence<OUString>> formulas(static_cast<sal_Int32>(block.previous.size()));
            for (std::size_t i = 0; i < block.previous.size(); ++i) {
                Sequence<OUString> row(1);
                row.getArray()[0] = fromUtf8(block.previous[i]);
                formulas.getArray()[i] = row;
            }
            rangeFormula(sheet, column.column, block.row, column.column, block.row + block.previous.size() - 1)
                ->setFormulaArray(formulas);
        }
        cleared["columns"] = cleared["columns"].get<int>() + 1;
    }
    // Comments: removed with one call per sheet; the ones that were there before go back one by one.
    std::map<std::string, std::vector<css::table::CellRangeAddress>> commentCells;
    std::map<std::string, std::optional<sal_Int16>> sheetIndices; // looked up once per sheet
    for (const auto& comment : record.comments) {
        if (kept.count({comment.sheet, comment.column, comment.row})) continue;
        auto [known, added] = sheetIndices.try_emplace(comment.sheet);
        if (added && document.hasSheet(comment.sheet)) known->second = document.indexOf(comment.sheet);
        if (!known->second) continue;
        commentCells[comment.sheet].push_back(
            rangeAddress(*known->second, comment.column, comment.row, comment.column, comment.row));
    }
    for (const auto& [sheetName, cells] : commentCells) document.clearComments(cells);
    std::map<std::string, Reference<css::sheet::XSheetAnnotations>> annotations; // per sheet, got once
    for (const auto& comment : record.comments) {
        if (!commentCells.count(comment.sheet) || kept.count({comment.sheet, comment.column, comment.row})) continue;
        if (comment.previous) {
            auto& sheetAnnotations = annotations[comment.sheet];
            if (!sheetAnnotations.is()) sheetAnnotations = annotationsOfSheet(document.sheet(comment.sheet));
            insertAnnotation(sheetAnnotations, static_cast<sal_Int32>(comment.column), static_cast<sal_Int32>(comment.row),
                             *comment.previous);
        }
        cleared["comments"] = cleared["comments"].get<int>() + 1;
    }
    for (const auto& group : record.styles) {
        if (!document.hasSheet(group.sheet)) continue;
        const sal_Int16 sheetIndex = document.indexOf(group.sheet);
        std::vector<css::table::CellRangeAddress> ranges;
        for (const auto& r : group.ranges) ranges.push_back(rangeAddress(sheetIndex, r[0], r[1], r[2], r[3]));
        document.applyStyle(ranges, group.style);
        cleared["styledRanges"] = cleared["styledRanges"].get<int>() + static_cast<int>(ranges.size());
    }
    if (document.hasSheet(exceptionsSheetName)) {
        document.removeSheet(exceptionsSheetName);
        cleared["exceptionsSheet"] = true;
    }
    return cleared;
}

// Reads the record a previous run left in the Exceptions sheet. Absent sheet: nothing recorded.
// A sheet named Exceptions without a record is the user's: the caller must not touch it.
enum class RecordState { None, Recorded, ForeignSheet };

RecordState readRecord(const Document& document, WriteRecord& record)
{
    if (!document.hasSheet(exceptionsSheetName)) return RecordState::None;
    auto sheet = document.sheet(exceptionsSheetName);
    const auto end = Document::usedEnd(sheet);
    if (!end || static_cast<std::size_t>(end->first) < recordColumn) return RecordState::ForeignSheet;
    const auto data = rangeData(sheet, recordColumn, 0, recordColumn, static_cast<std::size_t>(end->second))->getDataArray();
    std::vector<std::string> chunks;
    for (const auto& row : data) {
        OUString text;
        if (!(row[0] >>= text) || text.isEmpty()) break;
        chunks.push_back(toUtf8(text));
    }
    auto parsed = WriteRecord::fromChunks(chunks);
    if (!parsed) return RecordState::ForeignSheet;
    record = std::move(*parsed);
    return RecordState::Recorded;
}

// ---- results: counts, exceptions, and what each table gets --------------------------------------

using Comments = std::vector<std::pair<std::size_t, std::string>>; // (row, text) on the key column

struct Results {
    std::map<std::string, int> counts = {{"indicators", 0}, {"green", 0},         {"amber", 0}, {"red", 0},
                                         {"blue", 0},       {"nodata", 0},        {"smartFailures", 0},
                                         {"flags", 0},      {"high", 0},          {"medium", 0}, {"low", 0}};
    nlohmann::json tables = nlohmann::json::array();
    nlohmann::json exceptions = nlohmann::json::array(); // with "row" and "column" of the key cell
    std::vector<StyleGrid> styles;                       // per table
    std::vector<Comments> comments;                      // per table
};

// Whether a flag of this level goes into the key cell's comment (`option comments`).
bool commented(language::FlagLevel level, CommentLevel comments)
{
    switch (comments) {
    case CommentLevel::All: return true;
    case CommentLevel::High: return level == language::FlagLevel::High;
    case CommentLevel::Medium: return level != language::FlagLevel::Low;
    case CommentLevel::None: return false;
    }
    return true;
}

void summariseTable(const engine::CompiledRules& rules, CommentLevel commentLevel, const SheetTable& sheetTable,
                    Results& results, StyleGrid& grid, Comments& comments)
{
    const language::Program& program = rules.program();
    const StyleNames styleNames(program);
    const auto& result = sheetTable.result;
    const auto& layout = *result.layout;
    results.tables.push_back(
        {{"sheet", sheetTable.name}, {"headerRow", layout.headerRow + 1}, {"indicators", result.indicators.size()}});

    // Periods up to the latest one any indicator reported get a style; later (future) periods stay plain.
    std::optional<std::size_t> lastReported;
    std::vector<IndicatorFacts> facts;
    for (const auto& indicator : result.indicators) {
        facts.push_back(factsOf(result, *sheetTable.table, indicator));
        if (facts.back().latestPeriod) lastReported = std::max(lastReported.value_or(0), *facts.back().latestPeriod);
    }
    auto& counts = results.counts;
    for (std::size_t i = 0; i < result.indicators.size(); ++i) {
        const auto& indicator = result.indicators[i];
        const IndicatorFacts& fact = facts[i];
        counts["indicators"] += 1;
        if (!indicator.statuses.empty()) {
            const std::string status =
                fact.latestPeriod ? program.statusNames[indicator.statuses[*fact.latestPeriod]] : std::string("No data");
            counts[lowerNoSpaces(status)] += 1;
            if (lastReported)
                for (std::size_t p = 0; p <= *lastReported && p < indicator.statuses.size(); ++p)
                    grid[{indicator.row, result.statusColumns[p]}] = styleNames.forStatus(program.statusNames[indicator.statuses[p]]);
        }
        const std::string title = fieldText(program, result, *sheetTable.table, indicator, "title");
        const std::string owner = fieldText(program, result, *sheetTable.table, indicator, "owner");
        const std::string escalation = fieldText(program, result, *sheetTable.table, indicator, "escalation");
        const std::string period = fact.latestPeriod && result.statusColumns[*fact.latestPeriod] < layout.headers.size()
                                       ? layout.headers[result.statusColumns[*fact.latestPeriod]]
                                       : std::string();
        // The exceptions' target: the rules' `target` (a let, else a field) at the reported period. Worked out
        // only for a row with an exception (it evaluates the row again); null when the rules have none.
        nlohmann::json target = nullptr;
        const bool hasException = !indicator.flags.empty() ||
                                  std::find(indicator.checksPassed.begin(), indicator.checksPassed.end(), false) !=
                                      indicator.checksPassed.end();
        if (hasException) {
            const Value value = engine::valueOnRow(rules, result, *sheetTable.table, sheetTable.today, indicator.row,
                                                   "target", fact.latestPeriod);
            if (!value.isBlank()) target = valueJson(value);
        }
        auto exception = [&](std::string severity, std::string rule, std::string message, const std::string& notify) {
            return nlohmann::json{{"severity", std::move(severity)},
                                  {"code", indicator.key},
                                  {"title", title},
                                  {"rule", std::move(rule)},
                                  {"message", std::move(message)},
                                  {"period", period},
                                  {"value", fact.latestValue},
                                  {"target", target},
                                  {"owner", owner.empty() ? notify : owner},
                                  {"escalation", escalation},
                                  {"sheet", sheetTable.name},
                                  {"cell", absoluteCellName(sheetTable.name, layout.keyColumn, indicator.row)},
                                  {"row", indicator.row},
                                  {"column", layout.keyColumn}};
        };
        bool failedSmart = false;
        for (std::size_t check = 0; check < indicator.checksPassed.size(); ++check) {
            if (indicator.checksPassed[check]) continue;
            failedSmart = true;
            const auto& definition = program.checks[check];
            results.exceptions.push_back(
                exception("smart", definition.message, "SMART " + definition.letter + " fails: " + definition.message, ""));
            if (check < result.checkColumns.size())
                for (std::size_t column : result.checkColumns[check]) grid[{indicator.row, column}] = styleNames.forStatus("smart");
        }
        if (failedSmart) counts["smartFailures"] += 1;
        if (indicator.flags.empty()) continue;
        // The comment is one line ("KPI Rules — high: …; medium: …"): Calc lays out every paragraph of a
        // comment's drawing object as it is created, so a line per flag costs about a third more per comment.
        std::string commentText;
        for (const auto& flag : indicator.flags) {
            const std::string level(language::levelName(flag.level));
            counts["flags"] += 1;
            counts[level] += 1;
            results.exceptions.push_back(
                exception(level, messageTemplate(rules, program.flags[flag.flag]), flag.message, flag.notify));
            if (!commented(flag.level, commentLevel)) continue;
            commentText += commentText.empty() ? "KPI Rules \u2014 " : "; ";
            commentText += level + ": " + flag.message;
        }
        if (!commentText.empty()) comments.push_back({indicator.row, commentText});
        if (layout.keyColumn != language::noColumn)
            grid[{indicator.row, layout.keyColumn}] = styleNames.forFlag(indicator.flags.front().level);
    }
}

Results summarise(const engine::CompiledRules& rules, CommentLevel commentLevel, const std::vector<SheetTable>& tables)
{
    Results results;
    results.styles.resize(tables.size());
    results.comments.resize(tables.size());
    for (std::size_t t = 0; t < tables.size(); ++t)
        summariseTable(rules, commentLevel, tables[t], results, results.styles[t], results.comments[t]);
    std::stable_sort(results.exceptions.begin(), results.exceptions.end(),
                     [](const nlohmann::json& a, const nlohmann::json& b) {
                         return severityRank(a["severity"]) < severityRank(b["severity"]);
                     });
    return results;
}

// ---- writing ---------------------------------------------------------------------------------------

Sequence<Sequence<Any>> column(const std::vector<Any>& cells)
{
    Sequence<Sequence<Any>> block(static_cast<sal_Int32>(cells.size()));
    for (std::size_t i = 0; i < cells.size(); ++i) {
        Sequence<Any> row(1);
        row.getArray()[0] = cells[i];
        block.getArray()[i] = row;
    }
    return block;
}

Sequence<Sequence<Any>> row(const std::vector<Any>& cells)
{
    Sequence<Any> only(static_cast<sal_Int32>(cells.size()));
    std::copy(cells.begin(), cells.end(), only.getArray());
    Sequence<Sequence<Any>> block(1);
    block.getArray()[0] = only;
    return block;
}

void createMissingStyles(const Document& document)
{
    document.ensureStyle("KPI Red", 0xFFC7CE, 0x9C0006, false);
    document.ensureStyle("KPI Amber", 0xFFEB9C, 0x7F4F00, false);
    document.ensureStyle("KPI Green", 0xC6EFCE, 0x006100, false);
    document.ensureStyle("KPI Blue", 0xBDD7EE, 0x1F4E79, false);
    document.ensureStyle("KPI No data", 0xE7E6E6, 0x595959, false);
    document.ensureStyle("KPI Flag", 0xC00000, 0xFFFFFF, true);
    document.ensureStyle("KPI SMART", 0xE4DFEC, 0x5B2C6F, false);
}

// Remembers each cell's style, then applies the new ones: one call per style.
void writeStyles(const Document& document, const SheetTable& sheetTable, const StyleGrid& grid, WriteRecord& record)
{
    const sal_Int16 sheetIndex = document.indexOf(sheetTable.name);
    const auto before = currentStyles(sheetTable.sheet, grid);
    StyleGrid beforeGrid;
    for (const auto& [position, style] : grid) {
        auto found = before.find(position);
        beforeGrid[position] = found != before.end() ? found->second : std::string("Default");
    }
    for (const auto& [style, ranges] : groupByStyle(beforeGrid, sheetIndex)) {
        RecordedStyles group{sheetTable.name, style, {}};
        for (const auto& r : ranges)
            group.ranges.push_back({static_cast<std::size_t>(r.StartColumn), static_cast<std::size_t>(r.StartRow),
                                    static_cast<std::size_t>(r.EndColumn), static_cast<std::size_t>(r.EndRow)});
        record.styles.push_back(std::move(group));
    }
    for (const auto& [style, ranges] : groupByStyle(grid, sheetIndex)) document.applyStyle(ranges, style);
}

// Computed columns: the column with that header, or a new column inserted after the last header.
// New columns are inserted so that undoing the run removes them whole (Calc's undo of setDataArray does
// not empty cells that were empty before).
void writeComputedColumns(const language::Program& program, const SheetTable& sheetTable, WriteRecord& record)
{
    const auto& result = sheetTable.result;
    if (program.writes.empty() || result.indicators.empty()) return;
    const std::size_t headerRow = result.layout->headerRow;
    const auto sheetColumns = static_cast<std::size_t>(
        Reference<css::table::XColumnRowRange>(sheetTable.sheet, UNO_QUERY_THROW)->getColumns()->getCount());
    const std::size_t width = std::min(sheetTable.lastColumn + 1 + program.writes.size(), sheetColumns);
    std::vector<std::string> headers;
    const auto headerRowCells = rangeData(sheetTable.sheet, 0, headerRow, width - 1, headerRow)->getDataArray();
    for (const auto& cell : headerRowCells[0]) {
        OUString text;
        cell >>= text;
        headers.push_back(toUtf8(text));
    }
    std::size_t nextFree = 0;
    for (std::size_t c = 0; c < headers.size(); ++c)
        if (!headers[c].empty()) nextFree = c + 1;
    // Runs of neighbouring indicator rows: one setDataArray each.
    std::vector<std::pair<std::size_t, std::size_t>> blocks; // (first indicator, count)
    for (std::size_t i = 0; i < result.indicators.size(); ++i) {
        if (!blocks.empty() && result.indicators[blocks.back().first + blocks.back().second - 1].row + 1 == result.indicators[i].row)
            ++blocks.back().second;
        else
            blocks.push_back({i, 1});
    }
    auto columns = Reference<css::table::XColumnRowRange>(sheetTable.sheet, UNO_QUERY_THROW)->getColumns();
    for (std::size_t w = 0; w < program.writes.size(); ++w) {
        const std::string& header = program.writes[w].header;
        auto existing = std::find_if(headers.begin(), headers.end(),
                                     [&](const std::string& h) { return lowerNoSpaces(h) == lowerNoSpaces(header); });
        RecordedColumn recorded{sheetTable.name, 0, existing == headers.end(), {}};
        if (recorded.created) {
            recorded.column = nextFree++;
            // Inserting a column pushes the sheet's last column off the sheet: Calc refuses when it is in use.
            if (sheetTable.lastColumn + 1 >= sheetColumns || recorded.column >= sheetColumns)
                throw std::runtime_error("sheet \"" + sheetTable.name + "\" has no free column for \"" + header +
                                         "\": its used area reaches the last column, " + columnLetters(sheetColumns - 1));
            columns->insertByIndex(static_cast<sal_Int32>(recorded.column), 1);
            rangeData(sheetTable.sheet, recorded.column, headerRow, recorded.column, headerRow)->setDataArray(column({Any(fromUtf8(header))}));
        } else {
            recorded.column = static_cast<std::size_t>(existing - headers.begin());
        }
        for (const auto& [first, count] : blocks) {
            const std::size_t row0 = result.indicators[first].row;
            auto range = rangeFormula(sheetTable.sheet, recorded.column, row0, recorded.column, row0 + count - 1);
            if (!recorded.created) {
                RecordedBlock block{row0, {}};
                for (const auto& previous : range->getFormulaArray()) block.previous.push_back(toUtf8(previous[0]));
                recorded.blocks.push_back(std::move(block));
            }
            std::vector<Any> values;
            for (std::size_t i = 0; i < count; ++i) {
                const auto& written = result.indicators[first + i].written;
                values.push_back(w < written.size() ? cellAny(written[w]) : Any(OUString()));
            }
            Reference<css::sheet::XCellRangeData>(range, UNO_QUERY_THROW)->setDataArray(column(values));
        }
        record.columns.push_back(std::move(recorded));
    }
}

// Comments on flagged keys; a comment already there is remembered and comes back on clear. A kept
// comment (the previous run's, with this text) is left as it is and recorded with its earlier comment.
void writeComments(const SheetTable& sheetTable, const Comments& comments, const KeptComments& kept, WriteRecord& record)
{
    const std::size_t keyColumn = sheetTable.result.layout->keyColumn;
    if (keyColumn == language::noColumn || comments.empty()) return;
    const auto column = static_cast<sal_Int32>(keyColumn);
    std::optional<std::map<std::pair<sal_Int32, sal_Int32>, std::pair<sal_Int32, std::string>>> existing; // read once, when needed
    const auto annotations = annotationsOfSheet(sheetTable.sheet);
    for (const auto& [row, text] : comments) {
        RecordedComment recorded{sheetTable.name, keyColumn, row, std::nullopt};
        if (auto stays = kept.find({sheetTable.name, keyColumn, row}); stays != kept.end()) {
            recorded.previous = stays->second;
            record.comments.push_back(std::move(recorded));
            continue;
        }
        if (!existing) existing = annotationsOf(sheetTable.sheet);
        if (auto found = existing->find({column, static_cast<sal_Int32>(row)}); found != existing->end())
            recorded.previous = found->second.second;
        insertAnnotation(annotations, column, static_cast<sal_Int32>(row), text);
        record.comments.push_back(std::move(recorded));
    }
}

// The previous run's comments that this run would write again unchanged: recorded on a table's key
// column, the cell still shows exactly the text this run gives it (a comment the user edited or removed
// since is written again).
KeptComments unchangedComments(const std::vector<SheetTable>& tables, const std::vector<Comments>& comments,
                               const WriteRecord& previous)
{
    KeptComments kept;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        const std::size_t keyColumn = tables[t].result.layout->keyColumn;
        if (keyColumn == language::noColumn || comments[t].empty()) continue;
        std::map<std::size_t, const std::string*> wanted; // row -> this run's text
        for (const auto& [row, text] : comments[t]) wanted[row] = &text;
        std::optional<std::map<std::pair<sal_Int32, sal_Int32>, std::pair<sal_Int32, std::string>>> current;
        for (const auto& comment : previous.comments) {
            if (comment.sheet != tables[t].name || comment.column != keyColumn) continue;
            auto text = wanted.find(comment.row);
            if (text == wanted.end()) continue;
            if (!current) current = annotationsOf(tables[t].sheet); // read once, only when needed
            auto shown = current->find({static_cast<sal_Int32>(comment.column), static_cast<sal_Int32>(comment.row)});
            if (shown != current->end() && shown->second.second == *text->second)
                kept[{comment.sheet, comment.column, comment.row}] = comment.previous;
        }
    }
    return kept;
}

std::string formulaText(std::string_view text)
{
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// The characters a cell shows for a value of the Exceptions sheet (code points; numbers as Calc's
// general format shows them, at most 10 significant digits).
std::size_t shownLength(std::string_view text)
{
    std::size_t count = 0;
    for (unsigned char c : text) count += (c & 0xC0) != 0x80;
    return count;
}

std::size_t shownJsonLength(const nlohmann::json& value)
{
    if (value.is_string()) return shownLength(std::string_view(value.get_ref<const std::string&>()));
    if (value.is_number()) {
        char text[32];
        return static_cast<std::size_t>(std::max(0, std::snprintf(text, sizeof text, "%.10g", value.get<double>())));
    }
    return 0;
}

// A column width (1/100 mm) for texts of `characters` characters in the default 10 pt font: 2 mm a
// character plus the cell's margins (a little wider than Calc's optimal width for mixed-case text, so
// nothing is cut), between 1 cm and 15 cm.
sal_Int32 columnWidth(std::size_t characters)
{
    constexpr std::size_t perCharacter = 200, margins = 400, narrowest = 1000, widest = 15000;
    return static_cast<sal_Int32>(std::clamp(characters * perCharacter + margins, narrowest, widest));
}

// The Exceptions sheet: the values in one block, the links in one formula block, column widths from the
// texts' lengths, the record in its hidden column.
void writeExceptionsSheet(Document& document, const nlohmann::json& exceptions, bool oneTable, const WriteRecord& record)
{
    static const std::array<const char*, 10> headings = {"Severity", "Code",   "Title",  "Rule",  "Message",
                                                         "Period",   "Value",  "Target", "Owner", "Escalation owner"};
    static const std::array<const char*, 10> keys = {"severity", "code",  "title",  "rule",  "message",
                                                     "period",   "value", "target", "owner", "escalation"};
    auto sheet = document.appendSheet(exceptionsSheetName);
    const std::size_t rows = exceptions.size() + 1;
    Sequence<Sequence<Any>> values(static_cast<sal_Int32>(rows));
    Sequence<Sequence<OUString>> links(static_cast<sal_Int32>(rows));
    std::vector<Any> header;
    for (const char* heading : headings) header.push_back(Any(OUString::createFromAscii(heading)));
    values.getArray()[0] = row(header)[0];
    Sequence<OUString> linkHeader(1);
    linkHeader.getArray()[0] = "Cell";
    links.getArray()[0] = linkHeader;
    for (std::size_t i = 0; i < exceptions.size(); ++i) {
        const auto& exception = exceptions[i];
        std::vector<Any> cells;
        for (const char* key : keys) cells.push_back(jsonCellAny(exception[key]));
        values.getArray()[i + 1] = row(cells)[0];
        const std::string sheetName = exception["sheet"];
        const std::string a1 = columnLetters(exception["column"].get<std::size_t>()) +
                               std::to_string(exception["row"].get<std::size_t>() + 1);
        Sequence<OUString> link(1);
        link.getArray()[0] = fromUtf8("=HYPERLINK(" + formulaText("#" + quotedSheet(sheetName) + "." + a1) + ";" +
                                      formulaText(oneTable ? a1 : sheetName + "." + a1) + ")");
        links.getArray()[i + 1] = link;
    }
    const std::size_t linkColumn = headings.size();
    rangeData(sheet, 0, 0, linkColumn - 1, rows - 1)->setDataArray(values);
    rangeFormula(sheet, linkColumn, 0, linkColumn, rows - 1)->setFormulaArray(links);
    auto headerRange = sheet->getCellRangeByPosition(0, 0, static_cast<sal_Int32>(linkColumn), 0);
    Reference<css::beans::XPropertySet>(headerRange, UNO_QUERY_THROW)->setPropertyValue("CharWeight", Any(css::awt::FontWeight::BOLD));
    // Column widths from the texts' lengths, not Calc's OptimalWidth: that lays out every cell of the
    // column (and works out every HYPERLINK first), most of this sheet's cost on a large table (B2).
    std::vector<std::size_t> widest(headings.size() + 1);
    for (std::size_t c = 0; c < headings.size(); ++c) widest[c] = shownLength(std::string_view(headings[c])) + 2; // bold, wider
    widest[linkColumn] = 6;
    for (const auto& exception : exceptions) {
        for (std::size_t c = 0; c < keys.size(); ++c) widest[c] = std::max(widest[c], shownJsonLength(exception[keys[c]]));
        const std::size_t label = columnLetters(exception["column"].get<std::size_t>()).size() +
                                  std::to_string(exception["row"].get<std::size_t>() + 1).size() +
                                  (oneTable ? 0 : shownJsonLength(exception["sheet"]) + 1);
        widest[linkColumn] = std::max(widest[linkColumn], label);
    }
    auto columns = Reference<css::table::XColumnRowRange>(sheet, UNO_QUERY_THROW)->getColumns();
    for (std::size_t c = 0; c < widest.size(); ++c)
        Reference<css::beans::XPropertySet>(columns->getByIndex(static_cast<sal_Int32>(c)), UNO_QUERY_THROW)
            ->setPropertyValue("Width", Any(columnWidth(widest[c])));

    std::vector<Any> chunks;
    for (const auto& chunk : record.toChunks()) chunks.push_back(Any(fromUtf8(chunk)));
    rangeData(sheet, recordColumn, 0, recordColumn, chunks.size() - 1)->setDataArray(column(chunks));
    Reference<css::beans::XPropertySet>(columns->getByIndex(static_cast<sal_Int32>(recordColumn)), UNO_QUERY_THROW)
        ->setPropertyValue("IsVisible", Any(false));
}

// The KPI Log: one row per run, kept by clear. Each entry goes into an inserted row, so undo takes it
// back whole.
void appendLogEntry(Document& document, const std::string& when, const std::string& rulesName, const std::string& sha256,
                    const std::map<std::string, int>& counts)
{
    static const std::array<const char*, 14> headings = {"When",  "Rules file", "SHA-256", "Indicators",     "Green",
                                                         "Amber", "Red",        "Blue",    "No data",        "SMART failures",
                                                         "Flags", "High",       "Medium",  "Low"};
    static const std::array<const char*, 11> countKeys = {"indicators", "green", "amber", "red",    "blue", "nodata",
                                                          "smartFailures", "flags", "high",  "medium", "low"};
    const bool newLog = !document.hasSheet(logSheetName);
    auto log = newLog ? document.appendSheet(logSheetName) : document.sheet(logSheetName);
    std::size_t logRow = 1;
    if (newLog) {
        std::vector<Any> header;
        for (const char* heading : headings) header.push_back(Any(OUString::createFromAscii(heading)));
        rangeData(log, 0, 0, headings.size() - 1, 0)->setDataArray(row(header));
        Reference<css::beans::XPropertySet>(log->getCellRangeByPosition(0, 0, static_cast<sal_Int32>(headings.size() - 1), 0),
                                            UNO_QUERY_THROW)
            ->setPropertyValue("CharWeight", Any(css::awt::FontWeight::BOLD));
    } else {
        const auto end = Document::usedEnd(log);
        logRow = end ? static_cast<std::size_t>(end->second) + 1 : 0;
        Reference<css::table::XColumnRowRange>(log, UNO_QUERY_THROW)->getRows()->insertByIndex(static_cast<sal_Int32>(logRow), 1);
    }
    std::vector<Any> entry = {Any(fromUtf8(when)), Any(fromUtf8(rulesName)), Any(fromUtf8(sha256))};
    for (const char* key : countKeys) entry.push_back(Any(static_cast<double>(counts.at(key))));
    rangeData(log, 0, logRow, headings.size() - 1, logRow)->setDataArray(row(entry));
}

// Reads every sheet the rules select and evaluates it. Sheets whose headers do not resolve are
// returned in `skipped` with their diagnostics.
std::vector<SheetTable> readAndEvaluate(const Document& document, const engine::CompiledRules& rules, double today,
                                        std::vector<std::pair<std::string, Diagnostics>>& skipped)
{
    std::vector<SheetTable> tables;
    const std::vector<std::string> names = document.sheetNames();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string& sheetName = names[i];
        if (sheetName == exceptionsSheetName || sheetName == logSheetName) continue;
        if (!engine::selectsSheet(rules, sheetName)) continue;
        SheetTable table;
        table.name = sheetName;
        table.sheet = document.sheetAt(static_cast<sal_Int32>(i));
        const auto end = Document::usedEnd(table.sheet);
        if (!end) {
            skipped.push_back({sheetName, {}});
            continue;
        }
        table.lastColumn = static_cast<std::size_t>(end->first);
        table.lastRow = static_cast<std::size_t>(end->second);
        table.table = readTable(sheetName, table.sheet, table.lastColumn, table.lastRow);
        table.result = engine::run(rules, *table.table, today);
        table.today = today;
        if (!table.result.layout) {
            skipped.push_back({sheetName, table.result.diagnostics});
            continue;
        }
        tables.push_back(std::move(table));
    }
    return tables;
}

} // namespace

// ---- options and digest --------------------------------------------------------------------------

RunOptions parseRunOptions(std::string_view optionsJson)
{
    RunOptions options;
    if (optionsJson.find_first_not_of(" \t\r\n") == std::string_view::npos) return options;
    nlohmann::json parsed;
    try {
        parsed = nlohmann::json::parse(optionsJson);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("options are not JSON: ") + e.what());
    }
    if (!parsed.is_object()) throw std::invalid_argument("options must be a JSON object");
    if (parsed.contains("asOf") && !parsed["asOf"].is_null()) {
        if (!parsed["asOf"].is_string()) throw std::invalid_argument("option asOf must be a date text like \"2024-10-20\"");
        const std::string text = parsed["asOf"].get<std::string>();
        int year = 0;
        unsigned month = 0, day = 0;
        char tail = 0;
        if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3 || month < 1 || month > 12 ||
            day < 1 || day > 31)
            throw std::invalid_argument("option asOf must be a date like \"2024-10-20\", not \"" + text + "\"");
        options.asOf = coreSerialOfDate(year, month, day);
    }
    if (parsed.contains("locale")) {
        if (!parsed["locale"].is_string()) throw std::invalid_argument("option locale must be a text like \"en-GB\"");
        options.locale = parsed["locale"].get<std::string>();
    }
    if (parsed.contains("comments") && !parsed["comments"].is_null()) {
        const auto& value = parsed["comments"];
        if (value.is_string()) options.comments = language::commentsFromWord(value.get<std::string>());
        if (!options.comments) throw std::invalid_argument("option comments must be " + language::commentsWordsText());
    }
    if (parsed.contains("write")) {
        if (!parsed["write"].is_boolean()) throw std::invalid_argument("option write must be true or false");
        options.write = parsed["write"].get<bool>();
    }
    return options;
}

std::string sha256Hex(std::string_view bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0xF];
    }
    return text;
}

// ---- restyling rows (Automatic mode) -------------------------------------------------------------

// The styles to give the rows `rows` of their table, grouped for applyStyle: the new target style of each
// cell there, and for cells the previous run styled that need no style now, the style they had before.
// Nothing when a cell there needs a style the previous run's record does not cover (clear could not take
// it back): the caller then writes everything.
std::optional<std::map<std::string, std::vector<css::table::CellRangeAddress>>>
rowStyles(const Document& document, const std::vector<SheetTable>& tables, const Results& results,
          const WriteRecord& previous, const RunOptions::Rows& rows)
{
    for (std::size_t t = 0; t < tables.size(); ++t) {
        if (tables[t].name != rows.sheet) continue;
        StyleGrid recorded; // cells of these rows the previous run styled -> the style they had before
        for (const auto& group : previous.styles) {
            if (group.sheet != rows.sheet) continue;
            for (const auto& [firstColumn, firstRow, lastColumn, lastRow] : group.ranges)
                for (std::size_t r = std::max(firstRow, rows.first); r <= std::min(lastRow, rows.last); ++r)
                    for (std::size_t c = firstColumn; c <= lastColumn; ++c) recorded[{r, c}] = group.style;
        }
        StyleGrid target;
        for (const auto& [position, style] : results.styles[t]) {
            if (position.first < rows.first || position.first > rows.last) continue;
            if (!recorded.count(position)) return std::nullopt;
            target[position] = style;
        }
        for (const auto& [position, style] : recorded) target.emplace(position, style);
        return groupByStyle(target, document.indexOf(rows.sheet));
    }
    return std::nullopt;
}

// ---- the engine ----------------------------------------------------------------------------------

DocumentEngine::DocumentEngine(Reference<css::sheet::XSpreadsheetDocument> document) : document_(std::move(document))
{
    if (!document_.is()) throw std::invalid_argument("no document");
}

nlohmann::json DocumentEngine::run(std::string_view rulesText, std::string_view rulesName, const RunOptions& options)
{
    PhaseTimings timer; // KPI_TIMINGS: the phases go into the report ("timings")
    const std::string name = rulesName.empty() ? std::string("rules.kpirules") : std::string(rulesName);
    const std::string sha256 = sha256Hex(rulesText);
    nlohmann::json report = {{"ok", false},
                             {"rules", {{"name", name}, {"sha256", sha256}}},
                             {"diagnostics", nlohmann::json::array()},
                             {"tables", nlohmann::json::array()},
                             {"exceptions", nlohmann::json::array()}};

    // 1. Compile. Errors: report them, touch nothing.
    engine::CompiledRules rules(name, std::string(rulesText));
    for (const auto& diagnostic : rules.diagnostics()) report["diagnostics"].push_back(diagnosticJson(rules, diagnostic));
    if (!rules.ok()) {
        report["error"] = "the rules have errors";
        return report;
    }
    const language::Program& program = rules.program();
    timer.lap("compile");

    // 2. Read and evaluate every selected sheet, before any write.
    Document document(document_);
    std::vector<std::pair<std::string, Diagnostics>> skipped;
    const std::vector<SheetTable> tables =
        readAndEvaluate(document, rules, options.asOf ? *options.asOf : todayCoreSerial(), skipped);
    if (tables.empty()) {
        std::string present;
        for (const auto& sheetName : document.sheetNames()) present += (present.empty() ? "\"" : ", \"") + sheetName + "\"";
        for (const auto& [sheetName, diagnostics] : skipped)
            for (const auto& diagnostic : diagnostics) report["diagnostics"].push_back(diagnosticJson(rules, diagnostic, sheetName));
        if (program.sheet == "*")
            report["error"] = "no sheet has the headers the rules need; the document has " + present;
        else if (skipped.empty())
            report["error"] = "no sheet named \"" + program.sheet + "\"; the document has " + present;
        else
            report["error"] = "sheet \"" + program.sheet + "\" does not have the headers the rules need";
        return report;
    }
    bool dataErrors = false;
    for (const auto& table : tables)
        for (const auto& diagnostic : table.result.diagnostics) {
            report["diagnostics"].push_back(diagnosticJson(rules, diagnostic, table.name));
            dataErrors = dataErrors || diagnostic.severity == Severity::Error;
        }
    if (dataErrors) {
        report["error"] = "the data could not be evaluated";
        return report;
    }

    timer.lap("readAndEvaluate");

    // 3. Results: counts, exceptions, and what to write where.
    // `option comments` in the rules wins over the run's "comments"; both absent: every flag.
    const CommentLevel commentLevel = program.options.comments.value_or(options.comments.value_or(CommentLevel::All));
    const Results results = summarise(rules, commentLevel, tables);
    report["tables"] = results.tables;
    report["counts"] = results.counts;
    for (const auto& exception : results.exceptions) {
        nlohmann::json shown = exception;
        shown.erase("row");
        shown.erase("column");
        report["exceptions"].push_back(std::move(shown));
    }
    report["ok"] = true;
    timer.lap("summarise");
    if (!options.write) {
        addTimings(timer, report);
        return report;
    }

    // 4. Write, as one undo step; the previous run's writes are taken back first.
    WriteRecord previous;
    const RecordState state = readRecord(document, previous);
    if (state == RecordState::ForeignSheet) {
        report["ok"] = false;
        report["error"] = "the document already has a sheet named \"Exceptions\" that KPI Rules did not write; "
                          "rename it and run again";
        return report;
    }
    if (options.onlyRows && state == RecordState::Recorded) {
        if (const auto styles = rowStyles(document, tables, results, previous, *options.onlyRows)) {
            asOneUndoStep(document, rowsUndoTitle, [&] {
                for (const auto& [style, ranges] : *styles) document.applyStyle(ranges, style);
            });
            report["written"] = "rows";
            return report;
        }
    }
    const std::string when = isoTimeNow();
    // What the write was doing, for the message when it fails; the modified flag is put back then too.
    std::string step = "starting";
    const Reference<css::util::XModifiable> modifiable(document_, UNO_QUERY);
    const bool wasModified = modifiable.is() && modifiable->isModified();
    auto failed = [&](std::string detail) {
        if (detail.empty() || detail.rfind("at ./", 0) == 0) detail = "LibreOffice refused the change";
        try {
            if (modifiable.is() && !wasModified) modifiable->setModified(false);
        } catch (...) {
        }
        report["ok"] = false;
        report["error"] = "writing the results failed while " + step + ": " + detail + "; the document is unchanged";
        return report;
    };
    try {
        asOneUndoStep(document, undoTitle, [&] {
            timer.lap("lockAndEnterUndo");
            step = "checking the sheets";
            for (const auto& table : tables)
                if (Reference<css::util::XProtectable> lock(table.sheet, UNO_QUERY); lock.is() && lock->isProtected())
                    throw std::runtime_error("sheet \"" + table.name + "\" is protected, so its cells cannot be marked; "
                                             "unprotect it (Tools > Protect Sheet) and run again");
            step = "taking back the previous run";
            KeptComments kept;
            if (state == RecordState::Recorded) {
                kept = unchangedComments(tables, results.comments, previous);
                takeBack(document, previous, kept);
            }
            step = "creating the KPI cell styles";
            createMissingStyles(document);
            timer.lap("takeBackAndStyles");
            WriteRecord record;
            for (std::size_t t = 0; t < tables.size(); ++t) {
                step = "styling the cells of sheet \"" + tables[t].name + "\"";
                writeStyles(document, tables[t], results.styles[t], record);
                timer.lap("writeStyles");
                step = "writing the computed columns of sheet \"" + tables[t].name + "\"";
                writeComputedColumns(program, tables[t], record);
                timer.lap("writeComputedColumns");
                step = "writing the comments of sheet \"" + tables[t].name + "\"";
                writeComments(tables[t], results.comments[t], kept, record);
                timer.lap("writeComments");
            }
            step = "writing the Exceptions sheet";
            writeExceptionsSheet(document, results.exceptions, tables.size() == 1, record);
            timer.lap("writeExceptionsSheet");
            step = "adding a row to the KPI Log sheet";
            appendLogEntry(document, when, name, sha256, results.counts);
            timer.lap("appendLogEntry");
        });
        timer.lap("leaveUndoAndUnlock");
    } catch (const css::uno::Exception& e) {
        return failed(toUtf8(e.Message));
    } catch (const std::exception& e) {
        return failed(e.what());
    }
    report["written"] = true;
    addTimings(timer, report);
    return report;
}

nlohmann::json DocumentEngine::clear()
{
    Document document(document_);
    WriteRecord record;
    const RecordState state = readRecord(document, record);
    nlohmann::json cleared = {{"styledRanges", 0}, {"columns", 0}, {"comments", 0}, {"exceptionsSheet", false}};
    if (state == RecordState::ForeignSheet)
        return {{"ok", true}, {"cleared", cleared}, {"note", "the sheet named \"Exceptions\" was not written by KPI Rules: kept"}};
    if (state == RecordState::None) return {{"ok", true}, {"cleared", cleared}};
    asOneUndoStep(document, clearUndoTitle, [&] { cleared = takeBack(document, record); });
    return {{"ok", true}, {"cleared", cleared}};
}

} // namespace kpi::host::document
