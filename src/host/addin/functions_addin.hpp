#pragma once
// The KPI Rules Calc add-in: one UNO class driven entirely by the function table
// (kpi::functions::functionTable()). Every XAddIn getter reads the table; every IDL method forwards
// to one dispatcher that converts the arguments, calls the core and converts the result back.
// Nothing thrown inside crosses into LibreOffice except the two exceptions Calc understands:
// IllegalArgumentException (a bad argument, Err:502) and RuntimeException (an internal failure, #VALUE!).

#include "functions/library.hpp"

#include <org/kpirules/XFunctions.hpp>

#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <com/sun/star/sheet/XCompatibilityNames.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase5.hxx>
#include <uno/dispatcher.h>

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
    FunctionsAddIn(const FunctionsAddIn&) = delete;
    FunctionsAddIn& operator=(const FunctionsAddIn&) = delete;

    static css::uno::Reference<css::uno::XInterface> SAL_CALL
    create(const css::uno::Reference<css::uno::XComponentContext>& context);
    static css::uno::Sequence<rtl::OUString> supportedServiceNames();

    // XFunctions: each a one-line forward to dispatch(). Only due and overdue move dates and take the
    // hidden caller (the document, for its null date); see idl/XFunctions.idl.
    using Arg = const css::uno::Any&;
    using Caller = const css::uno::Reference<css::beans::XPropertySet>&;
    css::uno::Any SAL_CALL status(Arg actual, Arg targetValue, Arg polarity, Arg greenTolerance,
                                  Arg amberTolerance, Arg basis) override;
    css::uno::Any SAL_CALL variance(Arg actual, Arg targetValue, Arg polarity, Arg basis) override;
    css::uno::Any SAL_CALL target(Arg annual, Arg period, Arg profile, Arg mode) override;
    css::uno::Any SAL_CALL last(Arg values, Arg labels) override;
    css::uno::Any SAL_CALL trend(Arg values, Arg polarity, Arg lag, Arg tolerance) override;
    css::uno::Any SAL_CALL spc(Arg values, Arg polarity, Arg what, Arg targetValue, Arg baseline,
                               Arg screen) override;
    css::uno::Any SAL_CALL spcPoints(Arg values, Arg polarity, Arg baseline, Arg screen) override;
    css::uno::Any SAL_CALL spcLimits(Arg values, Arg baseline, Arg screen) override;
    css::uno::Any SAL_CALL forecast(Arg values, Arg periods, Arg aggregation) override;
    css::uno::Any SAL_CALL required(Arg values, Arg annual, Arg periods, Arg aggregation) override;
    css::uno::Any SAL_CALL due(Caller caller, Arg periodEnd, Arg day, Arg monthsAfter) override;
    css::uno::Any SAL_CALL overdue(Caller caller, Arg value, Arg dueDate, Arg asOf) override;
    css::uno::Any SAL_CALL quartile(Arg value, Arg comparators, Arg polarity) override;
    css::uno::Any SAL_CALL smart(Arg headers, Arg definition) override;
    css::uno::Any SAL_CALL smartWhy(Arg headers, Arg definition) override;

    // XInterface: lets the UNO view go once nothing else holds the add-in (see holdUnoView()).
    void SAL_CALL release() noexcept override;

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
    // Converts the arguments by the table's parameter types into `converted` (one slot per argument,
    // on the caller's stack: no allocation per call), calls the core, converts the result.
    // `spec` is the method's table entry (nullptr only if the table lost it: a RuntimeException).
    static css::uno::Any dispatch(const functions::FunctionSpec* spec, Caller caller,
                                  std::span<const css::uno::Any* const> arguments,
                                  std::span<functions::Argument> converted);

    template <typename... Args>
    static css::uno::Any forward(const functions::FunctionSpec* spec, Caller caller, const Args&... arguments)
    {
        const css::uno::Any* const list[] = {&arguments...};
        functions::Argument converted[sizeof...(Args)];
        return dispatch(spec, caller, list, converted);
    }

    // Calc calls add-in methods through core reflection, which maps the add-in into the binary UNO
    // environment for every call and releases the mapping afterwards: with nobody else holding that
    // UNO view, the bridge built a proxy, registered it (object id string, hash map, mutex) and tore it
    // down again for every cell -- about a third of a KPI.STATUS recalculation. Holding one view for the
    // add-in's lifetime turns that into a look-up. The view holds the add-in, so release() lets it go
    // when it is the last holder left. Made once by create(); nullptr if the mapping is not available.
    void holdUnoView();
    uno_Interface* unoView_ = nullptr;
    oslInterlockedCount viewHolds_ = 0; // how many references to the add-in the view holds

    css::lang::Locale locale_;
};

} // namespace kpi::host
