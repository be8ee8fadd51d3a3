// Unit test of the shipped add-in component without LibreOffice running: dlopen libkpirules.so,
// ask its factory for the add-in, call it through UNO types as Calc would, and check that bad
// arguments come back as IllegalArgumentException and nothing else escapes.

#include "functions/library.hpp"

#include <org/kpirules/XFunctions.hpp>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/lang/XSingleComponentFactory.hpp>
#include <com/sun/star/sheet/XAddIn.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/weakref.hxx>

#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using rtl::OUString;

namespace {

std::string utf8(const OUString& text)
{
    return rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8).getStr();
}

// The add-in, created the way LibreOffice creates it: through component_getFactory.
Reference<css::uno::XInterface> createAddIn()
{
    static void* library = dlopen(KPI_ADDIN_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    INFO((library == nullptr ? dlerror() : "loaded"));
    REQUIRE(library != nullptr);
    using FactoryFunction = void* (*)(const char*, void*, void*);
    auto getFactory = reinterpret_cast<FactoryFunction>(dlsym(library, "component_getFactory"));
    REQUIRE(getFactory != nullptr);
    void* rawFactory = getFactory("org.kpirules.FunctionsImpl", nullptr, nullptr);
    REQUIRE(rawFactory != nullptr);
    Reference<css::lang::XSingleComponentFactory> factory(
        static_cast<css::lang::XSingleComponentFactory*>(rawFactory), SAL_NO_ACQUIRE);
    return factory->createInstanceWithContext(Reference<css::uno::XComponentContext>());
}

Any range(std::initializer_list<std::initializer_list<Any>> rows)
{
    Sequence<Sequence<Any>> block(static_cast<sal_Int32>(rows.size()));
    sal_Int32 r = 0;
    for (const auto& row : rows) {
        Sequence<Any> cells(static_cast<sal_Int32>(row.size()));
        sal_Int32 c = 0;
        for (const Any& cell : row)
            cells[c++] = cell;
        block[r++] = cells;
    }
    return Any(block);
}

const Reference<css::beans::XPropertySet> noDocument;
const Any omitted;

// The add-in's rule, restated: a function that moves dates (a Date parameter or a Date result) takes
// the hidden caller, for the document's null date; no other does (a caller costs every call).
bool takesCaller(const kpi::functions::FunctionSpec& spec)
{
    if (spec.result == kpi::functions::ResultType::Date) return true;
    for (const kpi::functions::Parameter& parameter : spec.parameters)
        if (parameter.type == kpi::functions::ParamType::Date) return true;
    return false;
}

} // namespace

TEST_CASE("the factory makes an add-in with the fixed service names", "[host]")
{
    const Reference<css::uno::XInterface> addIn = createAddIn();
    Reference<css::lang::XServiceName> serviceName(addIn, css::uno::UNO_QUERY_THROW);
    CHECK(utf8(serviceName->getServiceName()) == "org.kpirules.Functions");
    Reference<css::lang::XServiceInfo> info(addIn, css::uno::UNO_QUERY_THROW);
    CHECK(utf8(info->getImplementationName()) == "org.kpirules.FunctionsImpl");
    CHECK(info->supportsService("com.sun.star.sheet.AddIn"));
    CHECK_FALSE(info->supportsService("com.sun.star.sheet.SomethingElse"));
}

TEST_CASE("the add-in is freed with its last reference, the UNO view it holds of itself included", "[host]")
{
    // The add-in keeps a UNO-environment view of itself (a proxy holding it) for call speed; that
    // must not keep it alive once nobody else holds it. Calls in between must not change that.
    Reference<org::kpirules::XFunctions> functions(createAddIn(), css::uno::UNO_QUERY_THROW);
    const css::uno::WeakReference<org::kpirules::XFunctions> weak(functions);
    OUString text;
    REQUIRE((functions->status(Any(96.0), Any(100.0), Any(), Any(), Any(), Any()) >>= text));
    REQUIRE(Reference<org::kpirules::XFunctions>(weak).is());
    functions.clear();
    CHECK_FALSE(Reference<org::kpirules::XFunctions>(weak).is());
}

TEST_CASE("every XAddIn getter reads the function table", "[host]")
{
    Reference<css::sheet::XAddIn> addIn(createAddIn(), css::uno::UNO_QUERY_THROW);
    for (const kpi::functions::FunctionSpec& spec : kpi::functions::functionTable()) {
        const OUString programmatic = OUString::createFromAscii(std::string(spec.programmaticName).c_str());
        const std::string display = "KPI." + std::string(spec.name);
        INFO(display);
        CHECK(utf8(addIn->getDisplayFunctionName(programmatic)) == display);
        CHECK(addIn->getProgrammaticFuntionName(OUString::createFromAscii(display.c_str())) == programmatic);
        CHECK(utf8(addIn->getFunctionDescription(programmatic)) == spec.description);
        // Calc numbers the IDL parameters: due and overdue have the hidden caller as 0, their spec's
        // arguments start at 1; every other function's arguments start at 0.
        const sal_Int32 first = takesCaller(spec) ? 1 : 0;
        if (first == 1)
            CHECK(addIn->getDisplayArgumentName(programmatic, 0).isEmpty());
        CHECK(addIn->getDisplayArgumentName(programmatic, -1).isEmpty());
        for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
            const sal_Int32 n = static_cast<sal_Int32>(i) + first;
            CHECK(utf8(addIn->getDisplayArgumentName(programmatic, n)) == spec.parameters[i].name);
            CHECK(utf8(addIn->getArgumentDescription(programmatic, n)) == spec.parameters[i].description);
        }
        CHECK(addIn->getDisplayArgumentName(programmatic, static_cast<sal_Int32>(spec.parameters.size()) + first).isEmpty());
        CHECK(utf8(addIn->getProgrammaticCategoryName(programmatic)) == "KPI Rules");
    }
    CHECK(addIn->getDisplayFunctionName("noSuchFunction").isEmpty());
}

TEST_CASE("the IDL declares one method per table entry, the caller first where dates move, one any per parameter", "[host]")
{
    std::ifstream file(KPI_IDL_FILE);
    REQUIRE(file);
    std::stringstream text;
    text << file.rdbuf();
    const std::string idl = text.str();
    std::size_t methods = 0;
    const std::regex method(R"(any\s+(\w+)\s*\(([^)]*)\))");
    for (auto it = std::sregex_iterator(idl.begin(), idl.end(), method); it != std::sregex_iterator(); ++it) {
        const std::string name = (*it)[1];
        const std::string parameters = (*it)[2];
        const kpi::functions::FunctionSpec* spec = kpi::functions::findFunction(name);
        INFO(name);
        REQUIRE(spec != nullptr);
        CHECK(spec->programmaticName == name);
        if (takesCaller(*spec))
            CHECK(parameters.rfind("[in] com::sun::star::beans::XPropertySet caller,", 0) == 0);
        else
            CHECK(parameters.find("caller") == std::string::npos);
        const std::regex anyParameter(R"(\[in\] any )");
        const auto anys = std::distance(std::sregex_iterator(parameters.begin(), parameters.end(), anyParameter),
                                        std::sregex_iterator());
        CHECK(static_cast<std::size_t>(anys) == spec->parameters.size());
        ++methods;
    }
    CHECK(methods == kpi::functions::functionTable().size());
}

TEST_CASE("calls convert arguments and results as Calc passes them", "[host]")
{
    Reference<org::kpirules::XFunctions> functions(createAddIn(), css::uno::UNO_QUERY_THROW);
    OUString text;

    // 96 against 100, higher is better: shortfall 0.04 is within the default amber tolerance 0.05.
    REQUIRE((functions->status(Any(96.0), Any(100.0), omitted, omitted, omitted, omitted) >>= text));
    CHECK(utf8(text) == "Amber");
    // Text holding a number counts as that number; an empty string is blank.
    REQUIRE((functions->status(Any(OUString("100")), Any(100.0), Any(OUString("")), omitted, omitted, omitted) >>= text));
    CHECK(utf8(text) == "Green");
    REQUIRE((functions->status(Any(OUString("n/a")), Any(100.0), omitted, omitted, omitted, omitted) >>= text));
    CHECK(utf8(text) == "No data");

    double number = 0.0;
    REQUIRE((functions->variance(Any(110.0), Any(100.0), omitted, omitted) >>= number));
    CHECK(number == Approx(0.1));

    // A range arrives as rows of cells; empty cells are empty strings and are skipped.
    const Any values = range({{Any(5.0)}, {Any(OUString())}, {Any(9.0)}, {Any(OUString())}});
    REQUIRE((functions->last(values, omitted) >>= number));
    CHECK(number == 9.0);

    // An array result comes back as rows of cells: 1x3 mean, lower and upper limit.
    Sequence<Sequence<Any>> limits;
    REQUIRE((functions->spcLimits(range({{Any(10.0), Any(12.0), Any(10.0), Any(12.0)}}), omitted, omitted) >>= limits));
    REQUIRE(limits.getLength() == 1);
    REQUIRE(limits[0].getLength() == 3);
    double mean = 0.0;
    REQUIRE((limits[0][0] >>= mean));
    CHECK(mean == Approx(11.0));

    // TRUE/FALSE come back as 1/0: Calc turns a boolean Any into 0.
    REQUIRE((functions->overdue(noDocument, Any(OUString("tbc")), Any(100.0), Any(200.0)) >>= number));
    CHECK(number == 1.0);
}

TEST_CASE("bad arguments throw IllegalArgumentException and nothing else escapes", "[host]")
{
    Reference<org::kpirules::XFunctions> functions(createAddIn(), css::uno::UNO_QUERY_THROW);
    CHECK_THROWS_AS(functions->status(Any(1.0), Any(2.0), Any(OUString("sideways")), omitted, omitted, omitted),
                    css::lang::IllegalArgumentException);
    CHECK_THROWS_AS(functions->status(omitted, omitted, omitted, omitted, omitted, omitted),
                    css::lang::IllegalArgumentException);
    // Too few arguments (target omitted, nothing after it) stays the table's error, not a blank target.
    CHECK_THROWS_AS(functions->status(Any(96.0), omitted, omitted, omitted, omitted, omitted),
                    css::lang::IllegalArgumentException);
    // An omitted argument between given ones is blank: a blank target is "No target".
    OUString text;
    REQUIRE((functions->status(Any(96.0), omitted, Any(OUString("lower")), omitted, omitted, omitted) >>= text));
    CHECK(utf8(text) == "No target");
    CHECK_THROWS_AS(functions->target(Any(1200.0), Any(13.0), omitted, omitted),
                    css::lang::IllegalArgumentException);

    // Values Calc never sends: an interface, a nested sequence of strings. They must not crash
    // or escape as anything but the exceptions Calc understands.
    const Any odd[] = {Any(Reference<css::uno::XInterface>()), Any(Sequence<OUString>(2)), Any(sal_Int32(7)),
                       range({{Any(1.0), Any(2.0)}, {Any(3.0)}})};
    for (const Any& argument : odd) {
        for (const Any& second : odd) {
            try {
                functions->status(argument, second, omitted, omitted, omitted, omitted);
                functions->smartWhy(argument, second);
                functions->due(noDocument, argument, second, argument);
            } catch (const css::lang::IllegalArgumentException&) {
            } catch (const css::uno::RuntimeException&) {
            } catch (...) {
                FAIL("an exception other than IllegalArgumentException or RuntimeException escaped");
            }
        }
    }
}
