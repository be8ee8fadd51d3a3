#include "runner/check.hpp"

#include "engine/engine.hpp"
#include "runner/office.hpp"
#include "runner/report.hpp"
#include "core/phase_timings.hpp"

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/document/BrokenPackageRequest.hpp>
#include <com/sun/star/document/MacroExecMode.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/lang/XMultiComponentFactory.hpp>
#include <com/sun/star/lang/XSingleServiceFactory.hpp>
#include <com/sun/star/reflection/InvocationTargetException.hpp>
#include <com/sun/star/script/XInvocation.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/task/PasswordRequest.hpp>
#include <com/sun/star/task/XInteractionAbort.hpp>
#include <com/sun/star/task/XInteractionDisapprove.hpp>
#include <com/sun/star/task/XInteractionHandler.hpp>
#include <com/sun/star/uno/Exception.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <cppuhelper/implbase1.hxx>
#include <osl/file.hxx>
#include <rtl/ref.hxx>
#include <rtl/ustring.hxx>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

#ifndef KPI_BUILD_TREE_OXT
#define KPI_BUILD_TREE_OXT ""
#endif

namespace kpi::runner {

namespace {

using rtl::OStringToOUString;
using rtl::OUString;
using rtl::OUStringToOString;

namespace fs = std::filesystem;
using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;

// A problem with one workbook: reported, the other workbooks still run.
struct WorkbookError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

OUString ou(const std::string& text) { return OStringToOUString(text.c_str(), RTL_TEXTENCODING_UTF8); }
std::string utf8(const OUString& text) { return OUStringToOString(text, RTL_TEXTENCODING_UTF8).getStr(); }

OUString fileUrl(const fs::path& path) {
    OUString url;
    osl::FileBase::getFileURLFromSystemPath(ou(fs::absolute(path).lexically_normal().string()), url);
    return url;
}

css::beans::PropertyValue property(const char* name, Any value) {
    css::beans::PropertyValue result;
    result.Name = OUString::createFromAscii(name);
    result.Value = std::move(value);
    return result;
}

struct SaveFormat {
    std::string extension; // with the dot
    const char* filter;
};

std::optional<SaveFormat> formatNamed(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "ods") return SaveFormat{".ods", "calc8"};
    if (name == "xlsx") return SaveFormat{".xlsx", "Calc Office Open XML"};
    if (name == "xls") return SaveFormat{".xls", "MS Excel 97"};
    if (name == "fods") return SaveFormat{".fods", "OpenDocument Spreadsheet Flat XML"};
    return std::nullopt;
}

std::optional<std::string> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

// The extension to install: the option, KPI_OXT, next to this program, or the build tree's.
fs::path findExtension(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* fromEnvironment = std::getenv("KPI_OXT"); fromEnvironment != nullptr && *fromEnvironment != 0)
        return fromEnvironment;
    std::error_code ignored;
    fs::path program = fs::read_symlink("/proc/self/exe", ignored).parent_path();
    for (const fs::path& candidate : {program / "kpirules.oxt", program / "../share/kpirules/kpirules.oxt",
                                      fs::path(KPI_BUILD_TREE_OXT)})
        if (!candidate.empty() && fs::is_regular_file(candidate, ignored)) return candidate;
    return KPI_BUILD_TREE_OXT[0] != 0 ? fs::path(KPI_BUILD_TREE_OXT) : program / "kpirules.oxt";
}

// ".NAME.kpirules-tmpSUFFIX" beside `target`: a hidden temporary file in the target's folder. (Built
// with append: g++ 12 warns falsely (-Wrestrict) about "." + std::string&&.)
fs::path temporaryBeside(const fs::path& target, const std::string& name, const std::string& suffix = "") {
    std::string file(".");
    file.append(name).append(".kpirules-tmp").append(suffix);
    return target.parent_path() / file;
}

// Writes `contents` to a temporary file in the target's folder, then renames it into place.
void writeAtomically(const fs::path& target, const std::string& contents) {
    fs::path temporary = temporaryBeside(target, target.filename().string());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << contents;
        if (!out.flush()) throw WorkbookError("cannot write " + target.string());
    }
    fs::rename(temporary, target);
}

// The UNO exception's message; an InvocationTargetException carries the one the engine threw.
std::string messageOf(const css::uno::Exception& e) { return utf8(e.Message); }

std::string messageOf(const css::reflection::InvocationTargetException& e) {
    css::uno::Exception inner;
    if (e.TargetException >>= inner) return utf8(inner.Message);
    return utf8(e.Message);
}

// The document engine of the extension, called by name through the office's Invocation
// service: the client needs no type library of its own for org.kpirules.XRulesEngine.
class RulesEngineClient {
public:
    explicit RulesEngineClient(const Office& office) {
        auto context = office.context();
        auto factory = context->getServiceManager();
        auto engine = factory->createInstanceWithContext("org.kpirules.RulesEngine", context);
        if (!engine.is())
            throw OfficeError("the office has no org.kpirules.RulesEngine service (is kpirules.oxt installed "
                              "there, and built with the document engine?)");
        Reference<css::lang::XSingleServiceFactory> invocations(
            factory->createInstanceWithContext("com.sun.star.script.Invocation", context), UNO_QUERY_THROW);
        Sequence<Any> arguments(1);
        arguments[0] <<= engine;
        // The Invocation service is only offered through this (deprecated) factory interface.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        engine_.set(invocations->createInstanceWithArguments(arguments), UNO_QUERY_THROW);
#pragma GCC diagnostic pop
    }

    // XRulesEngine::run(document, rulesText, rulesName, optionsJson) -> the JSON report.
    std::string run(const Reference<css::sheet::XSpreadsheetDocument>& document, const std::string& rulesText,
                    const std::string& rulesName, const std::string& optionsJson) {
        Sequence<Any> arguments(4);
        arguments[0] <<= document;
        arguments[1] <<= ou(rulesText);
        arguments[2] <<= ou(rulesName);
        arguments[3] <<= ou(optionsJson);
        Sequence<sal_Int16> outIndices;
        Sequence<Any> outValues;
        OUString report;
        if (!(engine_->invoke("run", arguments, outIndices, outValues) >>= report))
            throw WorkbookError("the rules engine returned no report");
        return utf8(report);
    }

private:
    Reference<css::script::XInvocation> engine_;
};

// Answers every question LibreOffice asks while loading with "no" (abort, else disapprove) and
// remembers whether it asked for a password or offered to repair a damaged package. Used only to say
// why a load failed: a check never types a password and never repairs a workbook.
class RefusingInteractionHandler : public cppu::WeakImplHelper1<css::task::XInteractionHandler> {
public:
    bool askedForPassword = false;
    bool offeredRepair = false;

    void SAL_CALL handle(const Reference<css::task::XInteractionRequest>& request) override {
        try {
            const Any question = request->getRequest();
            css::task::PasswordRequest password;
            css::document::BrokenPackageRequest broken;
            if (question >>= password) askedForPassword = true;
            else if (question >>= broken) offeredRepair = true;
            const auto continuations = request->getContinuations();
            for (const auto& continuation : continuations)
                if (Reference<css::task::XInteractionAbort> abort{continuation, UNO_QUERY}; abort.is()) return abort->select();
            for (const auto& continuation : continuations)
                if (Reference<css::task::XInteractionDisapprove> no{continuation, UNO_QUERY}; no.is()) return no->select();
        } catch (...) {
            // nothing to answer with: the load goes on without an answer and fails
        }
    }
};

// Why a workbook did not load, when LibreOffice can say more than "cannot open": loads it once more
// with a handler that refuses every question and reports what was asked. Only after a failed load,
// so a good workbook's load is not changed by it.
std::optional<std::string> whyNotLoaded(const Office& office, const fs::path& file) {
    rtl::Reference<RefusingInteractionHandler> handler(new RefusingInteractionHandler);
    Sequence<css::beans::PropertyValue> load(3);
    load[0] = property("Hidden", Any(true));
    load[1] = property("MacroExecutionMode", Any(css::document::MacroExecMode::NEVER_EXECUTE));
    load[2] = property("InteractionHandler", Any(Reference<css::task::XInteractionHandler>(handler.get())));
    try {
        const auto component = office.desktop()->loadComponentFromURL(fileUrl(file), "_blank", 0, load);
        if (Reference<css::util::XCloseable> closeable{component, UNO_QUERY}; closeable.is()) closeable->close(true);
    } catch (...) {
        // the failure is expected; what the handler saw is the answer
    }
    if (handler->askedForPassword)
        return "it is protected with a password, and a check never asks for one; open it in LibreOffice, save a "
               "copy without the password (File > Save As, Save with password unticked) and check that copy";
    if (handler->offeredRepair)
        return "it is damaged: parts of the file cannot be read (LibreOffice offers to repair it when you open it "
               "there); repair and save it, then check it again";
    return std::nullopt;
}

// Closes a document however the check of it ended.
class OpenDocument {
public:
    OpenDocument(const Office& office, const fs::path& file) {
        Sequence<css::beans::PropertyValue> load(2);
        load[0] = property("Hidden", Any(true));
        load[1] = property("MacroExecutionMode", Any(css::document::MacroExecMode::NEVER_EXECUTE));
        std::string failure;
        try {
            component_ = office.desktop()->loadComponentFromURL(fileUrl(file), "_blank", 0, load);
        } catch (const css::uno::Exception& e) {
            failure = messageOf(e);
        }
        if (!component_.is()) {
            if (auto why = whyNotLoaded(office, file)) throw WorkbookError(*why);
            throw WorkbookError(failure.empty() ? "LibreOffice cannot open it" : failure);
        }
        spreadsheet_.set(component_, UNO_QUERY);
        if (!spreadsheet_.is()) throw WorkbookError("it is not a spreadsheet");
    }
    ~OpenDocument() {
        try {
            Reference<css::util::XCloseable> closeable(component_, UNO_QUERY);
            if (closeable.is()) closeable->close(true);
            else if (component_.is()) component_->dispose();
        } catch (...) {
            // closing a document of an office that went away: nothing left to do
        }
    }
    const Reference<css::sheet::XSpreadsheetDocument>& spreadsheet() const { return spreadsheet_; }

private:
    Reference<css::lang::XComponent> component_;
    Reference<css::sheet::XSpreadsheetDocument> spreadsheet_;
};

// Stores the document to a temporary file beside `target`, then renames it into place.
void storeAtomically(const OpenDocument& document, const fs::path& target, const SaveFormat& format) {
    fs::path temporary = temporaryBeside(target, target.stem().string(), format.extension);
    // No thumbnail picture: rendering it is half the cost of storing a checked workbook (measured:
    // 150 of 300 ms CPU for 200 indicators), and the copy is for opening, not for a file browser's
    // preview. LibreOffice makes a new one whenever someone saves the workbook.
    Sequence<css::beans::PropertyValue> store(3);
    store[0] = property("FilterName", Any(OUString::createFromAscii(format.filter)));
    store[1] = property("Overwrite", Any(true));
    store[2] = property("NoThumbnail", Any(true));
    try {
        Reference<css::frame::XStorable>(document.spreadsheet(), UNO_QUERY_THROW)->storeToURL(fileUrl(temporary), store);
        fs::rename(temporary, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
}

// A PDF of the Exceptions sheet only (its used area as the export selection). False when the
// document has no Exceptions sheet.
bool exportExceptionsPdf(const OpenDocument& document, const fs::path& target) {
    auto sheets = document.spreadsheet()->getSheets();
    if (!sheets->hasByName("Exceptions")) return false;
    Reference<css::sheet::XSpreadsheet> sheet(sheets->getByName("Exceptions"), UNO_QUERY_THROW);
    auto cursor = sheet->createCursor();
    Reference<css::sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoStartOfUsedArea(false);
    Reference<css::sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoEndOfUsedArea(true);
    Reference<css::table::XCellRange> usedArea(cursor, UNO_QUERY_THROW);

    Sequence<css::beans::PropertyValue> filterData(1);
    filterData[0] = property("Selection", Any(usedArea));
    Sequence<css::beans::PropertyValue> store(3);
    store[0] = property("FilterName", Any(OUString("calc_pdf_Export")));
    store[1] = property("FilterData", Any(filterData));
    store[2] = property("Overwrite", Any(true));
    fs::path temporary = temporaryBeside(target, target.filename().string());
    try {
        Reference<css::frame::XStorable>(document.spreadsheet(), UNO_QUERY_THROW)->storeToURL(fileUrl(temporary), store);
        fs::rename(temporary, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
    return true;
}

std::string optionsJson(const CheckOptions& options) {
    nlohmann::json json = {{"write", true}};
    if (!options.asOf.empty()) json["asOf"] = options.asOf;
    if (!options.comments.empty()) json["comments"] = options.comments;
    return json.dump();
}

bool sameFile(const fs::path& a, const fs::path& b) {
    std::error_code error;
    return fs::exists(b, error) && fs::equivalent(a, b, error);
}

struct Planned {
    std::string name;   // as given on the command line
    fs::path input;
    fs::path output;    // the checked workbook
    fs::path reportStem; // DIR/<input stem>.exceptions
    SaveFormat format;
};

} // namespace

int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& err) {
    PhaseTimings timings;
    // 1. The rules, checked in-process: with errors nothing else happens.
    auto rulesText = readFile(options.rules);
    if (!rulesText) {
        err << "kpirules: cannot read rules file " << options.rules << '\n';
        return 2;
    }
    engine::CompiledRules rules(options.rules, *rulesText);
    for (const auto& diagnostic : rules.diagnostics()) err << rules.render(diagnostic);
    if (!rules.ok()) {
        err << "kpirules: " << options.rules << " has errors; no workbook was checked or written\n";
        return 2;
    }
    std::string rulesName = fs::path(options.rules).filename().string();
    std::set<std::string> reports(options.reports.begin(), options.reports.end());

    // 2. The workbooks: readable, with a format to write, and no two writing the same files.
    bool failed = false;
    std::vector<Planned> plan;
    std::set<fs::path> outputs;
    fs::path outFolder = options.outFolder.empty() ? fs::path("checked") : fs::path(options.outFolder);
    for (const auto& name : options.workbooks) {
        fs::path input = name;
        std::ifstream probe(input, std::ios::binary);
        if (!probe || fs::is_directory(input)) {
            err << "kpirules: cannot read workbook " << name << (fs::exists(input) ? "" : ": no such file") << '\n';
            failed = true;
            continue;
        }
        std::string ownFormat = input.extension().string();
        if (!ownFormat.empty()) ownFormat.erase(0, 1); // the dot
        auto format = formatNamed(options.format.empty() ? ownFormat : options.format);
        if (!format) {
            err << "kpirules: " << name << ": cannot tell which format to write; give --format ods or xlsx\n";
            failed = true;
            continue;
        }
        Planned planned{name, input, {}, outFolder / (input.stem().string() + ".exceptions"), *format};
        if (options.inPlace) {
            planned.output = input.parent_path() / (input.stem().string() + format->extension);
            if (!sameFile(input, planned.output)) {
                err << "kpirules: " << name << ": --in-place writes the input's own format; drop --format\n";
                failed = true;
                continue;
            }
        } else {
            planned.output = outFolder / (input.stem().string() + format->extension);
            if (sameFile(input, planned.output)) {
                err << "kpirules: " << name << ": the checked copy would overwrite the input; choose another --out "
                    << "or use --in-place\n";
                failed = true;
                continue;
            }
        }
        auto key = fs::absolute(planned.output).lexically_normal();
        if (!outputs.insert(key).second || !outputs.insert(fs::absolute(planned.reportStem).lexically_normal()).second) {
            err << "kpirules: " << name << ": another workbook of the same name already writes " << planned.output.string()
                << '\n';
            failed = true;
            continue;
        }
        plan.push_back(std::move(planned));
    }
    if (plan.empty()) return 2;
    std::error_code folderError;
    fs::create_directories(outFolder, folderError);
    if (folderError) {
        err << "kpirules: cannot create output folder " << outFolder.string() << ": " << folderError.message() << '\n';
        return 2;
    }

    // 3. The office and the engine in it.
    installInterruptHandler();
    std::vector<WorkbookReport> done;
    timings.lap("rules and workbooks checked");
    try {
        std::unique_ptr<Office> office = options.connect.empty()
                                             ? Office::start(findExtension(options.extension), {}, &timings)
                                             : Office::connect(options.connect);
        timings.restart();
        RulesEngineClient engine(*office);
        timings.lap("start: engine service");
        ProgressBar progress(err, plan.size(), options.progress);
        std::string runOptions = optionsJson(options);
        for (std::size_t index = 0; index < plan.size() && !interrupted(); ++index) {
            const Planned& item = plan[index];
            progress.show(index, item.name);
            try {
                // The office works on a private copy: the input is never opened, locked or written
                // (except by the final rename with --in-place).
                fs::path copy = office->workFolder() / std::to_string(index) / item.input.filename();
                fs::create_directories(copy.parent_path());
                fs::copy_file(item.input, copy);
                timings.lap("each: copy input");
                std::optional<OpenDocument> document(std::in_place, *office, copy);
                timings.lap("each: load");
                std::string engineReport = engine.run(document->spreadsheet(), *rulesText, rulesName, runOptions);
                timings.lap("each: run (engine call)");
                WorkbookReport report = readEngineReport(item.name, engineReport);
                if (!report.ok()) throw WorkbookError(describeFailure(report));
                if (timings.enabled() && report.engine.contains("timings"))
                    for (const auto& [phase, milliseconds] : report.engine["timings"].items())
                        if (milliseconds.is_number()) timings.add(std::string("  engine: ").append(phase), milliseconds.get<double>());
                timings.lap("each: read report");
                storeAtomically(*document, item.output, item.format);
                timings.lap("each: store");
                report.output = item.output.string();
                if (reports.count("csv")) {
                    std::ostringstream csv;
                    writeExceptionsCsv(report, csv);
                    writeAtomically(item.reportStem.string() + ".csv", csv.str());
                }
                if (reports.count("json"))
                    writeAtomically(item.reportStem.string() + ".json", exceptionsJson(report).dump(2) + "\n");
                if (reports.count("pdf") && !exportExceptionsPdf(*document, item.reportStem.string() + ".pdf"))
                    err << "kpirules: " << item.name << ": no Exceptions sheet, so no PDF\n";
                timings.lap("each: reports");
                document.reset();
                timings.lap("each: close");
                done.push_back(std::move(report));
            } catch (const css::reflection::InvocationTargetException& e) {
                progress.finish();
                err << "kpirules: " << item.name << ": the rules engine failed: " << messageOf(e) << '\n';
                failed = true;
            } catch (const css::uno::Exception& e) {
                progress.finish();
                err << "kpirules: " << item.name << ": " << (interrupted() ? "interrupted" : messageOf(e)) << '\n';
                failed = true;
            } catch (const std::exception& e) {
                progress.finish();
                std::string message = e.what();
                if (!message.empty() && message.back() == '\n') message.pop_back();
                err << "kpirules: " << item.name << ": " << message << '\n';
                failed = true;
            }
        }
        progress.finish();
        timings.restart();
        office->stop();
        timings.lap("stop office");
    } catch (const css::uno::Exception& e) {
        err << "kpirules: " << (interrupted() ? std::string("interrupted") : "LibreOffice: " + messageOf(e)) << '\n';
        failed = true;
    } catch (const std::exception& e) {
        err << "kpirules: " << e.what() << '\n';
        failed = true;
    }
    if (interrupted()) return 130;

    if (!done.empty()) printSummary(done, out);
    timings.print(err);
    if (failed) return 2;
    for (const auto& report : done)
        if (report.counts.flags > 0) return 1;
    return 0;
}

} // namespace kpi::runner
