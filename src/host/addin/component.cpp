// The shared library's only exported symbol: the UNO factory LibreOffice asks for the add-in and the RulesEngine service.

#include "host/addin/functions_addin.hpp"
#include "host/commands/protocol_handler.hpp"
#include "host/document/rules_engine_service.hpp"
#include "host/sidebar/rules_panel.hpp"

#include <cppuhelper/factory.hxx>
#include <cppuhelper/implementationentry.hxx>

namespace {

css::uno::Sequence<rtl::OUString> SAL_CALL addInServiceNames()
{
    return kpi::host::FunctionsAddIn::supportedServiceNames();
}

rtl::OUString SAL_CALL addInImplementationName()
{
    return kpi::host::addInImplementationName;
}

css::uno::Sequence<rtl::OUString> SAL_CALL commandsServiceNames()
{
    return kpi::host::commands::CommandProtocolHandler::supportedServiceNames();
}

rtl::OUString SAL_CALL commandsImplementationName()
{
    return rtl::OUString::createFromAscii(kpi::host::commands::protocolHandlerImplementationName);
}

css::uno::Sequence<rtl::OUString> SAL_CALL rulesEngineServiceNames()
{
    return kpi::host::document::RulesEngineService::supportedServiceNames();
}

rtl::OUString SAL_CALL rulesEngineImplementationName()
{
    return rtl::OUString::createFromAscii(kpi::host::document::rulesEngineImplementationName);
}

css::uno::Sequence<rtl::OUString> SAL_CALL panelFactoryServiceNames()
{
    return kpi::host::sidebar::PanelFactory::supportedServiceNames();
}

rtl::OUString SAL_CALL panelFactoryImplementationName()
{
    return rtl::OUString::createFromAscii(kpi::host::sidebar::panelFactoryImplementationName);
}

const cppu::ImplementationEntry implementationEntries[] = {
    {kpi::host::FunctionsAddIn::create, addInImplementationName, addInServiceNames,
     cppu::createSingleComponentFactory, nullptr, 0},
    {kpi::host::commands::CommandProtocolHandler::create, commandsImplementationName, commandsServiceNames,
     cppu::createSingleComponentFactory, nullptr, 0},
    {kpi::host::document::RulesEngineService::create, rulesEngineImplementationName, rulesEngineServiceNames,
     cppu::createSingleComponentFactory, nullptr, 0},
    {kpi::host::sidebar::PanelFactory::create, panelFactoryImplementationName, panelFactoryServiceNames,
     cppu::createSingleComponentFactory, nullptr, 0},
    {nullptr, nullptr, nullptr, nullptr, nullptr, 0},
};

} // namespace

extern "C" SAL_DLLPUBLIC_EXPORT void* SAL_CALL component_getFactory(const char* implementationName,
                                                                    void* serviceManager, void* registryKey)
{
    try {
        return cppu::component_getFactoryHelper(implementationName, serviceManager, registryKey,
                                                implementationEntries);
    } catch (...) {
        return nullptr; // never let an exception cross into the office
    }
}
