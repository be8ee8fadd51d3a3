// The RulesEngine service: converts texts, calls DocumentEngine, catches everything.

#include "host/document/rules_engine_service.hpp"

#include "host/cell_conversion.hpp"
#include "host/document/document_engine.hpp"

#include <nlohmann/json.hpp>

#include <exception>

namespace kpi::host::document {

using rtl::OUString;

namespace {

OUString failure(const std::string& message)
{
    return fromUtf8(nlohmann::json{{"ok", false}, {"error", message}}.dump());
}

// Runs `work` (which returns a JSON report) and turns anything thrown into {"ok":false,"error":...}.
template <typename Work>
OUString guarded(const char* what, Work&& work)
{
    try {
        return fromUtf8(work().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (const css::uno::Exception& e) {
        return failure(std::string(what) + " failed: " + toUtf8(e.Message));
    } catch (const std::exception& e) {
        return failure(std::string(what) + " failed: " + e.what());
    } catch (...) {
        return failure(std::string(what) + " failed: an unknown error");
    }
}

} // namespace

css::uno::Reference<css::uno::XInterface> SAL_CALL
RulesEngineService::create(const css::uno::Reference<css::uno::XComponentContext>&)
{
    return static_cast<cppu::OWeakObject*>(new RulesEngineService);
}

css::uno::Sequence<OUString> RulesEngineService::supportedServiceNames()
{
    css::uno::Sequence<OUString> names(1);
    names.getArray()[0] = OUString::createFromAscii(rulesEngineServiceName);
    return names;
}

OUString SAL_CALL RulesEngineService::run(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                                          const OUString& rulesText, const OUString& rulesName,
                                          const OUString& optionsJson)
{
    return guarded("run", [&] {
        if (!document.is()) throw std::invalid_argument("no document given");
        const RunOptions options = parseRunOptions(toUtf8(optionsJson));
        return DocumentEngine(document).run(toUtf8(rulesText), toUtf8(rulesName), options);
    });
}

OUString SAL_CALL RulesEngineService::clear(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document)
{
    return guarded("clear", [&] {
        if (!document.is()) throw std::invalid_argument("no document given");
        return DocumentEngine(document).clear();
    });
}

OUString SAL_CALL RulesEngineService::explain(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                                              const OUString& rulesText, const OUString& rulesName,
                                              const OUString& optionsJson, const OUString& sheetName, sal_Int32 row,
                                              sal_Int32 column)
{
    return guarded("explain", [&] {
        if (!document.is()) throw std::invalid_argument("no document given");
        const RunOptions options = parseRunOptions(toUtf8(optionsJson));
        return DocumentEngine(document).explain(toUtf8(rulesText), toUtf8(rulesName), options, toUtf8(sheetName), row,
                                                column);
    });
}

OUString SAL_CALL RulesEngineService::getImplementationName()
{
    return OUString::createFromAscii(rulesEngineImplementationName);
}

sal_Bool SAL_CALL RulesEngineService::supportsService(const OUString& serviceName)
{
    return serviceName.equalsAscii(rulesEngineServiceName);
}

css::uno::Sequence<OUString> SAL_CALL RulesEngineService::getSupportedServiceNames()
{
    return supportedServiceNames();
}

} // namespace kpi::host::document
