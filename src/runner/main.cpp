// kpirules: the command-line front door of KPI Rules. Subcommands live in their own files
// (lint.cpp); each is registered here and returns the process exit status.

#include "language/program.hpp"
#include "runner/heap.hpp"
#include "runner/lint.hpp"
#ifdef KPI_WITH_CHECK
#include "runner/check.hpp"
#endif

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
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
#ifdef KPI_WITH_CHECK
    kpi::runner::CheckOptions check;
    std::string reportList = "csv,json";
    auto* checkCommand = app.add_subcommand(
        "check", "Run a rules file over workbooks in a headless LibreOffice; write checked copies and reports");
    checkCommand->add_option("workbooks", check.workbooks, "Workbooks (.ods, .xlsx)")->required()->type_name("WORKBOOK");
    checkCommand->add_option("--rules", check.rules, "The rules file (*.kpirules)")->required()->type_name("FILE");
    checkCommand->add_option("--out", check.outFolder, "Folder for checked copies and reports")
        ->type_name("DIR")
        ->capture_default_str();
    checkCommand->add_option("--format", check.format, "Format of the checked copies (default: the input's own)")
        ->check(CLI::IsMember({"ods", "xlsx"}));
    checkCommand->add_option("--report", reportList, "Reports to write: any of csv, json, pdf (comma-separated)")
        ->capture_default_str();
    checkCommand->add_flag("--in-place", check.inPlace, "Write each checked workbook over its input");
    checkCommand->add_option("--connect", check.connect,
                             "Use a running office, e.g. uno:pipe,name=NAME;urp;StarOffice.ComponentContext")
        ->type_name("UNO-URL");
    checkCommand->add_option("--as-of", check.asOf, "Check as on this date instead of today")
        ->type_name("YYYY-MM-DD")
        ->check(CLI::Validator(
            [](std::string& text) {
                bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
                for (std::size_t i = 0; shape && i < text.size(); ++i)
                    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) shape = false;
                return shape ? std::string() : "expected a date as YYYY-MM-DD";
            },
            "DATE"));
    checkCommand->add_option("--comments", check.comments,
                             "Which flags get a comment on the indicator's code cell: all, high, medium or none "
                             "(default: the rules' option comments, else all)")
        ->check(CLI::IsMember(std::vector<std::string>(std::begin(kpi::language::commentsWords),
                                                        std::end(kpi::language::commentsWords))));
    checkCommand->add_option("--oxt", check.extension, "The extension to install (default: KPI_OXT, the build's)")
        ->type_name("FILE");
    checkCommand->footer("Exit status: 0 no flags, 1 flags found, 2 errors (bad rules, unreadable workbook).");
#endif
    app.footer("Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or I/O error.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int status = app.exit(e);
        return status == 0 ? 0 : 2;
    }

    if (*lintCommand) {
        kpi::runner::reserveHeapForLargeInputs();
        lint.format = format == "json" ? kpi::runner::LintFormat::Json : kpi::runner::LintFormat::Text;
        lint.colour = colour == "always" || (colour == "auto" && isatty(STDOUT_FILENO) == 1);
        int status = kpi::runner::runLint(lint, std::cout, std::cerr);
        // The process ends here: skip freeing the syntax trees one node at a time (a large file's
        // tree takes longer to free than to check). Output is flushed first.
        std::cout.flush();
        std::cerr.flush();
        std::_Exit(status);
    }
#ifdef KPI_WITH_CHECK
    if (*checkCommand) {
        std::stringstream list(reportList);
        for (std::string item; std::getline(list, item, ',');) {
            if (item.empty()) continue;
            if (item != "csv" && item != "json" && item != "pdf") {
                std::cerr << "kpirules check: --report takes csv, json and pdf, not '" << item << "'\n";
                return 2;
            }
            check.reports.push_back(item);
        }
        check.progress = isatty(STDERR_FILENO) == 1;
        int status = kpi::runner::runCheck(check, std::cout, std::cerr);
        std::cout.flush();
        std::cerr.flush();
        return status;
    }
#endif
    return 2;
}
