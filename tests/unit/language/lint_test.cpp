// `kpirules lint` in process: exit statuses, text and JSON output.

#include "runner/lint.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using kpi::runner::LintFormat;
using kpi::runner::LintOptions;
using kpi::runner::runLint;

namespace {

struct Outcome {
    int status;
    std::string out;
    std::string err;
};

Outcome lint(std::vector<std::string> files, LintFormat format = LintFormat::Text, bool strict = false) {
    std::ostringstream out, err;
    LintOptions options{std::move(files), format, strict, false};
    int status = runLint(options, out, err);
    return {status, out.str(), err.str()};
}

} // namespace

TEST_CASE("lint: shipped rules files are clean (exit 0, no output)") {
    auto outcome = lint({"rules/council-monthly.kpirules", "rules/quarterly-service-plan.kpirules",
                         "rules/spc-monthly.kpirules"});
    CHECK(outcome.status == 0);
    CHECK(outcome.out.empty());
}

TEST_CASE("lint: errors give exit 1 with file:line:col, caret and hint; all files are checked") {
    auto outcome = lint({"tests/language/golden/mutation_misspelt_field.kpirules", "rules/council-monthly.kpirules",
                         "tests/language/golden/mutation_two_errors.kpirules"});
    CHECK(outcome.status == 1);
    CHECK(outcome.out.find("mutation_misspelt_field.kpirules:31:61: error[E0201]: unknown name \"anual\"") !=
          std::string::npos);
    CHECK(outcome.out.find("^~~~~") != std::string::npos);
    CHECK(outcome.out.find("hint: did you mean \"annual\"?") != std::string::npos);
    CHECK(outcome.out.find("mutation_two_errors.kpirules:30:") != std::string::npos);
    CHECK(outcome.out.find("mutation_two_errors.kpirules:38:") != std::string::npos);
    CHECK(outcome.out.find("3 errors, 0 warnings") != std::string::npos);
}

TEST_CASE("lint: warnings alone give exit 0, or 1 with --strict") {
    std::string warningOnly = "build_lint_warning_only.kpirules";
    {
        std::ofstream file(warningOnly);
        file << "key \"K\"\nlet unused = 1\n";
    }
    CHECK(lint({warningOnly}).status == 0);
    CHECK(lint({warningOnly}, LintFormat::Text, true).status == 1);
    std::remove(warningOnly.c_str());
}

TEST_CASE("lint: an unreadable file gives exit 2 and a message on stderr") {
    auto outcome = lint({"no/such/file.kpirules"});
    CHECK(outcome.status == 2);
    CHECK(outcome.err.find("cannot read no/such/file.kpirules") != std::string::npos);
}

TEST_CASE("lint: --format json lists every diagnostic with position, code and hint") {
    auto outcome = lint({"tests/language/golden/mutation_two_errors.kpirules"}, LintFormat::Json);
    CHECK(outcome.status == 1);
    auto json = nlohmann::json::parse(outcome.out);
    REQUIRE(json["diagnostics"].size() == 2);
    CHECK(json["errors"] == 2);
    CHECK(json["diagnostics"][0]["line"] == 30);
    CHECK(json["diagnostics"][0]["column"] == 58);
    CHECK(json["diagnostics"][0]["endColumn"] == 63);
    CHECK(json["diagnostics"][0]["code"] == "E0201");
    CHECK(json["diagnostics"][0]["severity"] == "error");
    CHECK(json["diagnostics"][0]["hint"] == "did you mean \"title\"?");
    CHECK(json["diagnostics"][1]["line"] == 38);
}

TEST_CASE("lint: option comments takes all, high, medium or none, quoted or not; anything else is E0208") {
    auto lintText = [](const std::string& name, const std::string& text) {
        {
            std::ofstream file(name);
            file << text;
        }
        auto outcome = lint({name}, LintFormat::Json);
        std::remove(name.c_str());
        return outcome;
    };
    for (const char* value : {"\"all\"", "\"high\"", "medium", "\"none\""}) {
        auto outcome = lintText("build_lint_option_comments.kpirules", std::string("key \"K\"\noption comments = ") + value + "\n");
        INFO(value << ": " << outcome.out);
        CHECK(outcome.status == 0);
    }
    auto outcome = lintText("build_lint_option_comments_bad.kpirules", "key \"K\"\noption comments = \"some\"\n");
    CHECK(outcome.status == 1);
    auto json = nlohmann::json::parse(outcome.out);
    REQUIRE(json["diagnostics"].size() == 1);
    CHECK(json["diagnostics"][0]["code"] == "E0208");
    CHECK(json["diagnostics"][0]["line"] == 2);
    CHECK(json["diagnostics"][0]["message"] == "option comments takes \"all\", \"high\", \"medium\" or \"none\"");
}
