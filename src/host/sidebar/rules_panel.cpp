// The KPI Rules sidebar panel: rules source, Run/Clear, counts, exceptions, diagnostics, Explain,
// Automatic. All work happens on the main thread (VCL callbacks, and AsyncCallback for Automatic).

#include "host/sidebar/rules_panel.hpp"

#include "host/cell_conversion.hpp"
#include "host/document/document_engine.hpp"
#include "host/document/rules_source.hpp"
#include "host/sidebar/debouncer.hpp"
#include "host/sidebar/panel_text.hpp"

#include <com/sun/star/awt/AsyncCallback.hpp>
#include <com/sun/star/awt/XActionListener.hpp>
#include <com/sun/star/awt/XItemListener.hpp>
#include <com/sun/star/awt/ContainerWindowProvider.hpp>
#include <com/sun/star/awt/InvalidateStyle.hpp>
#include <com/sun/star/awt/XButton.hpp>
#include <com/sun/star/awt/XCallback.hpp>
#include <com/sun/star/awt/XCheckBox.hpp>
#include <com/sun/star/awt/XControl.hpp>
#include <com/sun/star/awt/XControlContainer.hpp>
#include <com/sun/star/awt/XFixedText.hpp>
#include <com/sun/star/awt/XListBox.hpp>
#include <com/sun/star/awt/XTextComponent.hpp>
#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/container/NoSuchElementException.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/deployment/PackageInformationProvider.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheetView.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/ui/LayoutSize.hpp>
#include <com/sun/star/ui/UIElementType.hpp>
#include <com/sun/star/ui/XSidebarPanel.hpp>
#include <com/sun/star/ui/XToolPanel.hpp>
#include <com/sun/star/ui/XUIElement.hpp>
#include <com/sun/star/ui/dialogs/ExecutableDialogResults.hpp>
#include <com/sun/star/ui/dialogs/FilePicker.hpp>
#include <com/sun/star/ui/dialogs/TemplateDescription.hpp>
#include <com/sun/star/util/XChangesListener.hpp>
#include <com/sun/star/util/XChangesNotifier.hpp>
#include <com/sun/star/view/XSelectionSupplier.hpp>
#include <cppuhelper/implbase1.hxx>
#include <cppuhelper/implbase7.hxx>
#include <osl/file.hxx>
#include <rtl/ref.hxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kpi::host::sidebar {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using rtl::OUString;

namespace {

namespace document = kpi::host::document;

constexpr char extensionIdentifier[] = "org.kpirules.extension";
constexpr auto automaticQuiet = std::chrono::milliseconds(300);

OUString u(std::string_view text)
{
    return fromUtf8(text);
}

// What a caught exception says, for the panel.
std::string messageOf(std::exception_ptr caught)
{
    try {
        std::rethrow_exception(caught);
    } catch (const css::uno::Exception& e) {
        return toUtf8(e.Message).empty() ? std::string("a LibreOffice error") : toUtf8(e.Message);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an unknown error";
    }
}

std::string fileName(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::size_t lineCount(const std::string& text)
{
    std::size_t lines = 0;
    for (char c : text) lines += c == '\n' ? 1 : 0;
    return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

std::string secondsText(std::chrono::steady_clock::duration elapsed)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(elapsed).count());
    return text;
}

// A table of the last run: edits on this sheet below the header row re-run the rules (Automatic).
struct RunTable {
    std::string sheet;
    std::int32_t headerRow = 0; // 0-based
};

class RulesPanel;

// What AsyncCallback calls on the main thread for Automatic: the panel's automaticRun(), while the panel
// is there. A separate object, so the debouncer's thread never touches the panel itself (which may be
// disposed and gone by the time the call arrives).
class AutomaticCallback : public cppu::WeakImplHelper1<css::awt::XCallback> {
public:
    explicit AutomaticCallback(RulesPanel* panel) : panel_(panel) {}
    void detach()
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        panel_ = nullptr;
    }
    void SAL_CALL notify(const Any&) override;

private:
    std::recursive_mutex mutex_; // notify and detach both run on the main thread; recursive in case of re-entry
    RulesPanel* panel_;
};

class RulesPanel
    : public cppu::WeakImplHelper7<css::ui::XUIElement, css::ui::XToolPanel, css::ui::XSidebarPanel,
                                   css::lang::XComponent, css::awt::XActionListener, css::awt::XItemListener,
                                   css::util::XChangesListener> {
public:
    // Construct, then initialise(): the panel hands itself to listeners only once it is fully built.
    RulesPanel(Reference<css::uno::XComponentContext> context, Reference<css::frame::XFrame> frame, OUString resourceUrl)
        : context_(std::move(context)), frame_(std::move(frame)), resourceUrl_(std::move(resourceUrl)),
          automaticCallback_(new AutomaticCallback(this)),
          debouncer_(automaticQuiet, [context = context_, callback = automaticCallback_] {
              // On the debouncer's thread: hand the run to the main thread.
              try {
                  css::awt::AsyncCallback::create(context)->addCallback(callback.get(), Any());
              } catch (...) {
                  // the office is going away; Automatic simply does not run
              }
          })
    {
    }

    // Makes the window from the .xdl inside parentWindow and registers the listeners.
    void initialise(const Reference<css::awt::XWindow>& parentWindow)
    {
        const OUString location =
            css::deployment::PackageInformationProvider::get(context_)->getPackageLocation(u(extensionIdentifier));
        if (location.isEmpty()) throw css::uno::RuntimeException("KPI Rules: the extension's folder was not found");
        window_ = css::awt::ContainerWindowProvider::create(context_)->createContainerWindow(
            location + "/sidebar/kpirules-panel.xdl", OUString(), Reference<css::awt::XWindowPeer>(parentWindow, UNO_QUERY_THROW),
            Reference<css::uno::XInterface>());
        controls_.set(window_, UNO_QUERY_THROW);
        for (const char* id : {"btnChoose", "btnEmbed", "btnRun", "btnClear", "btnExplain"}) {
            Reference<css::awt::XButton> button(control(id), UNO_QUERY_THROW);
            button->setActionCommand(u(id));
            button->addActionListener(this);
        }
        Reference<css::awt::XCheckBox>(control("chkAutomatic"), UNO_QUERY_THROW)->addItemListener(this);
        Reference<css::awt::XListBox>(control("lstExceptions"), UNO_QUERY_THROW)->addItemListener(this);
        if (Reference<css::util::XChangesNotifier> notifier{model(), UNO_QUERY}; notifier.is()) {
            notifier->addChangesListener(this);
            changesNotifier_ = notifier;
        }
        showSource();
        window_->setVisible(true);
    }

    // XUIElement
    Reference<css::frame::XFrame> SAL_CALL getFrame() override { return frame_; }
    OUString SAL_CALL getResourceURL() override { return resourceUrl_; }
    sal_Int16 SAL_CALL getType() override { return css::ui::UIElementType::TOOLPANEL; }
    Reference<css::uno::XInterface> SAL_CALL getRealInterface() override
    {
        return static_cast<css::ui::XToolPanel*>(this);
    }

    // XToolPanel
    Reference<css::awt::XWindow> SAL_CALL getWindow() override { return window_; }
    Reference<css::accessibility::XAccessible> SAL_CALL
    createAccessible(const Reference<css::accessibility::XAccessible>&) override
    {
        return Reference<css::accessibility::XAccessible>(window_, UNO_QUERY);
    }

    // XSidebarPanel: the controls have fixed places, so the panel is as tall as its window.
    css::ui::LayoutSize SAL_CALL getHeightForWidth(sal_Int32) override
    {
        const sal_Int32 height = window_.is() ? window_->getPosSize().Height : 0;
        return css::ui::LayoutSize(height, height, height);
    }
    sal_Int32 SAL_CALL getMinimalWidth() override { return window_.is() ? window_->getPosSize().Width : 0; }

    // XComponent: the sidebar disposes the panel when the frame closes or the deck is rebuilt.
    void SAL_CALL dispose() override
    {
        try {
            disposed_ = true;
            automaticCallback_->detach();
            debouncer_.stop();
            if (changesNotifier_.is()) changesNotifier_->removeChangesListener(this);
            changesNotifier_.clear();
            if (Reference<css::lang::XComponent> component{window_, UNO_QUERY}; component.is()) component->dispose();
            window_.clear();
            controls_.clear();
        } catch (...) {
            // being torn down anyway
        }
    }
    void SAL_CALL addEventListener(const Reference<css::lang::XEventListener>&) override {}
    void SAL_CALL removeEventListener(const Reference<css::lang::XEventListener>&) override {}

    // XEventListener (controls and the document)
    void SAL_CALL disposing(const css::lang::EventObject& event) override
    {
        try {
            if (event.Source == changesNotifier_) {
                changesNotifier_.clear();
                debouncer_.stop();
            }
        } catch (...) {
        }
    }

    // XActionListener: the buttons.
    void SAL_CALL actionPerformed(const css::awt::ActionEvent& event) override
    {
        guarded([&] {
            const std::string command = toUtf8(event.ActionCommand);
            if (command == "btnChoose") choose();
            else if (command == "btnEmbed") embed();
            else if (command == "btnRun") run(false);
            else if (command == "btnClear") clear();
            else if (command == "btnExplain") explain();
        });
    }

    // XItemListener: the Automatic check box and the exceptions list.
    void SAL_CALL itemStateChanged(const css::awt::ItemEvent& event) override
    {
        guarded([&] {
            if (event.Source == control("chkAutomatic")) {
                automatic_ = Reference<css::awt::XCheckBox>(control("chkAutomatic"), UNO_QUERY_THROW)->getState() == 1;
                if (automatic_) run(true);
                else setText("lblStatus", "Automatic is off: press Run after editing.");
            } else if (event.Source == control("lstExceptions")) {
                goToException(Reference<css::awt::XListBox>(control("lstExceptions"), UNO_QUERY_THROW)->getSelectedItemPos());
            }
        });
    }

    // XChangesListener: Calc reports cell edits made in the view ("cell-change"), not the API
    // writes of a run, so a run never triggers itself.
    void SAL_CALL changesOccurred(const css::util::ChangesEvent& event) override
    {
        guarded([&] {
            if (!automatic_ || running_ || disposed_) return;
            bool relevant = false;
            for (const auto& change : event.Changes) {
                Reference<css::sheet::XCellRangeAddressable> range(change.ReplacedElement, UNO_QUERY);
                if (!range.is()) {
                    pendingFull_ = relevant = true;
                    continue;
                }
                const css::table::CellRangeAddress edited = range->getRangeAddress();
                if (const auto table = tableEdited(edited)) {
                    relevant = true;
                    notePendingRows(*table, edited);
                }
            }
            if (relevant) debouncer_.poke();
        });
    }

    ~RulesPanel() override
    {
        automaticCallback_->detach();
    }

    // The debounced Automatic run, on the main thread (through AutomaticCallback).
    void automaticRun()
    {
        guarded([&] {
            if (automatic_ && !disposed_ && !running_) {
                std::optional<document::RunOptions::Rows> rows;
                if (!pendingFull_) rows = pendingRows_;
                pendingRows_.reset();
                pendingFull_ = false;
                run(true, rows);
            }
        });
    }

private:
    // Runs `work`; anything thrown is shown in the panel and goes no further.
    template <typename Work>
    void guarded(Work&& work)
    {
        try {
            if (!disposed_) work();
        } catch (...) {
            const std::string message = messageOf(std::current_exception());
            running_ = false;
            try {
                setText("lblStatus", "Something went wrong: " + message);
            } catch (...) {
                // the window is gone; nothing left to tell
            }
        }
    }

    Reference<css::awt::XControl> control(const char* id) const
    {
        Reference<css::awt::XControl> found = controls_.is() ? controls_->getControl(u(id)) : nullptr;
        if (!found.is()) throw css::uno::RuntimeException(u(std::string("KPI Rules panel: no control ") + id));
        return found;
    }

    void setText(const char* id, const std::string& text)
    {
        const Reference<css::awt::XControl> target = control(id);
        if (Reference<css::awt::XFixedText> label{target, UNO_QUERY}; label.is()) label->setText(u(text));
        else Reference<css::awt::XTextComponent>(target, UNO_QUERY_THROW)->setText(u(text));
    }

    // Paints the panel now, so "Running…" shows before a long run blocks the main thread.
    void paintNow()
    {
        if (Reference<css::awt::XWindowPeer> peer{Reference<css::awt::XControl>(window_, UNO_QUERY)->getPeer()}; peer.is())
            peer->invalidate(css::awt::InvalidateStyle::UPDATE | css::awt::InvalidateStyle::CHILDREN);
    }

    Reference<css::frame::XModel> model() const
    {
        const Reference<css::frame::XController> controller = frame_->getController();
        if (!controller.is()) throw css::uno::RuntimeException("the window has no document");
        return controller->getModel();
    }

    Reference<css::sheet::XSpreadsheetDocument> spreadsheet() const
    {
        return Reference<css::sheet::XSpreadsheetDocument>(model(), UNO_QUERY_THROW);
    }

    void showSource()
    {
        const document::RulesSource source = document::readRulesSource(model());
        switch (source.kind) {
        case document::RulesSource::Kind::None:
            setText("lblSource", "No rules chosen yet: Choose a rules file, or Embed one.");
            break;
        case document::RulesSource::Kind::File:
            setText("lblSource", "File " + fileName(source.path) + "\nin " + source.path.substr(0, source.path.rfind('/') + 1));
            break;
        case document::RulesSource::Kind::Embedded:
            setText("lblSource", "Embedded in this workbook (" + std::to_string(lineCount(source.text)) + " lines" +
                                     (source.path.empty() ? std::string() : ", from " + fileName(source.path)) + ")");
            break;
        }
    }

    // The standard file dialog; an empty path when cancelled.
    std::string pickRulesFile()
    {
        const Reference<css::ui::dialogs::XFilePicker3> picker = css::ui::dialogs::FilePicker::createWithMode(
            context_, css::ui::dialogs::TemplateDescription::FILEOPEN_SIMPLE);
        picker->setTitle("KPI Rules: choose a rules file");
        picker->appendFilter("KPI rules (*.kpirules)", "*.kpirules");
        picker->appendFilter("All files (*.*)", "*.*");
        picker->setCurrentFilter("KPI rules (*.kpirules)");
        const OUString documentUrl = model()->getURL();
        if (documentUrl.startsWith("file:")) picker->setDisplayDirectory(documentUrl.copy(0, documentUrl.lastIndexOf('/') + 1));
        if (picker->execute() != css::ui::dialogs::ExecutableDialogResults::OK) return {};
        const Sequence<OUString> files = picker->getSelectedFiles();
        if (files.getLength() == 0) return {};
        OUString path;
        if (osl::FileBase::getSystemPathFromFileURL(files[0], path) != osl::FileBase::E_None)
            throw css::uno::RuntimeException("the chosen file is not on this computer's file system");
        return toUtf8(path);
    }

    void choose()
    {
        const std::string path = pickRulesFile();
        if (path.empty()) return;
        document::RulesSource source;
        source.kind = document::RulesSource::Kind::File;
        source.path = path;
        document::writeRulesSource(model(), source);
        showSource();
        setText("lblStatus", "Rules file chosen: press Run.");
    }

    // Embeds the chosen file's text; without a chosen file, asks for one first.
    void embed()
    {
        document::RulesSource source = document::readRulesSource(model());
        if (source.kind != document::RulesSource::Kind::File) {
            source.path = pickRulesFile();
            if (source.path.empty()) return;
        }
        source.kind = document::RulesSource::Kind::File;
        const document::LoadedRules loaded = document::loadRules(source);
        if (!loaded.ok) {
            setText("lblStatus", loaded.error);
            return;
        }
        source.kind = document::RulesSource::Kind::Embedded;
        source.text = loaded.text;
        document::writeRulesSource(model(), source);
        showSource();
        setText("lblStatus", "The rules are now stored in this workbook (save it to keep them).");
    }

    // A run; automatic with rows: only those rows are restyled when the engine can (RunOptions::onlyRows).
    void run(bool automatic, const std::optional<document::RunOptions::Rows>& rows = std::nullopt)
    {
        showSource();
        const document::LoadedRules rules = document::loadRules(document::readRulesSource(model()));
        if (!rules.ok) {
            setText("lblStatus", rules.error.empty() ? std::string("Choose a rules file or embed rules first.") : rules.error);
            return;
        }
        setText("lblStatus", automatic ? "Running again after your edit…" : "Running…");
        paintNow();
        running_ = true;
        const auto started = std::chrono::steady_clock::now();
        nlohmann::json report;
        try {
            document::RunOptions options;
            options.onlyRows = rows;
            report = document::DocumentEngine(spreadsheet()).run(rules.text, rules.name, options);
        } catch (...) {
            running_ = false;
            throw;
        }
        running_ = false;
        const std::string took = secondsText(std::chrono::steady_clock::now() - started);
        showReport(report, rules.name, took, automatic);
    }

    void showReport(const nlohmann::json& report, const std::string& rulesName, const std::string& took, bool automatic)
    {
        Reference<css::awt::XListBox> list(control("lstExceptions"), UNO_QUERY_THROW);
        if (!report.value("ok", false)) {
            const std::size_t errors = errorCount(report);
            setText("lblStatus", errors > 0 ? "The rules have " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                                                  ": nothing was changed. See Details."
                                            : "Not run: " + report.value("error", std::string("unknown error")) + ".");
            setText("lblDetailsCaption", "Problems in " + rulesName);
            setText("lblDetails", diagnosticsText(report));
            setText("lblCounts", "");
            list->removeItems(0, list->getItemCount());
            cells_.clear();
            tables_.clear();
            return;
        }
        setText("lblCounts", countsText(report["counts"]));
        cells_.clear();
        tables_.clear();
        for (const auto& table : report["tables"])
            tables_.push_back({table.value("sheet", std::string()), table.value("headerRow", 1) - 1});
        const auto& exceptions = report["exceptions"];
        Sequence<OUString> items(static_cast<sal_Int32>(exceptions.size()));
        for (std::size_t i = 0; i < exceptions.size(); ++i) {
            items.getArray()[i] = u(exceptionItem(exceptions[i]));
            cells_.push_back(parseCellName(exceptions[i].value("cell", std::string())));
        }
        list->removeItems(0, list->getItemCount());
        list->addItems(items, 0);
        const bool onlyRows = report.value("written", nlohmann::json()) == "rows";
        setText("lblStatus", std::string(automatic ? "Ran again" : "Ran") + " " + rulesName + " in " + took + ": " +
                                 std::to_string(exceptions.size()) + " exceptions." +
                                 (onlyRows ? " Only the edited rows were re-highlighted; Run updates the comments "
                                             "and the Exceptions sheet."
                                           : ""));
        const std::string warnings = diagnosticsText(report);
        setText("lblDetailsCaption", warnings.empty() ? "Details" : "Notes from " + rulesName);
        setText("lblDetails", warnings);
    }

    void clear()
    {
        setText("lblStatus", "Clearing…");
        paintNow();
        const nlohmann::json report = document::DocumentEngine(spreadsheet()).clear();
        Reference<css::awt::XListBox> list(control("lstExceptions"), UNO_QUERY_THROW);
        list->removeItems(0, list->getItemCount());
        cells_.clear();
        tables_.clear();
        setText("lblCounts", "");
        setText("lblDetails", "");
        setText("lblStatus", report.value("ok", false) ? "Cleared: the highlighting, comments and Exceptions sheet are gone."
                                                       : "Not cleared: " + report.value("error", std::string("unknown error")));
    }

    Reference<css::sheet::XSpreadsheet> sheetNamed(const std::string& name)
    {
        Reference<css::container::XNameAccess> sheets(spreadsheet()->getSheets(), UNO_QUERY_THROW);
        if (!sheets->hasByName(u(name))) throw css::uno::RuntimeException(u("there is no sheet \"" + name + "\" any more"));
        return Reference<css::sheet::XSpreadsheet>(sheets->getByName(u(name)), UNO_QUERY_THROW);
    }

    void goToException(sal_Int16 position)
    {
        if (position < 0 || static_cast<std::size_t>(position) >= cells_.size() || !cells_[position]) return;
        const CellPosition& cell = *cells_[position];
        const Reference<css::sheet::XSpreadsheet> sheet = sheetNamed(cell.sheet);
        const Reference<css::frame::XController> controller = frame_->getController();
        Reference<css::sheet::XSpreadsheetView>(controller, UNO_QUERY_THROW)->setActiveSheet(sheet);
        Reference<css::view::XSelectionSupplier>(controller, UNO_QUERY_THROW)
            ->select(Any(sheet->getCellByPosition(cell.column, cell.row)));
    }

    void explain()
    {
        const Reference<css::frame::XController> controller = frame_->getController();
        Reference<css::sheet::XCellRangeAddressable> selected(
            Reference<css::view::XSelectionSupplier>(controller, UNO_QUERY_THROW)->getSelection(), UNO_QUERY);
        if (!selected.is()) {
            setText("lblStatus", "Select one cell of the indicator table, then press Explain.");
            return;
        }
        const css::table::CellRangeAddress address = selected->getRangeAddress();
        const std::string sheetName = toUtf8(
            Reference<css::container::XNamed>(Reference<css::sheet::XSpreadsheetView>(controller, UNO_QUERY_THROW)->getActiveSheet(),
                                              UNO_QUERY_THROW)->getName());
        const document::LoadedRules rules = document::loadRules(document::readRulesSource(model()));
        if (!rules.ok) {
            setText("lblStatus", rules.error.empty() ? std::string("Choose a rules file or embed rules first.") : rules.error);
            return;
        }
        const nlohmann::json report = document::DocumentEngine(spreadsheet())
                                          .explain(rules.text, rules.name, document::RunOptions{}, sheetName,
                                                   address.StartRow, address.StartColumn);
        const std::string cellName = columnName(address.StartColumn) + std::to_string(address.StartRow + 1);
        setText("lblDetailsCaption", "Explain " + cellName);
        if (report.value("ok", false)) {
            setText("lblDetails", report.value("text", std::string()));
            setText("lblStatus", "Explained " + cellName + ".");
        } else {
            setText("lblDetails", diagnosticsText(report));
            setText("lblStatus", "Could not explain " + cellName + ".");
        }
    }

    static std::string columnName(sal_Int32 column)
    {
        std::string name;
        for (sal_Int32 c = column + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
        return name;
    }

    // The table an edit is in: one on the edited sheet with the edit below its header row. When no run
    // has found the tables yet, any edit counts (as an unknown table: a full run).
    std::optional<RunTable> tableEdited(const css::table::CellRangeAddress& edited)
    {
        if (tables_.empty()) return RunTable{};
        Reference<css::container::XIndexAccess> sheets(spreadsheet()->getSheets(), UNO_QUERY_THROW);
        if (edited.Sheet < 0 || edited.Sheet >= sheets->getCount()) return std::nullopt;
        const std::string name = toUtf8(Reference<css::container::XNamed>(sheets->getByIndex(edited.Sheet), UNO_QUERY_THROW)->getName());
        for (const auto& table : tables_)
            if (table.sheet == name && edited.EndRow > table.headerRow) return table;
        return std::nullopt;
    }

    // Collects the rows edited since the last automatic run: one span on one sheet, else a full run.
    void notePendingRows(const RunTable& table, const css::table::CellRangeAddress& edited)
    {
        if (table.sheet.empty() || (pendingRows_ && pendingRows_->sheet != table.sheet)) {
            pendingFull_ = true;
            return;
        }
        const auto first = static_cast<std::size_t>(std::max(edited.StartRow, table.headerRow + 1));
        const auto last = static_cast<std::size_t>(edited.EndRow);
        if (!pendingRows_) pendingRows_ = document::RunOptions::Rows{table.sheet, first, last};
        pendingRows_->first = std::min(pendingRows_->first, first);
        pendingRows_->last = std::max(pendingRows_->last, last);
    }

    const Reference<css::uno::XComponentContext> context_;
    const Reference<css::frame::XFrame> frame_;
    const OUString resourceUrl_;
    Reference<css::awt::XWindow> window_;
    Reference<css::awt::XControlContainer> controls_;
    Reference<css::util::XChangesNotifier> changesNotifier_;
    std::vector<std::optional<CellPosition>> cells_; // the key cell of each exception, as listed
    std::vector<RunTable> tables_;                   // the tables of the last run
    std::optional<document::RunOptions::Rows> pendingRows_; // Automatic: rows edited since the last run
    bool pendingFull_ = false;                               // Automatic: an edit needs a full run
    bool automatic_ = false;
    bool running_ = false;
    std::atomic<bool> disposed_ = false;
    const rtl::Reference<AutomaticCallback> automaticCallback_;
    Debouncer debouncer_; // last: stopped first when the panel goes
};

void SAL_CALL AutomaticCallback::notify(const Any&)
{
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (panel_ != nullptr) panel_->automaticRun(); // automaticRun catches everything
}

template <typename T>
Reference<T> argument(const Sequence<css::beans::PropertyValue>& arguments, const char* name)
{
    for (const auto& argument : arguments)
        if (argument.Name.equalsAscii(name)) return Reference<T>(argument.Value, UNO_QUERY);
    return {};
}

} // namespace

PanelFactory::PanelFactory(Reference<css::uno::XComponentContext> context) : context_(std::move(context)) {}

Reference<css::uno::XInterface> SAL_CALL PanelFactory::create(const Reference<css::uno::XComponentContext>& context)
{
    return static_cast<cppu::OWeakObject*>(new PanelFactory(context));
}

Sequence<OUString> PanelFactory::supportedServiceNames()
{
    Sequence<OUString> names(1);
    names.getArray()[0] = OUString::createFromAscii(panelFactoryServiceName);
    return names;
}

Reference<css::ui::XUIElement> SAL_CALL PanelFactory::createUIElement(const OUString& resourceUrl,
                                                                      const Sequence<css::beans::PropertyValue>& arguments)
{
    try {
        if (!resourceUrl.endsWith("/KpiRulesPanel"))
            throw css::container::NoSuchElementException("KPI Rules has no panel " + resourceUrl);
        const Reference<css::frame::XFrame> frame = argument<css::frame::XFrame>(arguments, "Frame");
        const Reference<css::awt::XWindow> parent = argument<css::awt::XWindow>(arguments, "ParentWindow");
        if (!frame.is() || !parent.is()) throw css::lang::IllegalArgumentException("KPI Rules panel: no Frame or ParentWindow", nullptr, 1);
        const rtl::Reference<RulesPanel> panel(new RulesPanel(context_, frame, resourceUrl));
        try {
            panel->initialise(parent);
        } catch (...) {
            panel->dispose(); // lets go of whatever listeners were registered
            throw;
        }
        return panel.get();
    } catch (const css::container::NoSuchElementException&) {
        throw;
    } catch (const css::lang::IllegalArgumentException&) {
        throw;
    } catch (...) {
        // The sidebar shows no panel; the office keeps running.
        throw css::uno::RuntimeException(u("KPI Rules panel could not be made: " + messageOf(std::current_exception())));
    }
}

OUString SAL_CALL PanelFactory::getImplementationName()
{
    return OUString::createFromAscii(panelFactoryImplementationName);
}

sal_Bool SAL_CALL PanelFactory::supportsService(const OUString& serviceName)
{
    return serviceName.equalsAscii(panelFactoryServiceName);
}

Sequence<OUString> SAL_CALL PanelFactory::getSupportedServiceNames()
{
    return supportedServiceNames();
}

} // namespace kpi::host::sidebar
