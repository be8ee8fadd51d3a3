#pragma once
// Where a document remembers its rules: a rules file on disk, or the rules text embedded in the
// document. Kept as user-defined document properties, so the choice is saved with the workbook
// (.ods and .xlsx) and travels with it:
//   "KPIRules.Source"    = "file" | "embedded"   (absent: no source chosen)
//   "KPIRules.RulesFile" = absolute path of the rules file (UTF-8)
//   "KPIRules.RulesText" = the embedded rules text
// Used by the menu commands (Run) and the sidebar (which lets the user choose). See docs/commands.md.

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/uno/Reference.hxx>

#include <cstddef>
#include <string>
#include <string_view>

namespace kpi::host::document {

struct RulesSource {
    enum class Kind { None, File, Embedded } kind = Kind::None;
    std::string path; // File: absolute file system path (UTF-8)
    std::string text; // Embedded: the rules text stored in the document
};

// The document property names (fixed: documents saved with them must keep working).
inline constexpr char rulesSourceProperty[] = "KPIRules.Source";
inline constexpr char rulesFileProperty[] = "KPIRules.RulesFile";
inline constexpr char rulesTextProperty[] = "KPIRules.RulesText";

// "file", "embedded", or "" for None; and back (anything else reads as None).
std::string_view rulesSourceKindName(RulesSource::Kind kind);
RulesSource::Kind rulesSourceKindNamed(std::string_view name);

// Reads the three properties. A document without them (or without document properties at all, or
// with an unknown "KPIRules.Source") reads as Kind::None. May throw css::uno::Exception only when
// the connection to the document breaks.
RulesSource readRulesSource(const css::uno::Reference<css::frame::XModel>& document);

// Writes exactly what `source` holds, so reading gives it back: "KPIRules.Source" from the kind
// (removed for None), "KPIRules.RulesFile" from path and "KPIRules.RulesText" from text (each removed
// when empty). Marks the document modified. Throws css::uno::Exception when the document has no
// document properties or refuses the change; callers at the UNO boundary catch everything.
void writeRulesSource(const css::uno::Reference<css::frame::XModel>& document, const RulesSource& source);

// A rules file larger than this is refused (rules files are a few KiB; this guards against choosing
// a workbook or a disk image by mistake).
inline constexpr std::size_t maxRulesFileBytes = 4u * 1024u * 1024u;

// The rules text and its display name ("council-monthly.kpirules", or "embedded rules"), or an error
// message naming the file when it cannot be read. The file's bytes are taken as they are (UTF-8; the
// language reports anything it cannot read). Never throws.
struct LoadedRules {
    bool ok = false;
    std::string name;
    std::string text;
    std::string error;
};
LoadedRules loadRules(const RulesSource& source);

// The display name of embedded rules (also the rulesName passed to the engine, so diagnostics read
// "embedded rules:12:3: ...").
inline constexpr char embeddedRulesName[] = "embedded rules";

} // namespace kpi::host::document
