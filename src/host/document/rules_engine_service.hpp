#pragma once
// The org.kpirules.RulesEngine UNO service: a thin wrapper over DocumentEngine that turns options and
// reports into JSON texts and lets nothing escape (every failure becomes {"ok":false,"error":...}).

#include <org/kpirules/XRulesEngine.hpp>

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>

namespace kpi::host::document {

inline constexpr char rulesEngineServiceName[] = "org.kpirules.RulesEngine";
inline constexpr char rulesEngineImplementationName[] = "org.kpirules.RulesEngineImpl";

class RulesEngineService final : public cppu::WeakImplHelper2<org::kpirules::XRulesEngine, css::lang::XServiceInfo> {
public:
    static css::uno::Reference<css::uno::XInterface> SAL_CALL
    create(const css::uno::Reference<css::uno::XComponentContext>& context);
    static css::uno::Sequence<rtl::OUString> supportedServiceNames();

    // XRulesEngine
    rtl::OUString SAL_CALL run(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                               const rtl::OUString& rulesText, const rtl::OUString& rulesName,
                               const rtl::OUString& optionsJson) override;
    rtl::OUString SAL_CALL clear(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document) override;
    rtl::OUString SAL_CALL explain(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                                   const rtl::OUString& rulesText, const rtl::OUString& rulesName,
                                   const rtl::OUString& optionsJson, const rtl::OUString& sheetName, sal_Int32 row,
                                   sal_Int32 column) override;

    // XServiceInfo
    rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const rtl::OUString& serviceName) override;
    css::uno::Sequence<rtl::OUString> SAL_CALL getSupportedServiceNames() override;
};

} // namespace kpi::host::document
