// libFuzzer target for the rules-language front end: any bytes are parsed, checked and every
// diagnostic rendered. Nothing may crash, hang, leak or read out of bounds (built with ASan/UBSan).

#include "language/checker.hpp"
#include "language/render.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    kpi::language::ParsedRules parsed = kpi::language::parseRules("fuzz.kpirules", std::move(text));
    kpi::language::CheckedRules checked = kpi::language::checkRules(parsed);
    std::size_t rendered = 0;
    for (const auto& d : parsed.diagnostics())
        rendered += kpi::language::renderDiagnostic(d, parsed.fileName(), parsed.source()).size();
    for (const auto& d : checked.diagnostics)
        rendered += kpi::language::renderDiagnostic(d, parsed.fileName(), parsed.source()).size();
    return rendered > 0 ? 0 : 0;
}
