// docs/functions.md and the function table cannot disagree: every function has a section
// ("## KPI.NAME") that names each of its parameters in backticks.

#include "functions/library.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace kpi::functions;

TEST_CASE("docs/functions.md documents every function and parameter of the table", "[functions][docs]") {
    std::ifstream file("docs/functions.md"); // tests run from the project's source directory
    REQUIRE(file.good());
    std::stringstream buffer;
    buffer << file.rdbuf();
    const std::string docs = buffer.str();

    for (const FunctionSpec& f : functionTable()) {
        const std::string heading = "\n## KPI." + std::string(f.name) + "\n";
        const auto start = docs.find(heading);
        INFO("function KPI." << f.name);
        REQUIRE(start != std::string::npos);
        const auto end = docs.find("\n## ", start + heading.size());
        const std::string section = docs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        for (const Parameter& p : f.parameters) {
            INFO("parameter " << p.name);
            CHECK(section.find("`" + std::string(p.name) + "`") != std::string::npos);
        }
    }
}
