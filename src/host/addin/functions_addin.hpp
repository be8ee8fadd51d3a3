#pragma once
// The KPI Rules Calc add-in: one UNO class driven entirely by the function table
// (kpi::functions::functionTable()). Every XAddIn getter reads the table; every IDL method forwards
// to one dispatcher that converts the arguments, calls the core and converts the result back.
// Nothing thrown inside crosses into LibreOffice except the two exceptions Calc understands:
// IllegalArgumentException (a bad argument, Err:502) and RuntimeException (an internal failure, #VALUE!).

#include <org/kpirules/XFunctions.hpp>

#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <com/sun/star/sheet/XCompatibilityNames.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase5.hxx>

#include <span>
#include <string_view>

namespace kpi::host {

inline constexpr char addInServiceName[] = "org.kpirules.Functions";
inline constexpr char addInImplementationName[] = "org.kpirules.FunctionsImpl";

class FunctionsAddIn final
    : public cppu::WeakImplHelper5<org::kpirules::XFunctions, css::sheet::XAddIn, css::sheet::XCompatibilityNames,
                                   css::lang::XServiceName, css::lang::XServiceInfo> {
public:
    FunctionsAddIn() = default;

    static css::uno::Reference<css::uno::XInterface> SAL_CALL
    create(const css::uno::Reference<css::uno::XComponentContext>& context);
    static css::uno::Sequence<rtl::OUString> supportedServiceNames();

    // XFunctions: each a one-line forward to dispatch().
    using Arg = const css::uno::Any&;
    using Caller = const css::uno::Reference<css::beans::XPropertySet>&;
    css::uno::Any SAL_CALL status(Caller caller, Arg actual, Arg targetValue, Arg polarity, Arg greenTolerance,
                                  Arg amberTolerance, Arg basis) override;
    css::uno::Any SAL_CALL variance(Caller caller, Arg actual, Arg targetValue, Arg polarity, Arg basis) override;
    css::uno::Any SAL_CALL target(Caller caller, Arg annual, Arg period, Arg profile, Arg mode) override;
    css::uno::Any SAL_CALL last(Caller caller, Arg values, Arg labels) override;
    css::uno::Any SAL_CALL trend(Caller caller, Arg values, Arg polarity, Arg lag, Arg tolerance) override;
    css::uno::Any SAL_CALL spc(Caller caller, Arg values, Arg polarity, Arg what, Arg targetValue, Arg baseline,
                               Arg screen) override;
    css::uno::Any SAL_CALL spcPoints(Caller caller, Arg values, Arg polarity, Arg baseline, Arg screen) override;
    css::uno::Any SAL_CALL spcLimits(Caller caller, Arg values, Arg baseline, Arg screen) override;
    css::uno::Any SAL_CALL forecast(Caller caller, Arg values, Arg periods, Arg aggregation) override;
    css::uno::Any SAL_CALL required(Caller caller, Arg values, Arg annual, Arg periods, Arg aggregation) override;
    css::uno::Any SAL_CALL due(Caller caller, Arg periodEnd, Arg day, Arg monthsAfter) override;
    css::uno::Any SAL_CALL overdue(Caller caller, Arg value, Arg dueDate, Arg asOf) override;
    css::uno::Any SAL_CALL quartile(Caller caller, Arg value, Arg comparators, Arg polarity) override;
    css::uno::Any SAL_CALL smart(Caller caller, Arg headers, Arg definition) override;
    css::uno::Any SAL_CALL smartWhy(Caller caller, Arg headers, Arg definition) override;

    // XAddIn (the API spells one method "Funtion").
    rtl::OUString SAL_CALL getProgrammaticFuntionName(const rtl::OUString& displayName) override;
    rtl::OUString SAL_CALL getDisplayFunctionName(const rtl::OUString& programmaticName) override;
    rtl::OUString SAL_CALL getFunctionDescription(const rtl::OUString& programmaticName) override;
    rtl::OUString SAL_CALL getDisplayArgumentName(const rtl::OUString& programmaticName, sal_Int32 argument) override;
    rtl::OUString SAL_CALL getArgumentDescription(const rtl::OUString& programmaticName, sal_Int32 argument) override;
    rtl::OUString SAL_CALL getProgrammaticCategoryName(const rtl::OUString& programmaticName) override;
    rtl::OUString SAL_CALL getDisplayCategoryName(const rtl::OUString& programmaticCategoryName) override;

    // XLocalizable (via XAddIn)
    void SAL_CALL setLocale(const css::lang::Locale& locale) override;
    css::lang::Locale SAL_CALL getLocale() override;

    // XCompatibilityNames: the name written to and read from .xlsx files.
    css::uno::Sequence<css::sheet::LocalizedName> SAL_CALL
    getCompatibilityNames(const rtl::OUString& programmaticName) override;

    // XServiceName: the prefix Calc stores in documents (ORG.KPIRULES.FUNCTIONS.STATUS).
    rtl::OUString SAL_CALL getServiceName() override;

    // XServiceInfo
    rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const rtl::OUString& serviceName) override;
    css::uno::Sequence<rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    // Converts the arguments by the table's parameter types, calls the core, converts the result.
    css::uno::Any dispatch(std::string_view programmaticName, Caller caller,
                           std::span<const css::uno::Any* const> arguments);

    template <typename... Args>
    css::uno::Any forward(std::string_view programmaticName, Caller caller, const Args&... arguments)
    {
        const css::uno::Any* const list[] = {&arguments...};
        return dispatch(programmaticName, caller, list);
    }

    css::lang::Locale locale_;
};

} // namespace kpi::host
