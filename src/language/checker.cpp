#include "language/checker.hpp"

#include "core/dates.hpp"
#include "core/text_key.hpp"
#include "language/diagnostic_codes.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace kpi::language {

std::string_view levelName(FlagLevel level) {
    switch (level) {
    case FlagLevel::High: return "high";
    case FlagLevel::Medium: return "medium";
    case FlagLevel::Low: return "low";
    }
    return "medium";
}

std::optional<Options::Comments> commentsFromWord(std::string_view word) {
    for (std::size_t i = 0; i < std::size(commentsWords); ++i)
        if (commentsWords[i] == word) return static_cast<Options::Comments>(i);
    return std::nullopt;
}

std::string commentsWordsText() {
    std::string text;
    for (std::size_t i = 0; i < std::size(commentsWords); ++i)
        text += (i == 0 ? "\"" : i + 1 == std::size(commentsWords) ? " or \"" : ", \"") + std::string(commentsWords[i]) + "\"";
    return text;
}

namespace {

using DC = DiagnosticCode;

// The statuses every file has, with their display text.
struct BuiltinStatus {
    std::string_view name;
    std::string_view display;
};
constexpr BuiltinStatus builtinStatuses[] = {
    {"green", "Green"}, {"amber", "Amber"}, {"red", "Red"}, {"blue", "Blue"}, {"nodata", "No data"}};

enum class NameKind : unsigned char { Field, Series, Let, Profile };
struct NameEntry {
    NameKind kind;
    std::uint32_t slot;
    SourceSpan span;
};

enum class LetState : unsigned char { Pending, InProgress, Done };

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

class Checker {
public:
    explicit Checker(ParsedRules& rules) : rules_(rules) {}

    CheckedRules run() {
        program_.nodes.reserve(rules_.source().text().size() / 8);
        declare();
        for (std::uint32_t slot = 0; slot < program_.lets.size(); ++slot) compileLet(slot);
        for (const auto* statement : ordered_) compileStatement(*statement);
        finish();
        std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.span.begin < b.span.begin;
        });
        return CheckedRules{std::move(program_), std::move(diagnostics_)};
    }

private:
    // ---- pass 1: declarations ----------------------------------------------------------------
    void declare() {
        bool sawSheet = false, sawKey = false, sawDue = false;
        for (const auto& statement : rules_.statements()) {
            ordered_.push_back(&statement);
            boost::apply_visitor(
                [&](const auto& s) {
                    using T = std::decay_t<decltype(s)>;
                    if constexpr (std::is_same_v<T, ast::SheetStatement>) {
                        if (sawSheet) repeated(s, "sheet");
                        sawSheet = true;
                        program_.sheet = s.name.value;
                    } else if constexpr (std::is_same_v<T, ast::KeyStatement>) {
                        if (sawKey) repeated(s, "key");
                        sawKey = true;
                        program_.key = s.header.value;
                        program_.keySpan = rules_.spanOf(s.header);
                    } else if constexpr (std::is_same_v<T, ast::FieldStatement>) {
                        FieldDefinition field{s.name.name, {}, rules_.spanOf(s.name)};
                        for (const auto& header : s.headers) field.headers.push_back(header.value);
                        defineName(s.name, NameKind::Field, static_cast<std::uint32_t>(program_.fields.size()));
                        program_.fields.push_back(std::move(field));
                    } else if constexpr (std::is_same_v<T, ast::SeriesStatement>) {
                        declareSeries(s);
                    } else if constexpr (std::is_same_v<T, ast::DueStatement>) {
                        if (sawDue) repeated(s, "due");
                        sawDue = true;
                        program_.due = DueRule{s.form, s.number};
                        if (s.form == ast::DueForm::DayOfNextMonth && (s.number < 1 || s.number > 31))
                            report(DC::BadDate, span(s), "day " + std::to_string(s.number) + " is not a day of a month",
                                   "use a day from 1 to 31 (a day past the month's end means its last day)");
                    } else if constexpr (std::is_same_v<T, ast::ProfileStatement>) {
                        ProfileDefinition profile{s.name.name, {}, rules_.spanOf(s.name)};
                        for (const auto& weight : s.weights) profile.weights.push_back(weight.value);
                        defineName(s.name, NameKind::Profile, static_cast<std::uint32_t>(program_.profiles.size()));
                        program_.profiles.push_back(std::move(profile));
                    } else if constexpr (std::is_same_v<T, ast::LetStatement>) {
                        defineName(s.name, NameKind::Let, static_cast<std::uint32_t>(program_.lets.size()));
                        program_.lets.push_back(LetDefinition{s.name.name, noNode, rules_.spanOf(s.name)});
                        letSources_.push_back(&s);
                    } else if constexpr (std::is_same_v<T, ast::StyleStatement>) {
                        program_.styles.push_back({s.name.name, s.cellStyle.value});
                    } else if constexpr (std::is_same_v<T, ast::StatusStatement>) {
                        if (statusStatement_) repeated(s, "status");
                        else statusStatement_ = &s;
                    } else if constexpr (std::is_same_v<T, ast::OptionStatement>) {
                        option(s);
                    }
                },
                statement);
        }
        letStates_.assign(program_.lets.size(), LetState::Pending);
        letFields_.resize(program_.lets.size());
        if (!sawKey)
            report(DC::MissingStatement, SourceSpan{1, 1, 0, 0}, "the rules file has no key statement",
                   "add a line such as: key \"PI Code\" (the column that names each indicator)");
    }

    void declareSeries(const ast::SeriesStatement& s) {
        SeriesDefinition series{s.name.name, s.first.value, s.last.value, std::nullopt, rules_.spanOf(s.name)};
        if (s.calendar) {
            const auto& calendar = *s.calendar;
            CalendarDefinition definition;
            const std::string& frequency = calendar.frequency.name;
            if (frequency == "monthly") definition.stepMonths = 1;
            else if (frequency == "quarterly") definition.stepMonths = 3;
            else if (frequency == "annually" || frequency == "yearly") definition.stepMonths = 12;
            else
                report(DC::BadCalendar, span(calendar.frequency), quoted(frequency) + " is not a calendar frequency",
                       "use monthly, quarterly or annually");
            if (calendar.start.month < 1 || calendar.start.month > 12 || calendar.start.day > 1)
                report(DC::BadDate, span(calendar.start), "a calendar starts on a month: YYYY-MM",
                       "for example: monthly from 2024-04");
            definition.startYear = static_cast<int>(calendar.start.year);
            definition.startMonth = static_cast<int>(calendar.start.month);
            series.calendar = definition;
        }
        defineName(s.name, NameKind::Series, static_cast<std::uint32_t>(program_.series.size()));
        program_.series.push_back(std::move(series));
    }

    void option(const ast::OptionStatement& s) {
        const std::string& name = s.name.name;
        auto wrongKind = [&](std::string_view expected, std::string_view example) {
            report(DC::BadOptionValue, span(s.name), "option " + name + " takes " + std::string(expected),
                   "for example: option " + name + " = " + std::string(example));
        };
        if (name == "as_of") {
            const auto* date = boost::get<ast::DateLiteral>(&s.value.get());
            if (!date || date->day == 0) return wrongKind("a date, YYYY-MM-DD", "2024-06-20");
            auto serial = serialFromCivil(CivilDate{static_cast<int>(date->year), static_cast<int>(date->month),
                                                    static_cast<int>(date->day)});
            if (!serial) return report(DC::BadDate, span(*date), "this date does not exist", "check the day and month");
            program_.options.asOf = static_cast<double>(*serial);
        } else if (name == "locale") {
            const auto* text = boost::get<ast::StringLiteral>(&s.value.get());
            if (!text) return wrongKind("a locale in quotes", "\"en-GB\"");
            program_.options.locale = text->value;
        } else if (name == "tolerance.basis") {
            std::string value;
            if (const auto* text = boost::get<ast::StringLiteral>(&s.value.get())) value = text->value;
            else if (const auto* word = boost::get<ast::Identifier>(&s.value.get())) value = word->name;
            if (value != "percent" && value != "points") return wrongKind("\"percent\" or \"points\"", "\"points\"");
            program_.options.toleranceBasis = value;
        } else if (name == "spc.shift") {
            const auto* number = boost::get<ast::NumberLiteral>(&s.value.get());
            if (!number || (number->value != 6 && number->value != 7 && number->value != 8))
                return wrongKind("a run length: 6, 7 or 8", "6");
            program_.options.spcShift = number->value;
        } else if (name == "spc.screen") {
            const auto* flag = boost::get<ast::BooleanLiteral>(&s.value.get());
            if (!flag) return wrongKind("true or false", "true");
            program_.options.spcScreen = flag->value;
        } else if (name == "comments") {
            std::string value;
            if (const auto* text = boost::get<ast::StringLiteral>(&s.value.get())) value = text->value;
            else if (const auto* word = boost::get<ast::Identifier>(&s.value.get())) value = word->name;
            const auto choice = commentsFromWord(value);
            if (!choice) return wrongKind(commentsWordsText(), "\"high\"");
            program_.options.comments = *choice;
        } else {
            static const std::vector<std::string> known{"as_of", "locale", "tolerance.basis", "spc.shift", "spc.screen",
                                                        "comments"};
            report(DC::UnknownOption, span(s.name), "unknown option " + quoted(name), didYouMean(name, known));
        }
    }

    void defineName(const ast::Identifier& name, NameKind kind, std::uint32_t slot) {
        auto [it, inserted] = names_.try_emplace(name.name, NameEntry{kind, slot, rules_.spanOf(name)});
        if (inserted) nameIndex_.emplace(std::string_view(it->first), &it->second);
        if (!inserted)
            report(DC::DuplicateDefinition, span(name), quoted(name.name) + " is already defined on line " +
                                                            std::to_string(it->second.span.line),
                   "give it another name");
    }

    void repeated(const x3::position_tagged& node, std::string_view what) {
        report(DC::RepeatedStatement, span(node), "a second " + std::string(what) + " statement",
               "a rules file has at most one " + std::string(what) + " statement; remove one");
    }

    // ---- pass 2: statements --------------------------------------------------------------------
    void compileStatement(const ast::Statement& statement) {
        boost::apply_visitor(
            [&](const auto& s) {
                using T = std::decay_t<decltype(s)>;
                if constexpr (std::is_same_v<T, ast::CheckStatement>) compileCheck(s);
                else if constexpr (std::is_same_v<T, ast::StatusStatement>) {
                    if (&s == statusStatement_) compileStatus(s);
                } else if constexpr (std::is_same_v<T, ast::FlagStatement>) compileFlag(s);
                else if constexpr (std::is_same_v<T, ast::WriteStatement>) compileWrite(s);
            },
            statement);
    }

    void compileCheck(const ast::CheckStatement& s) {
        CheckDefinition check{s.letter.name, s.message.value, noNode, {}, rules_.spanOf(s.letter)};
        fieldsRead_.clear();
        check.condition = compile(s.condition);
        requireScalar(check.condition, "a check");
        std::sort(fieldsRead_.begin(), fieldsRead_.end());
        fieldsRead_.erase(std::unique(fieldsRead_.begin(), fieldsRead_.end()), fieldsRead_.end());
        check.fieldsRead = fieldsRead_;
        program_.checks.push_back(std::move(check));
    }

    void compileStatus(const ast::StatusStatement& s) {
        StatusDefinition status;
        status.span = rules_.spanOf(s.series);
        status.series = compileName(s.series);
        if (status.series != noNode && !program_.nodes[status.series].series)
            report(DC::NotASeries, span(s.series), quoted(s.series.name) + " is one value, not a series",
                   "status gives one status per period of a series, e.g. status actual");
        bool sawOtherwise = false;
        for (const auto& line : s.lines) {
            if (sawOtherwise)
                report(DC::UnreachableStatusLine, span(line.status), "this line comes after otherwise and never applies",
                       "move otherwise to the last line");
            StatusLineDefinition definition{statusDisplay(line.status), 0, noNode, rules_.spanOf(line)};
            auto known = std::find(program_.statusNames.begin(), program_.statusNames.end(), definition.status);
            definition.statusIndex = static_cast<std::uint16_t>(known - program_.statusNames.begin());
            if (known == program_.statusNames.end()) program_.statusNames.push_back(definition.status);
            if (line.condition) definition.condition = compile(*line.condition);
            else sawOtherwise = true;
            status.lines.push_back(std::move(definition));
        }
        program_.status = std::move(status);
    }

    void compileFlag(const ast::FlagStatement& s) {
        FlagDefinition flag;
        flag.span = rules_.spanOf(s);
        if (s.level.name == "high") flag.level = FlagLevel::High;
        else if (s.level.name == "medium") flag.level = FlagLevel::Medium;
        else if (s.level.name == "low") flag.level = FlagLevel::Low;
        else
            report(DC::UnknownLevel, span(s.level), quoted(s.level.name) + " is not a flag level",
                   "use high, medium or low");
        flag.message = compileMessage(s.message);
        flag.condition = compile(s.condition);
        requireScalar(flag.condition, "a flag");
        if (s.notify) {
            const NameEntry* entry = findName(s.notify->name);
            if (!entry || entry->kind != NameKind::Field)
                report(DC::NotifyNotAField, span(*s.notify),
                       quoted(s.notify->name) + " is not a field", didYouMean(s.notify->name, namesOf(NameKind::Field)));
            else flag.notifyField = entry->slot;
        }
        program_.flags.push_back(std::move(flag));
    }

    void compileWrite(const ast::WriteStatement& s) {
        WriteDefinition write{s.header.value, compile(s.value), rules_.spanOf(s.header)};
        if (write.value != noNode && program_.nodes[write.value].series)
            report(DC::SeriesCondition, program_.nodes[write.value].span,
                   "a written column holds one value per indicator, but this is a series",
                   "pick one period, e.g. status[now], or reduce the series with last(...)");
        program_.writes.push_back(std::move(write));
    }

    // Splits a message into text and `{expression}` parts; the expressions are parsed in place.
    std::vector<MessagePart> compileMessage(const ast::StringLiteral& literal) {
        std::vector<MessagePart> parts;
        SourceSpan whole = span(literal);
        const std::string& text = rules_.source().text();
        std::size_t i = whole.begin + 1;
        std::size_t end = whole.end > whole.begin ? whole.end - 1 : whole.begin;
        std::string pending;
        while (i < end) {
            if (text[i] == '"' && i + 1 < end && text[i + 1] == '"') {
                pending += '"';
                i += 2;
                continue;
            }
            if (text[i] == '{') {
                std::size_t close = text.find('}', i + 1);
                if (close != std::string::npos && close < end) {
                    if (!pending.empty()) parts.push_back({std::move(pending), noNode}), pending.clear();
                    ast::Expression expression;
                    MessagePart part;
                    if (rules_.parseEmbeddedExpression(i + 1, close, expression, diagnostics_)) {
                        embedded_.push_back(std::make_unique<ast::Expression>(std::move(expression)));
                        part.expression = compile(*embedded_.back());
                        if (part.expression != noNode && program_.nodes[part.expression].series)
                            report(DC::SeriesCondition, program_.nodes[part.expression].span,
                                   "a value shown in a message must be one value, but this is a series",
                                   "wrap it in last(...), or pick one period with [now]");
                    }
                    parts.push_back(std::move(part));
                    i = close + 1;
                    continue;
                }
            }
            pending += text[i++];
        }
        if (!pending.empty()) parts.push_back({std::move(pending), noNode});
        return parts;
    }

    // ---- lets ----------------------------------------------------------------------------------
    void compileLet(std::uint32_t slot) {
        if (letStates_[slot] == LetState::Done) return;
        letStates_[slot] = LetState::InProgress;
        letStack_.push_back(slot);
        auto saved = std::move(fieldsRead_);
        fieldsRead_.clear();
        program_.lets[slot].value = compile(letSources_[slot]->value);
        letFields_[slot] = fieldsRead_;
        fieldsRead_ = std::move(saved);
        letStates_[slot] = LetState::Done;
        letStack_.pop_back();
        program_.letOrder.push_back(slot);
    }

    // ---- expressions ---------------------------------------------------------------------------
    // Compiled trees deeper than this, or nodes with more operands than a node holds, are refused: the
    // evaluator recurses once per level, and a long chain (1 + 1 + ...) compiles to a left-deep tree.
    static constexpr std::uint32_t maxTreeDepth = 1000;
    NodeIndex add(const Node& node, std::span<const NodeIndex> children = {}) {
        std::uint32_t depth = 1;
        for (NodeIndex child : children)
            if (child < nodeDepths_.size()) depth = std::max(depth, nodeDepths_[child] + 1);
        if (node.op == Op::Let && node.slot < program_.lets.size() && program_.lets[node.slot].value < nodeDepths_.size())
            depth = std::max(depth, nodeDepths_[program_.lets[node.slot].value] + 1); // evaluated where it is used
        if (depth > maxTreeDepth || children.size() > UINT16_MAX) {
            report(DC::TooDeep, node.span,
                   depth > maxTreeDepth ? "more than " + std::to_string(maxTreeDepth) +
                                              " operations nested in one expression, counting the lets it uses"
                                        : "more than " + std::to_string(UINT16_MAX) + " operands in one place",
                   depth > maxTreeDepth ? "shorten the expression or the chain of lets it builds on"
                                        : "split the list into several lets");
            return noNode;
        }
        nodeDepths_.push_back(depth);
        program_.nodes.push_back(node);
        Node& added = program_.nodes.back();
        added.firstChild = static_cast<std::uint32_t>(program_.childIndices.size());
        added.childCount = static_cast<std::uint16_t>(children.size());
        program_.childIndices.insert(program_.childIndices.end(), children.begin(), children.end());
        return static_cast<NodeIndex>(program_.nodes.size() - 1);
    }
    NodeIndex add(const Node& node, std::initializer_list<NodeIndex> children) {
        return add(node, std::span<const NodeIndex>(children.begin(), children.size()));
    }

    NodeIndex compile(const ast::Expression& expression) {
        NodeIndex left = compile(expression.first);
        for (const auto& operation : expression.rest) {
            NodeIndex right = compile(operation.operand);
            left = binary(operation.op, left, right, span(expression));
        }
        return left;
    }

    NodeIndex binary(ast::Operator op, NodeIndex left, NodeIndex right, SourceSpan where) {
        if (left == noNode || right == noNode) return noNode;
        Node node;
        node.op = Op::Binary;
        node.oper = op;
        NodeIndex children[] = {left, right};
        node.series = program_.nodes[left].series || program_.nodes[right].series;
        node.span = where;
        switch (op) {
        case ast::Operator::Join: node.kind = ValueKind::Text; break;
        case ast::Operator::Plus: case ast::Operator::Minus: case ast::Operator::Times: case ast::Operator::Divide:
        case ast::Operator::Power:
            node.kind = ValueKind::Number;
            for (NodeIndex side : {left, right})
                if (program_.nodes[side].kind == ValueKind::Text && program_.nodes[side].op == Op::Constant)
                    report(DC::TypeMismatch, program_.nodes[side].span, "arithmetic on text",
                           "use & to join texts; numbers are written without quotes");
            break;
        default: node.kind = ValueKind::Logical; break;
        }
        for (NodeIndex side : {left, right})
            if (program_.nodes[side].kind == ValueKind::Weights)
                report(DC::TypeMismatch, program_.nodes[side].span, "a profile cannot be used in a calculation",
                       "pass it to target(annual, profile, mode)");
        return add(node, children);
    }

    NodeIndex compile(const ast::Operand& operand) {
        return boost::apply_visitor([&](const auto& o) -> NodeIndex { return compileOperand(o); }, operand.get());
    }

    NodeIndex compileOperand(const ast::Nil&) { return noNode; }
    NodeIndex compileOperand(const ast::NumberLiteral& n) {
        NodeIndex index = constant(Value::number(n.value), ValueKind::Number, span(n));
        program_.nodes[index].percent = n.percent;
        return index;
    }
    NodeIndex compileOperand(const ast::StringLiteral& s) {
        return constant(Value::text(s.value), ValueKind::Text, span(s));
    }
    NodeIndex compileOperand(const ast::BooleanLiteral& b) {
        return constant(Value::boolean(b.value), ValueKind::Logical, span(b));
    }
    NodeIndex compileOperand(const ast::Identifier& name) { return compileName(name); }
    NodeIndex compileOperand(const x3::forward_ast<ast::Expression>& e) { return compile(e.get()); }
    NodeIndex compileOperand(const x3::forward_ast<ast::Unary>& u) {
        NodeIndex operand = compile(u.get().operand);
        if (operand == noNode) return noNode;
        Node node;
        node.op = Op::Unary;
        node.oper = u.get().op;
        node.series = program_.nodes[operand].series;
        node.kind = u.get().op == ast::Operator::Not ? ValueKind::Logical : ValueKind::Number;
        node.percent = u.get().op == ast::Operator::Negate && program_.nodes[operand].percent;
        node.span = span(u.get());
        return add(node, {operand});
    }
    NodeIndex compileOperand(const x3::forward_ast<ast::Membership>& m) {
        const auto& membership = m.get();
        NodeIndex subject = compile(membership.subject);
        if (!membership.choices) return subject;
        Node node;
        node.op = Op::In;
        node.kind = ValueKind::Logical;
        node.span = span(membership);
        std::vector<NodeIndex> children{subject};
        for (const auto& choice : *membership.choices) {
            NodeIndex c = compile(choice);
            if (c != noNode && program_.nodes[c].series)
                report(DC::TypeMismatch, program_.nodes[c].span, "a choice of in (...) must be one value",
                       "list single values: x in (\"a\", \"b\")");
            children.push_back(c);
        }
        if (std::find(children.begin(), children.end(), noNode) != children.end()) return noNode;
        node.series = program_.nodes[subject].series;
        return add(node, children);
    }
    NodeIndex compileOperand(const x3::forward_ast<ast::Postfix>& p) {
        const auto& postfix = p.get();
        NodeIndex base = compile(postfix.primary);
        for (const auto& subscript : postfix.subscripts) {
            NodeIndex index = compile(subscript);
            if (base == noNode || index == noNode) return noNode;
            if (!program_.nodes[base].series) {
                report(DC::NotASeries, program_.nodes[base].span, "only a series has periods to pick with [ ]",
                       "this is one value per indicator; use it without [ ]");
                return noNode;
            }
            if (program_.nodes[index].series) {
                report(DC::TypeMismatch, program_.nodes[index].span, "a period number must be one value",
                       "use lastperiod(series) or a number, e.g. actual[now]");
                return noNode;
            }
            Node node;
            node.op = Op::Index;
            node.kind = program_.nodes[base].kind;
            node.percent = program_.nodes[base].percent;
            node.span = span(postfix);
            base = add(node, {base, index});
        }
        return base;
    }
    NodeIndex compileOperand(const x3::forward_ast<ast::Call>& c) { return compileCall(c.get()); }

    NodeIndex constant(Value value, ValueKind kind, SourceSpan where) {
        Node node;
        node.op = Op::Constant;
        node.slot = static_cast<std::uint32_t>(program_.constants.size());
        program_.constants.push_back(std::move(value));
        node.kind = kind;
        node.span = where;
        return add(std::move(node));
    }

    NodeIndex compileName(const ast::Identifier& name) {
        SourceSpan where = span(name);
        if (const NameEntry* entry = findName(name.name)) {
            Node node;
            node.span = where;
            node.slot = entry->slot;
            switch (entry->kind) {
            case NameKind::Field:
                node.op = Op::Field;
                fieldsRead_.push_back(node.slot);
                break;
            case NameKind::Series: node.op = Op::Series; node.series = true; node.kind = ValueKind::Any; break;
            case NameKind::Profile: node.op = Op::Profile; node.series = true; node.kind = ValueKind::Weights; break;
            case NameKind::Let: {
                std::uint32_t slot = entry->slot;
                if (letStates_[slot] == LetState::InProgress) {
                    std::string path;
                    auto from = std::find(letStack_.begin(), letStack_.end(), slot);
                    for (auto step = from; step != letStack_.end(); ++step) path += program_.lets[*step].name + " -> ";
                    report(DC::LetCycle, where, "lets that use each other: " + path + name.name,
                           "a let may only use lets defined without it; break the cycle");
                    letStates_[slot] = LetState::Done; // report each cycle once
                    return noNode;
                }
                if (letStack_.size() >= maxLetNesting) { // each let compiled on first use: bound the recursion
                    report(DC::TooDeep, where,
                           "more than " + std::to_string(maxLetNesting) + " lets each using one defined further down",
                           "define lets before the lets that use them");
                    return noNode;
                }
                compileLet(slot);
                usedLets_.insert(slot);
                fieldsRead_.insert(fieldsRead_.end(), letFields_[slot].begin(), letFields_[slot].end());
                NodeIndex value = program_.lets[slot].value;
                if (value == noNode) return noNode;
                node.op = Op::Let;
                node.percent = program_.nodes[value].percent;
                node.series = program_.nodes[value].series;
                node.kind = program_.nodes[value].kind;
                break;
            }
            }
            return add(std::move(node));
        }
        if (name.name == "status") {
            if (!statusStatement_) {
                report(DC::UnknownName, where, "status is used but there is no status statement",
                       "add a status block: status actual / green when ... / red otherwise");
                return noNode;
            }
            Node node;
            node.op = Op::StatusSeries;
            node.series = true;
            node.kind = ValueKind::Text;
            node.span = where;
            return add(std::move(node));
        }
        if (auto display = knownStatus(name.name)) return constant(Value::text(*display), ValueKind::Text, where);
        if (rules_.brokenDefinitions().contains(name.name)) return noNode; // already reported as a syntax error
        std::vector<std::string> candidates = allNames();
        report(DC::UnknownName, where, "unknown name " + quoted(name.name), didYouMean(name.name, candidates));
        return noNode;
    }

    NodeIndex compileCall(const ast::Call& call) {
        SourceSpan where = span(call);
        const Builtin* builtin = findBuiltin(call.function.name);
        std::vector<NodeIndex> arguments;
        arguments.reserve(call.arguments.size());
        for (const auto& argument : call.arguments) arguments.push_back(compile(argument));
        if (!builtin) {
            std::vector<std::string> candidates;
            for (const auto& b : builtinTable()) candidates.emplace_back(b.name);
            report(DC::UnknownFunction, span(call.function), "unknown function " + quoted(call.function.name),
                   didYouMean(call.function.name, candidates));
            return noNode;
        }
        bool targetSeries = builtin->calc && builtin->name == "target" && arguments.size() >= 2 &&
                            arguments.size() <= 3 && arguments[1] != noNode &&
                            program_.nodes[arguments[1]].kind == ValueKind::Weights;
        if (!targetSeries && (arguments.size() < builtin->minArguments() || arguments.size() > builtin->maxArguments())) {
            std::string expected = builtin->minArguments() == builtin->maxArguments()
                                       ? std::to_string(builtin->minArguments())
                                   : builtin->variadic ? std::to_string(builtin->minArguments()) + " or more"
                                                       : std::to_string(builtin->minArguments()) + " to " +
                                                             std::to_string(builtin->maxArguments());
            report(DC::WrongArgumentCount, span(call),
                   std::string(builtin->name) + " takes " + expected + " argument" + (expected == "1" ? "" : "s") +
                       ", not " + std::to_string(arguments.size()),
                   "write it as " + builtin->signature());
            return noNode;
        }
        if (std::find(arguments.begin(), arguments.end(), noNode) != arguments.end()) return noNode;
        Node node;
        node.span = where;
        node.builtin = builtin;
        if (targetSeries) {
            node.op = Op::TargetSeries;
            node.series = true;
            node.kind = ValueKind::Number;
            if (program_.nodes[arguments[0]].series)
                report(DC::WrongArgumentType, program_.nodes[arguments[0]].span, "the annual target must be one value",
                       "write target(annual, profile(shape, even), \"cumulative\")");
            return add(node, arguments);
        }
        node.op = Op::Call;
        bool anySeries = false;
        for (std::size_t i = 0; i < arguments.size(); ++i) {
            const auto& parameter = builtin->parameters[std::min(i, builtin->parameters.size() - 1)];
            const Node& argument = program_.nodes[arguments[i]];
            if (parameter.kind == ArgumentKind::Weights && argument.kind != ValueKind::Weights)
                report(DC::WrongArgumentType, argument.span,
                       std::string(parameter.name) + " of " + std::string(builtin->name) + " must be a profile",
                       "give the name of a profile statement, e.g. even");
            else if (parameter.kind != ArgumentKind::Weights && argument.kind == ValueKind::Weights &&
                     builtin->id != BuiltinId::Profile)
                report(DC::WrongArgumentType, argument.span, "a profile cannot be used here",
                       "pass it to target(annual, profile, mode)");
            if (parameter.kind != ArgumentKind::Series && parameter.kind != ArgumentKind::Weights && argument.series)
                anySeries = true;
        }
        if (builtin->id == BuiltinId::Overdue) {
            const Node& argument = program_.nodes[arguments[0]];
            if (argument.op != Op::Series || !program_.series[argument.slot].calendar)
                report(DC::WrongArgumentType, argument.span, "overdue needs a series with a calendar",
                       "name a series declared with a calendar, e.g. series actual = \"Apr\" .. \"Mar\" monthly from 2024-04");
        }
        if ((builtin->id == BuiltinId::Min || builtin->id == BuiltinId::Max) && arguments.size() == 1) {
            node.series = false; // one series: an aggregate
        } else {
            switch (builtin->shape) {
            case ResultShape::Elementwise: node.series = anySeries; break;
            case ResultShape::Scalar: node.series = false; break;
            case ResultShape::Series: node.series = true; break;
            }
        }
        switch (builtin->result) {
        case ResultKind::Number: node.kind = ValueKind::Number; break;
        case ResultKind::Text: node.kind = ValueKind::Text; break;
        case ResultKind::Logical: node.kind = ValueKind::Logical; break;
        case ResultKind::Weights: node.kind = ValueKind::Weights; break;
        case ResultKind::Any: node.kind = ValueKind::Any; break;
        }
        if (builtin->id == BuiltinId::Smart) usesSmart_ = true;
        node.percent = builtin->id == BuiltinId::Shortfall || builtin->name == "variance";
        return add(node, arguments);
    }

    // ---- helpers -------------------------------------------------------------------------------
    void requireScalar(NodeIndex index, std::string_view what) {
        if (index == noNode || !program_.nodes[index].series) return;
        report(DC::SeriesCondition, program_.nodes[index].span,
               "the condition of " + std::string(what) + " must be one true/false value, but this is a series",
               "wrap it in last(...) for the latest period or any(...) for some period");
    }

    std::optional<std::string> knownStatus(const std::string& name) const {
        for (const auto& status : builtinStatuses)
            if (status.name == name) return std::string(status.display);
        for (const auto& style : program_.styles)
            if (style.name == name) return style.name;
        return std::nullopt;
    }

    std::string statusDisplay(const ast::Identifier& name) {
        if (auto display = knownStatus(name.name)) return *display;
        std::vector<std::string> candidates;
        for (const auto& status : builtinStatuses) candidates.emplace_back(status.name);
        for (const auto& style : program_.styles) candidates.push_back(style.name);
        report(DC::UnknownStatus, span(name), quoted(name.name) + " is not a status",
               didYouMean(name.name, candidates).empty()
                   ? "use green, amber, red, blue or nodata, or declare it: style " + name.name + " = \"KPI " +
                         name.name + "\""
                   : didYouMean(name.name, candidates));
        return name.name;
    }

    const NameEntry* findName(std::string_view name) const {
        auto found = nameIndex_.find(name);
        return found == nameIndex_.end() ? nullptr : found->second;
    }

    std::vector<std::string> namesOf(NameKind kind) const {
        std::vector<std::string> result;
        for (const auto& [name, entry] : names_)
            if (entry.kind == kind) result.push_back(name);
        return result;
    }

    std::vector<std::string> allNames() const {
        std::vector<std::string> result;
        for (const auto& [name, entry] : names_) result.push_back(name);
        if (statusStatement_) result.emplace_back("status");
        return result;
    }

    static std::string didYouMean(const std::string& wanted, const std::vector<std::string>& candidates) {
        auto matches = closestMatches(wanted, candidates, 1);
        if (matches.empty()) return {};
        return "did you mean " + quoted(matches.front()) + "?";
    }

    void finish() {
        for (std::uint32_t slot = 0; slot < program_.lets.size(); ++slot)
            if (!usedLets_.contains(slot))
                report(DC::UnusedDefinition, program_.lets[slot].span,
                       "let " + quoted(program_.lets[slot].name) + " is never used",
                       "use it in a check, status, flag or write, or remove it");
        (void)usesSmart_;
    }

    // Byte offsets only: line and column are worked out when a diagnostic is made (see report), so the
    // many nodes that never appear in a diagnostic cost no line look-up.
    SourceSpan span(const x3::position_tagged& node) const { return rules_.bytesOf(node); }

    void report(DiagnosticCode code, SourceSpan where, std::string message, std::string hint = {}) {
        if (where.line == 0 && where.end > 0) where = rules_.spanOfBytes(where.begin, where.end);
        diagnostics_.push_back(makeDiagnostic(code, where, std::move(message), std::move(hint)));
    }

    ParsedRules& rules_;
    Program program_;
    Diagnostics diagnostics_;
    std::vector<const ast::Statement*> ordered_;
    std::map<std::string, NameEntry> names_; // ordered: the did-you-mean candidates are listed in name order
    // Every name use is looked up here (a hash of views of names_'s keys), not in names_.
    std::unordered_map<std::string_view, const NameEntry*> nameIndex_;
    std::vector<const ast::LetStatement*> letSources_;
    std::vector<LetState> letStates_;
    std::vector<std::uint32_t> letStack_; // lets being compiled, outermost first
    static constexpr std::size_t maxLetNesting = 256;
    std::vector<std::uint32_t> nodeDepths_; // per node of program_.nodes: the depth of its tree
    std::vector<std::vector<std::uint32_t>> letFields_;
    std::vector<std::uint32_t> fieldsRead_;
    std::set<std::uint32_t> usedLets_;
    const ast::StatusStatement* statusStatement_ = nullptr;
    std::vector<std::unique_ptr<ast::Expression>> embedded_;
    bool usesSmart_ = false;
};

} // namespace

CheckedRules checkRules(ParsedRules& rules) { return Checker(rules).run(); }

CheckedRules compileRules(std::string_view fileName, std::string text) {
    ParsedRules parsed = parseRules(fileName, std::move(text));
    CheckedRules checked = checkRules(parsed);
    Diagnostics all = parsed.diagnostics();
    all.insert(all.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    std::stable_sort(all.begin(), all.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
    checked.diagnostics = std::move(all);
    return checked;
}

} // namespace kpi::language
