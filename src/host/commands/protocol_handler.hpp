#pragma once
// The protocol handler behind Tools ▸ KPI Rules: answers the URLs "org.kpirules.command:Run", ":Clear"
// and ":ShowSidebar" (registered for them in extension/ProtocolHandler.xcu) and nothing else.
//   Run          reads the document's rules source (rules_source.hpp), runs DocumentEngine::run, tells
//                the user the outcome;
//   Clear        DocumentEngine::clear, and tells the user;
//   ShowSidebar  dispatches .uno:SidebarDeck.KpiRulesDeck on the frame.
// The outcome goes to a message box only when the frame's window is visible (never for a hidden
// document, never when the dispatch asks Quiet=true), shown from the main thread once the dispatch has
// returned (AsyncCallback); XNotifyingDispatch callers (DispatchHelper) also get the JSON report as the
// result. Every UNO entry point catches everything.

#include <com/sun/star/frame/XDispatchProvider.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XNotifyingDispatch.hpp>
#include <com/sun/star/lang/XInitialization.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase4.hxx>
#include <cppuhelper/weakref.hxx>

namespace kpi::host::commands {

inline constexpr char protocolHandlerImplementationName[] = "org.kpirules.CommandsImpl";
inline constexpr char protocolHandlerServiceName[] = "com.sun.star.frame.ProtocolHandler";

class CommandProtocolHandler final
    : public cppu::WeakImplHelper4<css::frame::XDispatchProvider, css::frame::XNotifyingDispatch,
                                   css::lang::XInitialization, css::lang::XServiceInfo> {
public:
    explicit CommandProtocolHandler(css::uno::Reference<css::uno::XComponentContext> context);

    static css::uno::Reference<css::uno::XInterface> SAL_CALL
    create(const css::uno::Reference<css::uno::XComponentContext>& context);
    static css::uno::Sequence<rtl::OUString> supportedServiceNames();

    // XInitialization: the frame comes first in the arguments.
    void SAL_CALL initialize(const css::uno::Sequence<css::uno::Any>& arguments) override;

    // XDispatchProvider: this object for our three URLs, null for anything else.
    css::uno::Reference<css::frame::XDispatch> SAL_CALL queryDispatch(const css::util::URL& url,
                                                                     const rtl::OUString& targetFrameName,
                                                                     sal_Int32 searchFlags) override;
    css::uno::Sequence<css::uno::Reference<css::frame::XDispatch>> SAL_CALL
    queryDispatches(const css::uno::Sequence<css::frame::DispatchDescriptor>& requests) override;

    // XDispatch / XNotifyingDispatch. Arguments (all optional): Options (string, the RulesEngine
    // options JSON, e.g. {"asOf":"2024-10-20"}), Quiet (boolean: no message box).
    void SAL_CALL dispatch(const css::util::URL& url, const css::uno::Sequence<css::beans::PropertyValue>& arguments) override;
    void SAL_CALL dispatchWithNotification(const css::util::URL& url,
                                           const css::uno::Sequence<css::beans::PropertyValue>& arguments,
                                           const css::uno::Reference<css::frame::XDispatchResultListener>& listener) override;
    void SAL_CALL addStatusListener(const css::uno::Reference<css::frame::XStatusListener>& listener,
                                    const css::util::URL& url) override;
    void SAL_CALL removeStatusListener(const css::uno::Reference<css::frame::XStatusListener>& listener,
                                       const css::util::URL& url) override;

    // XServiceInfo
    rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const rtl::OUString& serviceName) override;
    css::uno::Sequence<rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
    css::uno::WeakReference<css::frame::XFrame> frame_; // weak: the frame owns its dispatch providers
};

} // namespace kpi::host::commands
