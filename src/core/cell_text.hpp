#pragma once
// The one conversion of a raw cell value into an engine value. Every front door (add-in arguments,
// rules-language fields and series) passes cell contents through here, so "95%" and "n/a" mean the
// same thing everywhere.
//
// Text rules (en-GB/en-US conventions: ',' groups thousands, '.' is the decimal point):
//   * surrounding Unicode white space (incl. no-break space) is ignored;
//   * a number, optionally signed ('+', '-', or U+2212 minus), with ',' grouping in threes,
//     an optional exponent ("1e3"), an optional leading currency sign (£ $ €), an optional
//     trailing '%' (divides by 100): "95%" = 0.95, "1,234" = 1234, " 12 " = 12, "-3.5" = -3.5;
//   * accountants' negatives in parentheses: "(12)" = -12, "(1,234.5)" = -1234.5;
//   * placeholders count as blank: "", white space, "n/a", "na", "n.a.", "-", "--", "—", "–",
//     "tbc", "tbd" (the full list is blankPlaceholders());
//   * anything else stays text.
// Booleans stay booleans (numberFrom gives 1 or 0); errors stay errors.

#include "core/value.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace kpi {

// The placeholder words that count as blank, compared case-insensitively after trimming.
std::span<const std::string_view> blankPlaceholders();

// The number a piece of text holds, or nullopt when it holds none (see the rules above).
std::optional<double> parseNumberText(std::string_view utf8);

// True when the text is empty, white space, or a placeholder such as "n/a".
bool isBlankText(std::string_view utf8);

// A cell value as the engine sees it: text holding a number -> Number; placeholder text -> Blank;
// other values unchanged.
Value interpretCell(const Value& raw);

// The number a cell value stands for (Number, Boolean as 1/0, or text holding a number); else nullopt.
std::optional<double> numberFrom(const Value& raw);

// True when the cell value counts as blank (Blank, or placeholder text). Errors are not blank.
bool isBlankLike(const Value& raw);

} // namespace kpi
