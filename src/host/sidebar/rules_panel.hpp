#pragma once
// The KPI Rules sidebar deck's one panel (deck KpiRulesDeck, panel KpiRulesPanel; registered in
// extension/sidebar/Sidebar.xcu and Factories.xcu). The factory makes one panel per Calc frame when
// the deck is first shown; the panel's window comes from extension/sidebar/kpirules-panel.xdl.
//
// The panel calls kpi::host::document::DocumentEngine directly (same library as the RulesEngine
// service) and keeps the document's rules source in its document properties (rules_source.hpp).
// Every UNO entry point here catches everything and shows the message in the panel: an exception
// escaping a VCL callback would abort LibreOffice. See docs/architecture.md ("The sidebar").

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/ui/XUIElementFactory.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>

namespace kpi::host::sidebar {

inline constexpr char panelFactoryImplementationName[] = "org.kpirules.KpiRulesPanelFactory";
inline constexpr char panelFactoryServiceName[] = "org.kpirules.KpiRulesPanelFactory";

// Makes the panel for private:resource/toolpanel/KpiRulesPanelFactory/KpiRulesPanel.
class PanelFactory : public cppu::WeakImplHelper2<css::ui::XUIElementFactory, css::lang::XServiceInfo> {
public:
    explicit PanelFactory(css::uno::Reference<css::uno::XComponentContext> context);
    static css::uno::Reference<css::uno::XInterface> SAL_CALL
    create(const css::uno::Reference<css::uno::XComponentContext>& context);
    static css::uno::Sequence<rtl::OUString> supportedServiceNames();

    // XUIElementFactory: uses the arguments "Frame" and "ParentWindow".
    css::uno::Reference<css::ui::XUIElement> SAL_CALL
    createUIElement(const rtl::OUString& resourceUrl, const css::uno::Sequence<css::beans::PropertyValue>& arguments) override;

    // XServiceInfo
    rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const rtl::OUString& serviceName) override;
    css::uno::Sequence<rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
};

} // namespace kpi::host::sidebar
