// Adapters from Calc-style arguments to the typed domain functions. Every conversion of an argument
// goes through core/cell_text (the one cell-value conversion); every failure names the argument.

#include "functions/adapters.hpp"

#include "core/cell_text.hpp"
#include "core/text_key.hpp"
#include "domain/due_date.hpp"
#include "domain/forecast.hpp"
#include "domain/polarity.hpp"
#include "domain/quartile.hpp"
#include "domain/smart.hpp"
#include "domain/spc.hpp"
#include "domain/status.hpp"
#include "domain/target_profile.hpp"
#include "domain/trend.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace kpi::functions::adapters {
namespace {

using namespace kpi::domain;

std::string quoted(const Value& v) {
    if (v.isText()) return "\"" + v.asText() + "\"";
    if (v.isNumber()) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.15g", v.asNumber());
        return buffer;
    }
    if (v.isBoolean()) return v.asBoolean() ? "TRUE" : "FALSE";
    return "the value";
}

Value failure(std::string_view parameter, std::string_view message) {
    return Value::error(std::string(parameter) + ": " + std::string(message));
}

Value failure(std::string_view parameter, DomainError error) { return failure(parameter, describe(error)); }

// The cells of a block argument where they are, row-major: a Range's, a CellSpan's (1 x n), a single
// value's (1 x 1); none (0 x 0) when omitted.
struct Cells {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::span<const Value> cells;
    std::size_t size() const { return cells.size(); }
};

Cells cellsOf(const Argument& a) {
    if (const auto* r = std::get_if<Range>(&a)) return {r->rows, r->cols, r->cells};
    if (const auto* c = std::get_if<CellSpan>(&a)) return {1, c->cells.size(), c->cells};
    if (const auto* v = std::get_if<Value>(&a)) return {1, 1, std::span<const Value>(v, 1)};
    return {};
}

// The one value of an argument that is a single value (a Value, or a block of one cell), else null.
const Value* singleOf(const Argument& a) {
    if (const auto* c = std::get_if<CellSpan>(&a)) return c->cells.size() == 1 ? c->cells.data() : nullptr;
    if (const auto* v = std::get_if<Value>(&a)) return v;
    if (const auto* r = std::get_if<Range>(&a)) return r->cells.size() == 1 ? r->cells.data() : nullptr;
    return nullptr;
}

// The one cell of an argument given as one cell where it is (a CellSpan of one), else null: the common calls' reading.
const Value* singleCellOf(const Argument& a) {
    const auto* c = std::get_if<CellSpan>(&a);
    return c && c->cells.size() == 1 ? c->cells.data() : nullptr;
}

// A finite number or a blank: a cell numberOrBlank reads as it is.
bool finiteOrBlank(const Value& v) { return (v.isNumber() && std::isfinite(v.asNumber())) || v.isBlank(); }

// Reads one call's arguments by position. The first problem is kept; getters then return defaults, so
// an adapter reads everything and checks failed() once before calling the domain.
class Arguments {
public:
    Arguments(std::span<const Argument> args, const FunctionSpec& spec, const CallContext& context)
        : args_(args), spec_(spec), wordMemos_(context.wordMemos) {}

    bool failed() const { return error_.has_value(); }
    Value error() const { return *error_; }

    std::string_view name(std::size_t i) const { return spec_.parameters[i].name; }

    // The argument as one engine value (text numbers are numbers, placeholders blank). Omitted -> blank.
    Value scalar(std::size_t i) {
        const Argument& a = args_[i];
        if (const auto* v = std::get_if<Value>(&a)) return interpretCell(*v);
        if (std::holds_alternative<std::monostate>(a)) return Value::blank();
        const Cells c = cellsOf(a);
        if (c.size() == 1) return interpretCell(c.cells.front());
        if (c.size() != 0) fail(i, "expects a single value, not a range");
        return Value::blank();
    }

    // A number, or nullopt when blank or omitted.
    std::optional<double> numberOrBlank(std::size_t i) {
        // Omitted, a finite number or a blank (most arguments): read where it is, without scalar()'s copy
        // (the same answers numberOrBlankOther gives).
        if (const Value* raw = singleOf(args_[i])) {
            if (raw->isNumber() && std::isfinite(raw->asNumber())) return raw->asNumber();
            if (raw->isBlank()) return std::nullopt;
        } else if (std::holds_alternative<std::monostate>(args_[i])) {
            return std::nullopt;
        }
        return numberOrBlankOther(i);
    }

    // numberOrBlank's other cases, out of line so that the common ones above stay short.
    [[gnu::noinline]] std::optional<double> numberOrBlankOther(std::size_t i) {
        if (std::holds_alternative<std::monostate>(args_[i])) return std::nullopt;
        const Value v = scalar(i);
        if (v.isBlank()) return std::nullopt;
        if (v.isNumber() || v.isBoolean()) {
            if (!std::isfinite(v.asNumber())) fail(i, "is not a finite number");
            return v.asNumber();
        }
        if (v.isError()) fail(i, v.asText().empty() ? "is an error value" : v.asText());
        else fail(i, quoted(v) + " is not a number");
        return std::nullopt;
    }

    double number(std::size_t i, double fallback) { return numberOrBlank(i).value_or(fallback); }

    // A whole count (truncated towards zero, as Calc does); negative counts become 0 for the domain to reject.
    std::size_t count(std::size_t i, std::size_t fallback) { return countOf(numberOrBlank(i), fallback); }

    // count() of an argument already read with numberOrBlank (read once when its absence matters too).
    static std::size_t countOf(std::optional<double> n, std::size_t fallback) {
        if (!n) return fallback;
        if (*n < 1.0) return 0;
        if (*n > 1e9) return std::size_t{1000000000};
        return static_cast<std::size_t>(*n);
    }

    int wholeNumber(std::size_t i, int fallback) {
        const auto n = numberOrBlank(i);
        if (!n) return fallback;
        if (std::fabs(*n) > 1e6) {
            fail(i, "is out of range");
            return fallback;
        }
        return static_cast<int>(std::trunc(*n));
    }

    bool logical(std::size_t i, bool fallback) {
        if (std::holds_alternative<std::monostate>(args_[i])) return fallback; // omitted: blank, as below
        return logicalGiven(i, fallback);
    }

    [[gnu::noinline]] bool logicalGiven(std::size_t i, bool fallback) {
        const Value v = scalar(i);
        if (v.isBlank()) return fallback;
        if (v.isBoolean() || v.isNumber()) return v.asNumber() != 0.0;
        if (v.isText()) {
            if (sameKey(v.asText(), "true") || sameKey(v.asText(), "yes")) return true;
            if (sameKey(v.asText(), "false") || sameKey(v.asText(), "no")) return false;
        }
        fail(i, quoted(v) + " is not TRUE or FALSE");
        return fallback;
    }

    Polarity polarity(std::size_t i) {
        // A polarity word this call site has decoded before: the answer kept (it depends on the text alone).
        const Value* raw = singleOf(args_[i]);
        if (raw && raw->isText() && i < wordMemos_.size())
            if (const int* kept = wordMemos_[i].find(raw->asText())) return static_cast<Polarity>(*kept);
        return decodePolarity(i, raw);
    }

    [[gnu::noinline]] Polarity decodePolarity(std::size_t i, const Value* raw) {
        // A polarity word ("Higher", "Lower"): read where it is, without the copy scalar() makes; the same
        // answer scalar() and the lines below give (not a text number, not a placeholder, a known word).
        if (raw && raw->isText()) {
            WordMemo* memo = wordMemo(i);
            if (!parseNumberText(raw->asText()) && !isBlankText(raw->asText()))
                if (auto p = parsePolarity(raw->asText())) {
                    if (memo) memo->remember(raw->asText(), static_cast<int>(*p));
                    return *p;
                }
        }
        const Value v = scalar(i);
        if (v.isBlank()) return Polarity::Higher;
        if (v.isNumber())
            if (auto p = polarityFromNumber(v.asNumber())) return *p;
        if (v.isText())
            if (auto p = parsePolarity(v.asText())) return *p;
        fail(i, quoted(v) + " is not a polarity (use higher, lower, band or neutral)");
        return Polarity::Higher;
    }

    // A word from a fixed vocabulary, parsed by `parse`; blank or omitted gives `fallback`.
    // A text's answer is kept for the call site (it depends on the text alone).
    template <class T, class Parse>
    T word(std::size_t i, T fallback, Parse parse, std::string_view choices) {
        if (std::holds_alternative<std::monostate>(args_[i])) return fallback; // omitted: blank, as below
        const Value* raw = singleOf(args_[i]);
        WordMemo* memo = raw && raw->isText() ? wordMemo(i) : nullptr;
        if (const int* kept = memo ? memo->find(raw->asText()) : nullptr) return static_cast<T>(*kept);
        return decodeWord(i, fallback, parse, choices, raw, memo);
    }

    template <class T, class Parse>
    [[gnu::noinline]] T decodeWord(std::size_t i, T fallback, Parse parse, std::string_view choices, const Value* raw,
                                   WordMemo* memo) {
        const Value v = scalar(i);
        if (v.isBlank()) return fallback;
        if (v.isText())
            if (auto parsed = parse(v.asText())) {
                if (memo) memo->remember(raw->asText(), static_cast<int>(*parsed));
                return *parsed;
            }
        fail(i, quoted(v) + " is not one of " + std::string(choices));
        return fallback;
    }

    // The cells of a range argument in row-major order, where they are (a single value is a 1x1 range).
    Cells range(std::size_t i) const { return cellsOf(args_[i]); }

    // The cells of a range as numbers, NaN for blanks, text and errors (they are skipped).
    std::vector<double> series(std::size_t i) {
        const Cells r = range(i);
        std::vector<double> out;
        out.reserve(r.size());
        for (const Value& cell : r.cells) {
            const auto n = cell.isBoolean() ? std::nullopt : numberFrom(cell);
            out.push_back(n && std::isfinite(*n) ? *n : blankValue);
        }
        return out;
    }

    // The numeric cells of a range argument in order (what numericPoints(series(i)).values holds), written
    // into a buffer the caller reuses from call to call (it only grows): the part of it they fill.
    std::span<const double> numericInto(std::size_t i, std::vector<double>& buffer) {
        const Cells r = range(i);
        if (buffer.size() < r.size()) buffer.resize(r.size());
        double* out = buffer.data();
        std::size_t count = 0;
        for (const Value& cell : r.cells) {
            // Most cells: what numberFrom gives for a number or a blank, without the call.
            if (cell.isNumber()) {
                if (std::isfinite(cell.asNumber())) out[count++] = cell.asNumber();
                continue;
            }
            if (cell.isBlank()) continue;
            const auto n = cell.isBoolean() ? std::nullopt : numberFrom(cell);
            if (n && std::isfinite(*n)) out[count++] = *n;
        }
        return {buffer.data(), count};
    }

    void fail(std::size_t i, std::string_view message) {
        if (!error_) error_ = failure(name(i), message);
    }

private:
    WordMemo* wordMemo(std::size_t i) const { return i < wordMemos_.size() ? &wordMemos_[i] : nullptr; }

    std::span<const Argument> args_;
    const FunctionSpec& spec_;
    std::span<WordMemo> wordMemos_; // the call site's, per parameter (empty: nothing kept)
    std::optional<Value> error_;
};

const FunctionSpec& spec(std::string_view name) { return *findFunction(name); }

std::optional<Basis> basisWord(std::string_view t) { return parseBasis(t); }
std::optional<ProfileMode> modeWord(std::string_view t) { return parseProfileMode(t); }
std::optional<Aggregation> aggregationWord(std::string_view t) { return parseAggregation(t); }

enum class SpcWhat : unsigned char { Variation, Assurance };
std::optional<SpcWhat> whatWord(std::string_view t) {
    if (matchesKey(t, "variation")) return SpcWhat::Variation;
    if (matchesKey(t, "assurance")) return SpcWhat::Assurance;
    return std::nullopt;
}

Value text(std::string_view s) { return Value::text(std::string(s)); }

const Value emptyText = Value::text("");

// The texts of the SPC classes as values, made once: a result copied from them reuses the caller's buffer.
const std::array<Value, 7> spcClassValues = [] {
    std::array<Value, 7> values;
    for (std::size_t c = 0; c < values.size(); ++c) values[c] = text(spcClassText(static_cast<SpcClass>(c)));
    return values;
}();
const Value& spcClassValue(SpcClass c) { return spcClassValues[static_cast<std::size_t>(c)]; }

// The Result form of a ValueImplementation: what it writes.
template <void (*into)(std::span<const Argument>, const CallContext&, Value&)>
Result valueResult(std::span<const Argument> args, const CallContext& context) {
    Value out;
    into(args, context, out);
    return out;
}

// The numeric points of a series (blanks dropped) and, for each, its cell index.
struct Points {
    std::vector<double> values;
    std::vector<std::size_t> cells;
};

Points numericPoints(const std::vector<double>& series) {
    Points p;
    for (std::size_t i = 0; i < series.size(); ++i)
        if (!isBlank(series[i])) {
            p.values.push_back(series[i]);
            p.cells.push_back(i);
        }
    return p;
}

} // namespace

Result status(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("STATUS"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const auto actual = a.numberOrBlank(0);
    const auto target = a.numberOrBlank(1);
    const Polarity polarity = a.polarity(2);
    const Tolerances tolerances{a.number(3, 0.0), a.number(4, 0.05)};
    const Basis basis = a.word(5, Basis::Percent, basisWord, "percent, points");
    if (a.failed()) return a.error();
    const Outcome<Status> s = domain::status(actual, target, polarity, tolerances, basis);
    if (!s) {
        const std::string_view parameter = s.error == DomainError::NeutralPolarity ? "polarity"
                                           : s.error == DomainError::AmberBelowGreen ? "amber_tolerance"
                                                                                       : "actual";
        return failure(parameter, s.error);
    }
    return text(statusText(s.value));
}

namespace {

// KPI.VARIANCE with any arguments.
[[gnu::noinline]] void varianceAnyCall(std::span<const Argument> args, const CallContext& context, Value& out) {
    static const FunctionSpec& thisSpec = spec("VARIANCE"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const auto actual = a.numberOrBlank(0);
    const auto target = a.numberOrBlank(1);
    const Polarity polarity = a.polarity(2);
    const Basis basis = a.word(3, Basis::Percent, basisWord, "percent, points");
    if (a.failed()) return void(out = a.error());
    if (polarity == Polarity::Neutral) return void(out = failure("polarity", DomainError::NeutralPolarity));
    if (!actual || !target) return void(out = emptyText);
    const Outcome<double> v = domain::variance(*actual, *target, polarity, basis);
    if (!v) return void(out = failure(v.error == DomainError::ZeroTargetPercent ? "target" : "polarity", v.error));
    out.setNumber(v.value);
}

// The call the rules make on every row: actual and target each one cell (a CellSpan) holding a finite number
// or a blank; a polarity text this call site has decoded before, not neutral; basis omitted. The answer is
// what varianceAnyCall gives; any other call is left to it (false, `out` untouched).
[[gnu::always_inline]] inline bool varianceCommonCall(std::span<const Argument> args, const CallContext& context, Value& out) {
    const Value* actual = singleCellOf(args[0]);
    const Value* target = singleCellOf(args[1]);
    const Value* polarityText = singleCellOf(args[2]);
    if (!actual || !target || !polarityText || args[3].index() != 0 || context.wordMemos.size() < 3) return false;
    if (!finiteOrBlank(*actual) || !finiteOrBlank(*target) || !polarityText->isText()) return false;
    const int* kept = context.wordMemos[2].find(polarityText->asText());
    if (!kept || static_cast<Polarity>(*kept) == Polarity::Neutral) return false;
    if (actual->isBlank() || target->isBlank()) {
        out = emptyText;
        return true;
    }
    const Outcome<double> v = domain::variance(actual->asNumber(), target->asNumber(), static_cast<Polarity>(*kept));
    if (!v) return false; // the error's wording is varianceAnyCall's
    out.setNumber(v.value);
    return true;
}

} // namespace

void varianceInto(std::span<const Argument> args, const CallContext& context, Value& out) {
    if (!varianceCommonCall(args, context, out)) varianceAnyCall(args, context, out);
}

Result variance(std::span<const Argument> args, const CallContext& context) { return valueResult<varianceInto>(args, context); }

Result target(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("TARGET"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const auto annual = a.numberOrBlank(0);
    const std::size_t period = a.count(1, 0);
    const ProfileMode mode = a.word(3, ProfileMode::Cumulative, modeWord, "cumulative, discrete, level");
    const Cells profile = a.range(2);
    if (a.failed()) return a.error();
    if (!annual) return text("");
    Outcome<double> t;
    if (profile.size() <= 1) {
        const Value single = profile.size() == 1 ? interpretCell(profile.cells[0]) : Value::blank();
        std::size_t periods = 12;
        if (single.isNumber()) {
            if (single.asNumber() < 1.0 || single.asNumber() > 1e6)
                return failure("profile", DomainError::NotEnoughPeriods);
            periods = static_cast<std::size_t>(single.asNumber());
        } else if (!single.isBlank()) {
            return failure("profile", quoted(single) + " is not a number of periods");
        }
        t = profiledTarget(*annual, period, periods, mode);
    } else {
        std::vector<double> weights;
        weights.reserve(profile.size());
        for (const Value& cell : profile.cells) {
            const Value w = interpretCell(cell);
            if (w.isBlank()) weights.push_back(0.0);
            else if (w.isNumber()) weights.push_back(w.asNumber());
            else return failure("profile", quoted(w) + " is not a weight");
        }
        t = profiledTarget(*annual, period, weights, mode);
    }
    if (!t) return failure(t.error == DomainError::PeriodOutOfRange ? "period" : "profile", t.error);
    return Value::number(t.value);
}

Result last(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("LAST"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const std::vector<double> values = a.series(0);
    const bool withLabels = !std::holds_alternative<std::monostate>(args[1]);
    const Cells labels = a.range(1);
    if (a.failed()) return a.error();
    if (withLabels && labels.size() != values.size())
        return failure("labels", "must be the same size as values");
    for (std::size_t i = values.size(); i-- > 0;) {
        if (isBlank(values[i])) continue;
        if (!withLabels) return Value::number(values[i]);
        const Value& label = labels.cells[i];
        return label.isBlank() ? text("") : label;
    }
    return text("");
}

Result trend(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("TREND"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const std::vector<double> values = a.series(0);
    const Polarity polarity = a.polarity(1);
    const std::size_t lag = a.count(2, 1);
    const double tolerance = a.number(3, 0.0);
    if (a.failed()) return a.error();
    const Outcome<Trend> t = domain::trend(values, polarity, lag, tolerance);
    if (!t) return failure(t.error == DomainError::LagBelowOne ? "lag" : "tolerance", t.error);
    return text(trendText(t.value));
}

namespace {

// KPI.SPC with any arguments.
[[gnu::noinline]] void spcAnyCall(std::span<const Argument> args, const CallContext& context, Value& out) {
    static const FunctionSpec& thisSpec = spec("SPC"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    // The rules call spc once per indicator row: its buffers are kept from call to call (per thread).
    thread_local std::vector<double> buffer;
    const std::span<const double> points = a.numericInto(0, buffer);
    const Polarity polarity = a.polarity(1);
    const SpcWhat what = a.word(2, SpcWhat::Variation, whatWord, "variation, assurance");
    const auto target = a.numberOrBlank(3);
    SpcOptions options;
    const auto baselineNumber = a.numberOrBlank(4);
    options.baseline = Arguments::countOf(baselineNumber, 0);
    const bool baselineGiven = baselineNumber.has_value();
    options.screen = a.logical(5, false);
    if (a.failed()) return void(out = a.error());
    if (baselineGiven && options.baseline < 2) return void(out = failure("baseline", DomainError::BaselineTooShort));
    if (what == SpcWhat::Assurance && !target) return void(out = failure("target", "is needed for assurance"));
    if (points.size() < 2) return void(out = emptyText);
    if (what == SpcWhat::Assurance) {
        const Outcome<SpcLimits> limits = domain::spcLimits(points, options);
        if (!limits) return void(out = failure("values", limits.error));
        const auto assurance = spcAssurance(limits.value, *target, polarity);
        out = assurance ? text(assuranceText(*assurance)) : emptyText;
        return;
    }
    // Only the last point's class is the answer: it alone is worked out (the same class spcClasses gives it).
    const Outcome<SpcClass> last = spcLastClass(points, polarity, options);
    if (!last) return void(out = failure("values", last.error));
    out = spcClassValue(last.value);
}

// The call the rules make on every row: the values one row of cells (a CellSpan) holding numbers and blanks
// only, at most 64; a polarity text this call site has decoded before (its WordMemo); what, target and
// baseline omitted; screen omitted or a logical value (option spc.screen). Its points go into a stack array
// and the answer is what spcAnyCall gives; any other call is left to spcAnyCall (false, `out` untouched).
[[gnu::always_inline]] inline bool spcCommonCall(std::span<const Argument> args, const CallContext& context, Value& out) {
    constexpr std::size_t maxPoints = 64;
    const auto* values = std::get_if<CellSpan>(&args[0]);
    if (!values || values->cells.size() > maxPoints || context.wordMemos.size() < 2) return false;
    if (args[2].index() != 0 || args[3].index() != 0 || args[4].index() != 0) return false;
    SpcOptions options;
    if (const auto* screen = std::get_if<Value>(&args[5])) {
        if (!screen->isBoolean()) return false;
        options.screen = screen->asBoolean();
    } else if (args[5].index() != 0) {
        return false;
    }
    const Value* polarityText = singleOf(args[1]);
    if (!polarityText || !polarityText->isText()) return false;
    const int* polarity = context.wordMemos[1].find(polarityText->asText());
    if (!polarity) return false;
    double points[maxPoints];
    std::size_t count = 0;
    for (const Value& cell : values->cells) {
        if (cell.isNumber()) {
            points[count] = cell.asNumber();
            count += std::isfinite(cell.asNumber()); // not finite: left out, as numericInto does
        } else if (!cell.isBlank()) {
            return false;
        }
    }
    if (count < 2) {
        out = emptyText;
        return true;
    }
    const Outcome<SpcClass> last = spcLastClass(std::span<const double>(points, count), static_cast<Polarity>(*polarity), options);
    if (!last) out = failure("values", last.error);
    else out = spcClassValue(last.value);
    return true;
}

} // namespace

void spcInto(std::span<const Argument> args, const CallContext& context, Value& out) {
    if (!spcCommonCall(args, context, out)) spcAnyCall(args, context, out);
}

Result spc(std::span<const Argument> args, const CallContext& context) { return valueResult<spcInto>(args, context); }

Result spcPoints(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("SPCPOINTS"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const std::vector<double> series = a.series(0);
    const Cells shape = a.range(0);
    const Polarity polarity = a.polarity(1);
    SpcOptions options;
    const auto baselineNumber = a.numberOrBlank(2);
    options.baseline = Arguments::countOf(baselineNumber, 0);
    const bool baselineGiven = baselineNumber.has_value();
    options.screen = a.logical(3, false);
    if (a.failed()) return a.error();
    if (baselineGiven && options.baseline < 2) return failure("baseline", DomainError::BaselineTooShort);
    Range out(shape.rows, shape.cols);
    for (Value& cell : out.cells) cell = Value::text("");
    const Points points = numericPoints(series);
    if (points.values.size() < 2) return out;
    std::vector<SpcClass> classes(points.values.size());
    const Outcome<SpcLimits> limits = spcClasses(points.values, polarity, options, classes);
    if (!limits) return failure("values", limits.error);
    for (std::size_t k = 0; k < classes.size(); ++k)
        if (classes[k] != SpcClass::CommonCause) out.cells[points.cells[k]] = text(spcClassText(classes[k]));
    return out;
}

Result spcLimits(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("SPCLIMITS"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const Points points = numericPoints(a.series(0));
    SpcOptions options;
    const auto baselineNumber = a.numberOrBlank(1);
    options.baseline = Arguments::countOf(baselineNumber, 0);
    const bool baselineGiven = baselineNumber.has_value();
    options.screen = a.logical(2, false);
    if (a.failed()) return a.error();
    if (baselineGiven && options.baseline < 2) return failure("baseline", DomainError::BaselineTooShort);
    Range out(1, 3);
    for (Value& cell : out.cells) cell = Value::text("");
    if (points.values.size() < 2) return out;
    const Outcome<SpcLimits> limits = domain::spcLimits(points.values, options);
    if (!limits) return failure("values", limits.error);
    out.cells[0] = Value::number(limits.value.mean);
    out.cells[1] = Value::number(limits.value.lower);
    out.cells[2] = Value::number(limits.value.upper);
    return out;
}

Result forecast(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("FORECAST"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const std::vector<double> values = a.series(0);
    const auto periodsNumber = a.numberOrBlank(1);
    const std::size_t periods = Arguments::countOf(periodsNumber, values.size());
    const bool periodsGiven = periodsNumber.has_value();
    const Aggregation aggregation = a.word(2, Aggregation::Sum, aggregationWord, "sum, average, last");
    if (a.failed()) return a.error();
    if (periodsGiven && periods < 1) return failure("periods", DomainError::NotEnoughPeriods);
    const Outcome<double> f = domain::forecast(values, periods, aggregation);
    if (f.error == DomainError::NoValues) return text("");
    if (!f) return failure(f.error == DomainError::PeriodsBelowReported ? "periods" : "values", f.error);
    return Value::number(f.value);
}

Result required(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("REQUIRED"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const std::vector<double> values = a.series(0);
    const auto annual = a.numberOrBlank(1);
    const auto periodsNumber = a.numberOrBlank(2);
    const std::size_t periods = Arguments::countOf(periodsNumber, values.size());
    const bool periodsGiven = periodsNumber.has_value();
    const Aggregation aggregation = a.word(3, Aggregation::Sum, aggregationWord, "sum, average, last");
    if (a.failed()) return a.error();
    if (periodsGiven && periods < 1) return failure("periods", DomainError::NotEnoughPeriods);
    if (!annual) return text("");
    const Outcome<double> r = domain::required(values, *annual, periods, aggregation);
    if (!r) return failure(r.error == DomainError::NotFinite ? "values" : "periods", r.error);
    return Value::number(r.value);
}

Result due(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("DUE"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const auto periodEnd = a.numberOrBlank(0);
    const int day = a.wholeNumber(1, 15);
    const int monthsAfter = a.wholeNumber(2, 1);
    if (a.failed()) return a.error();
    if (!periodEnd) return text("");
    const Outcome<double> d = dueDate(*periodEnd, day, monthsAfter);
    if (!d) return failure(d.error == DomainError::DayBelowOne ? "day" : "period_end", d.error);
    return Value::number(d.value);
}

Result overdue(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("OVERDUE"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const Value value = a.scalar(0);
    const auto dueDate = a.numberOrBlank(1);
    const double asOf = a.number(2, context.today);
    if (a.failed()) return a.error();
    if (!dueDate) return Value::boolean(false);
    // An error cell is a missing return too: nothing usable has been submitted.
    const bool missing = value.isBlank() || value.isError();
    return Value::boolean(domain::overdue(missing, *dueDate, asOf));
}

Result quartile(std::span<const Argument> args, const CallContext& context) {
    static const FunctionSpec& thisSpec = spec("QUARTILE"); // looked up once, not per call
    Arguments a(args, thisSpec, context);
    const auto value = a.numberOrBlank(0);
    const std::vector<double> comparators = a.series(1);
    const Polarity polarity = a.polarity(2);
    if (a.failed()) return a.error();
    if (polarity != Polarity::Higher && polarity != Polarity::Lower)
        return failure("polarity", DomainError::PolarityNotHigherOrLower);
    if (!value) return text("");
    const Outcome<Quartile> q = benchmarkQuartile(*value, comparators, polarity);
    if (!q) return failure("comparators", q.error);
    return text(quartileText(q.value));
}

namespace {

std::optional<SmartResult> smartOf(std::span<const Argument> args, const CallContext& context, std::string_view name,
                                   Value& error) {
    Arguments a(args, spec(name), context);
    const Cells headers = a.range(0);
    const Cells definition = a.range(1);
    if (a.failed()) {
        error = a.error();
        return std::nullopt;
    }
    if (definition.size() != headers.size()) {
        error = failure("definition", "must be the same size as headers");
        return std::nullopt;
    }
    return smartCheck(smartRecordFrom(headers.cells, definition.cells));
}

} // namespace

Result smart(std::span<const Argument> args, const CallContext& context) {
    Value error;
    const auto result = smartOf(args, context, "SMART", error);
    if (!result) return error;
    return Value::text(smartLetters(*result));
}

Result smartWhy(std::span<const Argument> args, const CallContext& context) {
    Value error;
    const auto result = smartOf(args, context, "SMARTWHY", error);
    if (!result) return error;
    return Value::text(smartReasons(*result));
}

} // namespace kpi::functions::adapters
