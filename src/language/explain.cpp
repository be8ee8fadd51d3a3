#include "language/explain.hpp"

#include "core/cell_text.hpp"
#include "core/text_key.hpp"
#include "language/error_handler.hpp"
#include "language/format.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace kpi::language {

std::string_view kindName(ExplanationKind kind) {
    switch (kind) {
    case ExplanationKind::Status: return "status";
    case ExplanationKind::Definition: return "definition";
    case ExplanationKind::Key: return "key";
    case ExplanationKind::Computed: return "computed";
    case ExplanationKind::Outside: return "outside";
    }
    return "outside";
}

namespace {

std::optional<bool> truthOf(const Value& v) {
    if (v.isBoolean() || v.isNumber()) return v.asNumber() != 0.0;
    return std::nullopt;
}


// The text as written, except that a white space run holding a line break (a statement continued on the
// next line) becomes one space; ends trimmed.
std::string collapsed(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            std::size_t end = i;
            bool lineBreak = false;
            while (end < text.size() && (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r')) {
                if (text[end] == '\n') lineBreak = true;
                ++end;
            }
            if (!out.empty() && end < text.size()) out += lineBreak ? std::string(" ") : std::string(text.substr(i, end - i));
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

// Everything the explanation needs from one row: the evaluator's trace and how to word it.
class Explainer {
public:
    Explainer(const Program& program, const SourceText& source, std::string_view rulesName, const TableLayout& layout,
              const TableView& table, const EvaluationContext& context)
        : program_(program), source_(source), rulesName_(rulesName), layout_(layout), table_(table), context_(context),
          formatter_(program.options.locale) {}

    Explanation explain(std::size_t row, std::size_t column) {
        Explanation e;
        e.row = row;
        e.column = column;
        if (column < layout_.headers.size()) e.header = layout_.headers[column];
        const std::string where = cellName(column, row);
        if (row < layout_.headerRow) return outside(std::move(e), where + " is above the indicator table (its headers are in row " +
                                                                      std::to_string(layout_.headerRow + 1) + ")");
        if (row == layout_.headerRow) return outside(std::move(e), where + " is in the header row of the indicator table");
        if (row >= table_.rowCount())
            return outside(std::move(e), where + " is below the indicator table (its last row is " + std::to_string(table_.rowCount()) + ")");
        const Value& rawKey = table_.cell(row, layout_.keyColumn);
        if (rawKey.isBlank() || rawKey.isError() || isBlankLike(rawKey))
            return outside(std::move(e), where + " is not on an indicator row: the key cell (" + keyHeader() +
                                             ") of row " + std::to_string(row + 1) +
                                             " is blank, so the rules pass the row over (a section heading, a spacer or a note)");
        trace_ = traceRow(program_, layout_, table_, context_, row, tracedNodes());
        const IndicatorResult& result = trace_.result;
        e.indicator = result.key;
        e.cell = cellText(row, column);

        if (column == layout_.keyColumn) return explainKey(std::move(e));
        for (std::size_t w = 0; w < program_.writes.size(); ++w)
            if (!e.header.empty() && sameKey(e.header, program_.writes[w].header)) return explainWrite(std::move(e), w);
        if (program_.status) {
            const Node& subject = program_.nodes[program_.status->series];
            if (subject.op == Op::Series) {
                const auto& columns = layout_.seriesColumns[subject.slot];
                if (column >= columns.first && column < columns.first + columns.count)
                    return explainStatus(std::move(e), column - columns.first);
            }
        }
        for (std::uint32_t f = 0; f < program_.fields.size(); ++f)
            if (layout_.fieldColumns[f] == column) return explainDefinition(std::move(e), f);
        for (std::size_t s = 0; s < program_.series.size(); ++s) {
            const auto& columns = layout_.seriesColumns[s];
            if (column >= columns.first && column < columns.first + columns.count)
                return explainOtherSeries(std::move(e), s, column - columns.first);
        }
        std::string header = e.header.empty() ? std::string() : " (\"" + e.header + "\")";
        return outside(std::move(e), where + " is on the row of indicator " + result.key + ", but its column" + header +
                                         " is not read by the rules");
    }

private:
    // ---- what to evaluate -------------------------------------------------------------------------

    // Every node of every condition, message and written value, with the lets they use: evaluated once
    // on the row, so any part can be shown.
    std::vector<NodeIndex> tracedNodes() {
        std::vector<NodeIndex> roots;
        if (program_.status) {
            roots.push_back(program_.status->series);
            for (const auto& line : program_.status->lines)
                if (line.condition != noNode) roots.push_back(line.condition);
        }
        for (const auto& check : program_.checks) roots.push_back(check.condition);
        for (const auto& flag : program_.flags) {
            roots.push_back(flag.condition);
            for (const auto& part : flag.message)
                if (part.expression != noNode) roots.push_back(part.expression);
        }
        for (const auto& write : program_.writes) roots.push_back(write.value);
        std::vector<bool> seen(program_.nodes.size(), false);
        std::vector<NodeIndex> nodes;
        std::vector<NodeIndex> pending(roots.begin(), roots.end());
        while (!pending.empty()) {
            NodeIndex n = pending.back();
            pending.pop_back();
            if (n == noNode || n >= program_.nodes.size() || seen[n]) continue;
            seen[n] = true;
            nodes.push_back(n);
            const Node& node = program_.nodes[n];
            for (NodeIndex child : program_.children(node)) pending.push_back(child);
            if (node.op == Op::Let) pending.push_back(program_.lets[node.slot].value);
        }
        std::sort(nodes.begin(), nodes.end());
        slotOf_.assign(program_.nodes.size(), SIZE_MAX);
        for (std::size_t i = 0; i < nodes.size(); ++i) slotOf_[nodes[i]] = i;
        return nodes;
    }

    // The value a node gave on the row: at `period` when it is a series and a period is given.
    Value valueAt(NodeIndex n, std::optional<std::size_t> period) const {
        if (n >= slotOf_.size() || slotOf_[n] == SIZE_MAX) return Value{};
        const auto& values = trace_.values[slotOf_[n]];
        if (!trace_.series[slotOf_[n]]) return values.empty() ? Value{} : values.front();
        if (!period) return Value{};
        return *period < values.size() ? values[*period] : Value{};
    }
    bool isSeries(NodeIndex n) const { return n < slotOf_.size() && slotOf_[n] != SIZE_MAX && trace_.series[slotOf_[n]]; }

    // ---- wording ----------------------------------------------------------------------------------

    std::string cellName(std::size_t column, std::size_t row) const { return columnLetters(column) + std::to_string(row + 1); }

    std::string keyHeader() const {
        return layout_.keyColumn < layout_.headers.size() ? "\"" + layout_.headers[layout_.keyColumn] + "\"" : "the key";
    }

    // As flag messages show values; an empty text (spcpoints() for common cause) is shown as "".
    std::string format(const Value& v, bool percent) const {
        if (v.isText() && v.asText().empty()) return "\"\"";
        return formatter_.format(v, percent);
    }

    std::string cellText(std::size_t row, std::size_t column) const {
        if (column >= table_.columnCount()) return "blank";
        const Value& raw = table_.cell(row, column);
        if (raw.isError()) return "an error (read as blank)";
        return format(raw.isText() ? interpretCell(raw) : raw, false);
    }

    // The period's header of the status series (or of a series the size of the given count).
    std::vector<std::string> periodHeaders(NodeIndex n, std::size_t count) const {
        const Node& node = program_.nodes[n];
        if (node.op == Op::Series) return layout_.seriesColumns[node.slot].headers;
        if (program_.status) {
            const Node& subject = program_.nodes[program_.status->series];
            if (subject.op == Op::Series && layout_.seriesColumns[subject.slot].headers.size() == count)
                return layout_.seriesColumns[subject.slot].headers;
        }
        std::vector<std::string> numbers;
        for (std::size_t i = 0; i < count; ++i) numbers.push_back(std::to_string(i + 1));
        return numbers;
    }

    // A whole series: "Apr 120, May 250, Jun blank, Jul 410, Aug–Mar blank".
    std::string seriesText(NodeIndex n) const {
        if (n >= slotOf_.size() || slotOf_[n] == SIZE_MAX) return "blank";
        const auto& values = trace_.values[slotOf_[n]];
        if (values.empty()) return "no periods";
        const bool percent = program_.nodes[n].percent;
        const auto headers = periodHeaders(n, values.size());
        std::size_t last = values.size();
        while (last > 0 && values[last - 1].isBlank()) --last;
        std::string text;
        for (std::size_t i = 0; i < last; ++i)
            text += (text.empty() ? "" : ", ") + (i < headers.size() ? headers[i] : std::to_string(i + 1)) + " " +
                    format(values[i], percent);
        if (last < values.size()) {
            std::string from = last < headers.size() ? headers[last] : std::to_string(last + 1);
            std::string to = values.size() - 1 < headers.size() ? headers.back() : std::to_string(values.size());
            text += (text.empty() ? "" : ", ") + (last + 1 == values.size() ? from : from + "–" + to) + " blank";
        }
        return text;
    }

    // `percent` shows a number as a percentage even when the node is not one (the other side of a
    // comparison with a percentage: "short = 6%, not <= tol (3%)").
    std::string valueText(NodeIndex n, std::optional<std::size_t> period, bool percent = false) const {
        if (isSeries(n) && !period) return seriesText(n);
        return format(valueAt(n, period), percent || program_.nodes[n].percent);
    }

    // Byte range of a node's source. A binary node's own span is its whole expression chain, so it is
    // worked out from its operands, widened to balance parentheses.
    std::pair<std::size_t, std::size_t> bytesOf(NodeIndex n) const {
        const Node& node = program_.nodes[n];
        if (node.op != Op::Binary) return {node.span.begin, node.span.end};
        auto children = program_.children(node);
        std::size_t begin = bytesOf(children[0]).first, end = bytesOf(children[1]).second;
        const std::string& text = source_.text();
        auto balance = [&] {
            int depth = 0;
            bool quoted = false;
            for (std::size_t i = begin; i < end && i < text.size(); ++i) {
                if (text[i] == '"') quoted = !quoted;
                else if (!quoted && text[i] == '(') ++depth;
                else if (!quoted && text[i] == ')') --depth;
            }
            return depth;
        };
        for (int depth = balance(); depth != 0; depth = balance()) {
            if (depth > 0) {
                while (end < text.size() && text[end] != ')') ++end;
                if (end >= text.size()) break;
                ++end;
            } else {
                while (begin > 0 && text[begin - 1] != '(') --begin;
                if (begin == 0) break;
                --begin;
            }
        }
        return {begin, end};
    }

    std::string sourceOf(NodeIndex n) const {
        auto [begin, end] = bytesOf(n);
        const std::string& text = source_.text();
        if (begin >= end || end > text.size()) return {};
        return collapsed(std::string_view(text).substr(begin, end - begin));
    }

    // A rule as written, from byte `begin` to `end`, with its line and column.
    RuleReference ruleAt(std::size_t begin, std::size_t end) const {
        SourceSpan where = source_.span(begin, end);
        const std::string& text = source_.text();
        end = std::min(end, text.size());
        return RuleReference{where.line, where.column,
                             begin < end ? collapsed(std::string_view(text).substr(begin, end - begin)) : std::string()};
    }

    // A statement that starts on the line of `span` and ends with node `last`: from the line's first
    // non-blank character to the end of that node.
    RuleReference statementEndingWith(const SourceSpan& span, NodeIndex last) const {
        const std::string& text = source_.text();
        std::size_t begin = std::min<std::size_t>(span.begin, text.size());
        while (begin > 0 && text[begin - 1] != '\n') --begin;
        while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
        std::size_t end = last == noNode ? span.end : bytesOf(last).second;
        return ruleAt(begin, std::max<std::size_t>(end, span.end));
    }

    static std::string operatorText(ast::Operator op) {
        using O = ast::Operator;
        switch (op) {
        case O::Less: return "<";
        case O::LessEqual: return "<=";
        case O::Greater: return ">";
        case O::GreaterEqual: return ">=";
        case O::Equal:
        case O::NotEqual: return "equal to"; // `a <> b` is worded as "(not) equal to b", the other way round
        default: return "";
        }
    }

    // Why a condition gave what it gave: "short = 7.5%, not <= 0%".
    std::string reason(NodeIndex n, std::optional<std::size_t> period) const {
        const Node& node = program_.nodes[n];
        const std::optional<bool> truth = truthOf(valueAt(n, period));
        auto side = [&](NodeIndex s) {
            if (program_.nodes[s].op == Op::Constant) return sourceOf(s);
            return sourceOf(s) + " = " + valueText(s, period);
        };
        if (node.op == Op::Binary) {
            auto children = program_.children(node);
            const ast::Operator op = node.oper;
            const std::string relation = operatorText(op);
            if (!relation.empty()) {
                NodeIndex left = children[0], right = children[1];
                // Both sides in the same terms: a fraction compared with a percentage is shown as one.
                const bool percent = program_.nodes[left].percent || program_.nodes[right].percent;
                auto term = [&](NodeIndex s) {
                    if (program_.nodes[s].op == Op::Constant) return sourceOf(s);
                    return sourceOf(s) + " = " + valueText(s, period, percent);
                };
                const Value lv = valueAt(left, period), rv = valueAt(right, period);
                const bool leftBlank = lv.isBlank() || lv.isError(), rightBlank = rv.isBlank() || rv.isError();
                std::string rightText = program_.nodes[right].op == Op::Constant ? sourceOf(right)
                                                                                  : sourceOf(right) + " (" + valueText(right, period, percent) + ")";
                if (!truth) {
                    if (!leftBlank && !rightBlank) // a text against a number: not comparable
                        return term(left) + " and " + sourceOf(right) + " cannot be compared, so `" + sourceOf(n) +
                               "` is blank (does not hold)";
                    return (leftBlank ? sourceOf(left) : sourceOf(right)) + " is blank, so `" + sourceOf(n) +
                           "` is blank (does not hold)";
                }
                const bool holds = op == ast::Operator::NotEqual ? !*truth : *truth;
                return term(left) + (holds ? ", " : ", not ") + relation + " " + rightText;
            }
            if (op == ast::Operator::And || op == ast::Operator::Or) {
                // The parts that decided: for a false (or blank) `and` the parts that were not true, for a
                // true `or` the parts that were true; otherwise every part.
                std::string text;
                for (NodeIndex child : children) {
                    const auto t = truthOf(valueAt(child, period));
                    bool show = true;
                    if (op == ast::Operator::And && truth != std::optional(true)) show = t != std::optional(true);
                    if (op == ast::Operator::Or && truth == std::optional(true)) show = t == std::optional(true);
                    if (show) text += (text.empty() ? "" : "; ") + reason(child, period);
                }
                return text;
            }
        }
        if (node.op == Op::Unary && node.oper == ast::Operator::Not) {
            std::string inner = reason(program_.children(node)[0], period);
            return "not (" + inner + ")";
        }
        if (node.op == Op::In) {
            auto children = program_.children(node);
            std::string choices;
            for (std::size_t k = 1; k < children.size(); ++k) choices += (k > 1 ? ", " : "") + sourceOf(children[k]);
            if (!truth) return sourceOf(children[0]) + " is blank";
            return side(children[0]) + (*truth ? ", in (" : ", not in (") + choices + ")";
        }
        if (!truth) return sourceOf(n) + " is blank";
        return sourceOf(n) + " is " + (*truth ? "true" : "false");
    }

    // ---- the names a rule reads ---------------------------------------------------------------------

    // Adds the names under `n` to `out` (once each): fields, series, lets (and through a let, what its
    // expression reads), `status`, and picked periods such as status[now]. `direct` lists only the names
    // `n` itself reads, without looking into lets.
    void namesUnder(NodeIndex n, std::optional<std::size_t> period, std::vector<NamedValue>& out, bool direct) const {
        if (n == noNode) return;
        const Node& node = program_.nodes[n];
        auto add = [&](std::string name, std::string definition) {
            for (const auto& v : out)
                if (v.name == name) return false;
            NamedValue value{std::move(name), valueText(n, period), std::move(definition), {}};
            out.push_back(std::move(value));
            return true;
        };
        switch (node.op) {
        case Op::Constant:
        case Op::Profile: return;
        case Op::Field: add(program_.fields[node.slot].name, {}); return;
        case Op::Series: add(program_.series[node.slot].name, {}); return;
        case Op::StatusSeries: add("status", {}); return;
        case Op::Let: {
            const auto& let = program_.lets[node.slot];
            if (!add(let.name, sourceOf(let.value)) || direct) return;
            std::vector<NamedValue> uses;
            namesUnder(let.value, period, uses, true);
            for (auto& v : out)
                if (v.name == let.name)
                    for (const auto& u : uses) v.uses.push_back(u.name);
            namesUnder(let.value, period, out, false);
            return;
        }
        case Op::Index: {
            auto children = program_.children(node);
            add(sourceOf(n), {});
            const Op baseOp = program_.nodes[children[0]].op;
            if (baseOp != Op::Field && baseOp != Op::Series && baseOp != Op::Let && baseOp != Op::StatusSeries)
                namesUnder(children[0], period, out, direct);
            namesUnder(children[1], period, out, direct);
            return;
        }
        default:
            for (NodeIndex child : program_.children(node)) namesUnder(child, period, out, direct);
            return;
        }
    }

    // "Values for Sep:" and one line per let (its expression and the values it read), then the other values.
    std::string valuesText(const std::vector<NamedValue>& values, const std::string& heading) const {
        if (values.empty()) return {};
        std::set<std::string> mentioned;
        std::string text = heading + "\n";
        auto valueOf = [&](const std::string& name) {
            for (const auto& v : values)
                if (v.name == name) return v.text;
            return std::string("?");
        };
        for (const auto& v : values) {
            if (v.definition.empty()) continue;
            text += "  " + v.name + " = " + v.definition + " = " + v.text;
            if (!v.uses.empty()) {
                std::string with;
                for (const auto& u : v.uses) {
                    with += (with.empty() ? "" : ", ") + u + " = " + valueOf(u);
                    mentioned.insert(u);
                }
                text += ", with " + with;
            }
            text += "\n";
        }
        for (const auto& v : values)
            if (v.definition.empty() && !mentioned.contains(v.name)) text += "  " + v.name + " = " + v.text + "\n";
        return text;
    }

    // "line 39 `red otherwise`": for people, runs of spaces (aligned columns in the file) become one.
    static std::string lineRef(const RuleReference& rule) {
        std::string text;
        for (char c : rule.text)
            if (c != ' ' || text.empty() || text.back() != ' ') text += c;
        return "line " + std::to_string(rule.line) + " `" + text + "`";
    }

    // "line 41, when `status[now] = red`": a flag's or check's line and its condition, shorter than the
    // whole statement (which the report's rule gives).
    static std::string conditionRef(const TestedCondition& tested, std::string_view keyword) {
        return "line " + std::to_string(tested.rule.line) + ", " + std::string(keyword) + " `" + tested.condition + "`";
    }

    // A flag's message as written: `Unusual variation: {spc(actual, polarity)}`.
    std::string messageTemplate(const FlagDefinition& flag) const {
        std::string text;
        for (const auto& part : flag.message) text += part.expression == noNode ? part.text : "{" + sourceOf(part.expression) + "}";
        return text;
    }

    // The last period any indicator of the table has a value for (a run styles period cells up to it),
    // or nothing when no indicator has one.
    std::optional<std::size_t> latestReported(const SeriesColumns& columns) const {
        std::optional<std::size_t> latest;
        for (std::size_t row = layout_.headerRow + 1; row < table_.rowCount(); ++row) {
            const Value& key = table_.cell(row, layout_.keyColumn);
            if (key.isBlank() || key.isError() || isBlankLike(key)) continue;
            for (std::size_t i = columns.count; i > 0 && (!latest || i - 1 > *latest); --i) {
                const Value& raw = table_.cell(row, columns.first + i - 1);
                if (isBlankLike(raw) || raw.isError()) continue; // as the document engine decides it
                latest = i - 1;
                break;
            }
        }
        return latest;
    }

    // ---- the kinds of cell --------------------------------------------------------------------------

    Explanation outside(Explanation e, std::string why) const {
        e.kind = ExplanationKind::Outside;
        e.text = why + ". It is not part of an indicator, so no rule of " + std::string(rulesName_) + " applies to it.";
        return e;
    }

    Explanation explainStatus(Explanation e, std::size_t period) {
        e.kind = ExplanationKind::Status;
        const StatusDefinition& definition = *program_.status;
        const Node& subject = program_.nodes[definition.series];
        const auto& headers = layout_.seriesColumns[subject.slot].headers;
        e.period = period < headers.size() ? headers[period] : std::to_string(period + 1);
        const auto& statuses = trace_.result.statuses;
        const std::uint16_t decided = period < statuses.size() ? statuses[period] : 0;
        e.status = program_.statusNames[decided];
        const std::string subjectName = program_.series[subject.slot].name;
        const std::string head = e.indicator + " " + e.period + ": " + e.status;

        if (valueAt(definition.series, period).isBlank()) {
            // A blank period has no data before any line is tried (as the evaluator decides it).
            e.rule = statementEndingWith(definition.span, noNode);
            e.rule->text = "status " + subjectName;
            e.values.push_back(NamedValue{subjectName, "blank", {}, {}});
            e.text = head + " — " + subjectName + " is blank for " + e.period + " (the cell reads " + e.cell +
                     "), so no status line is tried: a blank period has no data (" + lineRef(*e.rule) + ", rules " +
                     std::string(rulesName_) + ").";
            const auto latest = latestReported(layout_.seriesColumns[subject.slot]);
            if (!latest || period > *latest)
                e.text += "\nNo indicator has a value for " + e.period +
                          " yet, so a run leaves this cell unstyled (it styles periods up to the latest one reported" +
                          (latest && *latest < headers.size() ? ", " + headers[*latest] : std::string()) + ").";
            return e;
        }
        std::vector<TestedCondition> tried;
        std::optional<TestedCondition> decidedBy;
        for (const auto& line : definition.lines) {
            TestedCondition tested;
            tested.rule = ruleAt(line.span.begin, line.span.end);
            tested.outcome = line.status;
            if (line.condition == noNode) {
                tested.truth = true;
                tested.applies = true;
                tested.reason = "otherwise: no earlier line applied";
            } else {
                tested.condition = sourceOf(line.condition);
                tested.truth = truthOf(valueAt(line.condition, period));
                tested.applies = tested.truth.value_or(false);
                tested.reason = reason(line.condition, period);
                namesUnder(line.condition, period, e.values, false);
            }
            if (tested.applies) {
                decidedBy = std::move(tested);
                break;
            }
            tried.push_back(std::move(tested));
        }
        e.earlier = tried;
        std::string text = head;
        if (decidedBy) {
            e.rule = decidedBy->rule;
            text += " — rule " + lineRef(decidedBy->rule) + " (rules " + std::string(rulesName_) + ")";
            if (decidedBy->reason.rfind("otherwise", 0) != 0) text += ": " + decidedBy->reason;
            text += ".";
        } else {
            text += " — no status line applied, so the period has no status (rules " + std::string(rulesName_) + ").";
        }
        if (!tried.empty()) {
            text += "\nEarlier lines did not apply:";
            for (const auto& t : tried) text += "\n  " + lineRef(t.rule) + ": " + t.reason;
        }
        e.text = text + "\n" + valuesText(e.values, "Values for " + e.period + ":");
        if (!e.text.empty() && e.text.back() == '\n') e.text.pop_back();
        return e;
    }

    TestedCondition testFlag(const FlagDefinition& flag, bool raised) const {
        TestedCondition tested;
        tested.rule = ruleAt(flag.span.begin, flag.span.end);
        tested.condition = sourceOf(flag.condition);
        tested.outcome = std::string(levelName(flag.level));
        tested.truth = truthOf(valueAt(flag.condition, std::nullopt));
        tested.applies = raised;
        tested.reason = reason(flag.condition, std::nullopt);
        return tested;
    }

    Explanation explainKey(Explanation e) {
        e.kind = ExplanationKind::Key;
        const IndicatorResult& result = trace_.result;
        std::vector<FlagExplanation> raised, quiet;
        std::string raisedText, quietText;
        for (std::uint32_t f = 0; f < program_.flags.size(); ++f) {
            const auto& flag = program_.flags[f];
            auto outcome = std::find_if(result.flags.begin(), result.flags.end(), [f](const FlagOutcome& o) { return o.flag == f; });
            FlagExplanation explained;
            explained.level = flag.level;
            explained.raised = outcome != result.flags.end();
            if (explained.raised) explained.message = outcome->message;
            explained.condition = testFlag(flag, explained.raised);
            const std::string where = conditionRef(explained.condition, "when");
            if (explained.raised) {
                namesUnder(flag.condition, std::nullopt, e.values, false);
                raisedText += "\n  " + explained.condition.outcome + ": " + explained.message + " — " + where + ": " +
                              explained.condition.reason;
                raised.push_back(std::move(explained));
            } else {
                quietText += "\n  " + explained.condition.outcome + " \"" + messageTemplate(flag) + "\" — " + where + ": " +
                             explained.condition.reason;
                quiet.push_back(std::move(explained));
            }
        }
        e.status = raised.empty() ? "not flagged" : "flagged";
        std::string text = e.indicator + " (key cell): ";
        if (raised.empty()) {
            text += "no flag raised";
            e.rule = statementEndingWith(program_.keySpan, noNode);
        } else {
            text += std::to_string(raised.size()) + (raised.size() == 1 ? " flag" : " flags") + " raised (rules " +
                    std::string(rulesName_) + "):";
            e.rule = raised.front().condition.rule;
            text += raisedText;
        }
        if (!quiet.empty()) text += (raised.empty() ? " (rules " + std::string(rulesName_) + "):" : "\nNot raised:") + quietText;
        e.flags = std::move(raised);
        e.flags.insert(e.flags.end(), quiet.begin(), quiet.end());
        for (std::size_t c = 0; c < program_.checks.size(); ++c)
            if (c < result.checksPassed.size() && !result.checksPassed[c]) e.checks.push_back(testCheck(c));
        text += "\nSMART: " + smartSummary(program_, result);
        for (const auto& c : e.checks) text += "\n  " + checkLine(c);
        text += "\n" + valuesText(e.values, "Values:");
        if (text.back() == '\n') text.pop_back();
        e.text = std::move(text);
        return e;
    }

    // "S fails (Title says what is counted) — line 30, requires `words(title) >= 3`: words(title) = 2, not >= 3"
    static std::string checkLine(const CheckExplanation& c) {
        return c.letter + (c.passed ? " passes (" : " fails (") + c.message + ") — " + conditionRef(c.condition, "requires") +
               ": " + c.condition.reason;
    }

    CheckExplanation testCheck(std::size_t c) const {
        const auto& check = program_.checks[c];
        CheckExplanation explained;
        explained.letter = check.letter;
        explained.message = check.message;
        explained.passed = c < trace_.result.checksPassed.size() && trace_.result.checksPassed[c];
        explained.condition.rule = statementEndingWith(check.span, check.condition);
        explained.condition.condition = sourceOf(check.condition);
        explained.condition.outcome = check.letter;
        explained.condition.truth = truthOf(valueAt(check.condition, std::nullopt));
        explained.condition.applies = explained.passed;
        explained.condition.reason = reason(check.condition, std::nullopt);
        return explained;
    }

    Explanation explainDefinition(Explanation e, std::uint32_t field) {
        e.kind = ExplanationKind::Definition;
        const auto& definition = program_.fields[field];
        for (std::size_t c = 0; c < program_.checks.size(); ++c) {
            const auto& read = program_.checks[c].fieldsRead;
            if (std::find(read.begin(), read.end(), field) == read.end()) continue;
            e.checks.push_back(testCheck(c));
            namesUnder(program_.checks[c].condition, std::nullopt, e.values, false);
        }
        RuleReference fieldRule = statementEndingWith(definition.span, noNode);
        fieldRule.text = collapsed(withoutComment(source_.line(definition.span.line)));
        std::string text = e.indicator + " " + e.header + " (" + e.cell + ", field " + definition.name + ", " +
                           lineRef(fieldRule) + "): ";
        if (e.checks.empty()) {
            e.status = "not checked";
            e.rule = fieldRule;
            text += "no SMART check reads this column (rules " + std::string(rulesName_) + ").";
            e.values.push_back(NamedValue{definition.name, e.cell, {}, {}});
        } else {
            const auto failing = std::find_if(e.checks.begin(), e.checks.end(), [](const CheckExplanation& c) { return !c.passed; });
            e.status = failing != e.checks.end() ? "SMART fails" : "SMART passes";
            e.rule = (failing != e.checks.end() ? *failing : e.checks.front()).condition.rule;
            text += "read by " + std::to_string(e.checks.size()) + (e.checks.size() == 1 ? " SMART check" : " SMART checks") +
                    " (rules " + std::string(rulesName_) + "):";
            for (const auto& c : e.checks) text += "\n  " + checkLine(c);
            text += "\nSMART: " + smartSummary(program_, trace_.result);
        }
        text += "\n" + valuesText(e.values, "Values:");
        if (text.back() == '\n') text.pop_back();
        e.text = std::move(text);
        return e;
    }

    Explanation explainWrite(Explanation e, std::size_t w) {
        e.kind = ExplanationKind::Computed;
        const auto& write = program_.writes[w];
        const Value written = w < trace_.result.written.size() ? trace_.result.written[w] : Value{};
        e.status = format(written, program_.nodes[write.value].percent);
        e.rule = statementEndingWith(write.span, write.value);
        namesUnder(write.value, std::nullopt, e.values, false);
        std::string text = e.indicator + " " + write.header + ": " + e.status + " — written by " + lineRef(*e.rule) +
                           " (rules " + std::string(rulesName_) + ")";
        if (e.cell != e.status) text += "; the cell holds " + e.cell + " until the next run writes it";
        text += ".";
        bool usesSmart = false;
        for (NodeIndex n : tracedSubtree(write.value))
            if (program_.nodes[n].op == Op::Call && program_.nodes[n].builtin && program_.nodes[n].builtin->id == BuiltinId::Smart)
                usesSmart = true;
        if (usesSmart)
            for (std::size_t c = 0; c < program_.checks.size(); ++c) {
                e.checks.push_back(testCheck(c));
                const auto& check = e.checks.back();
                text += "\n  " + checkLine(check);
            }
        text += "\n" + valuesText(e.values, "Values:");
        if (text.back() == '\n') text.pop_back();
        e.text = std::move(text);
        return e;
    }

    Explanation explainOtherSeries(Explanation e, std::size_t s, std::size_t period) {
        e.kind = ExplanationKind::Definition;
        const auto& headers = layout_.seriesColumns[s].headers;
        e.period = period < headers.size() ? headers[period] : std::to_string(period + 1);
        e.status = "not checked";
        const auto& definition = program_.series[s];
        e.rule = statementEndingWith(definition.span, noNode);
        e.rule->text = collapsed(withoutComment(source_.line(definition.span.line)));
        e.values.push_back(NamedValue{definition.name, e.cell, {}, {}});
        std::string why = "the rules have no status statement";
        if (program_.status) {
            const Node& subject = program_.nodes[program_.status->series];
            why = subject.op == Op::Series ? "the status statement gives statuses to " + program_.series[subject.slot].name
                                           : "the status statement works on " + sourceOf(program_.status->series) +
                                                 ", which is not a series of columns";
        }
        e.text = e.indicator + " " + e.period + ": " + definition.name + " = " + e.cell + " (" + lineRef(*e.rule) +
                 ", rules " + std::string(rulesName_) + "). This cell has no status of its own: " + why + ".";
        return e;
    }

    std::vector<NodeIndex> tracedSubtree(NodeIndex root) const {
        std::vector<NodeIndex> nodes, pending{root};
        while (!pending.empty()) {
            NodeIndex n = pending.back();
            pending.pop_back();
            if (n == noNode) continue;
            nodes.push_back(n);
            for (NodeIndex child : program_.children(program_.nodes[n])) pending.push_back(child);
        }
        return nodes;
    }

    // A line without its `# comment` (a # inside quotes is text).
    static std::string_view withoutComment(std::string_view line) {
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == '#' && !quoted) return line.substr(0, i);
        }
        return line;
    }

    const Program& program_;
    const SourceText& source_;
    std::string_view rulesName_;
    const TableLayout& layout_;
    const TableView& table_;
    EvaluationContext context_;
    MessageFormatter formatter_;
    RowTrace trace_;
    std::vector<std::size_t> slotOf_; // per node: its place in trace_, SIZE_MAX when not traced
};

} // namespace

Explanation explainCell(const Program& program, const SourceText& source, std::string_view rulesName,
                        const TableLayout& layout, const TableView& table, const EvaluationContext& context,
                        std::size_t row, std::size_t column) {
    return Explainer(program, source, rulesName, layout, table, context).explain(row, column);
}

} // namespace kpi::language
