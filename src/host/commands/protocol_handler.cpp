// The protocol handler of the menu commands: finds the frame's spreadsheet, calls the document engine,
// tells the user. Nothing thrown here reaches LibreOffice.

#include "host/commands/protocol_handler.hpp"

#include "host/cell_conversion.hpp"
#include "host/commands/commands.hpp"
#include "host/document/document_engine.hpp"
#include "host/document/rules_source.hpp"

#include <com/sun/star/awt/AsyncCallback.hpp>
#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/MessageBoxType.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XMessageBox.hpp>
#include <com/sun/star/awt/XWindow2.hpp>
#include <com/sun/star/awt/XCallback.hpp>
#include <com/sun/star/awt/XRequestCallback.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/DispatchResultEvent.hpp>
#include <com/sun/star/frame/DispatchResultState.hpp>
#include <com/sun/star/frame/FeatureStateEvent.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/util/URLTransformer.hpp>
#include <com/sun/star/util/XURLTransformer.hpp>
#include <cppuhelper/implbase1.hxx>

#include <nlohmann/json.hpp>

#include <exception>
#include <string>
#include <utility>

namespace kpi::host::commands {

using rtl::OUString;

namespace {

// What a command did: the report handed to XNotifyingDispatch callers, and the sentence for the user.
struct Outcome {
    nlohmann::json report;
    std::string message;
    css::awt::MessageBoxType box = css::awt::MessageBoxType_INFOBOX;

    bool ok() const { return report.is_object() && report.value("ok", false); }
};

Outcome failure(const std::string& message, css::awt::MessageBoxType box = css::awt::MessageBoxType_ERRORBOX)
{
    return {nlohmann::json{{"ok", false}, {"error", message}}, message, box};
}

struct Arguments {
    std::string options = "{}";
    bool quiet = false;
};

Arguments readArguments(const css::uno::Sequence<css::beans::PropertyValue>& arguments)
{
    Arguments result;
    for (const auto& argument : arguments) {
        if (argument.Name == "Options") {
            OUString text;
            if (argument.Value >>= text) result.options = toUtf8(text);
        } else if (argument.Name == "Quiet") {
            bool quiet = false;
            if (argument.Value >>= quiet) result.quiet = quiet;
        }
    }
    return result;
}

css::uno::Reference<css::frame::XModel> modelOf(const css::uno::Reference<css::frame::XFrame>& frame)
{
    if (!frame.is()) return {};
    const css::uno::Reference<css::frame::XController> controller = frame->getController();
    return controller.is() ? controller->getModel() : css::uno::Reference<css::frame::XModel>();
}

// The frame's spreadsheet, or a failure saying why there is none.
std::pair<css::uno::Reference<css::sheet::XSpreadsheetDocument>, std::string>
spreadsheetOf(const css::uno::Reference<css::frame::XFrame>& frame)
{
    if (!frame.is()) return {{}, "KPI Rules has no window to work in."};
    const css::uno::Reference<css::sheet::XSpreadsheetDocument> document(modelOf(frame), css::uno::UNO_QUERY);
    if (!document.is()) return {{}, "KPI Rules works on Calc spreadsheets: this window shows another kind of document."};
    return {document, {}};
}

nlohmann::json sourceJson(const document::RulesSource& source)
{
    nlohmann::json result = {{"kind", std::string(document::rulesSourceKindName(source.kind))}};
    if (!source.path.empty()) result["path"] = source.path;
    return result;
}

Outcome runCommand(const css::uno::Reference<css::frame::XFrame>& frame, const Arguments& arguments)
{
    const auto [spreadsheet, problem] = spreadsheetOf(frame);
    if (!spreadsheet.is()) return failure(problem);
    const css::uno::Reference<css::frame::XModel> model(spreadsheet, css::uno::UNO_QUERY);
    const document::RulesSource source = document::readRulesSource(model);
    const document::LoadedRules rules = document::loadRules(source);
    if (!rules.ok) {
        Outcome outcome = failure(rules.error, css::awt::MessageBoxType_WARNINGBOX);
        outcome.report["source"] = sourceJson(source);
        return outcome;
    }
    document::RunOptions options;
    try {
        options = document::parseRunOptions(arguments.options);
    } catch (const std::exception& e) {
        return failure(std::string("KPI Rules was given bad options: ") + e.what());
    }
    Outcome outcome;
    outcome.report = document::DocumentEngine(spreadsheet).run(rules.text, rules.name, options);
    outcome.report["source"] = sourceJson(source);
    outcome.message = runOutcomeText(outcome.report);
    outcome.box = outcome.ok() ? css::awt::MessageBoxType_INFOBOX : css::awt::MessageBoxType_ERRORBOX;
    return outcome;
}

Outcome clearCommand(const css::uno::Reference<css::frame::XFrame>& frame)
{
    const auto [spreadsheet, problem] = spreadsheetOf(frame);
    if (!spreadsheet.is()) return failure(problem);
    Outcome outcome;
    outcome.report = document::DocumentEngine(spreadsheet).clear();
    outcome.message = clearOutcomeText(outcome.report);
    outcome.box = outcome.ok() ? css::awt::MessageBoxType_INFOBOX : css::awt::MessageBoxType_ERRORBOX;
    return outcome;
}

Outcome showSidebarCommand(const css::uno::Reference<css::uno::XComponentContext>& context,
                           const css::uno::Reference<css::frame::XFrame>& frame)
{
    const css::uno::Reference<css::frame::XDispatchProvider> provider(frame, css::uno::UNO_QUERY);
    if (!provider.is()) return failure("KPI Rules has no window to show the sidebar in.");
    css::util::URL url;
    url.Complete = OUString::createFromAscii(showSidebarDeckUrl);
    css::util::URLTransformer::create(context)->parseStrict(url);
    const css::uno::Reference<css::frame::XDispatch> dispatch = provider->queryDispatch(url, OUString(), 0);
    if (!dispatch.is()) return failure("This window cannot show the KPI Rules sidebar.");
    dispatch->dispatch(url, css::uno::Sequence<css::beans::PropertyValue>());
    // Shown silently: opening the deck is its own answer.
    return {nlohmann::json{{"ok", true}, {"dispatched", showSidebarDeckUrl}}, std::string(), css::awt::MessageBoxType_INFOBOX};
}

// A message box only where a person can see it: a visible window. A hidden document (the runner's,
// a test's) gets none, so no dispatch ever waits for a click nobody can give. In a headless office
// VCL ends dialogs at once by itself, so a visible frame there does not block either (tested).
bool canTellUser(const css::uno::Reference<css::frame::XFrame>& frame, const Arguments& arguments)
{
    if (arguments.quiet || !frame.is()) return false;
    const css::uno::Reference<css::awt::XWindow2> window(frame->getContainerWindow(), css::uno::UNO_QUERY);
    return window.is() && window->isVisible();
}

void tellUser(const css::uno::Reference<css::uno::XComponentContext>& context,
              const css::uno::Reference<css::frame::XFrame>& frame, const Outcome& outcome)
{
    const css::uno::Reference<css::awt::XWindowPeer> parent(frame->getContainerWindow(), css::uno::UNO_QUERY);
    if (!parent.is() || outcome.message.empty()) return;
    const css::uno::Reference<css::awt::XToolkit2> toolkit = css::awt::Toolkit::create(context);
    const css::uno::Reference<css::awt::XMessageBox> box = toolkit->createMessageBox(
        parent, outcome.box, css::awt::MessageBoxButtons::BUTTONS_OK, OUString("KPI Rules"), fromUtf8(outcome.message));
    if (!box.is()) return;
    box->execute();
    const css::uno::Reference<css::lang::XComponent> component(box, css::uno::UNO_QUERY);
    if (component.is()) component->dispose();
}

// Shows the outcome from the office's main thread, after the dispatch has returned. A modal message box run
// from another thread (a script's dispatch arrives on the bridge's thread) hung and then crashed a visible
// office here when it was closed; from the main thread, as a menu click runs, it works.
class MessageCallback final : public cppu::WeakImplHelper1<css::awt::XCallback> {
public:
    MessageCallback(css::uno::Reference<css::uno::XComponentContext> context,
                    css::uno::Reference<css::frame::XFrame> frame, Outcome outcome)
        : context_(std::move(context)), frame_(std::move(frame)), outcome_(std::move(outcome))
    {
    }

    void SAL_CALL notify(const css::uno::Any&) override
    {
        try {
            if (canTellUser(frame_, Arguments())) tellUser(context_, frame_, outcome_);
        } catch (...) {
            // The window went away meanwhile, or the toolkit failed: nothing to tell.
        }
        frame_.clear();
    }

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
    css::uno::Reference<css::frame::XFrame> frame_;
    Outcome outcome_;
};

std::string describe(const css::uno::Exception& e) { return toUtf8(e.Message); }

} // namespace

CommandProtocolHandler::CommandProtocolHandler(css::uno::Reference<css::uno::XComponentContext> context)
    : context_(std::move(context))
{
}

css::uno::Reference<css::uno::XInterface> SAL_CALL
CommandProtocolHandler::create(const css::uno::Reference<css::uno::XComponentContext>& context)
{
    return static_cast<cppu::OWeakObject*>(new CommandProtocolHandler(context));
}

css::uno::Sequence<OUString> CommandProtocolHandler::supportedServiceNames()
{
    css::uno::Sequence<OUString> names(1);
    names.getArray()[0] = OUString::createFromAscii(protocolHandlerServiceName);
    return names;
}

void SAL_CALL CommandProtocolHandler::initialize(const css::uno::Sequence<css::uno::Any>& arguments)
{
    try {
        css::uno::Reference<css::frame::XFrame> frame;
        if (arguments.getLength() > 0 && (arguments[0] >>= frame)) frame_ = frame;
    } catch (...) {
        // No frame: every command then says it has no window to work in.
    }
}

css::uno::Reference<css::frame::XDispatch> SAL_CALL
CommandProtocolHandler::queryDispatch(const css::util::URL& url, const OUString&, sal_Int32)
{
    try {
        if (commandOfUrl(toUtf8(url.Complete))) return css::uno::Reference<css::frame::XDispatch>(this);
    } catch (...) {
    }
    return {};
}

css::uno::Sequence<css::uno::Reference<css::frame::XDispatch>> SAL_CALL
CommandProtocolHandler::queryDispatches(const css::uno::Sequence<css::frame::DispatchDescriptor>& requests)
{
    css::uno::Sequence<css::uno::Reference<css::frame::XDispatch>> result(requests.getLength());
    try {
        auto* dispatches = result.getArray();
        for (sal_Int32 i = 0; i < requests.getLength(); ++i)
            dispatches[i] = queryDispatch(requests[i].FeatureURL, requests[i].FrameName, requests[i].SearchFlags);
    } catch (...) {
    }
    return result;
}

void SAL_CALL CommandProtocolHandler::dispatch(const css::util::URL& url,
                                               const css::uno::Sequence<css::beans::PropertyValue>& arguments)
{
    dispatchWithNotification(url, arguments, css::uno::Reference<css::frame::XDispatchResultListener>());
}

void SAL_CALL CommandProtocolHandler::dispatchWithNotification(
    const css::util::URL& url, const css::uno::Sequence<css::beans::PropertyValue>& arguments,
    const css::uno::Reference<css::frame::XDispatchResultListener>& listener)
{
    Outcome outcome;
    Arguments options;
    css::uno::Reference<css::frame::XFrame> frame;
    try {
        frame = css::uno::Reference<css::frame::XFrame>(frame_.get(), css::uno::UNO_QUERY);
        options = readArguments(arguments);
        const std::optional<Command> command = commandOfUrl(toUtf8(url.Complete));
        if (!command) {
            outcome = failure("KPI Rules does not know the command " + toUtf8(url.Complete) + ".");
        } else if (*command == Command::Run) {
            outcome = runCommand(frame, options);
        } else if (*command == Command::Clear) {
            outcome = clearCommand(frame);
        } else {
            outcome = showSidebarCommand(context_, frame);
        }
    } catch (const css::uno::Exception& e) {
        outcome = failure("KPI Rules failed: " + describe(e));
    } catch (const std::exception& e) {
        outcome = failure(std::string("KPI Rules failed: ") + e.what());
    } catch (...) {
        outcome = failure("KPI Rules failed: an unknown error.");
    }
    try {
        if (canTellUser(frame, options) && !outcome.message.empty())
            css::awt::AsyncCallback::create(context_)->addCallback(new MessageCallback(context_, frame, outcome),
                                                                   css::uno::Any());
    } catch (...) {
        // The message could not be shown; the result still goes to the listener.
    }
    try {
        if (listener.is()) {
            const std::string report =
                outcome.report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            listener->dispatchFinished(css::frame::DispatchResultEvent(
                static_cast<cppu::OWeakObject*>(this),
                outcome.ok() ? css::frame::DispatchResultState::SUCCESS : css::frame::DispatchResultState::FAILURE,
                css::uno::Any(fromUtf8(report))));
        }
    } catch (...) {
    }
}

void SAL_CALL CommandProtocolHandler::addStatusListener(const css::uno::Reference<css::frame::XStatusListener>& listener,
                                                        const css::util::URL& url)
{
    try {
        // The commands are always available; the state never changes, so listeners need not be kept.
        if (listener.is() && commandOfUrl(toUtf8(url.Complete)))
            listener->statusChanged(css::frame::FeatureStateEvent(static_cast<cppu::OWeakObject*>(this), url,
                                                                  OUString(), true, false, css::uno::Any()));
    } catch (...) {
    }
}

void SAL_CALL CommandProtocolHandler::removeStatusListener(const css::uno::Reference<css::frame::XStatusListener>&,
                                                           const css::util::URL&)
{
}

OUString SAL_CALL CommandProtocolHandler::getImplementationName()
{
    return OUString::createFromAscii(protocolHandlerImplementationName);
}

sal_Bool SAL_CALL CommandProtocolHandler::supportsService(const OUString& serviceName)
{
    return serviceName.equalsAscii(protocolHandlerServiceName);
}

css::uno::Sequence<OUString> SAL_CALL CommandProtocolHandler::getSupportedServiceNames()
{
    return supportedServiceNames();
}

} // namespace kpi::host::commands
