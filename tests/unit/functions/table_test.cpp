// The one function table: names, parameters and metadata exactly as the spec lists them.

#include "functions/library.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace kpi::functions;

TEST_CASE("the table lists the 15 functions of the spec in order, with their parameters", "[functions][table]") {
    struct Expected {
        std::string name, programmatic;
        std::vector<std::string> parameters;
        std::size_t required;
    };
    const std::vector<Expected> expected{
        {"STATUS", "status", {"actual", "target", "polarity", "green_tolerance", "amber_tolerance", "basis"}, 2},
        {"VARIANCE", "variance", {"actual", "target", "polarity", "basis"}, 2},
        {"TARGET", "target", {"annual", "period", "profile", "mode"}, 2},
        {"LAST", "last", {"values", "labels"}, 1},
        {"TREND", "trend", {"values", "polarity", "lag", "tolerance"}, 1},
        {"SPC", "spc", {"values", "polarity", "what", "target", "baseline", "screen"}, 1},
        {"SPCPOINTS", "spcPoints", {"values", "polarity", "baseline", "screen"}, 1},
        {"SPCLIMITS", "spcLimits", {"values", "baseline", "screen"}, 1},
        {"FORECAST", "forecast", {"values", "periods", "aggregation"}, 1},
        {"REQUIRED", "required", {"values", "annual", "periods", "aggregation"}, 2},
        {"DUE", "due", {"period_end", "day", "months_after"}, 1},
        {"OVERDUE", "overdue", {"value", "due", "as_of"}, 2},
        {"QUARTILE", "quartile", {"value", "comparators", "polarity"}, 2},
        {"SMART", "smart", {"headers", "definition"}, 2},
        {"SMARTWHY", "smartWhy", {"headers", "definition"}, 2},
    };
    const auto table = functionTable();
    REQUIRE(table.size() == expected.size());
    for (std::size_t i = 0; i < table.size(); ++i) {
        const FunctionSpec& f = table[i];
        const Expected& e = expected[i];
        INFO("function " << e.name);
        CHECK(std::string(f.name) == e.name);
        CHECK(std::string(f.programmaticName) == e.programmatic);
        std::string lower = e.name;
        for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
        CHECK(std::string(f.builtinName) == lower);
        CHECK_FALSE(f.description.empty());
        CHECK(f.implementation != nullptr);
        CHECK(std::string(f.example).rfind("=KPI." + e.name + "(", 0) == 0);
        REQUIRE(f.parameters.size() == e.parameters.size());
        std::size_t required = 0;
        for (std::size_t p = 0; p < f.parameters.size(); ++p) {
            INFO("parameter " << e.parameters[p]);
            CHECK(std::string(f.parameters[p].name) == e.parameters[p]);
            CHECK_FALSE(f.parameters[p].description.empty());
            if (!f.parameters[p].optional) {
                ++required;
                CHECK(p < e.required); // required parameters come first
            }
        }
        CHECK(required == e.required);
    }
}

TEST_CASE("lookup by display, programmatic and built-in name", "[functions][table]") {
    REQUIRE(findFunction("STATUS") != nullptr);
    CHECK(findFunction("KPI.STATUS") == findFunction("status"));
    CHECK(findFunction("kpi.spcpoints") == findFunction("spcPoints"));
    CHECK(findFunction("SMARTWHY")->programmaticName == "smartWhy");
    CHECK(findFunction("nonesuch") == nullptr);
    CHECK(findFunction("KPI.") == nullptr);
}
