// The one function table: names, Function Wizard texts, parameters and examples of every KPI
// function, in documentation order. docs/functions.md is checked against it by a unit test.

#include "functions/adapters.hpp"
#include "functions/library.hpp"

#include <array>

namespace kpi::functions {
namespace {

using enum ParamType;

constexpr std::string_view polarityHelp =
    "Which direction is good: higher (default), lower, band (on target is best) or neutral; also 1, -1, 0.";

constexpr std::array statusParams{
    Parameter{"actual", "The actual value for the period. Blank, \"n/a\", \"-\" or \"tbc\" gives \"No data\".", Number, false},
    Parameter{"target", "The target for the period. Blank gives \"No target\".", Number, false},
    Parameter{"polarity", polarityHelp, Text, true},
    Parameter{"green_tolerance", "Largest shortfall that is still Green (default 0).", Number, true},
    Parameter{"amber_tolerance", "Largest shortfall that is still Amber (default 0.05); not below green_tolerance.", Number, true},
    Parameter{"basis", "percent (default): tolerances are fractions of the target; points: in the indicator's own units.", Text, true},
};
constexpr std::array varianceParams{
    Parameter{"actual", "The actual value.", Number, false},
    Parameter{"target", "The target to compare with.", Number, false},
    Parameter{"polarity", polarityHelp, Text, true},
    Parameter{"basis", "percent (default): the result is a fraction of the target; points: in the indicator's own units.", Text, true},
};
constexpr std::array targetParams{
    Parameter{"annual", "The annual target.", Number, false},
    Parameter{"period", "The period number, 1 for the first period of the year.", Number, false},
    Parameter{"profile", "Number of periods (default 12; 4 for quarters), or a range of weights, one per period.", Values, true},
    Parameter{"mode", "cumulative (default): target to date; discrete: this period's share; level: the annual figure every period.", Text, true},
};
constexpr std::array lastParams{
    Parameter{"values", "A row or column of period values; blanks and text are skipped.", Values, false},
    Parameter{"labels", "Optional labels of the same size (e.g. month names): return the label of the last value instead.", Values, true},
};
constexpr std::array trendParams{
    Parameter{"values", "A row or column of period values in time order.", Values, false},
    Parameter{"polarity", polarityHelp, Text, true},
    Parameter{"lag", "Compare with the value this many periods earlier (default 1; 12 = same month last year).", Number, true},
    Parameter{"tolerance", "Relative change treated as no change (default 0; 0.02 = 2%).", Number, true},
};
constexpr std::array spcParams{
    Parameter{"values", "The values in time order; blanks are skipped.", Values, false},
    Parameter{"polarity", polarityHelp, Text, true},
    Parameter{"what", "variation (default): the class of the last point; assurance: whether the target will be met.", Text, true},
    Parameter{"target", "The target, needed for assurance.", Number, true},
    Parameter{"baseline", "Number of leading points the limits are computed from (default all).", Number, true},
    Parameter{"screen", "TRUE drops very large moving ranges before computing the limits (default FALSE).", Logical, true},
};
constexpr std::array spcPointsParams{
    Parameter{"values", "The values in time order; blanks are skipped.", Values, false},
    Parameter{"polarity", polarityHelp, Text, true},
    Parameter{"baseline", "Number of leading points the limits are computed from (default all).", Number, true},
    Parameter{"screen", "TRUE drops very large moving ranges before computing the limits (default FALSE).", Logical, true},
};
constexpr std::array spcLimitsParams{
    Parameter{"values", "The values in time order; blanks are skipped.", Values, false},
    Parameter{"baseline", "Number of leading points the limits are computed from (default all).", Number, true},
    Parameter{"screen", "TRUE drops very large moving ranges before computing the limits (default FALSE).", Logical, true},
};
constexpr std::array forecastParams{
    Parameter{"values", "The values of the year so far, one cell per period; blank cells are future periods.", Values, false},
    Parameter{"periods", "Number of periods in the year (default: the number of cells in values).", Number, true},
    Parameter{"aggregation", "sum (default; counts), average (rates) or last (stock or cumulative measures).", Text, true},
};
constexpr std::array requiredParams{
    Parameter{"values", "The values of the year so far, one cell per period; blank cells are future periods.", Values, false},
    Parameter{"annual", "The annual target to meet.", Number, false},
    Parameter{"periods", "Number of periods in the year (default: the number of cells in values).", Number, true},
    Parameter{"aggregation", "sum (default; counts), average (rates) or last (stock or cumulative measures).", Text, true},
};
constexpr std::array dueParams{
    Parameter{"period_end", "The last day of the period (a date).", Date, false},
    Parameter{"day", "Day of the month the return is due (default 15); past the month's end means its last day.", Number, true},
    Parameter{"months_after", "How many months after the period's month (default 1).", Number, true},
};
constexpr std::array overdueParams{
    Parameter{"value", "The submitted value; blank, \"n/a\", \"-\" or \"tbc\" means not yet submitted.", Any, false},
    Parameter{"due", "The due date.", Date, false},
    Parameter{"as_of", "The date to judge on (default today).", Date, true},
};
constexpr std::array quartileParams{
    Parameter{"value", "The value to place.", Number, false},
    Parameter{"comparators", "The comparator values (at least 4; blanks skipped).", Values, false},
    Parameter{"polarity", "higher (default) or lower: which end is the top quartile.", Text, true},
};
constexpr std::array smartParams{
    Parameter{"headers", "The header row of the indicator table.", Values, false},
    Parameter{"definition", "The indicator's row, the same size as headers.", Values, false},
};

constexpr std::array table{
    FunctionSpec{"STATUS", "status", "status",
                 "Red, amber or green status of an actual against its target, with polarity and tolerances.",
                 statusParams, ResultType::Text, &adapters::status, "=KPI.STATUS(96; 100) → \"Amber\""},
    FunctionSpec{"VARIANCE", "variance", "variance",
                 "Performance against target, positive when better (a fraction of the target, or points).",
                 varianceParams, ResultType::Number, &adapters::variance, "=KPI.VARIANCE(90; 100; \"lower\") → 0.1",
                 &adapters::varianceInto},
    FunctionSpec{"TARGET", "target", "target",
                 "The target for one period of the year, profiled from the annual target.",
                 targetParams, ResultType::Number, &adapters::target, "=KPI.TARGET(1200; 3) → 300"},
    FunctionSpec{"LAST", "last", "last",
                 "The last numeric value in a row or column, or its label.",
                 lastParams, ResultType::Any, &adapters::last, "=KPI.LAST({5; 7; \"n/a\"}) → 7"},
    FunctionSpec{"TREND", "trend", "trend",
                 "Direction of travel: the last value against an earlier one (Improving, Worsening, No change).",
                 trendParams, ResultType::Text, &adapters::trend, "=KPI.TREND({10; 12}) → \"Improving\""},
    FunctionSpec{"SPC", "spc", "spc",
                 "Statistical process control (Making Data Count): the variation class of the last point, or assurance against a target.",
                 spcParams, ResultType::Text, &adapters::spc, "=KPI.SPC({5;5;5;5;5;5;5;20}) → \"Improvement (high)\"",
                 &adapters::spcInto},
    FunctionSpec{"SPCPOINTS", "spcPoints", "spcpoints",
                 "Statistical process control: the special-cause class of every point (empty for common cause).",
                 spcPointsParams, ResultType::Array, &adapters::spcPoints, "=KPI.SPCPOINTS({1;2;3;4;5;6;7}) → all \"Improvement (high)\""},
    FunctionSpec{"SPCLIMITS", "spcLimits", "spclimits",
                 "Statistical process control: mean, lower and upper process limits (a 1 x 3 array).",
                 spcLimitsParams, ResultType::Array, &adapters::spcLimits, "=KPI.SPCLIMITS({1;3;1;3}) → {2; -3.32; 7.32}"},
    FunctionSpec{"FORECAST", "forecast", "forecast",
                 "Year-end outturn projected from the values so far.",
                 forecastParams, ResultType::Number, &adapters::forecast, "=KPI.FORECAST({10;20;\"\";\"\"}) → 60"},
    FunctionSpec{"REQUIRED", "required", "required",
                 "The value needed in each remaining period to meet the annual target.",
                 requiredParams, ResultType::Number, &adapters::required, "=KPI.REQUIRED({10;20;\"\";\"\"}; 100) → 35"},
    FunctionSpec{"DUE", "due", "due",
                 "The date a period's return is due, e.g. the 15th of the following month.",
                 dueParams, ResultType::Date, &adapters::due, "=KPI.DUE(DATE(2024;1;31)) → 2024-02-15"},
    FunctionSpec{"OVERDUE", "overdue", "overdue",
                 "TRUE when a value is still missing after its due date.",
                 overdueParams, ResultType::Logical, &adapters::overdue, "=KPI.OVERDUE(\"n/a\"; DATE(2024;2;15); DATE(2024;2;16)) → TRUE"},
    FunctionSpec{"QUARTILE", "quartile", "quartile",
                 "Benchmark position of a value among comparators (Top, Second, Third or Bottom quartile).",
                 quartileParams, ResultType::Text, &adapters::quartile, "=KPI.QUARTILE(8; {1;2;3;4;5;6;7;8}) → \"Top quartile\""},
    FunctionSpec{"SMART", "smart", "smart",
                 "SMART check of an indicator definition: OK, or the failing letters.",
                 smartParams, ResultType::Text, &adapters::smart, "=KPI.SMART(A1:J1; A2:J2) → \"MT\""},
    FunctionSpec{"SMARTWHY", "smartWhy", "smartwhy",
                 "The reasons an indicator definition fails the SMART check.",
                 smartParams, ResultType::Text, &adapters::smartWhy,
                 "=KPI.SMARTWHY(A1:J1; A2:J2) → \"Measurable: no unit; Time-bound: no reporting frequency\""},
};

} // namespace

std::span<const FunctionSpec> functionTable() { return table; }

} // namespace kpi::functions
