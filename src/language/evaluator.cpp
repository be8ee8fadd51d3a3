#include "language/evaluator.hpp"

#include "core/cell_text.hpp"
#include "core/dates.hpp"
#include "core/text_key.hpp"
#include "domain/polarity.hpp"
#include "functions/library.hpp"
#include "language/diagnostic_codes.hpp"
#include "language/format.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace kpi::language {

namespace {

// A value during evaluation: one value, or one per period.
struct Datum {
    bool series = false;
    Value scalar;
    std::vector<Value> items;

    static Datum one(Value v) { return Datum{false, std::move(v), {}}; }
    static Datum many(std::vector<Value> v) { return Datum{true, Value{}, std::move(v)}; }
    std::size_t size() const { return series ? items.size() : 1; }
    const Value& at(std::size_t i) const {
        static const Value blank;
        if (!series) return scalar;
        return i < items.size() ? items[i] : blank;
    }
};

std::optional<double> numberOf(const Value& v) {
    if (v.isNumber() || v.isBoolean()) return v.asNumber();
    return std::nullopt;
}

std::optional<bool> truthOf(const Value& v) {
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

// Equality as the language defines it: numbers by value, text as headers are compared (ICU key folding).
std::optional<bool> equalValues(const Value& a, const Value& b) {
    if (a.isBlank() || b.isBlank() || a.isError() || b.isError()) return std::nullopt;
    auto x = numberOf(a), y = numberOf(b);
    if (x && y) return *x == *y;
    if (a.isText() && b.isText()) return sameKey(a.asText(), b.asText());
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

std::size_t countWords(const std::string& text) {
    std::size_t words = 0;
    bool inWord = false;
    for (unsigned char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !inWord) ++words;
        inWord = !space;
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

class RowEvaluator {
public:
    RowEvaluator(const Program& program, const TableLayout& layout, const TableView& table,
                 const EvaluationContext& context)
        : program_(program), layout_(layout), table_(table), formatter_(program.options.locale) {
        callContext_.today = program.options.asOf ? *program.options.asOf : context.today;
        fields_.resize(program.fields.size());
        series_.resize(program.series.size());
        lets_.resize(program.lets.size());
        for (std::size_t s = 0; s < program.series.size(); ++s) {
            // Due dates of each period, once: they do not depend on the row.
            std::vector<double> due;
            const auto& definition = program.series[s];
            if (definition.calendar)
                for (std::size_t i = 0; i < layout.seriesColumns[s].count; ++i) due.push_back(dueDate(*definition.calendar, i));
            dueDates_.push_back(std::move(due));
        }
    }

    IndicatorResult run(std::size_t row) {
        for (std::size_t f = 0; f < fields_.size(); ++f) {
            std::size_t column = layout_.fieldColumns[f];
            fields_[f] = column == noColumn ? Value{} : readCell(row, column);
        }
        for (std::size_t s = 0; s < series_.size(); ++s) {
            const auto& columns = layout_.seriesColumns[s];
            auto& items = series_[s];
            items.resize(columns.count);
            for (std::size_t i = 0; i < columns.count; ++i) items[i] = readCell(row, columns.first + i);
        }
        std::fill(lets_.begin(), lets_.end(), std::nullopt);
        status_.reset();
        IndicatorResult result;
        result.row = row;
        result.key = textOf(readCell(row, layout_.keyColumn));
        checkPassed_.clear();
        for (const auto& check : program_.checks) {
            auto passed = truthOf(eval(check.condition).at(0));
            CheckOutcome outcome{check.letter, check.message, passed.value_or(false), {}};
            for (auto slot : check.fieldsRead)
                if (layout_.fieldColumns[slot] != noColumn) outcome.columnsRead.push_back(layout_.fieldColumns[slot]);
            checkPassed_.push_back(outcome.passed);
            result.checks.push_back(std::move(outcome));
        }
        if (program_.status) {
            const Datum& statuses = statusSeries();
            for (std::size_t i = 0; i < statuses.size(); ++i) result.statuses.push_back(textOf(statuses.at(i)));
            const Node& seriesNode = program_.nodes[program_.status->series];
            if (seriesNode.op == Op::Series) {
                const auto& columns = layout_.seriesColumns[seriesNode.slot];
                for (std::size_t i = 0; i < columns.count; ++i) result.statusColumns.push_back(columns.first + i);
            }
        }
        for (const auto& flag : program_.flags) {
            if (truthOf(eval(flag.condition).at(0)).value_or(false)) {
                FlagOutcome outcome;
                outcome.level = flag.level;
                outcome.ruleLine = flag.span.line;
                for (const auto& part : flag.message)
                    outcome.message += part.expression == noNode
                                           ? part.text
                                           : formatter_.format(eval(part.expression).at(0),
                                                               program_.nodes[part.expression].percent);
                if (flag.notifyField) outcome.notify = textOf(fields_[*flag.notifyField]);
                result.flags.push_back(std::move(outcome));
            }
        }
        for (const auto& write : program_.writes) result.written.push_back(eval(write.value).at(0));
        return result;
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
        return interpretCell(raw);
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

    const Datum& statusSeries() {
        if (status_) return *status_;
        const auto& definition = *program_.status;
        Datum subject = eval(definition.series);
        std::vector<Datum> conditions;
        for (const auto& line : definition.lines)
            conditions.push_back(line.condition == noNode ? Datum::one(Value::boolean(true)) : eval(line.condition));
        std::vector<Value> statuses(subject.size());
        for (std::size_t i = 0; i < subject.size(); ++i) {
            std::string chosen = "No data";
            if (!subject.at(i).isBlank()) {
                for (std::size_t l = 0; l < definition.lines.size(); ++l)
                    if (truthOf(conditions[l].at(i)).value_or(false)) {
                        chosen = definition.lines[l].status;
                        break;
                    }
            }
            statuses[i] = Value::text(std::move(chosen));
        }
        status_ = Datum::many(std::move(statuses));
        return *status_;
    }

    template <typename F>
    static Datum elementwise(const std::vector<Datum>& args, F&& f) {
        bool series = std::any_of(args.begin(), args.end(), [](const Datum& d) { return d.series; });
        if (!series) {
            std::vector<const Value*> values;
            for (const auto& a : args) values.push_back(&a.scalar);
            return Datum::one(f(values));
        }
        std::size_t n = 0;
        for (const auto& a : args)
            if (a.series) n = std::max(n, a.items.size());
        std::vector<Value> out(n);
        std::vector<const Value*> values(args.size());
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t k = 0; k < args.size(); ++k) values[k] = &args[k].at(i);
            out[i] = f(values);
        }
        return Datum::many(std::move(out));
    }

    Datum eval(NodeIndex index) {
        const Node& node = program_.nodes[index];
        switch (node.op) {
        case Op::Constant: return Datum::one(node.constant);
        case Op::Field: return Datum::one(fields_[node.slot]);
        case Op::Series: return Datum::many(series_[node.slot]);
        case Op::Profile: {
            std::vector<Value> weights;
            for (double w : program_.profiles[node.slot].weights) weights.push_back(Value::number(w));
            return Datum::many(std::move(weights));
        }
        case Op::Let: {
            auto& memo = lets_[node.slot];
            if (!memo) memo = eval(program_.lets[node.slot].value);
            return *memo;
        }
        case Op::StatusSeries: return statusSeries();
        case Op::Unary: {
            Datum operand = eval(node.children[0]);
            bool negate = node.oper == ast::Operator::Negate;
            return elementwise({operand}, [&](const std::vector<const Value*>& v) {
                if (negate) {
                    auto x = numberOf(*v[0]);
                    return x ? Value::number(-*x) : Value::blank();
                }
                auto t = truthOf(*v[0]);
                return t ? Value::boolean(!*t) : Value::blank();
            });
        }
        case Op::Binary: {
            std::vector<Datum> args{eval(node.children[0]), eval(node.children[1])};
            return elementwise(args, [&](const std::vector<const Value*>& v) { return binaryValue(node.oper, *v[0], *v[1]); });
        }
        case Op::In: {
            Datum subject = eval(node.children[0]);
            std::vector<Value> choices;
            for (std::size_t k = 1; k < node.children.size(); ++k) choices.push_back(eval(node.children[k]).scalar);
            return elementwise({subject}, [&](const std::vector<const Value*>& v) {
                if (v[0]->isBlank() || v[0]->isError()) return Value::blank();
                for (const auto& choice : choices)
                    if (equalValues(*v[0], choice).value_or(false)) return Value::boolean(true);
                return Value::boolean(false);
            });
        }
        case Op::Index: return Datum::one(indexValue(node));
        case Op::Call: return call(node);
        case Op::TargetSeries: return targetSeries(node);
        }
        return Datum::one(Value{});
    }

    Value indexValue(const Node& node) {
        Datum base = eval(node.children[0]);
        Value index = eval(node.children[1]).scalar;
        if (index.isText()) {
            // series["Jun"]: the period whose header matches, as headers are compared.
            const Node& baseNode = program_.nodes[node.children[0]];
            if (baseNode.op == Op::Series) {
                const auto& headers = layout_.seriesColumns[baseNode.slot].headers;
                for (std::size_t i = 0; i < headers.size(); ++i)
                    if (sameKey(headers[i], index.asText())) return base.at(i);
            }
            return Value{};
        }
        auto n = numberOf(index);
        if (!n || *n < 1 || *n > static_cast<double>(base.size())) return Value{};
        return base.at(static_cast<std::size_t>(*n) - 1);
    }

    Datum targetSeries(const Node& node) {
        Value annual = eval(node.children[0]).scalar;
        Datum weights = eval(node.children[1]);
        Value mode = node.children.size() > 2 ? eval(node.children[2]).scalar : Value::text("cumulative");
        Range weightRange(1, weights.size());
        for (std::size_t i = 0; i < weights.size(); ++i) weightRange.cells[i] = weights.at(i);
        std::vector<Value> targets(weights.size());
        if (!numberOf(annual)) return Datum::many(std::move(targets));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            functions::Argument args[] = {annual, Value::number(static_cast<double>(i + 1)), weightRange, mode};
            targets[i] = scalarResult(functions::call(*node.builtin->calc, args, callContext_));
        }
        return Datum::many(std::move(targets));
    }

    static Value scalarResult(const functions::Result& result) {
        if (const auto* value = std::get_if<Value>(&result)) return value->isError() ? Value{} : *value;
        return Value{};
    }

    static Range rangeOf(const Datum& d) {
        if (!d.series) {
            Range r(1, 1);
            r.cells[0] = d.scalar;
            return r;
        }
        Range r(1, d.items.size());
        r.cells = d.items;
        return r;
    }

    Datum call(const Node& node) {
        const Builtin& builtin = *node.builtin;
        std::vector<Datum> args;
        for (NodeIndex child : node.children) args.push_back(eval(child));
        using B = BuiltinId;
        auto values = [](const Datum& d) { return d.series ? d.items : std::vector<Value>{d.scalar}; };
        switch (builtin.id) {
        case B::CalcFunction: return calcFunction(node, args);
        case B::Shortfall:
            return elementwise(args, [&](const std::vector<const Value*>& v) {
                auto a = numberOf(*v[0]), t = numberOf(*v[1]);
                if (!a || !t) return Value::blank();
                auto polarity = v.size() > 2 && v[2]->isText() ? domain::parsePolarity(v[2]->asText())
                                                               : std::optional(domain::Polarity::Higher);
                std::string basisText = v.size() > 3 && v[3]->isText() ? v[3]->asText() : program_.options.toleranceBasis;
                auto basis = domain::parseBasis(basisText);
                if (!polarity || !basis) return Value::blank();
                auto outcome = domain::shortfall(*a, *t, *polarity, *basis);
                return outcome ? Value::number(outcome.value) : Value::blank();
            });
        case B::Words:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                return v[0]->isBlank() ? Value::number(0) : Value::number(static_cast<double>(countWords(textOf(*v[0]))));
            });
        case B::Len:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                std::string t = textOf(*v[0]);
                return Value::number(static_cast<double>(icu::UnicodeString::fromUTF8(t).countChar32()));
            });
        case B::Lower: case B::Upper: {
            bool upper = builtin.id == B::Upper;
            return elementwise(args, [&](const std::vector<const Value*>& v) {
                return v[0]->isText() ? Value::text(caseMapped(v[0]->asText(), upper)) : *v[0];
            });
        }
        case B::Trim:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                return v[0]->isText() ? Value::text(std::string(trimText(v[0]->asText()))) : *v[0];
            });
        case B::Abs:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                auto x = numberOf(*v[0]);
                return x ? Value::number(std::fabs(*x)) : Value::blank();
            });
        case B::Round:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                auto x = numberOf(*v[0]);
                double digits = v.size() > 1 ? numberOf(*v[1]).value_or(0) : 0;
                if (!x) return Value::blank();
                double scale = std::pow(10.0, std::round(digits));
                return number(std::round(*x * scale) / scale);
            });
        case B::Min: case B::Max: {
            bool isMin = builtin.id == B::Min;
            auto pick = [&](const std::vector<const Value*>& v) {
                std::optional<double> best;
                for (const Value* x : v)
                    if (auto n = numberOf(*x)) best = !best ? *n : isMin ? std::min(*best, *n) : std::max(*best, *n);
                return best ? Value::number(*best) : Value::blank();
            };
            if (args.size() == 1) {
                std::vector<Value> all = values(args[0]);
                std::vector<const Value*> pointers;
                for (const auto& v : all) pointers.push_back(&v);
                return Datum::one(pick(pointers));
            }
            return elementwise(args, pick);
        }
        case B::IsNumber:
            return elementwise(args, [](const std::vector<const Value*>& v) { return Value::boolean(v[0]->isNumber()); });
        case B::IsText:
            return elementwise(args, [](const std::vector<const Value*>& v) { return Value::boolean(v[0]->isText()); });
        case B::IsBlank:
            return elementwise(args, [](const std::vector<const Value*>& v) { return Value::boolean(v[0]->isBlank()); });
        case B::Profile: return profile(args);
        case B::Smart: {
            std::string failing;
            for (std::size_t i = 0; i < checkPassed_.size(); ++i)
                if (!checkPassed_[i]) failing += program_.checks[i].letter;
            return Datum::one(Value::text(failing.empty() ? "OK" : failing));
        }
        case B::Last: case B::Previous: case B::First: case B::LastPeriod: {
            std::vector<Value> all = values(args[0]);
            std::vector<std::size_t> filled;
            for (std::size_t i = 0; i < all.size(); ++i)
                if (!all[i].isBlank() && !all[i].isError()) filled.push_back(i);
            if (builtin.id == B::LastPeriod)
                return Datum::one(filled.empty() ? Value{} : Value::number(static_cast<double>(filled.back() + 1)));
            if (builtin.id == B::First) return Datum::one(filled.empty() ? Value{} : all[filled.front()]);
            if (builtin.id == B::Last) return Datum::one(filled.empty() ? Value{} : all[filled.back()]);
            return Datum::one(filled.size() < 2 ? Value{} : all[filled[filled.size() - 2]]);
        }
        case B::Sum: case B::Average: case B::Count: case B::Ytd: {
            double total = 0;
            std::size_t count = 0;
            for (const auto& v : values(args[0]))
                if (auto n = numberOf(v); n && v.isNumber()) total += *n, ++count;
            if (builtin.id == B::Count) return Datum::one(Value::number(static_cast<double>(count)));
            if (builtin.id == B::Sum) return Datum::one(Value::number(total));
            if (count == 0) return Datum::one(Value{});
            return Datum::one(Value::number(builtin.id == B::Average ? total / static_cast<double>(count) : total));
        }
        case B::Any: case B::All: {
            bool sawTrue = false, sawFalse = false, sawBlank = false;
            for (const auto& v : values(args[0])) {
                auto t = truthOf(v);
                if (!t) sawBlank = true;
                else if (*t) sawTrue = true;
                else sawFalse = true;
            }
            if (builtin.id == B::Any) return Datum::one(sawTrue ? Value::boolean(true) : sawBlank && !sawFalse ? Value{} : Value::boolean(false));
            return Datum::one(sawFalse ? Value::boolean(false) : sawTrue ? Value::boolean(true) : Value{});
        }
        case B::If:
            return elementwise(args, [](const std::vector<const Value*>& v) {
                auto t = truthOf(*v[0]);
                if (!t) return Value::blank();
                return *t ? *v[1] : (v.size() > 2 ? *v[2] : Value::boolean(false));
            });
        case B::Overdue: {
            const Node& seriesNode = program_.nodes[node.children[0]];
            if (seriesNode.op != Op::Series) return Datum::one(Value{});
            const auto& due = dueDates_[seriesNode.slot];
            const auto& items = series_[seriesNode.slot];
            for (std::size_t i = 0; i < due.size() && i < items.size(); ++i)
                if (callContext_.today > due[i] && items[i].isBlank()) return Datum::one(Value::boolean(true));
            return Datum::one(Value::boolean(false));
        }
        }
        return Datum::one(Value{});
    }

    Datum profile(const std::vector<Datum>& args) {
        const Value& name = args[0].scalar;
        if (name.isText())
            for (const auto& profile : program_.profiles)
                if (sameKey(profile.name, name.asText())) {
                    std::vector<Value> weights;
                    for (double w : profile.weights) weights.push_back(Value::number(w));
                    return Datum::many(std::move(weights));
                }
        if (args.size() > 1) return args[1];
        return Datum::many({});
    }

    Datum calcFunction(const Node& node, const std::vector<Datum>& args) {
        const Builtin& builtin = *node.builtin;
        // Whole-series parameters become ranges; the others go period by period.
        std::vector<functions::Argument> fixed(args.size());
        std::vector<bool> perElement(args.size(), false);
        bool anySeries = false;
        for (std::size_t k = 0; k < args.size(); ++k) {
            if (builtin.parameters[k].kind == ArgumentKind::Series) fixed[k] = rangeOf(args[k]);
            else if (args[k].series) perElement[k] = anySeries = true;
            else fixed[k] = args[k].scalar;
        }
        auto callOnce = [&](std::size_t i) -> functions::Result {
            std::vector<functions::Argument> call = fixed;
            for (std::size_t k = 0; k < args.size(); ++k)
                if (perElement[k]) call[k] = args[k].at(i);
            return functions::call(*builtin.calc, call, callContext_);
        };
        if (!anySeries) {
            functions::Result result = callOnce(0);
            if (const auto* range = std::get_if<Range>(&result)) {
                std::vector<Value> items = range->cells;
                for (auto& v : items)
                    if (v.isError()) v = Value{};
                return Datum::many(std::move(items));
            }
            return Datum::one(scalarResult(result));
        }
        std::size_t n = 0;
        for (std::size_t k = 0; k < args.size(); ++k)
            if (perElement[k]) n = std::max(n, args[k].items.size());
        std::vector<Value> out(n);
        for (std::size_t i = 0; i < n; ++i) out[i] = scalarResult(callOnce(i));
        return Datum::many(std::move(out));
    }

    const Program& program_;
    const TableLayout& layout_;
    const TableView& table_;
    MessageFormatter formatter_;
    functions::CallContext callContext_;
    std::vector<Value> fields_;
    std::vector<std::vector<Value>> series_;
    std::vector<std::optional<Datum>> lets_;
    std::optional<Datum> status_;
    std::vector<bool> checkPassed_;
    std::vector<std::vector<double>> dueDates_;
};

} // namespace

Evaluation evaluate(const Program& program, const TableLayout& layout, const TableView& table,
                    const EvaluationContext& context) {
    Evaluation evaluation;
    RowEvaluator evaluator(program, layout, table, context);
    std::unordered_map<std::string, std::size_t> seenKeys;
    for (std::size_t row = layout.headerRow + 1; row < table.rowCount(); ++row) {
        Value key = interpretCell(table.cell(row, layout.keyColumn));
        if (key.isBlank() || key.isError()) continue; // section headings, spacers
        IndicatorResult result = evaluator.run(row);
        auto [it, inserted] = seenKeys.try_emplace(foldKey(result.key), row);
        if (!inserted)
            evaluation.diagnostics.push_back(makeDiagnostic(
                DiagnosticCode::DuplicateKey, program.keySpan,
                "key \"" + result.key + "\" appears in rows " + std::to_string(it->second + 1) + " and " +
                    std::to_string(row + 1) + " of sheet \"" + std::string(table.sheetName()) + "\"",
                "give each indicator its own key"));
        evaluation.indicators.push_back(std::move(result));
    }
    evaluation.diagnostics.insert(evaluation.diagnostics.end(), evaluator.notes.begin(), evaluator.notes.end());
    return evaluation;
}

} // namespace kpi::language
