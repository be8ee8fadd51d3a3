#include "host/addin/functions_addin.hpp"

#include "host/cell_conversion.hpp"

#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <cppuhelper/supportsservice.hxx>

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
const functions::FunctionSpec* specOf(std::string_view name)
{
    for (const functions::FunctionSpec& spec : functions::functionTable())
        if (spec.programmaticName == name)
            return &spec;
    return nullptr;
}

const functions::FunctionSpec* specOf(const OUString& programmaticName)
{
    return specOf(std::string_view(toUtf8(programmaticName)));
}

// Whether a call needs the document's null date: only date parameters and date results are moved.
// Reading it is a property call on the document, which costs more than a whole KPI.STATUS.
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

// Calc numbers the hidden caller argument as 0; the table's parameters start at 1.
const functions::Parameter* parameterOf(const OUString& programmaticName, sal_Int32 argument)
{
    const functions::FunctionSpec* spec = specOf(programmaticName);
    if (spec == nullptr || argument < 1 || static_cast<std::size_t>(argument) > spec->parameters.size())
        return nullptr;
    return &spec->parameters[static_cast<std::size_t>(argument - 1)];
}

} // namespace

css::uno::Reference<css::uno::XInterface> SAL_CALL
FunctionsAddIn::create(const css::uno::Reference<css::uno::XComponentContext>&)
{
    return static_cast<cppu::OWeakObject*>(new FunctionsAddIn);
}

Sequence<OUString> FunctionsAddIn::supportedServiceNames()
{
    Sequence<OUString> names(2);
    names[0] = addInServiceName;
    names[1] = "com.sun.star.sheet.AddIn";
    return names;
}

Any FunctionsAddIn::dispatch(std::string_view programmaticName, Caller caller,
                             std::span<const Any* const> arguments)
{
    try {
        const functions::FunctionSpec* spec = specOf(programmaticName);
        if (spec == nullptr)
            throw css::uno::RuntimeException("KPI Rules: no function table entry for " + fromUtf8(programmaticName));
        const DateConvention dates = usesDates(*spec) ? DateConvention::ofDocument(caller) : DateConvention();

        std::vector<functions::Argument> converted;
        converted.reserve(arguments.size());
        for (std::size_t i = 0; i < arguments.size(); ++i) {
            const functions::ParamType type =
                i < spec->parameters.size() ? spec->parameters[i].type : functions::ParamType::Any;
            converted.push_back(argumentFromAny(*arguments[i], type, dates));
        }
        // Trailing omitted arguments were not given: the table's own check decides about them.
        while (!converted.empty() && std::holds_alternative<std::monostate>(converted.back()))
            converted.pop_back();

        const functions::CallContext context{todayCached()};
        return anyFromResult(functions::call(*spec, converted, context), spec->result, dates);
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

Any FunctionsAddIn::status(Caller caller, Arg actual, Arg targetValue, Arg polarity, Arg greenTolerance,
                           Arg amberTolerance, Arg basis)
{
    return forward("status", caller, actual, targetValue, polarity, greenTolerance, amberTolerance, basis);
}
Any FunctionsAddIn::variance(Caller caller, Arg actual, Arg targetValue, Arg polarity, Arg basis)
{
    return forward("variance", caller, actual, targetValue, polarity, basis);
}
Any FunctionsAddIn::target(Caller caller, Arg annual, Arg period, Arg profile, Arg mode)
{
    return forward("target", caller, annual, period, profile, mode);
}
Any FunctionsAddIn::last(Caller caller, Arg values, Arg labels)
{
    return forward("last", caller, values, labels);
}
Any FunctionsAddIn::trend(Caller caller, Arg values, Arg polarity, Arg lag, Arg tolerance)
{
    return forward("trend", caller, values, polarity, lag, tolerance);
}
Any FunctionsAddIn::spc(Caller caller, Arg values, Arg polarity, Arg what, Arg targetValue, Arg baseline, Arg screen)
{
    return forward("spc", caller, values, polarity, what, targetValue, baseline, screen);
}
Any FunctionsAddIn::spcPoints(Caller caller, Arg values, Arg polarity, Arg baseline, Arg screen)
{
    return forward("spcPoints", caller, values, polarity, baseline, screen);
}
Any FunctionsAddIn::spcLimits(Caller caller, Arg values, Arg baseline, Arg screen)
{
    return forward("spcLimits", caller, values, baseline, screen);
}
Any FunctionsAddIn::forecast(Caller caller, Arg values, Arg periods, Arg aggregation)
{
    return forward("forecast", caller, values, periods, aggregation);
}
Any FunctionsAddIn::required(Caller caller, Arg values, Arg annual, Arg periods, Arg aggregation)
{
    return forward("required", caller, values, annual, periods, aggregation);
}
Any FunctionsAddIn::due(Caller caller, Arg periodEnd, Arg day, Arg monthsAfter)
{
    return forward("due", caller, periodEnd, day, monthsAfter);
}
Any FunctionsAddIn::overdue(Caller caller, Arg value, Arg dueDate, Arg asOf)
{
    return forward("overdue", caller, value, dueDate, asOf);
}
Any FunctionsAddIn::quartile(Caller caller, Arg value, Arg comparators, Arg polarity)
{
    return forward("quartile", caller, value, comparators, polarity);
}
Any FunctionsAddIn::smart(Caller caller, Arg headers, Arg definition)
{
    return forward("smart", caller, headers, definition);
}
Any FunctionsAddIn::smartWhy(Caller caller, Arg headers, Arg definition)
{
    return forward("smartWhy", caller, headers, definition);
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
