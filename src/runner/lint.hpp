#pragma once
// `kpirules lint FILE...`: parse and check rules files, print every diagnostic.

#include <iosfwd>
#include <string>
#include <vector>

namespace kpi::runner {

enum class LintFormat { Text, Json };

struct LintOptions {
    std::vector<std::string> files;
    LintFormat format = LintFormat::Text;
    bool strict = false; // warnings also give exit status 1
    bool colour = false;
};

// Exit status: 0 clean (warnings allowed unless strict), 1 diagnostics, 2 a file could not be read.
int runLint(const LintOptions& options, std::ostream& out, std::ostream& err);

} // namespace kpi::runner
