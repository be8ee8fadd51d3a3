// kpirules: the command-line front door of KPI Rules. Subcommands live in their own files
// (lint.cpp); each is registered here and returns the process exit status.

#include "runner/lint.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <unistd.h>

int main(int argc, char** argv) {
    CLI::App app{"KPI Rules: check rules files and workbooks of council performance indicators", "kpirules"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "kpirules 0.1.0");

    kpi::runner::LintOptions lint;
    std::string format = "text";
    std::string colour = "auto";
    auto* lintCommand = app.add_subcommand("lint", "Parse and check rules files; print every problem found");
    lintCommand->add_option("files", lint.files, "Rules files (*.kpirules)")->required()->type_name("FILE");
    lintCommand->add_option("--format", format, "Output format: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    lintCommand->add_flag("--strict", lint.strict, "Warnings also give exit status 1");
    lintCommand->add_option("--colour,--color", colour, "Colour: auto (when writing to a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    app.footer("Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or I/O error.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int status = app.exit(e);
        return status == 0 ? 0 : 2;
    }

    if (*lintCommand) {
        lint.format = format == "json" ? kpi::runner::LintFormat::Json : kpi::runner::LintFormat::Text;
        lint.colour = colour == "always" || (colour == "auto" && isatty(STDOUT_FILENO) == 1);
        int status = kpi::runner::runLint(lint, std::cout, std::cerr);
        // The process ends here: skip freeing the syntax trees one node at a time (a large file's
        // tree takes longer to free than to check). Output is flushed first.
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(status);
    }
    return 2;
}
