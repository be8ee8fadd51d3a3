#include "host/addin/functions_addin.hpp"

#include "host/cell_conversion.hpp"

#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <cppuhelper/supportsservice.hxx>
#include <rtl/ref.hxx>
#include <uno/lbnames.h>
#include <uno/mapping.hxx>

#include <algorithm>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

namespace kpi::host {

namespace {

using css::uno::Any;
using css::uno::Sequence;
using rtl::OUString;

// The table entry for a programmatic name, or nullptr.
const functions::FunctionSpec* specNamed(std::string_view name)
{
    for (const functions::FunctionSpec& spec : functions::functionTable())
        if (spec.programmaticName == name)
            return &spec;
    return nullptr;
}

const functions::FunctionSpec* specOf(const OUString& programmaticName)
{
    return specNamed(toUtf8(programmaticName));
}

// Whether a function moves dates (a Date parameter or a Date result) and so needs the document's
// null date: its IDL method, and only its, takes the hidden caller first (idl/XFunctions.idl).
// Reading the null date is a property call on the document, which costs more than a whole KPI.STATUS,
// and a declared caller alone makes Calc fetch the document and the bridge map it for every call.
bool usesDates(const functions::FunctionSpec& spec)
{
    if (spec.result == functions::ResultType::Date) return true;
    for (const functions::Parameter& parameter : spec.parameters)
        if (parameter.type == functions::ParamType::Date) return true;
    return false;
}

// Today as a core serial, worked out again only when the clock has moved on by a second
// (localtime_r per cell showed in B3; Calc calls add-ins from one thread at a time).
double todayCached()
{
    thread_local std::time_t second = 0;
    thread_local double today = 0.0;
    const std::time_t now = std::time(nullptr);
    if (now != second) {
        today = todayCoreSerial();
        second = now;
    }
    return today;
}

OUString displayNameOf(const functions::FunctionSpec& spec)
{
    return fromUtf8(std::string(functions::displayPrefix) + std::string(spec.name));
}

// Calc numbers a method's IDL parameters from 0, the hidden caller included where there is one:
// the table's parameters start at 1 for due and overdue, at 0 for the others.
const functions::Parameter* parameterOf(const OUString& programmaticName, sal_Int32 argument)
{
    const functions::FunctionSpec* spec = specOf(programmaticName);
    if (spec == nullptr) return nullptr;
    const sal_Int32 first = usesDates(*spec) ? 1 : 0;
    if (argument < first || static_cast<std::size_t>(argument - first) >= spec->parameters.size())
        return nullptr;
    return &spec->parameters[static_cast<std::size_t>(argument - first)];
}

// The caller given to the functions that move no dates (they need no document).
const css::uno::Reference<css::beans::XPropertySet> noCaller;

} // namespace

css::uno::Reference<css::uno::XInterface> SAL_CALL
FunctionsAddIn::create(const css::uno::Reference<css::uno::XComponentContext>&)
{
    const rtl::Reference<FunctionsAddIn> addIn(new FunctionsAddIn); // held while the view is made
    addIn->holdUnoView();
    return static_cast<cppu::OWeakObject*>(addIn.get());
}

void FunctionsAddIn::holdUnoView()
{
    const css::uno::Mapping cppToUno(CPPU_CURRENT_LANGUAGE_BINDING_NAME, UNO_LB_UNO);
    if (!cppToUno.is()) return; // no bridge (never in an office): calls still work, only slower
    void* view = nullptr;
    const oslInterlockedCount before = m_refCount;
    cppToUno.mapInterface(&view, static_cast<org::kpirules::XFunctions*>(this),
                          cppu::UnoType<org::kpirules::XFunctions>::get());
    unoView_ = static_cast<uno_Interface*>(view);
    viewHolds_ = m_refCount - before; // the proxy and its registration: 2 with LibreOffice 7.4
}

void SAL_CALL FunctionsAddIn::release() noexcept
{
    // When this release leaves only the references the UNO view holds, nothing but the view can reach
    // the add-in any more: release the view too, which frees the add-in. (Should another holder appear
    // in between, the counts stay right; the add-in merely goes on without the view.)
    uno_Interface* view = nullptr;
    if (unoView_ != nullptr && m_refCount == viewHolds_ + 1) {
        view = unoView_;
        unoView_ = nullptr;
    }
    OWeakObject::release();
    if (view != nullptr) (*view->release)(view);
}

Sequence<OUString> FunctionsAddIn::supportedServiceNames()
{
    Sequence<OUString> names(2);
    names[0] = addInServiceName;
    names[1] = "com.sun.star.sheet.AddIn";
    return names;
}

Any FunctionsAddIn::dispatch(const functions::FunctionSpec* spec, Caller caller,
                             std::span<const Any* const> arguments, std::span<functions::Argument> converted)
{
    try {
        if (spec == nullptr)
            throw css::uno::RuntimeException("KPI Rules: an add-in method has no function table entry");
        const DateConvention dates = usesDates(*spec) ? DateConvention::ofDocument(caller) : DateConvention();

        std::size_t given = 0; // up to the last argument not omitted
        for (std::size_t i = 0; i < arguments.size(); ++i) {
            const functions::ParamType type =
                i < spec->parameters.size() ? spec->parameters[i].type : functions::ParamType::Any;
            converted[i] = argumentFromAny(*arguments[i], type, dates);
            if (!std::holds_alternative<std::monostate>(converted[i])) given = i + 1;
        }
        std::size_t required = 0;
        for (const functions::Parameter& parameter : spec->parameters)
            if (!parameter.optional) ++required;
        // Trailing omitted arguments were not given. Too few given is the table's error to report, so
        // they are cut off then; otherwise every parameter's slot goes in, the omitted ones empty, which
        // call() reads as their defaults exactly as if it had padded them (and it need not copy).
        const std::size_t passed =
            given < required ? given : std::max(given, std::min(arguments.size(), spec->parameters.size()));
        const functions::CallContext context{todayCached()};
        return anyFromResult(functions::call(*spec, converted.first(passed), context), spec->result, dates);
    } catch (const css::lang::IllegalArgumentException&) {
        throw;
    } catch (const css::uno::RuntimeException&) {
        throw;
    } catch (const css::uno::Exception& error) {
        throw css::uno::RuntimeException("KPI Rules: " + error.Message);
    } catch (const std::exception& error) {
        throw css::uno::RuntimeException("KPI Rules: internal error: " + fromUtf8(error.what()));
    } catch (...) {
        throw css::uno::RuntimeException("KPI Rules: internal error");
    }
}

// Each method finds its table entry once (a function-local static), then forwards.
Any FunctionsAddIn::status(Arg actual, Arg targetValue, Arg polarity, Arg greenTolerance, Arg amberTolerance,
                           Arg basis)
{
    static const functions::FunctionSpec* const spec = specNamed("status");
    return forward(spec, noCaller, actual, targetValue, polarity, greenTolerance, amberTolerance, basis);
}
Any FunctionsAddIn::variance(Arg actual, Arg targetValue, Arg polarity, Arg basis)
{
    static const functions::FunctionSpec* const spec = specNamed("variance");
    return forward(spec, noCaller, actual, targetValue, polarity, basis);
}
Any FunctionsAddIn::target(Arg annual, Arg period, Arg profile, Arg mode)
{
    static const functions::FunctionSpec* const spec = specNamed("target");
    return forward(spec, noCaller, annual, period, profile, mode);
}
Any FunctionsAddIn::last(Arg values, Arg labels)
{
    static const functions::FunctionSpec* const spec = specNamed("last");
    return forward(spec, noCaller, values, labels);
}
Any FunctionsAddIn::trend(Arg values, Arg polarity, Arg lag, Arg tolerance)
{
    static const functions::FunctionSpec* const spec = specNamed("trend");
    return forward(spec, noCaller, values, polarity, lag, tolerance);
}
Any FunctionsAddIn::spc(Arg values, Arg polarity, Arg what, Arg targetValue, Arg baseline, Arg screen)
{
    static const functions::FunctionSpec* const spec = specNamed("spc");
    return forward(spec, noCaller, values, polarity, what, targetValue, baseline, screen);
}
Any FunctionsAddIn::spcPoints(Arg values, Arg polarity, Arg baseline, Arg screen)
{
    static const functions::FunctionSpec* const spec = specNamed("spcPoints");
    return forward(spec, noCaller, values, polarity, baseline, screen);
}
Any FunctionsAddIn::spcLimits(Arg values, Arg baseline, Arg screen)
{
    static const functions::FunctionSpec* const spec = specNamed("spcLimits");
    return forward(spec, noCaller, values, baseline, screen);
}
Any FunctionsAddIn::forecast(Arg values, Arg periods, Arg aggregation)
{
    static const functions::FunctionSpec* const spec = specNamed("forecast");
    return forward(spec, noCaller, values, periods, aggregation);
}
Any FunctionsAddIn::required(Arg values, Arg annual, Arg periods, Arg aggregation)
{
    static const functions::FunctionSpec* const spec = specNamed("required");
    return forward(spec, noCaller, values, annual, periods, aggregation);
}
Any FunctionsAddIn::due(Caller caller, Arg periodEnd, Arg day, Arg monthsAfter)
{
    static const functions::FunctionSpec* const spec = specNamed("due");
    return forward(spec, caller, periodEnd, day, monthsAfter);
}
Any FunctionsAddIn::overdue(Caller caller, Arg value, Arg dueDate, Arg asOf)
{
    static const functions::FunctionSpec* const spec = specNamed("overdue");
    return forward(spec, caller, value, dueDate, asOf);
}
Any FunctionsAddIn::quartile(Arg value, Arg comparators, Arg polarity)
{
    static const functions::FunctionSpec* const spec = specNamed("quartile");
    return forward(spec, noCaller, value, comparators, polarity);
}
Any FunctionsAddIn::smart(Arg headers, Arg definition)
{
    static const functions::FunctionSpec* const spec = specNamed("smart");
    return forward(spec, noCaller, headers, definition);
}
Any FunctionsAddIn::smartWhy(Arg headers, Arg definition)
{
    static const functions::FunctionSpec* const spec = specNamed("smartWhy");
    return forward(spec, noCaller, headers, definition);
}

OUString FunctionsAddIn::getProgrammaticFuntionName(const OUString& displayName)
{
    for (const functions::FunctionSpec& spec : functions::functionTable())
        if (displayNameOf(spec).equalsIgnoreAsciiCase(displayName))
            return fromUtf8(spec.programmaticName);
    return {};
}

OUString FunctionsAddIn::getDisplayFunctionName(const OUString& programmaticName)
{
    const functions::FunctionSpec* spec = specOf(programmaticName);
    return spec != nullptr ? displayNameOf(*spec) : OUString();
}

OUString FunctionsAddIn::getFunctionDescription(const OUString& programmaticName)
{
    const functions::FunctionSpec* spec = specOf(programmaticName);
    return spec != nullptr ? fromUtf8(spec->description) : OUString();
}

OUString FunctionsAddIn::getDisplayArgumentName(const OUString& programmaticName, sal_Int32 argument)
{
    const functions::Parameter* parameter = parameterOf(programmaticName, argument);
    return parameter != nullptr ? fromUtf8(parameter->name) : OUString();
}

OUString FunctionsAddIn::getArgumentDescription(const OUString& programmaticName, sal_Int32 argument)
{
    const functions::Parameter* parameter = parameterOf(programmaticName, argument);
    return parameter != nullptr ? fromUtf8(parameter->description) : OUString();
}

OUString FunctionsAddIn::getProgrammaticCategoryName(const OUString&)
{
    return fromUtf8(functions::category);
}

OUString FunctionsAddIn::getDisplayCategoryName(const OUString&)
{
    return fromUtf8(functions::category);
}

void FunctionsAddIn::setLocale(const css::lang::Locale& locale)
{
    locale_ = locale;
}

css::lang::Locale FunctionsAddIn::getLocale()
{
    return locale_;
}

Sequence<css::sheet::LocalizedName> FunctionsAddIn::getCompatibilityNames(const OUString& programmaticName)
{
    const functions::FunctionSpec* spec = specOf(programmaticName);
    if (spec == nullptr)
        return {};
    Sequence<css::sheet::LocalizedName> names(1);
    names[0] = css::sheet::LocalizedName(css::lang::Locale("en", "US", ""), displayNameOf(*spec));
    return names;
}

OUString FunctionsAddIn::getServiceName()
{
    return addInServiceName;
}

OUString FunctionsAddIn::getImplementationName()
{
    return addInImplementationName;
}

sal_Bool FunctionsAddIn::supportsService(const OUString& serviceName)
{
    return cppu::supportsService(this, serviceName);
}

Sequence<OUString> FunctionsAddIn::getSupportedServiceNames()
{
    return supportedServiceNames();
}

} // namespace kpi::host
