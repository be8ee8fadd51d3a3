// Golden files for parser and checker diagnostics: tests/language/golden/NAME.kpirules is linted and
// the rendered diagnostics (exactly what `kpirules lint` prints, without colour) must equal
// NAME.expected. Set KPI_UPDATE_GOLDEN=1 to rewrite the .expected files, then review the diff.

#include "engine/engine.hpp"
#include "rules_file_harness.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace kpi;
using namespace kpi::language::testing;

namespace {

std::string lintOutput(const std::filesystem::path& file) {
    engine::CompiledRules rules(file.filename().string(), readFile(file));
    std::string out;
    for (const auto& diagnostic : rules.diagnostics()) out += rules.render(diagnostic);
    return out;
}

} // namespace

TEST_CASE("golden: parser and checker diagnostics match tests/language/golden/*.expected") {
    const bool update = std::getenv("KPI_UPDATE_GOLDEN") != nullptr;
    auto files = filesIn("tests/language/golden", ".kpirules");
    REQUIRE(files.size() >= 10);
    for (const auto& file : files) {
        auto expectedPath = std::filesystem::path(file).replace_extension(".expected");
        std::string actual = lintOutput(file);
        if (update) {
            writeFile(expectedPath, actual);
            continue;
        }
        INFO("golden file " << expectedPath.string() << " (KPI_UPDATE_GOLDEN=1 rewrites it)");
        REQUIRE(std::filesystem::exists(expectedPath));
        CHECK(actual == readFile(expectedPath));
    }
}

TEST_CASE("golden: every golden case except the clean ones reports an error, and shipped rules are clean") {
    for (const auto& file : filesIn("tests/language/golden", ".kpirules")) {
        engine::CompiledRules rules(file.filename().string(), readFile(file));
        INFO(file.string());
        if (file.filename().string().rfind("ok_", 0) == 0) CHECK_FALSE(hasErrors(rules.diagnostics()));
        else CHECK(hasErrors(rules.diagnostics()));
    }
    for (const auto& file : filesIn("rules", ".kpirules")) {
        engine::CompiledRules rules(file.filename().string(), readFile(file));
        INFO(file.string());
        for (const auto& d : rules.diagnostics()) INFO(rules.render(d));
        CHECK(rules.diagnostics().empty());
    }
}
