#pragma once
// `kpirules check WORKBOOK... --rules FILE`: run a rules file over workbooks inside LibreOffice
// (the extension's org.kpirules.RulesEngine service) and write checked copies, exception
// reports and a summary. Exit status 0 no flags, 1 flags found, 2 errors, 130 interrupted.

#include <iosfwd>
#include <string>
#include <vector>

namespace kpi::runner {

struct CheckOptions {
    std::vector<std::string> workbooks;
    std::string rules;
    std::string outFolder = "checked";
    std::string format;               // "ods" or "xlsx"; empty: each input's own format
    std::vector<std::string> reports; // any of csv, json, pdf
    bool inPlace = false;             // write the checked workbook over its input
    std::string connect;              // UNO URL of a running office; empty: start one
    std::string asOf;                 // YYYY-MM-DD; empty: today
    std::string comments;             // all | high | medium | none; empty: the rules' option comments, else all
    std::string extension;            // the .oxt; empty: KPI_OXT, next to the program, the build tree
    bool progress = false;            // draw a progress bar on `err` (a terminal, several workbooks)
};

int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& err);

} // namespace kpi::runner
