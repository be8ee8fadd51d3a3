// Unit tests of the rules source: the kind names kept in the document, and loading the rules a source
// names (no office needed). Storing the source in a document is tested end to end (test_commands.py).

#include "host/document/rules_source.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using kpi::host::document::loadRules;
using kpi::host::document::maxRulesFileBytes;
using kpi::host::document::RulesSource;
using kpi::host::document::rulesSourceKindName;
using kpi::host::document::rulesSourceKindNamed;

namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temporary folder, removed at the end of the test.
struct TemporaryFolder {
    fs::path path;
    TemporaryFolder()
    {
        std::string pattern = (fs::temp_directory_path() / "kpi-rules-source-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TemporaryFolder()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path write(const std::string& name, const std::string& bytes) const
    {
        const fs::path file = path / name;
        std::ofstream(file, std::ios::binary) << bytes;
        return file;
    }
};

RulesSource fileSource(const fs::path& path)
{
    RulesSource source;
    source.kind = RulesSource::Kind::File;
    source.path = path.string();
    return source;
}

} // namespace

TEST_CASE("the kind names stored in the document read back as the same kinds")
{
    for (RulesSource::Kind kind : {RulesSource::Kind::None, RulesSource::Kind::File, RulesSource::Kind::Embedded})
        CHECK(rulesSourceKindNamed(rulesSourceKindName(kind)) == kind);
    CHECK(rulesSourceKindName(RulesSource::Kind::File) == "file");
    CHECK(rulesSourceKindName(RulesSource::Kind::Embedded) == "embedded");
    CHECK(rulesSourceKindName(RulesSource::Kind::None).empty());
    CHECK(rulesSourceKindNamed("File") == RulesSource::Kind::None); // stored names are exact
    CHECK(rulesSourceKindNamed("url") == RulesSource::Kind::None);
}

TEST_CASE("a rules file is read byte for byte and named by its file name")
{
    TemporaryFolder folder;
    using namespace std::string_literals;
    const std::string bytes = "# Größe – rules\r\nsheet \"Corporate KPIs\"\n\0after a NUL\n"s;
    const fs::path file = folder.write("council-monthly.kpirules", bytes);
    const auto loaded = loadRules(fileSource(file));
    REQUIRE(loaded.ok);
    CHECK(loaded.name == "council-monthly.kpirules");
    CHECK(loaded.text == bytes);
    CHECK(loaded.error.empty());
}

TEST_CASE("the repository's rules file loads whole")
{
    const auto loaded = loadRules(fileSource(fs::absolute("rules/council-monthly.kpirules")));
    REQUIRE(loaded.ok);
    CHECK(loaded.name == "council-monthly.kpirules");
    CHECK(loaded.text.size() == fs::file_size("rules/council-monthly.kpirules"));
}

TEST_CASE("an empty rules file loads as empty rules (the language reports what is missing)")
{
    TemporaryFolder folder;
    const auto loaded = loadRules(fileSource(folder.write("empty.kpirules", "")));
    REQUIRE(loaded.ok);
    CHECK(loaded.text.empty());
}

TEST_CASE("files that cannot be used give an error naming the path")
{
    TemporaryFolder folder;
    SECTION("missing")
    {
        const fs::path missing = folder.path / "missing.kpirules";
        const auto loaded = loadRules(fileSource(missing));
        CHECK_FALSE(loaded.ok);
        CHECK(loaded.error == "The rules file " + missing.string() + " does not exist.");
        CHECK(loaded.text.empty());
    }
    SECTION("a folder")
    {
        const auto loaded = loadRules(fileSource(folder.path));
        CHECK_FALSE(loaded.ok);
        CHECK(loaded.error == "The rules file " + folder.path.string() + " is not a file.");
    }
    SECTION("unreadable")
    {
        const fs::path file = folder.write("locked.kpirules", "sheet \"x\"\n");
        fs::permissions(file, fs::perms::none);
        if (access(file.c_str(), R_OK) == 0) {
            WARN("running with the right to read any file (root): the unreadable case cannot be made here");
        } else {
            const auto loaded = loadRules(fileSource(file));
            CHECK_FALSE(loaded.ok);
            CHECK(loaded.error.find(file.string()) != std::string::npos);
            CHECK(loaded.error.find("cannot be read") != std::string::npos);
        }
    }
    SECTION("too large")
    {
        const fs::path file = folder.write("huge.kpirules", std::string(maxRulesFileBytes + 1, '#'));
        const auto loaded = loadRules(fileSource(file));
        CHECK_FALSE(loaded.ok);
        CHECK(loaded.error.find(file.string()) != std::string::npos);
        CHECK(loaded.error.find("too large") != std::string::npos);
        CHECK(loaded.error.find("4 MiB") != std::string::npos);
    }
    SECTION("exactly the largest size allowed is read")
    {
        const fs::path file = folder.write("largest.kpirules", std::string(maxRulesFileBytes, '#'));
        const auto loaded = loadRules(fileSource(file));
        CHECK(loaded.ok);
        CHECK(loaded.text.size() == maxRulesFileBytes);
    }
    SECTION("a relative path")
    {
        const auto loaded = loadRules(fileSource("rules/council-monthly.kpirules"));
        CHECK_FALSE(loaded.ok);
        CHECK(loaded.error.find("\"rules/council-monthly.kpirules\" is not absolute") != std::string::npos);
    }
    SECTION("no path")
    {
        const auto loaded = loadRules(fileSource(""));
        CHECK_FALSE(loaded.ok);
        CHECK(loaded.error.find("No rules file is chosen") != std::string::npos);
    }
}

TEST_CASE("embedded rules are the stored text, named \"embedded rules\"")
{
    RulesSource source;
    source.kind = RulesSource::Kind::Embedded;
    source.text = "sheet \"Corporate KPIs\"\n";
    source.path = "/somewhere/else.kpirules"; // a remembered file does not matter for embedded rules
    const auto loaded = loadRules(source);
    REQUIRE(loaded.ok);
    CHECK(loaded.name == "embedded rules");
    CHECK(loaded.text == source.text);

    source.text.clear();
    const auto empty = loadRules(source);
    CHECK_FALSE(empty.ok);
    CHECK(empty.error.find("No rules are embedded") != std::string::npos);
}

TEST_CASE("no source chosen says where to choose one")
{
    RulesSource none;
    none.path = "/ignored.kpirules";
    const auto loaded = loadRules(none);
    CHECK_FALSE(loaded.ok);
    CHECK(loaded.error.find("KPI Rules sidebar") != std::string::npos);
}
