// End to end: writeRulesSource and readRulesSource on real documents in a headless LibreOffice (started
// as `kpirules check` starts one), through save and reload as .ods and .xlsx. What the functions store is
// exactly what the sidebar and the menu's Run read, so this is the storage test of docs/commands.md.

#include "host/cell_conversion.hpp"
#include "host/document/rules_source.hpp"
#include "runner/office.hpp"

#include <catch2/catch.hpp>

#include <com/sun/star/beans/PropertyAttribute.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertyContainer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <com/sun/star/util/XModifiable.hpp>
#include <osl/file.hxx>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>

using kpi::host::fromUtf8;
using kpi::host::toUtf8;
using kpi::host::document::readRulesSource;
using kpi::host::document::RulesSource;
using kpi::host::document::writeRulesSource;

namespace fs = std::filesystem;
using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY_THROW;
using rtl::OUString;

namespace {

kpi::runner::Office& office()
{
    static std::unique_ptr<kpi::runner::Office> instance = [] {
        kpi::runner::installInterruptHandler(); // ctest's SIGTERM ends soffice too
        return kpi::runner::Office::start(KPI_OXT_PATH);
    }();
    return *instance;
}

OUString fileUrl(const fs::path& path)
{
    OUString url;
    osl::FileBase::getFileURLFromSystemPath(fromUtf8(fs::absolute(path).string()), url);
    return url;
}

css::uno::Sequence<css::beans::PropertyValue> arguments(const char* name, Any value, const char* name2 = nullptr,
                                                       Any value2 = Any())
{
    css::uno::Sequence<css::beans::PropertyValue> result(name2 != nullptr ? 2 : 1);
    result.getArray()[0].Name = OUString::createFromAscii(name);
    result.getArray()[0].Value = value;
    if (name2 != nullptr) {
        result.getArray()[1].Name = OUString::createFromAscii(name2);
        result.getArray()[1].Value = value2;
    }
    return result;
}

// A document open in the office, closed when this goes.
struct OpenDocument {
    Reference<css::frame::XModel> model;
    explicit OpenDocument(const fs::path& path)
    {
        model.set(office().desktop()->loadComponentFromURL(fileUrl(path), "_blank", 0, arguments("Hidden", Any(true))),
                  UNO_QUERY_THROW);
    }
    ~OpenDocument()
    {
        try {
            Reference<css::util::XCloseable>(model, UNO_QUERY_THROW)->close(true);
        } catch (...) {
        }
    }
    void store(const fs::path& path, const char* filter) const
    {
        Reference<css::frame::XStorable>(model, UNO_QUERY_THROW)
            ->storeToURL(fileUrl(path), arguments("FilterName", Any(OUString::createFromAscii(filter)), "Overwrite", Any(true)));
    }
    bool modified() const { return Reference<css::util::XModifiable>(model, UNO_QUERY_THROW)->isModified(); }
    Reference<css::beans::XPropertyContainer> userProperties() const
    {
        return Reference<css::document::XDocumentPropertiesSupplier>(model, UNO_QUERY_THROW)
            ->getDocumentProperties()
            ->getUserDefinedProperties();
    }
    bool hasProperty(const char* name) const
    {
        return Reference<css::beans::XPropertySet>(userProperties(), UNO_QUERY_THROW)
            ->getPropertySetInfo()
            ->hasPropertyByName(OUString::createFromAscii(name));
    }
};

fs::path copyOfSample(const std::string& sample, const std::string& name)
{
    const fs::path copy = office().workFolder() / name;
    fs::copy_file(fs::path("samples") / sample, copy, fs::copy_options::overwrite_existing);
    return copy;
}

void checkSame(const RulesSource& expected, const RulesSource& actual)
{
    CHECK(static_cast<int>(expected.kind) == static_cast<int>(actual.kind));
    CHECK(expected.path == actual.path);
    CHECK(expected.text == actual.text);
}

std::string rulesText()
{
    std::ifstream in("rules/council-monthly.kpirules", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text + "\n# Größe – ‘quoted’ <and> & tabs\t\r\nlast line without a line break";
}

} // namespace

TEST_CASE("a rules source written to a document reads back, also after saving as .ods and .xlsx")
{
    RulesSource file{RulesSource::Kind::File, fs::absolute("rules/council-monthly.kpirules").string(), ""};
    RulesSource embedded{RulesSource::Kind::Embedded, "", rulesText()};
    RulesSource both{RulesSource::Kind::Embedded, "/home/ana/Größe rules/monthly.kpirules", rulesText()};
    int n = 0;
    for (const char* sample : {"council-monthly.ods", "council-monthly.xlsx"})
        for (const RulesSource& source : {file, embedded, both}) {
            ++n;
            INFO("case " << n << " from " << sample);
            const OpenDocument document(copyOfSample(sample, "store-" + std::to_string(n) + "-" + sample));
            CHECK_FALSE(document.modified());
            CHECK(static_cast<int>(readRulesSource(document.model).kind) == static_cast<int>(RulesSource::Kind::None));
            writeRulesSource(document.model, source);
            CHECK(document.modified());
            checkSame(source, readRulesSource(document.model));
            CHECK(document.hasProperty("KPIRules.RulesFile") == !source.path.empty());
            CHECK(document.hasProperty("KPIRules.RulesText") == !source.text.empty());
            for (const auto& [extension, filter] : {std::pair{".ods", "calc8"}, std::pair{".xlsx", "Calc Office Open XML"}}) {
                const fs::path saved = office().workFolder() / ("saved-" + std::to_string(n) + extension);
                document.store(saved, filter);
                const OpenDocument reloaded(saved);
                INFO("saved as " << extension);
                checkSame(source, readRulesSource(reloaded.model));
            }
        }
}

TEST_CASE("writing a source replaces the one before; None removes the properties")
{
    const OpenDocument document(copyOfSample("council-monthly.ods", "replace.ods"));
    writeRulesSource(document.model, {RulesSource::Kind::Embedded, "/a/b.kpirules", "sheet \"x\"\n"});
    const RulesSource file{RulesSource::Kind::File, "/c/d.kpirules", ""};
    writeRulesSource(document.model, file);
    checkSame(file, readRulesSource(document.model));
    CHECK_FALSE(document.hasProperty("KPIRules.RulesText"));
    writeRulesSource(document.model, RulesSource{});
    checkSame(RulesSource{}, readRulesSource(document.model));
    for (const char* name : {"KPIRules.Source", "KPIRules.RulesFile", "KPIRules.RulesText"})
        CHECK_FALSE(document.hasProperty(name));
}

TEST_CASE("properties set by hand: an unknown kind reads as None, another type is replaced on writing")
{
    const OpenDocument document(copyOfSample("council-monthly.ods", "by-hand.ods"));
    const auto properties = document.userProperties();
    properties->addProperty("KPIRules.Source", css::beans::PropertyAttribute::REMOVABLE, Any(OUString("url")));
    properties->addProperty("KPIRules.RulesFile", css::beans::PropertyAttribute::REMOVABLE, Any(42.0));
    const RulesSource read = readRulesSource(document.model);
    CHECK(static_cast<int>(read.kind) == static_cast<int>(RulesSource::Kind::None));
    CHECK(read.path.empty()); // a number is not a path
    const RulesSource file{RulesSource::Kind::File, "/e/f.kpirules", ""};
    writeRulesSource(document.model, file);
    checkSame(file, readRulesSource(document.model));
}
