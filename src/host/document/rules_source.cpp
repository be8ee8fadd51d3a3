// The rules source kept in a document's user-defined properties, and reading the rules it names.

#include "host/document/rules_source.hpp"

#include "host/cell_conversion.hpp"

#include <com/sun/star/beans/PropertyAttribute.hpp>
#include <com/sun/star/beans/XPropertyContainer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/beans/XPropertySetInfo.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/util/XModifiable.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace kpi::host::document {

namespace {

namespace fs = std::filesystem;
using rtl::OUString;

// The user-defined properties of the document, or null when it has none.
css::uno::Reference<css::beans::XPropertyContainer>
userDefinedProperties(const css::uno::Reference<css::frame::XModel>& document)
{
    css::uno::Reference<css::document::XDocumentPropertiesSupplier> supplier(document, css::uno::UNO_QUERY);
    if (!supplier.is()) return {};
    css::uno::Reference<css::document::XDocumentProperties> properties = supplier->getDocumentProperties();
    if (!properties.is()) return {};
    return properties->getUserDefinedProperties();
}

// A text property's value; "" when absent or not text.
std::string readText(const css::uno::Reference<css::beans::XPropertySet>& set,
                     const css::uno::Reference<css::beans::XPropertySetInfo>& info, const char* name)
{
    const OUString key = OUString::createFromAscii(name);
    if (!info.is() || !info->hasPropertyByName(key)) return {};
    OUString value;
    if (!(set->getPropertyValue(key) >>= value)) return {};
    return toUtf8(value);
}

// Sets a text property (adding it, removable, when absent), or removes it when `value` is empty.
void writeText(const css::uno::Reference<css::beans::XPropertyContainer>& container,
               const css::uno::Reference<css::beans::XPropertySet>& set, const char* name, const std::string& value)
{
    const OUString key = OUString::createFromAscii(name);
    const bool present = set->getPropertySetInfo()->hasPropertyByName(key);
    if (value.empty()) {
        if (present) container->removeProperty(key);
        return;
    }
    const css::uno::Any text(fromUtf8(value));
    if (present) {
        OUString current;
        // A property of another type (set by hand) is replaced by a text one.
        if (!(set->getPropertyValue(key) >>= current)) {
            container->removeProperty(key);
            container->addProperty(key, css::beans::PropertyAttribute::REMOVABLE, text);
        } else {
            set->setPropertyValue(key, text);
        }
    } else {
        container->addProperty(key, css::beans::PropertyAttribute::REMOVABLE, text);
    }
}

LoadedRules failed(std::string message)
{
    LoadedRules result;
    result.error = std::move(message);
    return result;
}

LoadedRules loadFile(const std::string& pathText)
{
    if (pathText.empty()) return failed("No rules file is chosen: choose one in the KPI Rules sidebar.");
    const fs::path path(pathText);
    if (!path.is_absolute())
        return failed("The rules file path \"" + pathText + "\" is not absolute: choose the file again in the KPI Rules sidebar.");
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) return failed("The rules file " + pathText + " does not exist.");
    if (!fs::is_regular_file(status)) return failed("The rules file " + pathText + " is not a file.");
    const std::uintmax_t size = fs::file_size(path, error);
    if (!error && size > maxRulesFileBytes)
        return failed("The rules file " + pathText + " is too large (" + std::to_string(size) +
                      " bytes; rules files may have at most " + std::to_string(maxRulesFileBytes / (1024 * 1024)) +
                      " MiB).");
    std::ifstream in(path, std::ios::binary);
    if (!in) return failed("The rules file " + pathText + " cannot be read: " + std::strerror(errno) + ".");
    // Read at most one byte more than allowed: the file may grow between the size check and now.
    std::string bytes(maxRulesFileBytes + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) return failed("The rules file " + pathText + " cannot be read.");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > maxRulesFileBytes)
        return failed("The rules file " + pathText + " is too large (rules files may have at most " +
                      std::to_string(maxRulesFileBytes / (1024 * 1024)) + " MiB).");
    LoadedRules result;
    result.ok = true;
    result.name = path.filename().string();
    result.text = std::move(bytes);
    return result;
}

} // namespace

std::string_view rulesSourceKindName(RulesSource::Kind kind)
{
    switch (kind) {
    case RulesSource::Kind::File: return "file";
    case RulesSource::Kind::Embedded: return "embedded";
    case RulesSource::Kind::None: break;
    }
    return "";
}

RulesSource::Kind rulesSourceKindNamed(std::string_view name)
{
    if (name == "file") return RulesSource::Kind::File;
    if (name == "embedded") return RulesSource::Kind::Embedded;
    return RulesSource::Kind::None;
}

RulesSource readRulesSource(const css::uno::Reference<css::frame::XModel>& document)
{
    RulesSource source;
    const css::uno::Reference<css::beans::XPropertyContainer> container = userDefinedProperties(document);
    const css::uno::Reference<css::beans::XPropertySet> set(container, css::uno::UNO_QUERY);
    if (!set.is()) return source;
    const css::uno::Reference<css::beans::XPropertySetInfo> info = set->getPropertySetInfo();
    source.kind = rulesSourceKindNamed(readText(set, info, rulesSourceProperty));
    source.path = readText(set, info, rulesFileProperty);
    source.text = readText(set, info, rulesTextProperty);
    return source;
}

void writeRulesSource(const css::uno::Reference<css::frame::XModel>& document, const RulesSource& source)
{
    const css::uno::Reference<css::beans::XPropertyContainer> container = userDefinedProperties(document);
    const css::uno::Reference<css::beans::XPropertySet> set(container, css::uno::UNO_QUERY);
    if (!set.is())
        throw css::lang::IllegalArgumentException(
            OUString("the document has no document properties to keep a rules source in"),
            css::uno::Reference<css::uno::XInterface>(), 0);
    writeText(container, set, rulesSourceProperty, std::string(rulesSourceKindName(source.kind)));
    writeText(container, set, rulesFileProperty, source.path);
    writeText(container, set, rulesTextProperty, source.text);
    // Changing user-defined properties does not always mark the document modified by itself.
    css::uno::Reference<css::util::XModifiable> modifiable(document, css::uno::UNO_QUERY);
    if (modifiable.is()) modifiable->setModified(true);
}

LoadedRules loadRules(const RulesSource& source)
{
    try {
        switch (source.kind) {
        case RulesSource::Kind::File: return loadFile(source.path);
        case RulesSource::Kind::Embedded: {
            if (source.text.empty()) return failed("No rules are embedded in this document: embed them in the KPI Rules sidebar.");
            LoadedRules result;
            result.ok = true;
            result.name = embeddedRulesName;
            result.text = source.text;
            return result;
        }
        case RulesSource::Kind::None: break;
        }
        return failed("No rules are chosen for this document: choose a rules file or embed rules in the KPI Rules sidebar.");
    } catch (const std::exception& e) {
        return failed(std::string("The rules cannot be read: ") + e.what());
    } catch (...) {
        return failed("The rules cannot be read.");
    }
}

} // namespace kpi::host::document
