#include "language/evaluator.hpp"

#include "core/cell_text.hpp"
#include "core/dates.hpp"
#include "core/text_key.hpp"
#include "domain/polarity.hpp"
#include "domain/target_profile.hpp"
#include "functions/library.hpp"
#include "language/diagnostic_codes.hpp"
#include "language/format.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>
#include <cmath>
#include <optional>
#include <functional>

namespace kpi::language {

namespace {

// to = from, without touching the text buffer unless `from` is text or an error.
void assignValue(Value& to, const Value& from) {
    switch (from.kind()) {
    case Value::Kind::Blank: to.setBlank(); return;
    case Value::Kind::Number: to.setNumber(from.asNumber()); return;
    case Value::Kind::Boolean: to.setBoolean(from.asBoolean()); return;
    default: to = from; return;
    }
}

// A value during evaluation: one value, or one per period. Each compiled node owns one Datum that is
// overwritten row after row, so after the first row evaluation allocates little.
struct Datum {
    bool series = false;
    Value scalar;
    std::vector<Value> items;

    std::size_t size() const { return series ? items.size() : 1; }
    const Value& at(std::size_t i) const {
        if (!series) return scalar;
        return i < items.size() ? items[i] : blankDatumItem;
    }
    static const Value blankDatumItem; // what a series gives past its end
    // Becomes one value. A number, logical or blank is written in place (no string is moved or copied);
    // a text or an error is copied into the buffer kept from earlier rows, or moved when it is a temporary.
    void setScalar(const Value& v) {
        series = false;
        assignValue(scalar, v);
    }
    [[gnu::always_inline]] void setScalar(Value&& v) {
        series = false;
        if (v.isText() || v.isError()) scalar = std::move(v);
        else assignValue(scalar, v);
    }
    // Becomes a series of n values (capacity is kept from earlier rows).
    void setSeries(std::size_t n) {
        series = true;
        items.resize(n);
    }
};

const Value Datum::blankDatumItem{};

// A Datum read element by element in a loop: what Datum::at gives, with the series' length taken once.
class DatumReader {
public:
    explicit DatumReader(const Datum& d)
        : data_(d.series ? d.items.data() : &d.scalar), size_(d.series ? d.items.size() : 0), series_(d.series) {}
    std::size_t size() const { return series_ ? size_ : 1; }
    const Value& at(std::size_t i) const {
        if (!series_) return *data_;
        return i < size_ ? data_[i] : Datum::blankDatumItem;
    }

private:
    const Value* data_;
    std::size_t size_;
    bool series_;
};

std::optional<double> numberOf(const Value& v) {
    if (v.isNumber() || v.isBoolean()) return v.asNumber();
    return std::nullopt;
}

[[gnu::always_inline]] inline std::optional<bool> truthOf(const Value& v) {
    if (v.isBoolean() || v.isNumber()) return v.asNumber() != 0.0;
    return std::nullopt;
}

Value fromTruth(std::optional<bool> b) { return b ? Value::boolean(*b) : Value::blank(); }

Value number(double x) { return std::isfinite(x) ? Value::number(x) : Value::blank(); }

std::string textOf(const Value& v) {
    if (v.isText()) return v.asText();
    if (v.isNumber()) {
        double x = v.asNumber();
        if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
        return std::to_string(x);
    }
    if (v.isBoolean()) return v.asBoolean() ? "true" : "false";
    return {};
}

// Text equality as headers are compared (ICU key folding: case, spaces, punctuation ignored). A text
// that is nothing but punctuation ("%", "-") keeps its characters: "%" is not "".
bool sameText(std::string_view a, std::string_view b) {
    if (a == b) return true;
    std::string ka = foldKey(a), kb = foldKey(b);
    if (ka.empty() || kb.empty()) return trimText(a) == trimText(b);
    return ka == kb;
}

// Equality as the language defines it: numbers by value, text by sameText.
std::optional<bool> equalValues(const Value& a, const Value& b) {
    if (a.isBlank() || b.isBlank() || a.isError() || b.isError()) return std::nullopt;
    auto x = numberOf(a), y = numberOf(b);
    if (x && y) return *x == *y;
    if (a.isText() && b.isText()) return sameText(a.asText(), b.asText());
    return false;
}

std::optional<int> compareValues(const Value& a, const Value& b) {
    if (a.isBlank() || b.isBlank() || a.isError() || b.isError()) return std::nullopt;
    auto x = numberOf(a), y = numberOf(b);
    if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
    if (a.isText() && b.isText()) {
        std::string ka = foldKey(a.asText()), kb = foldKey(b.asText());
        return ka < kb ? -1 : ka > kb ? 1 : 0;
    }
    return std::nullopt;
}

Value binaryValue(ast::Operator op, const Value& a, const Value& b) {
    using O = ast::Operator;
    switch (op) {
    case O::And: {
        auto x = truthOf(a), y = truthOf(b);
        if ((x && !*x) || (y && !*y)) return Value::boolean(false);
        if (x && y) return Value::boolean(true);
        return Value::blank();
    }
    case O::Or: {
        auto x = truthOf(a), y = truthOf(b);
        if ((x && *x) || (y && *y)) return Value::boolean(true);
        if (x && y) return Value::boolean(false);
        return Value::blank();
    }
    case O::Equal: return fromTruth(equalValues(a, b));
    case O::NotEqual: {
        auto e = equalValues(a, b);
        return e ? Value::boolean(!*e) : Value::blank();
    }
    case O::Less: case O::LessEqual: case O::Greater: case O::GreaterEqual: {
        auto c = compareValues(a, b);
        if (!c) return Value::blank();
        bool r = op == O::Less ? *c < 0 : op == O::LessEqual ? *c <= 0 : op == O::Greater ? *c > 0 : *c >= 0;
        return Value::boolean(r);
    }
    case O::Join: return Value::text(textOf(a) + textOf(b));
    default: break;
    }
    auto x = numberOf(a), y = numberOf(b);
    if (!x || !y) return Value::blank();
    switch (op) {
    case O::Plus: return number(*x + *y);
    case O::Minus: return number(*x - *y);
    case O::Times: return number(*x * *y);
    case O::Divide: return *y == 0 ? Value::blank() : number(*x / *y);
    case O::Power: return number(std::pow(*x, *y));
    default: return Value::blank();
    }
}

std::size_t countWords(std::string_view text) {
    // A word starts at each non-space character that follows a space (or the start).
    std::size_t words = 0;
    bool previousSpace = true;
    for (unsigned char c : text) {
        const bool space = c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
        words += static_cast<std::size_t>(previousSpace & !space);
        previousSpace = space;
    }
    return words;
}

std::string caseMapped(const std::string& text, bool upper) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
    if (upper) u.toUpper(icu::Locale::getRoot());
    else u.toLower(icu::Locale::getRoot());
    std::string out;
    u.toUTF8String(out);
    return out;
}

// Up to this many arguments are passed on the stack; more (only min/max can have more) use a vector.
constexpr std::size_t inlineArguments = 8;

// Per `status[k] = constant` node: its period operand k, and its answer per status index (then one for a k
// that names no period); empty for any other node.
struct StatusAnswers {
    NodeIndex period = noNode;
    std::vector<Value> values;
};

// A status line whose condition compares something with a number constant (`short <= 5%`).
struct FusedComparison {
    NodeIndex other = noNode; // the compared operand; noNode when the line is not of that form
    ast::Operator op = ast::Operator::Less;
    const Value* constant = nullptr;
    bool constantLeft = false; // `5% >= short`
    // The shortfall(actual, target, ...) call node the compared operand is (directly, or through a let that
    // only fused status lines read), so statusSeries works it out as numbers without building its series;
    // noNode otherwise.
    NodeIndex shortfall = noNode;
};

class RowEvaluator {
public:
    RowEvaluator(const Program& program, const TableLayout& layout, const TableView& table,
                 const EvaluationContext& context)
        : program_(program), layout_(layout), table_(table), formatter_(program.options.locale),
          scratch_(program.nodes.size()), stamps_(program.nodes.size(), 0), foldedConstants_(program.nodes.size()),
          nodeArguments_(program.nodes.size()), textMemos_(program.nodes.size()) {
        callContext_.today = program.options.asOf ? *program.options.asOf : context.today;
        fields_.resize(program.fields.size());
        fieldTexts_.resize(program.fields.size());
        series_.resize(program.series.size());
        for (std::size_t s = 0; s < program.series.size(); ++s) {
            series_[s].series = true;
            // Due dates of each period, once: they do not depend on the row.
            std::vector<double> due;
            const auto& definition = program.series[s];
            if (definition.calendar)
                for (std::size_t i = 0; i < layout.seriesColumns[s].count; ++i)
                    due.push_back(dueDate(*definition.calendar, i));
            // The periods past due on the evaluation date, in order: the same for every row.
            std::vector<std::size_t> past;
            for (std::size_t i = 0; i < due.size(); ++i)
                if (callContext_.today > due[i]) past.push_back(i);
            pastDue_.push_back(std::move(past));
        }
        // Constants and profiles are the same for every row: fill their data once.
        for (std::size_t i = 0; i < program.nodes.size(); ++i) {
            const Node& node = program.nodes[i];
            if (node.op == Op::Constant) scratch_[i].setScalar(program.constant(node));
            if (node.op == Op::Constant && program.constant(node).isText()) foldedConstants_[i] = foldKey(program.constant(node).asText());
            if (node.op == Op::Profile) {
                const auto& weights = program.profiles[node.slot].weights;
                scratch_[i].setSeries(weights.size());
                for (std::size_t k = 0; k < weights.size(); ++k) scratch_[i].items[k] = Value::number(weights[k]);
            }
        }
        for (const auto& profile : program.profiles) foldedProfileNames_.push_back(foldKey(profile.name));
        for (const auto& name : program.statusNames) statusTexts_.push_back(Value::text(name));
        statusTextData_.resize(statusTexts_.size() + 1);
        for (std::size_t k = 0; k < statusTexts_.size(); ++k) statusTextData_[k].setScalar(statusTexts_[k]);
        if (program.status)
            for (const auto& line : program.status->lines) {
                FusedComparison fused;
                if (line.condition != noNode) {
                    const Node& condition = program.nodes[line.condition];
                    const bool comparison = condition.op == Op::Binary && condition.oper >= ast::Operator::Less &&
                                            condition.oper <= ast::Operator::GreaterEqual;
                    auto numberConstant = [&](NodeIndex i) {
                        const Node& n = program.nodes[i];
                        return n.op == Op::Constant && program.constant(n).isNumber();
                    };
                    if (comparison) {
                        auto children = program.children(condition);
                        fused.op = condition.oper;
                        if (numberConstant(children[1])) {
                            fused.other = children[0];
                            fused.constant = &program.constant(program.nodes[children[1]]);
                        } else if (numberConstant(children[0])) {
                            fused.other = children[1];
                            fused.constant = &program.constant(program.nodes[children[0]]);
                            fused.constantLeft = true;
                        }
                    }
                }
                fusedLines_.push_back(fused);
            }
        if (program.status) findFusedShortfalls(program);
        // `status[k] = "Red"` (or <>, either way round): the answer for each status is worked out here, as
        // evalBinary would give it for that status's text, so a row looks it up by the period's status index.
        statusAnswers_.resize(program.nodes.size());
        for (std::size_t i = 0; i < program.nodes.size() && program.status; ++i) {
            const Node& node = program.nodes[i];
            if (node.op != Op::Binary || (node.oper != ast::Operator::Equal && node.oper != ast::Operator::NotEqual))
                continue;
            auto children = program.children(node);
            auto isStatusIndex = [&](NodeIndex c) {
                const Node& n = program.nodes[c];
                return n.op == Op::Index && program.nodes[program.children(n)[0]].op == Op::StatusSeries;
            };
            auto isConstant = [&](NodeIndex c) { return program.nodes[c].op == Op::Constant; };
            const bool left = isStatusIndex(children[0]) && isConstant(children[1]);
            if (!left && !(isStatusIndex(children[1]) && isConstant(children[0]))) continue;
            const NodeIndex constantNode = left ? children[1] : children[0];
            StatusAnswers& answers = statusAnswers_[i];
            answers.period = program.children(program.nodes[left ? children[0] : children[1]])[1];
            for (std::size_t k = 0; k <= statusTexts_.size(); ++k) {
                const Value& x = k < statusTexts_.size() ? statusTexts_[k] : Datum::blankDatumItem; // last: no period
                answers.values.push_back(constantComparison(node.oper, left ? x : program.constant(program.nodes[constantNode]),
                                                            left ? program.constant(program.nodes[constantNode]) : x,
                                                            left ? 1 : 0, foldedConstants_[constantNode]));
            }
        }
        // fields_, series_ and scratch_ keep their addresses from here on.
        ready_.assign(program.nodes.size(), Ready{nullptr, never});
        for (std::size_t i = 0; i < program.nodes.size(); ++i) {
            const Node& node = program.nodes[i];
            if (node.op == Op::Constant || node.op == Op::Profile) ready_[i] = Ready{&scratch_[i], always};
            if (node.op == Op::Field) ready_[i] = Ready{&fields_[node.slot], always};
            if (node.op == Op::Series) ready_[i] = Ready{&series_[node.slot], always};
        }
        letUses_.resize(program.lets.size());
        letData_.assign(program.lets.size(), nullptr);
        for (NodeIndex i = 0; i < program.nodes.size(); ++i)
            if (program.nodes[i].op == Op::Let) letUses_[program.nodes[i].slot].push_back(i);
        fieldRead_.assign(program.fields.size(), 0);
        for (const Node& node : program.nodes)
            if (node.op == Op::Field) fieldRead_[node.slot] = 1;
        for (const auto& flag : program.flags)
            if (flag.notifyField) fieldRead_[*flag.notifyField] = 1;
        fieldsRead_.assign(program.nodes.size(), noFieldsYet);
        for (NodeIndex i = 0; i < program.nodes.size(); ++i) fieldsReadBy(i);
        heldProfile_.assign(program.nodes.size(), SIZE_MAX);
        heldWeights_.resize(program.nodes.size());
        heldProfileText_.resize(program.nodes.size());
        // Mode words and polarities given as constants are parsed once, not per row.
        basis_ = domain::parseBasis(program.options.toleranceBasis).value_or(domain::Basis::Percent);
    }

    // Evaluates `row` into `result`, which is default-constructed (the caller's, so a row's result is built
    // where it is kept: its inline parts are not moved afterwards).
    void run(std::size_t row, IndicatorResult& result) {
        ++stamp_;
        if (cellsRow_ != row) fetchCells(row);
        if (!readsPlanned_) planReads();
        // On the first row every field counts as changed; `unsettled` is set on every row.
        const std::uint64_t changed = stamp_ == firstRow ? ~std::uint64_t{0} : unsettled;
        changedFields_ = columnsRead_ <= rowCells_.size() ? readRow<true>(row, changed) : readRow<false>(row, changed);
        result.row = row;
        // The key as textOf(readCell(...)) gives it, copied once.
        const std::size_t keyColumn = layout_.keyColumn;
        const Value& rawKey = keyColumn < rowCells_.size() ? rowCells_[keyColumn] : table_.cell(row, keyColumn);
        if (rawKey.isText()) {
            if (auto n = parseNumberText(rawKey.asText())) result.key = textOf(Value::number(*n));
            else if (!isBlankText(rawKey.asText())) result.key = rawKey.asText();
        } else {
            result.key = textOf(rawKey.isError() ? readCell(row, keyColumn) : rawKey);
        }
        // The check outcomes, gathered 64 at a time in a word.
        const auto& checks = program_.checks;
        for (std::size_t first = 0; first < checks.size(); first += 64) {
            const auto count = static_cast<unsigned>(std::min<std::size_t>(64, checks.size() - first));
            std::uint64_t passed = 0;
            for (unsigned i = 0; i < count; ++i)
                if (truthOf(eval(checks[first + i].condition).at(0)).value_or(false)) passed |= std::uint64_t{1} << i;
            result.checksPassed.appendBits(passed, count);
        }
        checksPassed_ = &result.checksPassed;
        if (program_.status) {
            statusSeries();
            result.statuses.assign(statusIndices_.begin(), statusIndices_.end());
        }
        for (std::uint32_t f = 0; f < program_.flags.size(); ++f) {
            const auto& flag = program_.flags[f];
            if (!truthOf(eval(flag.condition).at(0)).value_or(false)) continue;
            FlagOutcome& outcome = result.flags.emplace_back();
            outcome.flag = f;
            outcome.level = flag.level;
            for (const auto& part : flag.message)
                outcome.message += part.expression == noNode
                                       ? part.text
                                       : formatter_.format(eval(part.expression).at(0),
                                                           program_.nodes[part.expression].percent);
            if (flag.notifyField) {
                const Value& notify = fields_[*flag.notifyField].scalar;
                if (notify.isText()) outcome.notify = notify.asText(); // textOf's text, copied once
                else outcome.notify = textOf(notify);
            }
        }
        for (const auto& write : program_.writes) result.written.push_back(eval(write.value).at(0));
        checksPassed_ = nullptr;
    }

    // The key cell of `row`, for evaluate() to skip rows without a key; a run() of the same row that
    // follows reuses the row's cells fetched here.
    const Value& keyCell(std::size_t row) {
        fetchCells(row);
        const std::size_t keyColumn = layout_.keyColumn;
        return keyColumn < rowCells_.size() ? rowCells_[keyColumn] : table_.cell(row, keyColumn);
    }

    // After run(row): the value any node gives on that same row (for traceRow). smart() sees the row's
    // check outcomes.
    const Datum& valueOnRow(NodeIndex index, const CheckOutcomes& checksPassed) {
        checksPassed_ = &checksPassed;
        const Datum& value = eval(index);
        checksPassed_ = nullptr;
        return value;
    }

    std::vector<Diagnostic> notes;

private:
    Value readCell(std::size_t row, std::size_t column) {
        const Value& raw = table_.cell(row, column);
        if (raw.isError()) {
            std::string header = column < layout_.headers.size() ? layout_.headers[column] : std::string();
            notes.push_back(makeDiagnostic(DiagnosticCode::ErrorCell, SourceSpan{},
                                           "sheet \"" + std::string(table_.sheetName()) + "\", row " +
                                               std::to_string(row + 1) + ", column \"" + header +
                                               "\": the cell holds an error (" + raw.asText() + "), read as blank",
                                           "correct the cell's formula or value"));
            return Value{};
        }
        if (raw.isText()) return interpretCell(raw);
        return raw;
    }

    // Per field slot: the last two short texts (up to 15 bytes, the size std::string holds without
    // allocating: codes and words, which come back row after row, unlike titles) that read as themselves,
    // neither a number nor a placeholder; what a text reads as depends on the text alone, so a text that
    // comes back ("Higher", "Lower", "Higher") is copied without being parsed again.
    struct KnownTexts {
        static constexpr std::size_t longest = 15;
        std::array<std::string, 2> texts;
        std::uint8_t next = 0; // the one remember() replaces
        bool holds(const std::string& text) const {
            // Empty slots hold "", which is not a text that reads as itself (it is blank).
            return !text.empty() && text.size() <= longest && (texts[0] == text || texts[1] == text);
        }
        void remember(const std::string& text) {
            if (text.size() > longest || text.empty()) return;
            texts[next] = text;
            next ^= 1;
        }
    };
    // How run() reads a row, worked out on the first row it runs: fieldReads_ and columnsRead_.
    void planReads() {
        readsPlanned_ = true;
        fieldReads_.clear();
        columnsRead_ = 0;
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            const std::size_t column = layout_.fieldColumns[f];
            fieldReads_.push_back(FieldRead{column, static_cast<std::uint32_t>(f), fieldRead_[f] != 0, fieldBit(f)});
            if (column != noColumn) columnsRead_ = std::max(columnsRead_, column + 1);
        }
        for (std::size_t s = 0; s < series_.size(); ++s)
            if (const auto& columns = layout_.seriesColumns[s]; columns.count > 0)
                columnsRead_ = std::max(columnsRead_, columns.first + columns.count);
    }

    // Reads the row's fields (in slot order) and series into fields_ and series_, so error-cell notes come
    // field by field, then period by period. Returns `changed` with the bits of the fields that changed.
    // WholeRow: rowCells_ holds every column read, so a cell is taken from it without a bounds test.
    template <bool WholeRow>
    std::uint64_t readRow(std::size_t row, std::uint64_t changed) {
        // The row's cells and the plan in locals: writing a value cannot change them, so they are not
        // loaded again for every cell.
        const std::span<const Value> cells = rowCells_;
        const auto cellAt = [&](std::size_t column) -> const Value& {
            if constexpr (WholeRow) return cells.data()[column];
            else return column < cells.size() ? cells[column] : table_.cell(row, column);
        };
        for (const FieldRead& field : fieldReads_) {
            if (field.column == noColumn) {
                if (!field.read) continue;
                Datum& value = fields_[field.slot];
                value.series = false;
                if (!value.scalar.isBlank()) changed |= field.bit;
                value.scalar = Value{};
                continue;
            }
            const Value& raw = cellAt(field.column);
            if (!field.read) {
                // No expression or notify reads this field (a key shown as a field, say): only the note an
                // error cell gives when read is due, in its place among the others.
                if (raw.isError()) readCell(row, field.column);
                continue;
            }
            Datum& value = fields_[field.slot];
            value.series = false;
            if (readInto(raw, row, field.column, value.scalar, &fieldTexts_[field.slot])) changed |= field.bit;
        }
        for (std::size_t s = 0; s < series_.size(); ++s) {
            const std::size_t first = layout_.seriesColumns[s].first, count = layout_.seriesColumns[s].count;
            series_[s].setSeries(count);
            Value* items = series_[s].items.data();
            for (std::size_t i = 0; i < count; ++i) readInto(cellAt(first + i), row, first + i, items[i]);
        }
        return changed;
    }

    // readCell (of `raw`, the cell at row, column) into a value kept from the row before: a text cell is
    // copied into the text's buffer instead of a new one (no allocation per cell and row once the buffers
    // are big enough). A number, logical or blank cell (most period cells) is written here, in the row
    // loop; a text or an error cell goes to readTextInto. True unless `into` is certainly the value it held
    // before (the same number bit for bit, the same logical, blank again, the same text): a changed text
    // that reads as the same value counts as changed.
    bool readInto(const Value& raw, std::size_t row, std::size_t column, Value& into, KnownTexts* known = nullptr) {
        switch (raw.kind()) {
        case Value::Kind::Number: {
            const bool same = into.isNumber() && std::bit_cast<std::uint64_t>(into.asNumber()) ==
                                                     std::bit_cast<std::uint64_t>(raw.asNumber());
            into.setNumber(raw.asNumber());
            return !same;
        }
        case Value::Kind::Blank: {
            const bool same = into.isBlank();
            into.setBlank();
            return !same;
        }
        case Value::Kind::Boolean: {
            const bool same = into.isBoolean() && into.asBoolean() == raw.asBoolean();
            into.setBoolean(raw.asBoolean());
            return !same;
        }
        default:
            // The same text as the row before's (the most common text cell): unchanged, nothing to do.
            if (raw.isText() && into.isText() && into.asText() == raw.asText()) return false;
            return readTextInto(row, column, raw, into, known);
        }
    }

    // known: a field's texts met before that read as themselves (nullptr for a series' cells).
    [[gnu::noinline]] bool readTextInto(std::size_t row, std::size_t column, const Value& raw, Value& into,
                                        KnownTexts* known) {
        if (raw.isText() && !raw.isError()) {
            // The same text as this value already holds (the row before's "Monthly", "Director"): it was
            // read as that text then, so it is again; nothing to parse or copy.
            if (into.isText() && into.asText() == raw.asText()) return false;
            const std::string& text = raw.asText();
            if (known && known->holds(text)) {
                into = raw;
                return true;
            }
            if (auto n = parseNumberText(text)) into.setNumber(*n);
            else if (isBlankText(text)) into.setBlank();
            else {
                if (known) known->remember(text);
                into = raw;
            }
            return true;
        }
        if (raw.isError()) {
            into = readCell(row, column);
            return true;
        }
        assignValue(into, raw);
        return true;
    }

    double dueDate(const CalendarDefinition& calendar, std::size_t period) const {
        CivilDate start{calendar.startYear, calendar.startMonth, 1};
        CivilDate lastMonth = addMonths(start, static_cast<int>(period) * calendar.stepMonths + calendar.stepMonths - 1);
        CivilDate end{lastMonth.year, lastMonth.month, daysInMonth(lastMonth.year, lastMonth.month)};
        if (program_.due.form == ast::DueForm::DaysAfterPeriodEnd)
            return static_cast<double>(serialFromCivil(end).value_or(0) + program_.due.number);
        CivilDate next = addMonths(CivilDate{end.year, end.month, 1}, 1);
        int day = std::min(static_cast<int>(program_.due.number), daysInMonth(next.year, next.month));
        return static_cast<double>(serialFromCivil(CivilDate{next.year, next.month, day}).value_or(0));
    }

    // A shortfall() call node's values on one row as numbers, NaN for a blank (statusSeries).
    struct ShortfallNumbers {
        NodeIndex node = noNode;
        bool valid = false; // false: the call is not of two series with a single polarity and basis
        std::vector<double> values;
    };

    // The status block's result for this row as indices (statusIndices_), worked out once per row: every
    // line's operand is evaluated once, in line order, then each period takes the first line whose test
    // passes (a blank period is No data, index 0, as is a period no line decides).
    [[gnu::flatten]] void statusSeries() {
        if (statusStamp_ == stamp_) return;
        statusStamp_ = stamp_;
        if (statusReadsItself_) return statusSeriesLineByLine();
        const auto& definition = *program_.status;
        // The subject's periods (one value when it is one): subject[i] for every i < n.
        const Datum& subjectDatum = eval(definition.series);
        const Value* const subject = subjectDatum.series ? subjectDatum.items.data() : &subjectDatum.scalar;
        const std::size_t n = subjectDatum.size();
        const std::size_t lines = definition.lines.size();
        lineTests_.resize(lines);
        LineTest* const tests = lineTests_.data();
        sourcesUsed_ = 0;
        for (std::size_t l = 0; l < lines; ++l) {
            const auto& line = definition.lines[l];
            const FusedComparison& fused = fusedLines_[l];
            LineTest& test = tests[l];
            test.status = line.statusIndex;
            test.fused = &fused;
            if (fused.other != noNode) {
                test.k = fused.constant->asNumber();
                test.op = fused.constantLeft ? mirrored(fused.op) : fused.op; // `5% >= x` is `x <= 5%`
                if (fused.shortfall != noNode)
                    if (const ShortfallNumbers* numbers = shortfallNumbers(fused.shortfall)) {
                        test.kind = LineTest::Kind::Shortfall;
                        test.numbers = numbers->values.data();
                        test.size = numbers->values.size();
                        continue;
                    }
                test.kind = LineTest::Kind::Compare;
                test.read(eval(fused.other));
            } else if (line.condition != noNode) {
                test.kind = LineTest::Kind::Condition;
                test.read(eval(line.condition));
            } else {
                test.kind = LineTest::Kind::Otherwise;
            }
        }
        statusIndices_.resize(n);
        std::uint16_t* out = statusIndices_.data();
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t status = 0;
            if (!subject[i].isBlank())
                for (std::size_t l = 0; l < lines; ++l)
                    if (tests[l].passes(i)) {
                        status = tests[l].status;
                        break;
                    }
            out[i] = status;
        }
    }

    // statusSeries when a line's condition reads the status itself: line after line over the periods not yet
    // decided, so such a condition sees the statuses the lines before it gave (and No data elsewhere).
    void statusSeriesLineByLine() {
        const auto& definition = *program_.status;
        const DatumReader subject(eval(definition.series));
        std::size_t n = subject.size();
        statusIndices_.assign(n, 0);
        // The periods not yet decided, in order; a blank period is No data (index 0) from the start.
        pending_.clear();
        for (std::size_t i = 0; i < n; ++i)
            if (!subject.at(i).isBlank()) pending_.push_back(static_cast<std::uint32_t>(i));
        for (std::size_t l = 0; l < definition.lines.size(); ++l) {
            const auto& line = definition.lines[l];
            if (const FusedComparison& fused = fusedLines_[l]; fused.other != noNode) {
                const Datum& other = eval(fused.other);
                const double k = fused.constant->asNumber();
                const ast::Operator op = fused.constantLeft ? mirrored(fused.op) : fused.op;
                const DatumReader values(other);
                std::size_t kept = 0;
                for (const std::uint32_t i : pending_) {
                    if (compared(values.at(i), fused, op, k)) statusIndices_[i] = line.statusIndex;
                    else pending_[kept++] = i;
                }
                pending_.resize(kept);
                continue;
            }
            const Datum* condition = line.condition == noNode ? nullptr : &eval(line.condition);
            std::size_t kept = 0;
            for (const std::uint32_t i : pending_) {
                if (!condition || truthOf(condition->at(i)).value_or(false)) statusIndices_[i] = line.statusIndex;
                else pending_[kept++] = i;
            }
            pending_.resize(kept);
        }
    }

    // `x op k` for a number x, as compareValues orders numbers (a NaN is neither below nor above k, so it
    // counts as equal); op is one of < <= > >=, the constant on the right.
    [[gnu::always_inline]] static bool passesNumber(ast::Operator op, double x, double k) {
        using O = ast::Operator;
        switch (op) {
        case O::Less: return x < k;
        case O::LessEqual: return !(x > k);
        case O::Greater: return x > k;
        default: return !(x < k);
        }
    }

    // A fused line's test of one value (op: the fused operator with the constant on the right): a number by
    // passesNumber; a blank fails; anything else (a text, a logical) as binaryValue compares it with the constant.
    [[gnu::always_inline]] static bool compared(const Value& x, const FusedComparison& fused, ast::Operator op, double k) {
        if (x.isNumber()) return passesNumber(op, x.asNumber(), k);
        if (x.isBlank()) return false;
        return comparedOther(x, fused);
    }
    [[gnu::noinline]] static bool comparedOther(const Value& x, const FusedComparison& fused) {
        const Value v = fused.constantLeft ? binaryValue(fused.op, *fused.constant, x) : binaryValue(fused.op, x, *fused.constant);
        return truthOf(v).value_or(false);
    }

    // One status line as statusSeries tests it period by period, set up once per row.
    struct LineTest {
        enum class Kind : std::uint8_t { Otherwise, Condition, Compare, Shortfall };
        Kind kind = Kind::Otherwise;
        ast::Operator op = ast::Operator::Less; // Compare, Shortfall: the operator, constant on the right
        std::uint16_t status = 0;
        double k = 0.0;
        const FusedComparison* fused = nullptr;
        // Condition, Compare: the operand's values (Datum::at: one value for all periods, blank past the end)
        const Value* values = nullptr;
        bool series = false;
        // Shortfall: the numbers (NaN: blank)
        const double* numbers = nullptr;
        std::size_t size = 0;

        void read(const Datum& d) {
            series = d.series;
            values = d.series ? d.items.data() : &d.scalar;
            size = d.series ? d.items.size() : 1;
        }
        const Value& at(std::size_t i) const {
            if (!series) return *values;
            return i < size ? values[i] : Datum::blankDatumItem;
        }
        [[gnu::always_inline]] bool passes(std::size_t i) const {
            switch (kind) {
            case Kind::Shortfall: {
                if (i >= size) return false;
                const double x = numbers[i];
                return !std::isnan(x) && passesNumber(op, x, k);
            }
            case Kind::Compare: return compared(at(i), *fused, op, k);
            case Kind::Condition: return truthOf(at(i)).value_or(false);
            case Kind::Otherwise: break;
            }
            return true;
        }
    };

    // The shortfall call node's values on this row as numbers (NaN: blank), worked out once per row for all
    // the lines that compare it; nullptr when its actual or target is not a series or its polarity or basis
    // is one (then the line evaluates the node as any other operand). Exactly what shortfallSeries gives.
    const ShortfallNumbers* shortfallNumbers(NodeIndex node) {
        for (std::size_t s = 0; s < sourcesUsed_; ++s)
            if (shortfallSources_[s].node == node) return shortfallSources_[s].valid ? &shortfallSources_[s] : nullptr;
        if (sourcesUsed_ == shortfallSources_.size()) shortfallSources_.emplace_back();
        ShortfallNumbers& numbers = shortfallSources_[sourcesUsed_++];
        numbers.node = node;
        numbers.valid = false;
        const auto children = program_.children(program_.nodes[node]);
        const Datum& actual = eval(children[0]);
        const Datum& target = eval(children[1]);
        const Datum* polarityArgument = children.size() > 2 ? &eval(children[2]) : nullptr;
        const Datum* basisArgument = children.size() > 3 ? &eval(children[3]) : nullptr;
        if (!actual.series || !target.series || (polarityArgument && polarityArgument->series) ||
            (basisArgument && basisArgument->series))
            return nullptr;
        const auto polarity = polarityArgument ? heldPolarity(polarityArgument->scalar) : std::optional(domain::Polarity::Higher);
        const auto basis = basisArgument ? basisOf(basisArgument->scalar) : std::optional(basis_);
        const std::size_t n = std::max(actual.items.size(), target.items.size());
        const std::size_t both = std::min(actual.items.size(), target.items.size());
        numbers.values.resize(n);
        double* out = numbers.values.data();
        numbers.valid = true;
        if (!polarity || !basis) {
            std::fill_n(out, n, domain::blankValue);
            return &numbers;
        }
        using P = domain::Polarity;
        const bool points = *basis == domain::Basis::Points;
        const Value* a = actual.items.data();
        const Value* t = target.items.data();
        switch (*polarity) {
        case P::Higher: points ? shortfallNumbersLoop<P::Higher, true>(a, t, both, out) : shortfallNumbersLoop<P::Higher, false>(a, t, both, out); break;
        case P::Lower: points ? shortfallNumbersLoop<P::Lower, true>(a, t, both, out) : shortfallNumbersLoop<P::Lower, false>(a, t, both, out); break;
        case P::Band: points ? shortfallNumbersLoop<P::Band, true>(a, t, both, out) : shortfallNumbersLoop<P::Band, false>(a, t, both, out); break;
        case P::Neutral: shortfallNumbersLoop<P::Neutral, false>(a, t, both, out); break;
        }
        std::fill(out + both, out + n, domain::blankValue);
        return &numbers;
    }

    // out[i] = shortfall(a[i], t[i]) as a number for the first `count` periods, NaN where shortfallLoop
    // writes a blank (a value that is not a number or logical, an error, a result that is not finite).
    template <domain::Polarity polarity, bool points>
    static void shortfallNumbersLoop(const Value* a, const Value* t, std::size_t count, double* out) {
        const domain::Basis basis = points ? domain::Basis::Points : domain::Basis::Percent;
        for (std::size_t i = 0; i < count; ++i) {
            double x = domain::blankValue;
            if ((a[i].isNumber() || a[i].isBoolean()) && (t[i].isNumber() || t[i].isBoolean()))
                if (auto outcome = domain::shortfall(a[i].asNumber(), t[i].asNumber(), polarity, basis);
                    outcome && std::isfinite(outcome.value))
                    x = outcome.value;
            out[i] = x;
        }
    }

    // For the constructor: which fused lines compare a shortfall() call (FusedComparison::shortfall), and
    // whether a line's condition reads the status itself (statusReadsItself_).
    void findFusedShortfalls(const Program& program) {
        std::vector<std::size_t> letReads(program.lets.size(), 0), fusedReads(program.lets.size(), 0);
        for (const Node& node : program.nodes)
            if (node.op == Op::Let) ++letReads[node.slot];
        for (const FusedComparison& fused : fusedLines_)
            if (fused.other != noNode && program.nodes[fused.other].op == Op::Let) ++fusedReads[program.nodes[fused.other].slot];
        for (FusedComparison& fused : fusedLines_) {
            if (fused.other == noNode) continue;
            NodeIndex source = fused.other;
            if (const Node& other = program.nodes[source]; other.op == Op::Let) {
                if (letReads[other.slot] != fusedReads[other.slot]) continue; // read elsewhere: its series is built
                source = program.lets[other.slot].value;
            }
            const Node& call = program.nodes[source];
            if (call.op == Op::Call && call.builtin && call.builtin->id == BuiltinId::Shortfall && call.childCount >= 2 &&
                call.childCount <= 4)
                fused.shortfall = source;
        }
        std::vector<std::uint8_t> seen(program.nodes.size(), 0);
        std::function<bool(NodeIndex)> readsStatus = [&](NodeIndex i) -> bool {
            if (seen[i]) return false; // visited (a let read twice), or being visited
            seen[i] = 1;
            const Node& node = program.nodes[i];
            if (node.op == Op::StatusSeries) return true;
            if (node.op == Op::Let) return readsStatus(program.lets[node.slot].value);
            for (NodeIndex child : program.children(node))
                if (readsStatus(child)) return true;
            return false;
        };
        for (const auto& line : program.status->lines)
            if (line.condition != noNode && readsStatus(line.condition)) statusReadsItself_ = true;
    }

    // `x op k` with the operator turned round: `k op x`.
    static ast::Operator mirrored(ast::Operator op) {
        using O = ast::Operator;
        return op == O::Less ? O::Greater : op == O::LessEqual ? O::GreaterEqual : op == O::Greater ? O::Less : O::LessEqual;
    }

    // ... and as a series of texts (what `status` gives), built once per row when an expression reads the
    // whole series (status[k] reads one text without it). The texts are rewritten only where a period's
    // status differs from the one whose text is held.
    [[gnu::noinline]] const Datum& statusTextSeries() {
        statusSeries();
        if (statusTextStamp_ == stamp_) return statusData_;
        statusTextStamp_ = stamp_;
        const std::size_t n = statusIndices_.size();
        statusData_.setSeries(n);
        statusTextIndices_.resize(n, noStatusText);
        for (std::size_t i = 0; i < n; ++i)
            if (statusTextIndices_[i] != statusIndices_[i]) {
                statusData_.items[i] = statusTexts_[statusIndices_[i]]; // copied into the buffer it has
                statusTextIndices_[i] = statusIndices_[i];
            }
        return statusData_;
    }

    // out[i] = f(args[0][i], args[1][i], ...): a series when any argument is one, else a single value.
    template <typename F>
    static void elementwise(Datum& out, std::span<const Datum* const> args, F&& f) {
        std::array<const Value*, inlineArguments> stack{};
        std::vector<const Value*> heap;
        std::span<const Value*> values;
        if (args.size() <= inlineArguments) values = std::span<const Value*>(stack.data(), args.size());
        else {
            heap.resize(args.size());
            values = heap;
        }
        std::size_t n = 0;
        bool series = false;
        for (const Datum* a : args)
            if (a->series) series = true, n = std::max(n, a->items.size());
        if (!series) {
            for (std::size_t k = 0; k < args.size(); ++k) values[k] = &args[k]->scalar;
            out.setScalar(f(std::span<const Value* const>(values.data(), values.size())));
            return;
        }
        out.setSeries(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < args.size(); ++k) values[k] = &args[k]->at(i);
            out.items[i] = f(std::span<const Value* const>(values.data(), values.size()));
        }
    }

    // A node's value on this row. Leaves (constants, profiles, fields, series) and lets already worked
    // out for this row are answered from ready_ without entering the interpreter.
    //
    // A node whose value depends on fields alone (fieldsRead_ has no `unsettled` bit) keeps its value from
    // the row before when none of those fields changed (changedFields_): it is the same function of the
    // same values. Otherwise it is worked out and, when field-only, kept for the next row.
    [[gnu::always_inline]] const Datum& eval(NodeIndex index) {
        Ready& ready = ready_[index];
        if (ready.stamp >= stamp_) return *ready.datum; // this row's, or always
        if (ready.stamp + 1 == stamp_ && (fieldsRead_[index] & changedFields_) == 0) {
            ready.stamp = stamp_;
            return *ready.datum;
        }
        return evalFresh(index);
    }

    [[gnu::noinline]] const Datum& evalFresh(NodeIndex index) {
        const Datum& result = evalNode(index);
        if ((fieldsRead_[index] & unsettled) == 0) ready_[index] = Ready{&result, stamp_};
        return result;
    }

    const Datum& evalNode(NodeIndex index) {
        const Node& node = program_.nodes[index];
        Datum& out = scratch_[index];
        switch (node.op) {
        case Op::Constant:
        case Op::Profile: return out;
        case Op::Field: return fields_[node.slot];
        case Op::Series: return series_[node.slot];
        case Op::Let: return evalLet(node);
        case Op::StatusSeries: return statusTextSeries();
        case Op::Unary: return evalUnary(node, out);
        case Op::Binary:
            if (!statusAnswers_[index].values.empty()) return statusComparison(statusAnswers_[index], out);
            return evalBinary(index, node, out);
        case Op::In: return evalIn(index, node, out);
        case Op::Index: return evalIndex(node, out);
        case Op::Call: call(node, out); return out;
        case Op::TargetSeries: targetSeries(node, out); return out;
        }
        return out;
    }

    [[gnu::noinline]] const Datum& evalLet(const Node& node) {
        // A let is worked out once per row, however often it is used.
        NodeIndex value = program_.lets[node.slot].value;
        if (stamps_[value] != stamp_) {
            letData_[node.slot] = &eval(value); // the Datum the value node gave (not always its own)
            stamps_[value] = stamp_;
        }
        const Datum& result = *letData_[node.slot];
        // Every use of the let now gives this row's value without entering the interpreter again.
        for (NodeIndex use : letUses_[node.slot]) ready_[use] = Ready{&result, stamp_};
        return result;
    }

    [[gnu::noinline]] const Datum& evalIndex(const Node& node, Datum& out) {
        if (program_.nodes[program_.children(node)[0]].op == Op::StatusSeries) {
            // status[k]: the Datum holding the period's status text (or blank), not a copy of it.
            const Value& text = indexValue(node);
            return &text == &Datum::blankDatumItem ? statusData(statusTexts_.size())
                                                   : statusData(static_cast<std::size_t>(&text - statusTexts_.data()));
        }
        out.setScalar(indexValue(node));
        return out;
    }

    // One single-value Datum per status text, and a blank one after them, made once.
    const Datum& statusData(std::size_t status) const { return statusTextData_[status]; }

    // The operators, out of line: evalNode stays a small dispatcher (its frame is set up on every node).
    [[gnu::noinline]] const Datum& evalUnary(const Node& node, Datum& out) {
        const Datum* args[] = {&eval(program_.children(node)[0])};
        bool negate = node.oper == ast::Operator::Negate;
        if (scalarInto(*args[0], out, [negate](const Value& v, Value& o) {
                if (negate) {
                    auto x = numberOf(v);
                    x ? o.setNumber(-*x) : o.setBlank();
                    return;
                }
                auto t = truthOf(v);
                t ? o.setBoolean(!*t) : o.setBlank();
            }))
            return out;
        elementwise(out, args, [negate](std::span<const Value* const> v) {
            if (negate) {
                auto x = numberOf(*v[0]);
                return x ? Value::number(-*x) : Value::blank();
            }
            auto t = truthOf(*v[0]);
            return t ? Value::boolean(!*t) : Value::blank();
        });
        return out;
    }

    // What evalBinary gives for `a op b` (= or <>) with single values, when the operand `constantSide` (0 or 1)
    // is a constant whose folded key is `folded` (empty unless the constant is a text).
    static Value constantComparison(ast::Operator op, const Value& a, const Value& b, int constantSide,
                                    const std::string& folded) {
        const Value& constant = constantSide == 0 ? a : b;
        const Value& value = constantSide == 0 ? b : a;
        Value out;
        if (constant.isText() && value.isText()) {
            const bool same = folded.empty() ? trimText(value.asText()) == trimText(constant.asText())
                                             : matchesKey(value.asText(), folded);
            out.setBoolean(same != (op == ast::Operator::NotEqual));
        } else {
            binaryInto(op, a, b, out);
        }
        return out;
    }

    // `status[k] = constant`: the period k's status index (as indexValue finds it) picks the answer.
    [[gnu::noinline]] const Datum& statusComparison(const StatusAnswers& answers, Datum& out) {
        statusSeries();
        const Value& period = eval(answers.period).scalar;
        std::size_t status = answers.values.size() - 1; // no such period
        if (!period.isText())
            if (auto n = numberOf(period); n && std::isfinite(*n) && *n >= 1 && *n <= static_cast<double>(statusIndices_.size()))
                status = statusIndices_[static_cast<std::size_t>(*n) - 1];
        out.series = false;
        assignValue(out.scalar, answers.values[status]);
        return out;
    }

    [[gnu::noinline, gnu::flatten]] const Datum& evalBinary(NodeIndex index, const Node& node, Datum& out) {
        auto children = program_.children(node);
        const Datum* args[] = {&eval(children[0]), &eval(children[1])};
        ast::Operator op = node.oper;
        // `unit <> ""`, `frequency = "Monthly"`: against a text constant, compare with its key folded once.
        if (op == ast::Operator::Equal || op == ast::Operator::NotEqual) {
            auto isTextConstant = [this](NodeIndex candidate) {
                const Node& n = program_.nodes[candidate];
                return n.op == Op::Constant && program_.constant(n).isText();
            };
            const std::string* folded = nullptr;
            const Value* constantSide = nullptr;
            std::size_t other = 0;
            if (isTextConstant(children[1])) {
                folded = &foldedConstants_[children[1]];
                constantSide = &program_.constant(program_.nodes[children[1]]);
            } else if (isTextConstant(children[0])) {
                folded = &foldedConstants_[children[0]];
                constantSide = &program_.constant(program_.nodes[children[0]]);
                other = 1;
            }
            if (folded) {
                bool negate = op == ast::Operator::NotEqual;
                // A single text against the constant: the same text as on an earlier row gives the
                // same answer (the comparison depends on nothing else).
                const Datum& side = *args[other];
                if (!side.series && side.scalar.isText() && !args[1 - other]->series) {
                    TextMemo& memo = textMemos_[index];
                    if (!memo.known || memo.text != side.scalar.asText()) {
                        const std::string& text = side.scalar.asText();
                        memo.answer = folded->empty() ? trimText(text) == trimText(constantSide->asText())
                                                      : matchesKey(text, *folded);
                        memo.text = text;
                        memo.known = true;
                    }
                    out.series = false;
                    out.scalar.setBoolean(memo.answer != negate);
                    return out;
                }
                pairwise(*args[0], *args[1], out, [&](const Value& a, const Value& b, Value& o) {
                    const Value& value = other == 0 ? a : b;
                    if (!value.isText()) return binaryInto(op, a, b, o);
                    bool same = folded->empty() ? trimText(value.asText()) == trimText(constantSide->asText())
                                                : matchesKey(value.asText(), *folded);
                    o.setBoolean(same != negate);
                });
                return out;
            }
        }
        pairwise(*args[0], *args[1], out, [op](const Value& a, const Value& b, Value& o) { binaryInto(op, a, b, o); });
        return out;
    }

    [[gnu::noinline]] const Datum& evalIn(NodeIndex index, const Node& node, Datum& out) {
        const Datum* args[] = {&eval(program_.children(node)[0])};
        std::size_t count = program_.children(node).size() - 1;
        const std::uint32_t* choiceNodes = program_.children(node).data() + 1;
        // A single text tested against constant choices: the answer for the same text as on an
        // earlier row is kept (it depends on nothing else), and the choices are not even looked at
        // (constants: evaluating them does nothing).
        TextMemo& memo = textMemos_[index];
        if (memo.constantChoices == TextMemo::unknown) {
            memo.constantChoices = TextMemo::yes;
            for (std::size_t k = 0; k < count; ++k)
                if (program_.nodes[choiceNodes[k]].op != Op::Constant) memo.constantChoices = TextMemo::no;
        }
        const bool memoised = memo.constantChoices == TextMemo::yes && !args[0]->series && args[0]->scalar.isText();
        if (memoised && memo.known && memo.text == args[0]->scalar.asText()) {
            out.series = false;
            out.scalar.setBoolean(memo.answer);
            return out;
        }
        // Choices are single values; kept on the stack (an `in` may nest inside a choice).
        std::array<const Value*, 16> stack;
        std::vector<const Value*> heap;
        std::span<const Value*> choices;
        if (count <= stack.size()) choices = std::span<const Value*>(stack.data(), count);
        else {
            heap.resize(count);
            choices = heap;
        }
        for (std::size_t k = 0; k < count; ++k) choices[k] = &eval(program_.children(node)[k + 1]).scalar;
        elementwise(out, args, [this, choices, choiceNodes](std::span<const Value* const> v) {
            if (v[0]->isBlank() || v[0]->isError()) return Value::blank();
            for (std::size_t k = 0; k < choices.size(); ++k) {
                // A text constant was folded once: compare without building keys per row.
                const std::string& folded = foldedConstants_[choiceNodes[k]];
                if (v[0]->isText() && !folded.empty()) {
                    if (matchesKey(v[0]->asText(), folded)) return Value::boolean(true);
                } else if (equalValues(*v[0], *choices[k]).value_or(false)) {
                    return Value::boolean(true);
                }
            }
            return Value::boolean(false);
        });
        if (memoised) {
            memo.text = args[0]->scalar.asText();
            memo.answer = out.scalar.asBoolean();
            memo.known = true;
        }
        return out;
    }

    // One element of a binary operator, written into `o` in place: what binaryValue gives (NaN
    // included), with and/or, comparisons and arithmetic on numbers and blanks worked out directly.
    static void binaryInto(ast::Operator op, const Value& x, const Value& y, Value& o) {
        using O = ast::Operator;
        if (op == O::And || op == O::Or) {
            const auto p = truthOf(x), q = truthOf(y);
            const bool dominant = op == O::Or; // true decides `or`, false decides `and`
            if ((p && *p == dominant) || (q && *q == dominant)) o.setBoolean(dominant);
            else if (p && q) o.setBoolean(!dominant);
            else o.setBlank();
            return;
        }
        if (op == O::Join) {
            o = binaryValue(op, x, y);
            return;
        }
        if (!x.isNumber() || !y.isNumber()) {
            // A blank operand gives blank for every comparison and arithmetic operator.
            if (x.isBlank() || y.isBlank()) o.setBlank();
            else o = binaryValue(op, x, y);
            return;
        }
        const double p = x.asNumber(), q = y.asNumber();
        const int c = p < q ? -1 : p > q ? 1 : 0;
        auto finite = [&o](double r) { std::isfinite(r) ? o.setNumber(r) : o.setBlank(); };
        switch (op) {
        case O::Equal: o.setBoolean(p == q); break;
        case O::NotEqual: o.setBoolean(!(p == q)); break;
        case O::Less: o.setBoolean(c < 0); break;
        case O::LessEqual: o.setBoolean(c <= 0); break;
        case O::Greater: o.setBoolean(c > 0); break;
        case O::GreaterEqual: o.setBoolean(c >= 0); break;
        case O::Plus: finite(p + q); break;
        case O::Minus: finite(p - q); break;
        case O::Times: finite(p * q); break;
        case O::Divide: q == 0 ? o.setBlank() : finite(p / q); break;
        case O::Power: finite(std::pow(p, q)); break;
        default: o = binaryValue(op, x, y); break;
        }
    }

    // f(a[i], b[i], out[i]) element by element as elementwise() pairs them (a single value when neither
    // operand is a series), each result written in place.
    template <typename F>
    static void pairwise(const Datum& a, const Datum& b, Datum& out, F&& f) {
        if (!a.series && !b.series) {
            out.series = false;
            f(a.scalar, b.scalar, out.scalar);
            return;
        }
        const std::size_t n = std::max(a.series ? a.items.size() : 0, b.series ? b.items.size() : 0);
        out.setSeries(n);
        const DatumReader x(a), y(b);
        for (std::size_t i = 0; i < n; ++i) f(x.at(i), y.at(i), out.items[i]);
    }

    // One value in place when the argument is a single value: true when handled.
    template <typename F>
    static bool scalarInto(const Datum& a, Datum& out, F&& f) {
        if (a.series) return false;
        out.series = false;
        f(a.scalar, out.scalar);
        return true;
    }

    // The element base[index] (a reference into the base's value, or the blank item): copied once, into
    // the Index node's own value.
    const Value& indexValue(const Node& node) {
        if (program_.nodes[program_.children(node)[0]].op == Op::StatusSeries) {
            // status[k]: the period's status text from the row's indices (what the text series holds there;
            // a text index finds no period, as below for anything but a declared series).
            statusSeries();
            const Value& index = eval(program_.children(node)[1]).scalar;
            if (index.isText()) return Datum::blankDatumItem;
            auto n = numberOf(index);
            if (!n || !std::isfinite(*n) || *n < 1 || *n > static_cast<double>(statusIndices_.size()))
                return Datum::blankDatumItem;
            return statusTexts_[statusIndices_[static_cast<std::size_t>(*n) - 1]];
        }
        const Datum& base = eval(program_.children(node)[0]);
        const Value& index = eval(program_.children(node)[1]).scalar;
        if (index.isText()) {
            // series["Jun"]: the period whose header matches, as headers are compared.
            const Node& baseNode = program_.nodes[program_.children(node)[0]];
            if (baseNode.op == Op::Series) {
                const auto& headers = layout_.seriesColumns[baseNode.slot].headers;
                for (std::size_t i = 0; i < headers.size(); ++i)
                    if (sameKey(headers[i], index.asText())) return base.at(i);
            }
            return Datum::blankDatumItem;
        }
        auto n = numberOf(index);
        if (!n || !std::isfinite(*n) || *n < 1 || *n > static_cast<double>(base.size())) return Datum::blankDatumItem;
        return base.at(static_cast<std::size_t>(*n) - 1);
    }

    struct WeightSet {
        std::vector<double> weights;
        std::vector<double> toDate;
        bool ok = false;
        double total = 0.0;
        std::uint64_t generation = 0;
        double weightAt(std::size_t i) const { return std::isnan(weights[i]) ? 0.0 : weights[i]; }
    };
    // True when eval(index) will give, on this row, the value the node held on the row before (a constant or a
    // profile, a field that did not change, a value of fields of which none changed): asked before eval. A
    // leaf is always ready but a field or series leaf is read anew each row: its fields decide (a series is
    // unsettled, so never kept).
    bool keepsValue(NodeIndex index) const {
        const Ready& ready = ready_[index];
        if (ready.stamp == always) return (fieldsRead_[index] & changedFields_) == 0;
        return ready.stamp + 1 == stamp_ && (fieldsRead_[index] & changedFields_) == 0;
    }

    // target(annual, weights, [mode]): one profiled target per weight.
    [[gnu::noinline]] void targetSeries(const Node& node, Datum& out) {
        const std::size_t index = static_cast<std::size_t>(&node - program_.nodes.data());
        auto annual = numberOf(eval(program_.children(node)[0]).scalar);
        const NodeIndex weightsNode = program_.children(node)[1];
        const bool weightsKept = keepsValue(weightsNode);
        const Datum& weights = eval(weightsNode);
        auto mode = domain::ProfileMode::Cumulative;
        if (program_.children(node).size() > 2) {
            // The mode word is the same on most rows: when this node's mode operand is a constant or a value
            // of fields kept from the row before (none of them changed), the meaning this node found on the row
            // before is kept; otherwise the last word's meaning is. (A field read directly changes row by row.)
            const NodeIndex modeNode = program_.children(node)[2];
            HeldWeights& held = heldWeights_[index];
            const Ready& modeReady = ready_[modeNode];
            const bool modeKept = held.modeRun + 1 == stamp_ &&
                                  (program_.nodes[modeNode].op == Op::Constant ||
                                   (modeReady.stamp + 1 == stamp_ && (fieldsRead_[modeNode] & changedFields_) == 0));
            const Value& modeText = eval(modeNode).scalar;
            std::optional<domain::ProfileMode> parsed;
            if (modeKept) {
                parsed = held.mode;
            } else if (modeText.isText()) {
                if (!lastModeKnown_ || modeText.asText() != lastModeText_) {
                    lastMode_ = domain::parseProfileMode(modeText.asText());
                    lastModeText_ = modeText.asText();
                    lastModeKnown_ = true;
                }
                parsed = lastMode_;
            }
            held.modeRun = stamp_;
            held.mode = parsed;
            if (!parsed) {
                out.setSeries(weights.size());
                std::fill(out.items.begin(), out.items.end(), Value{});
                return;
            }
            mode = *parsed;
        }
        // The weights are checked and totalled once per distinct set of weights, not once per period or row
        // (profiledTarget per period redid both, quadratic in the periods). When this node ran on the row
        // before and its weights kept their value, the set it used then is used again; otherwise the weights
        // are looked up among the sets seen (compared bit for bit, so a blank or NaN weight matches only
        // itself). The running sums are taken in the same order, so each target is the number
        // profiledTarget gives.
        // Weights that are a declared profile's (the profile itself, or a profile() call that chose one) use
        // that profile's set, made once: they are its weights as numbers, so the set is the one weightSetOf
        // would find.
        HeldWeights& held = heldWeights_[index];
        const bool ranBefore = held.lastRun + 1 == stamp_;
        held.lastRun = stamp_;
        std::size_t declared = SIZE_MAX;
        if (const Node& w = program_.nodes[weightsNode]; w.op == Op::Profile) declared = w.slot;
        else if (w.op == Op::Call && w.builtin->id == BuiltinId::Profile) declared = heldProfile_[weightsNode]; // its Datum holds them
        const WeightSet* named = declared == SIZE_MAX ? nullptr : &profileWeightSet(declared);
        if (named && weights.series && named->weights.size() == weights.items.size()) {
            held.set = SIZE_MAX;
        } else {
            named = nullptr;
            const bool reuse = weightsKept && ranBefore && held.set < weightSets_.size() &&
                               weightSets_[held.set].generation == held.generation &&
                               weightSets_[held.set].weights.size() == weights.size();
            if (!reuse) {
                held.set = weightSetOf(weights);
                held.generation = weightSets_[held.set].generation;
            }
        }
        const WeightSet& set = named ? *named : weightSets_[held.set];
        const std::size_t n = weights.size();
        out.setSeries(n);
        Value* o = out.items.data();
        if (!annual || !std::isfinite(*annual) || !set.ok) {
            for (std::size_t i = 0; i < n; ++i) o[i].setBlank();
            return;
        }
        const double a = *annual, total = set.total;
        auto put = [](Value& v, double target) { std::isfinite(target) ? v.setNumber(target) : v.setBlank(); };
        switch (mode) {
        case domain::ProfileMode::Cumulative: {
            const double* toDate = set.toDate.data(); // taken once: a value's text is written through a char
            for (std::size_t i = 0; i < n; ++i) put(o[i], a * toDate[i] / total);
            break;
        }
        case domain::ProfileMode::Discrete:
            for (std::size_t i = 0; i < n; ++i) put(o[i], a * set.weightAt(i) / total);
            break;
        default:
            for (std::size_t i = 0; i < n; ++i) put(o[i], a);
            break;
        }
    }

    // The index in weightSets_ of these weights (as numbers, blank: domain::blankValue), added when new. Past
    // a few sets, the last entry is rewritten for whatever new set comes (its generation counts the rewrites,
    // so a node holding the set it had before does not take it for its own).
    std::size_t weightSetOf(const Datum& weightsDatum) {
        const DatumReader weights(weightsDatum);
        weightBuffer_.resize(weights.size());
        for (std::size_t i = 0; i < weights.size(); ++i)
            weightBuffer_[i] = numberOf(weights.at(i)).value_or(domain::blankValue);
        for (std::size_t k = 0; k < weightSets_.size(); ++k)
            if (weightSets_[k].weights.size() == weightBuffer_.size() &&
                std::memcmp(weightSets_[k].weights.data(), weightBuffer_.data(), weightBuffer_.size() * sizeof(double)) == 0)
                return k;
        if (weightSets_.size() < 8) weightSets_.emplace_back();
        WeightSet& set = weightSets_.back();
        ++set.generation;
        fillWeightSet(set, weightBuffer_);
        return weightSets_.size() - 1;
    }

    // The set of the declared profile p's weights (program_.profiles), made on first use.
    const WeightSet& profileWeightSet(std::size_t p) {
        if (profileWeightSets_.empty()) profileWeightSets_.resize(program_.profiles.size());
        auto& [made, set] = profileWeightSets_[p];
        if (!made) fillWeightSet(set, program_.profiles[p].weights);
        made = true;
        return set;
    }

    // The set holds these weights (blank: domain::blankValue), their check, total and running sums.
    static void fillWeightSet(WeightSet& set, const std::vector<double>& weights) {
        set.weights = weights;
        set.ok = domain::checkWeights(set.weights) == domain::DomainError::None;
        set.total = 0.0;
        set.toDate.assign(set.weights.size(), 0.0);
        double toDate = 0.0;
        for (std::size_t i = 0; i < set.weights.size(); ++i) {
            if (set.ok) set.total += set.weightAt(i);
            set.toDate[i] = toDate += set.weightAt(i);
        }
    }

    [[gnu::noinline]] void call(const Node& node, Datum& out) {
        const auto children = program_.children(node);
        if (children.size() > inlineArguments) return callWithManyArguments(node, out);
        std::array<const Datum*, inlineArguments> args; // the first children.size() entries are set below
        for (std::size_t k = 0; k < children.size(); ++k) args[k] = &eval(children[k]);
        callWith(node, std::span<const Datum* const>(args.data(), children.size()), out);
    }

    // More arguments than fit on the stack (min and max can have any number).
    [[gnu::noinline]] void callWithManyArguments(const Node& node, Datum& out) {
        const auto children = program_.children(node);
        std::vector<const Datum*> args(children.size());
        for (std::size_t k = 0; k < children.size(); ++k) args[k] = &eval(children[k]);
        callWith(node, args, out);
    }

    // The builtin of a call node over its arguments' values.
    [[gnu::always_inline]] void callWith(const Node& node, std::span<const Datum* const> in, Datum& out) {
        const Builtin& builtin = *node.builtin;
        using B = BuiltinId;
        switch (builtin.id) {
        case B::CalcFunction: return calcFunction(node, in, out);
        case B::Shortfall:
            if ((in.size() < 3 || !in[2]->series) && (in.size() < 4 || !in[3]->series))
                return shortfallSeries(in, out);
            return elementwise(out, in, [this](std::span<const Value* const> v) {
                auto a = numberOf(*v[0]), t = numberOf(*v[1]);
                if (!a || !t) return Value::blank();
                auto polarity = v.size() > 2 ? polarityOf(*v[2]) : std::optional(domain::Polarity::Higher);
                auto basis = v.size() > 3 ? basisOf(*v[3]) : std::optional(basis_);
                if (!polarity || !basis) return Value::blank();
                auto outcome = domain::shortfall(*a, *t, *polarity, *basis);
                return outcome ? number(outcome.value) : Value::blank();
            });
        case B::Words:
            if (scalarInto(*in[0], out, [](const Value& v, Value& o) {
                    o.setNumber(v.isBlank() ? 0.0 : static_cast<double>(v.isText() ? countWords(v.asText()) : countWords(textOf(v))));
                }))
                return;
            return elementwise(out, in, [](std::span<const Value* const> v) {
                if (v[0]->isBlank()) return Value::number(0);
                return Value::number(static_cast<double>(v[0]->isText() ? countWords(v[0]->asText()) : countWords(textOf(*v[0]))));
            });
        case B::Len:
            return elementwise(out, in, [](std::span<const Value* const> v) {
                std::string t = textOf(*v[0]);
                return Value::number(static_cast<double>(icu::UnicodeString::fromUTF8(t).countChar32()));
            });
        case B::Lower:
        case B::Upper: {
            bool upper = builtin.id == B::Upper;
            return elementwise(out, in, [upper](std::span<const Value* const> v) {
                return v[0]->isText() ? Value::text(caseMapped(v[0]->asText(), upper)) : *v[0];
            });
        }
        case B::Trim:
            return elementwise(out, in, [](std::span<const Value* const> v) {
                return v[0]->isText() ? Value::text(std::string(trimText(v[0]->asText()))) : *v[0];
            });
        case B::Abs:
            if (scalarInto(*in[0], out, [](const Value& v, Value& o) {
                    auto x = numberOf(v);
                    x ? o.setNumber(std::fabs(*x)) : o.setBlank();
                }))
                return;
            return elementwise(out, in, [](std::span<const Value* const> v) {
                auto x = numberOf(*v[0]);
                return x ? Value::number(std::fabs(*x)) : Value::blank();
            });
        case B::Round:
            return elementwise(out, in, [](std::span<const Value* const> v) {
                auto x = numberOf(*v[0]);
                double digits = v.size() > 1 ? numberOf(*v[1]).value_or(0) : 0;
                if (!x) return Value::blank();
                double scale = std::pow(10.0, std::round(digits));
                return number(std::round(*x * scale) / scale);
            });
        case B::Min:
        case B::Max: {
            bool isMin = builtin.id == B::Min;
            auto pick = [isMin](auto&& values) {
                std::optional<double> best;
                for (const Value* x : values)
                    if (auto n = numberOf(*x)) best = !best ? *n : isMin ? std::min(*best, *n) : std::max(*best, *n);
                return best ? Value::number(*best) : Value::blank();
            };
            if (in.size() == 1) {
                std::optional<double> best;
                for (std::size_t i = 0; i < in[0]->size(); ++i)
                    if (auto n = numberOf(in[0]->at(i))) best = !best ? *n : isMin ? std::min(*best, *n) : std::max(*best, *n);
                return out.setScalar(best ? Value::number(*best) : Value::blank());
            }
            return elementwise(out, in, [&pick](std::span<const Value* const> v) { return pick(v); });
        }
        case B::IsNumber:
            if (scalarInto(*in[0], out, [](const Value& v, Value& o) { o.setBoolean(v.isNumber()); })) return;
            return elementwise(out, in, [](std::span<const Value* const> v) { return Value::boolean(v[0]->isNumber()); });
        case B::IsText:
            if (scalarInto(*in[0], out, [](const Value& v, Value& o) { o.setBoolean(v.isText()); })) return;
            return elementwise(out, in, [](std::span<const Value* const> v) { return Value::boolean(v[0]->isText()); });
        case B::IsBlank:
            if (scalarInto(*in[0], out, [](const Value& v, Value& o) { o.setBoolean(v.isBlank()); })) return;
            return elementwise(out, in, [](std::span<const Value* const> v) { return Value::boolean(v[0]->isBlank()); });
        case B::Profile: return profile(node, in, out);
        case B::Smart: {
            // The text is a function of the row's check outcomes alone: kept in this node's value and built
            // again only when the outcomes differ from those it was built for.
            if (smartMemos_.empty()) smartMemos_.resize(program_.nodes.size());
            SmartMemo& memo = smartMemos_[static_cast<std::size_t>(&node - program_.nodes.data())];
            const bool checked = checksPassed_ != nullptr;
            if (memo.known && memo.checked == checked && (!checked || memo.outcomes == *checksPassed_) &&
                !out.series && out.scalar.isText())
                return;
            std::string failing;
            if (checksPassed_)
                for (std::size_t i = 0; i < checksPassed_->size(); ++i)
                    if (!(*checksPassed_)[i]) failing += program_.checks[i].letter;
            out.setScalar(Value::text(checksPassed_ && failing.empty() ? "OK" : failing));
            memo.known = true;
            memo.checked = checked;
            if (checked) memo.outcomes = *checksPassed_;
            return;
        }
        case B::Last:
        case B::Previous:
        case B::First:
        case B::LastPeriod: {
            const DatumReader d(*in[0]);
            if (builtin.id == B::Last || builtin.id == B::LastPeriod) {
                // Only the last value counts: looked for from the end (the same period the scan below finds).
                std::size_t end = d.size();
                while (end > 0 && (d.at(end - 1).isBlank() || d.at(end - 1).isError())) --end;
                if (end == 0) return out.setScalar(Value{});
                if (builtin.id == B::LastPeriod) return out.setScalar(Value::number(static_cast<double>(end)));
                return out.setScalar(d.at(end - 1));
            }
            std::size_t found = 0, last = SIZE_MAX, previous = SIZE_MAX, first = SIZE_MAX;
            for (std::size_t i = 0; i < d.size(); ++i)
                if (!d.at(i).isBlank() && !d.at(i).isError()) {
                    if (found++ == 0) first = i;
                    previous = last;
                    last = i;
                }
            if (builtin.id == B::LastPeriod)
                return out.setScalar(found ? Value::number(static_cast<double>(last + 1)) : Value{});
            std::size_t at = builtin.id == B::First ? first : builtin.id == B::Last ? last : previous;
            if (at == SIZE_MAX) return out.setScalar(Value{});
            return out.setScalar(d.at(at));
        }
        case B::Sum:
        case B::Average:
        case B::Count:
        case B::Ytd: {
            double total = 0;
            std::size_t count = 0;
            const DatumReader d(*in[0]);
            for (std::size_t i = 0; i < d.size(); ++i)
                if (const Value& v = d.at(i); v.isNumber()) total += v.asNumber(), ++count;
            if (builtin.id == B::Count) return out.setScalar(Value::number(static_cast<double>(count)));
            if (builtin.id == B::Sum) return out.setScalar(Value::number(total));
            if (count == 0) return out.setScalar(Value{});
            return out.setScalar(Value::number(builtin.id == B::Average ? total / static_cast<double>(count) : total));
        }
        case B::Any:
        case B::All: {
            bool sawTrue = false, sawFalse = false, sawBlank = false;
            for (std::size_t i = 0; i < in[0]->size(); ++i) {
                auto t = truthOf(in[0]->at(i));
                if (!t) sawBlank = true;
                else if (*t) sawTrue = true;
                else sawFalse = true;
            }
            if (builtin.id == B::Any)
                return out.setScalar(sawTrue ? Value::boolean(true) : sawBlank && !sawFalse ? Value{} : Value::boolean(false));
            return out.setScalar(sawFalse ? Value::boolean(false) : sawTrue ? Value::boolean(true) : Value{});
        }
        case B::If:
            return elementwise(out, in, [](std::span<const Value* const> v) {
                auto t = truthOf(*v[0]);
                if (!t) return Value::blank();
                return *t ? *v[1] : (v.size() > 2 ? *v[2] : Value::boolean(false));
            });
        case B::Overdue: {
            const Node& seriesNode = program_.nodes[program_.children(node)[0]];
            if (seriesNode.op != Op::Series) return out.setScalar(Value{});
            // A period is overdue when it is past due (today > its due date) and blank.
            const auto& items = series_[seriesNode.slot].items;
            for (const std::size_t i : pastDue_[seriesNode.slot])
                if (i < items.size() && items[i].isBlank()) return out.setScalar(Value::boolean(true));
            return out.setScalar(Value::boolean(false));
        }
        }
        out.setScalar(Value{});
    }

    // shortfall(actual, target, [polarity], [basis]) when polarity and basis are single values: they are
    // decoded once, not once per period; otherwise exactly what the element-by-element form gives.
    void shortfallSeries(std::span<const Datum* const> in, Datum& out) {
        auto polarity = in.size() > 2 ? heldPolarity(in[2]->scalar) : std::optional(domain::Polarity::Higher);
        auto basis = in.size() > 3 ? basisOf(in[3]->scalar) : std::optional(basis_);
        auto one = [&](const Value& actual, const Value& target) {
            auto a = numberOf(actual), t = numberOf(target);
            if (!a || !t || !polarity || !basis) return Value::blank();
            auto outcome = domain::shortfall(*a, *t, *polarity, *basis);
            return outcome ? number(outcome.value) : Value::blank();
        };
        const Datum& actual = *in[0];
        const Datum& target = *in[1];
        if (!actual.series && !target.series) return out.setScalar(one(actual.scalar, target.scalar));
        const std::size_t n = std::max(actual.series ? actual.items.size() : 0, target.series ? target.items.size() : 0);
        out.setSeries(n);
        if (!polarity || !basis) {
            for (Value& o : out.items) o.setBlank();
            return;
        }
        if (actual.series && target.series) {
            // Two series (`shortfall(actual, target, polarity)`): element by element, a period past the end
            // of either is blank, as Datum::at gives it.
            // The loop is chosen per polarity and basis, so domain::shortfall is worked out with them known.
            const std::size_t both = std::min({n, actual.items.size(), target.items.size()});
            using P = domain::Polarity;
            const bool points = *basis == domain::Basis::Points;
            switch (*polarity) {
            case P::Higher: points ? shortfallLoop<P::Higher, true>(actual, target, both, out) : shortfallLoop<P::Higher, false>(actual, target, both, out); break;
            case P::Lower: points ? shortfallLoop<P::Lower, true>(actual, target, both, out) : shortfallLoop<P::Lower, false>(actual, target, both, out); break;
            case P::Band: points ? shortfallLoop<P::Band, true>(actual, target, both, out) : shortfallLoop<P::Band, false>(actual, target, both, out); break;
            case P::Neutral: shortfallLoop<P::Neutral, false>(actual, target, both, out); break;
            }
            for (std::size_t i = both; i < n; ++i) out.items[i].setBlank();
            return;
        }
        for (std::size_t i = 0; i < n; ++i) {
            auto a = numberOf(actual.at(i)), t = numberOf(target.at(i));
            Value& o = out.items[i];
            if (!a || !t) {
                o.setBlank();
                continue;
            }
            auto outcome = domain::shortfall(*a, *t, *polarity, *basis);
            if (outcome && std::isfinite(outcome.value)) o.setNumber(outcome.value);
            else o.setBlank();
        }
    }

    // out[i] = shortfall(actual[i], target[i]) for the first `count` periods of two series, as the
    // element-by-element form gives it (a value that is not a number or logical gives blank).
    template <domain::Polarity polarity, bool points>
    [[gnu::flatten]] static void shortfallLoop(const Datum& actual, const Datum& target, std::size_t count, Datum& out) {
        const Value* a = actual.items.data();
        const Value* t = target.items.data();
        Value* o = out.items.data();
        const domain::Basis basis = points ? domain::Basis::Points : domain::Basis::Percent;
        for (std::size_t i = 0; i < count; ++i) {
            if (!(a[i].isNumber() || a[i].isBoolean()) || !(t[i].isNumber() || t[i].isBoolean())) {
                o[i].setBlank();
                continue;
            }
            auto outcome = domain::shortfall(a[i].asNumber(), t[i].asNumber(), polarity, basis);
            if (outcome && std::isfinite(outcome.value)) o[i].setNumber(outcome.value);
            else o[i].setBlank();
        }
    }

    static std::optional<domain::Polarity> polarityOf(const Value& v) {
        if (v.isText()) return domain::parsePolarity(v.asText());
        if (v.isNumber()) return domain::polarityFromNumber(v.asNumber());
        if (v.isBlank()) return domain::Polarity::Higher;
        return std::nullopt;
    }

    // polarityOf, with the meanings of the first few polarity texts seen kept (a column holds a handful of
    // words: "Higher", "Lower", "Band"): a word seen before is compared, not parsed again.
    std::optional<domain::Polarity> heldPolarity(const Value& v) {
        if (!v.isText()) return polarityOf(v);
        const std::string& text = v.asText();
        if (const int* kept = polarityWords_.find(text))
            return *kept < 0 ? std::nullopt : std::optional(static_cast<domain::Polarity>(*kept));
        auto meaning = domain::parsePolarity(text);
        polarityWords_.remember(text, meaning ? static_cast<int>(*meaning) : -1);
        return meaning;
    }

    static std::optional<domain::Basis> basisOf(const Value& v) {
        if (v.isText()) return domain::parseBasis(v.asText());
        if (v.isBlank()) return domain::Basis::Percent;
        return std::nullopt;
    }

    // The first profile whose name matches the text as headers are compared, or SIZE_MAX; the answers for
    // the first few texts seen are kept (a column names a handful of profiles).
    std::size_t profileNamed(const std::string& text) {
        if (const int* kept = profileWords_.find(text)) return *kept < 0 ? SIZE_MAX : static_cast<std::size_t>(*kept);
        std::size_t found = SIZE_MAX;
        for (std::size_t p = 0; p < program_.profiles.size() && found == SIZE_MAX; ++p)
            if (matchesKey(text, foldedProfileNames_[p])) found = p;
        profileWords_.remember(text, found == SIZE_MAX ? -1 : static_cast<int>(found));
        return found;
    }

    void profile(const Node& node, std::span<const Datum* const> args, Datum& out) {
        // `out` is this call node's own Datum: when it already holds the profile chosen, it is kept.
        const std::size_t index = static_cast<std::size_t>(&node - program_.nodes.data());
        std::size_t& held = heldProfile_[index];
        const Value& name = args[0]->scalar;
        // The same text as last time chose the same profile.
        if (held != SIZE_MAX && name.isText() && name.asText() == heldProfileText_[index]) return;
        if (name.isText())
            if (const std::size_t p = profileNamed(name.asText()); p != SIZE_MAX) {
                if (held == p) {
                    heldProfileText_[index] = name.asText();
                    return;
                }
                const auto& weights = program_.profiles[p].weights;
                const std::size_t n = weights.size();
                out.setSeries(n);
                Value* items = out.items.data();
                for (std::size_t k = 0; k < n; ++k) items[k].setNumber(weights[k]);
                held = p;
                heldProfileText_[index] = name.asText();
                return;
            }
        held = SIZE_MAX;
        if (args.size() > 1) {
            out = *args[1];
            return;
        }
        out.setSeries(0);
    }

    void calcFunction(const Node& node, std::span<const Datum* const> args, Datum& out) {
        const Builtin& builtin = *node.builtin;
        // Each call node keeps one prepared call from row to row (its argument count checked, omitted
        // trailing arguments padded and option values set once, words decoded once per distinct text).
        // Its arguments are the children's values where they are (CellSpan), not copies.
        const std::size_t index = static_cast<std::size_t>(&node - program_.nodes.data());
        functions::PreparedCall& prepared = nodeArguments_[index];
        if (!prepared.prepared()) {
            // option spc.screen = true: the SPC functions screen moving ranges unless the call says otherwise.
            const bool screen = program_.options.spcScreen && builtin.name.starts_with("spc");
            std::size_t count = args.size();
            for (std::size_t k = args.size(); screen && k < builtin.parameters.size(); ++k)
                if (builtin.parameters[k].name == "screen") count = std::max(count, k + 1);
            prepared.prepare(*builtin.calc, count);
            for (std::size_t k = args.size(); screen && k < builtin.parameters.size(); ++k)
                if (builtin.parameters[k].name == "screen") prepared.arguments()[k] = Value::boolean(true);
        }
        const std::span<functions::Argument> arguments = prepared.arguments();
        auto cellsOf = [](const Datum& d) {
            return d.series ? std::span<const Value>(d.items) : std::span<const Value>(&d.scalar, 1);
        };
        std::size_t n = 0;
        bool anySeries = false;
        for (std::size_t k = 0; k < args.size(); ++k) {
            const Datum& arg = *args[k];
            // A series passed to a single-value parameter: the call is made per element (below).
            if (arg.series && builtin.parameters[k].kind != ArgumentKind::Series) {
                anySeries = true;
                n = std::max(n, arg.items.size());
            } else {
                arguments[k] = functions::CellSpan{cellsOf(arg)};
            }
        }
        if (!anySeries) {
            // A single value is written straight into this node's value (its text buffer reused).
            if (const Range* range = prepared.callInto(callContext_, out.scalar)) {
                out.setSeries(range->cells.size());
                for (std::size_t i = 0; i < range->cells.size(); ++i)
                    out.items[i] = range->cells[i].isError() ? Value{} : range->cells[i];
                return;
            }
            out.series = false;
            if (out.scalar.isError()) out.scalar.setBlank();
            return;
        }
        out.setSeries(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < args.size(); ++k)
                if (builtin.parameters[k].kind != ArgumentKind::Series && args[k]->series)
                    arguments[k] = functions::CellSpan{std::span<const Value>(&args[k]->at(i), 1)};
            Value& item = out.items[i];
            if (prepared.callInto(callContext_, item) || item.isError()) item.setBlank(); // an array or an error is blank
        }
    }

    const Program& program_;
    const TableLayout& layout_;
    const TableView& table_;
    MessageFormatter formatter_;
    functions::CallContext callContext_;
    domain::Basis basis_ = domain::Basis::Percent;
    std::vector<Datum> scratch_;           // one per node
    std::vector<std::uint64_t> stamps_;    // per node: the row a let's value was last worked out for
    std::vector<std::vector<NodeIndex>> letUses_; // per let: the Let nodes that read it
    std::vector<std::string> foldedConstants_; // per node: the folded key of a text constant, else empty
    static constexpr std::uint64_t firstRow = 2; // the stamp of the first row run (0 and 1 are no row's)
    std::uint64_t stamp_ = firstRow - 1;   // the current row
    std::span<const Value> rowCells_;      // the current row's cells, when the table gives them
    // Per node: a Datum that holds its value while `stamp` is the current row (always, for leaves).
    struct Ready {
        const Datum* datum = nullptr;
        std::uint64_t stamp = 0;
    };
    static constexpr std::uint64_t always = UINT64_MAX;
    static constexpr std::uint64_t never = 0; // not worked out on any row (never + 1 is no row either)
    std::vector<Ready> ready_;
    // Per node: the fields its value depends on, one bit per field slot below 63, or the `unsettled` bit
    // when it also depends on anything else (series, the status, the row's check outcomes, a field slot
    // of 63 or more). changedFields_: this row's changed fields, and `unsettled` always.
    static constexpr std::uint64_t unsettled = std::uint64_t{1} << 63;
    static constexpr std::uint64_t noFieldsYet = ~std::uint64_t{0}; // not worked out yet (in the constructor)
    static std::uint64_t fieldBit(std::size_t slot) { return slot < 63 ? std::uint64_t{1} << slot : 0; }
    std::vector<std::uint64_t> fieldsRead_;
    std::uint64_t changedFields_ = ~std::uint64_t{0};

    std::uint64_t fieldsReadBy(NodeIndex index) {
        if (fieldsRead_[index] != noFieldsYet) return fieldsRead_[index];
        const Node& node = program_.nodes[index];
        std::uint64_t read = 0;
        switch (node.op) {
        case Op::Constant:
        case Op::Profile: break;
        case Op::Field: read = node.slot < 63 ? fieldBit(node.slot) : unsettled; break;
        case Op::Let: read = fieldsReadBy(program_.lets[node.slot].value); break;
        case Op::Series:
        case Op::StatusSeries: read = unsettled; break;
        case Op::Call:
            if (node.builtin->id == BuiltinId::Smart) read = unsettled; // the row's check outcomes
            [[fallthrough]];
        default:
            for (NodeIndex child : program_.children(node)) read |= fieldsReadBy(child);
            break;
        }
        // ~0 marks "not yet": a node reading every field slot below 63 and something else is unsettled anyway.
        fieldsRead_[index] = read;
        return read;
    }
    std::vector<Datum> fields_;
    std::vector<std::uint8_t> fieldRead_; // per field slot: whether a Field node or a flag's notify reads it
    std::vector<Datum> series_;
    Datum statusData_;
    std::uint64_t statusStamp_ = 0;     // the row statusIndices_ is for
    std::uint64_t statusTextStamp_ = 0; // the row statusData_ is for
    std::vector<std::uint16_t> statusIndices_;
    static constexpr std::uint16_t noStatusText = UINT16_MAX;
    std::vector<std::uint16_t> statusTextIndices_; // per period: the status whose text statusData_ holds
    std::vector<Value> statusTexts_;               // per Program::statusNames entry: it as a text value
    std::vector<Datum> statusTextData_;            // the same as single-value Datums, then a blank one (status[k])
    std::vector<const Datum*> letData_;            // per let: the Datum its value gave on the row of stamps_
    std::vector<std::uint32_t> pending_; // statusSeriesLineByLine(): the periods no line has decided yet
    std::vector<LineTest> lineTests_;    // statusSeries(): per status line, its test on this row
    std::vector<ShortfallNumbers> shortfallSources_; // statusSeries(): the fused shortfall calls' numbers ...
    std::size_t sourcesUsed_ = 0;                    // ... of which the first sourcesUsed_ are this row's
    bool statusReadsItself_ = false; // a status line's condition reads `status`: statusSeriesLineByLine
    const CheckOutcomes* checksPassed_ = nullptr;
    std::vector<KnownTexts> fieldTexts_; // per field slot
    // The row rowCells_ holds (keyCell, run).
    std::size_t cellsRow_ = SIZE_MAX;
    void fetchCells(std::size_t row) {
        rowCells_ = table_.rowCells(row);
        cellsRow_ = row;
    }
    // How run() reads a row (planReads, on the first row): per field slot in slot order, its column and
    // whether an expression or a notify reads it (fieldRead_); one past the highest column it reads.
    struct FieldRead {
        std::size_t column = noColumn;
        std::uint32_t slot = 0;
        bool read = false;
        std::uint64_t bit = 0; // fieldBit(slot)
    };
    std::vector<FieldRead> fieldReads_;
    std::size_t columnsRead_ = 0;
    bool readsPlanned_ = false;
    // Per smart() node (sized on first use): the check outcomes its value's text was built for.
    struct SmartMemo {
        bool known = false;
        bool checked = false; // built with the row's outcomes (run, valueOnRow), not without any
        CheckOutcomes outcomes;
    };
    std::vector<SmartMemo> smartMemos_;
    std::vector<double> weightBuffer_;
    // target(): the distinct sets of weights seen, whether each passed checkWeights, its total and running sums
    // (blank weights count 0); per TargetSeries node, the set it used and the row it last ran.
    std::vector<WeightSet> weightSets_;
    std::vector<std::pair<bool, WeightSet>> profileWeightSets_; // per declared profile: made yet, and its set
    struct HeldWeights {
        std::uint64_t lastRun = 0;
        std::size_t set = SIZE_MAX;
        std::uint64_t generation = 0;
        std::uint64_t modeRun = 0;                // the row the mode below was found on
        std::optional<domain::ProfileMode> mode;  // the mode operand's meaning then (none: not a mode word)
    };
    std::vector<HeldWeights> heldWeights_;
    std::vector<functions::PreparedCall> nodeArguments_; // per node: a Calc function's prepared call and its arguments
    std::vector<std::vector<std::size_t>> pastDue_; // per series: the periods whose due date is before today
    std::vector<FusedComparison> fusedLines_; // per status line
    std::vector<StatusAnswers> statusAnswers_; // per node
    std::vector<std::string> foldedProfileNames_; // per profile: its name's folded key
    functions::WordMemo polarityWords_; // shortfall(): the polarity (-1: none) of the last few words seen
    std::string lastModeText_;                    // target(): the last mode word and its meaning
    std::optional<domain::ProfileMode> lastMode_;
    bool lastModeKnown_ = false;
    std::vector<std::size_t> heldProfile_;        // per node: the profile whose weights a profile() call holds
    std::vector<std::string> heldProfileText_;    // per node: the name text that chose it
    functions::WordMemo profileWords_; // profileNamed(): the profile (-1: none) of the last few texts seen
    // Per `in` node and per `=`/`<>` node against a text constant: the last single text tested and the
    // answer it got (an `in` only when all its choices are constants).
    struct TextMemo {
        enum Choices : std::uint8_t { unknown, yes, no };
        Choices constantChoices = unknown;
        bool known = false;
        bool answer = false;
        std::string text;
    };
    std::vector<TextMemo> textMemos_;
};

// The keys seen so far, for duplicate-key notes: an open-addressing table of (hash of the folded key,
// index of the first indicator with it), sized once for the whole table. Folded keys are not stored:
// on a hash match the two keys are compared by their folded keys (sameKey; only for real duplicates and
// the rare collision), so a row costs one pass over its key and one probe.
class KeySet {
public:
    static constexpr std::size_t none = SIZE_MAX;

    explicit KeySet(std::size_t expected) {
        std::size_t capacity = 16;
        while (capacity < expected * 2) capacity *= 2;
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
    }

    // Records `key` for indicator `index` unless an earlier indicator has the same folded key; returns
    // that earlier indicator's index, or none. Grows when the table gets over half full.
    std::size_t insert(const std::string& key, std::size_t index, const std::vector<IndicatorResult>& indicators) {
        const std::size_t hash = foldedKeyHash(key);
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            Slot& slot = slots_[i];
            if (slot.index == none) {
                slot = Slot{hash, index};
                if (++used_ * 2 > slots_.size()) grow();
                return none;
            }
            if (slot.hash == hash && sameKey(indicators[slot.index].key, key)) return slot.index;
        }
    }

private:
    // A hash of the folded key of `key`, without folding ASCII text: it hashes the folded key's ASCII
    // letters (lower case) and digits only. Folding ASCII text drops spaces, punctuation and controls and
    // lower-cases A-Z, so for ASCII text those are the text's own letters (lower-cased) and digits; other
    // text is folded first. Equal folded keys give equal hashes (keys whose folds differ only in kept
    // symbols, "A+B" and "AB", share a hash and are told apart by sameKey).
    static std::size_t foldedKeyHash(std::string_view key) {
        std::uint64_t hash = fnvBasis;
        for (const char c : key) {
            if (static_cast<unsigned char>(c) >= 0x80) return lettersAndDigitsHash(FoldedKey(key).view());
            hash = withLetterOrDigit(hash, c);
        }
        return finished(hash);
    }

    static std::size_t lettersAndDigitsHash(std::string_view folded) {
        std::uint64_t hash = fnvBasis;
        for (const char c : folded) hash = withLetterOrDigit(hash, c);
        return finished(hash);
    }

    // FNV-1a's step for an ASCII letter (lower-cased) or digit; any other byte leaves the hash as it is.
    static constexpr std::uint64_t fnvBasis = 14695981039346656037ull;
    static std::uint64_t withLetterOrDigit(std::uint64_t hash, char ch) {
        const auto byte = static_cast<unsigned char>(ch);
        const unsigned char c = byte < 0x80 ? letterOrDigit[byte] : 0;
        return c ? (hash ^ c) * 1099511628211ull : hash;
    }
    // Per ASCII byte: the letter lower-cased, the digit, or 0.
    static constexpr std::array<unsigned char, 128> letterOrDigit = [] {
        std::array<unsigned char, 128> table{};
        for (unsigned c = 0; c < 128; ++c)
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) table[c] = static_cast<unsigned char>(c);
            else if (c >= 'A' && c <= 'Z') table[c] = static_cast<unsigned char>(c - 'A' + 'a');
        return table;
    }();

    // Spreads every byte into the low bits the table's mask keeps (the MurmurHash3 finaliser).
    static std::size_t finished(std::uint64_t hash) {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdull;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53ull;
        hash ^= hash >> 33;
        return static_cast<std::size_t>(hash);
    }

    struct Slot {
        std::size_t hash = 0;
        std::size_t index = none;
    };

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.index == none) continue;
            std::size_t i = slot.hash & mask_;
            while (slots_[i].index != none) i = (i + 1) & mask_;
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t used_ = 0;
};

} // namespace

namespace {

constexpr std::size_t prefetchDistance = 2; // rows ahead

void prefetchCells(std::span<const Value> cells) {
    const char* begin = reinterpret_cast<const char*>(cells.data());
    const char* end = begin + cells.size_bytes();
    for (const char* line = begin; line < end; line += 64) __builtin_prefetch(line);
}

} // namespace

Evaluation evaluate(const Program& program, const TableLayout& layout, const TableView& table,
                    const EvaluationContext& context) {
    Evaluation evaluation;
    for (const auto& check : program.checks) {
        std::vector<std::size_t> columns;
        for (auto slot : check.fieldsRead)
            if (layout.fieldColumns[slot] != noColumn) columns.push_back(layout.fieldColumns[slot]);
        evaluation.checkColumns.push_back(std::move(columns));
    }
    if (program.status) {
        const Node& seriesNode = program.nodes[program.status->series];
        if (seriesNode.op == Op::Series) {
            const auto& columns = layout.seriesColumns[seriesNode.slot];
            for (std::size_t i = 0; i < columns.count; ++i) evaluation.statusColumns.push_back(columns.first + i);
        }
    }
    RowEvaluator evaluator(program, layout, table, context);
    std::size_t rows = table.rowCount() > layout.headerRow ? table.rowCount() - layout.headerRow - 1 : 0;
    evaluation.indicators.reserve(rows);
    KeySet seenKeys(rows);
    for (std::size_t row = layout.headerRow + 1; row < table.rowCount(); ++row) {
        // The next rows' cells are asked for from memory while this row is worked out: a large table does
        // not fit in the caches, and a row's cells are a block of their own the hardware does not foresee.
        if (row + prefetchDistance < table.rowCount()) prefetchCells(table.rowCells(row + prefetchDistance));
        const Value& rawKey = evaluator.keyCell(row);
        if (rawKey.isBlank() || rawKey.isError() || isBlankLike(rawKey)) continue; // section headings, spacers
        IndicatorResult& result = evaluation.indicators.emplace_back();
        evaluator.run(row, result);
        const std::size_t first = seenKeys.insert(result.key, evaluation.indicators.size() - 1, evaluation.indicators);
        if (first != KeySet::none)
            evaluation.diagnostics.push_back(makeDiagnostic(
                DiagnosticCode::DuplicateKey, program.keySpan,
                "key \"" + result.key + "\" appears in rows " + std::to_string(evaluation.indicators[first].row + 1) +
                    " and " + std::to_string(row + 1) + " of sheet \"" + std::string(table.sheetName()) + "\"",
                "give each indicator its own key"));
    }
    evaluation.diagnostics.insert(evaluation.diagnostics.end(), evaluator.notes.begin(), evaluator.notes.end());
    return evaluation;
}

RowTrace traceRow(const Program& program, const TableLayout& layout, const TableView& table,
                  const EvaluationContext& context, std::size_t row, const std::vector<NodeIndex>& nodes) {
    RowEvaluator evaluator(program, layout, table, context);
    RowTrace trace;
    evaluator.run(row, trace.result);
    trace.values.reserve(nodes.size());
    for (NodeIndex node : nodes) {
        const Datum& value = evaluator.valueOnRow(node, trace.result.checksPassed);
        trace.series.push_back(value.series);
        trace.values.push_back(value.series ? value.items : std::vector<Value>{value.scalar});
    }
    return trace;
}

std::string smartSummary(const Program& program, const IndicatorResult& indicator) {
    std::string failing;
    for (std::size_t i = 0; i < indicator.checksPassed.size() && i < program.checks.size(); ++i)
        if (!indicator.checksPassed[i]) failing += program.checks[i].letter;
    return failing.empty() ? "OK" : failing;
}

} // namespace kpi::language
