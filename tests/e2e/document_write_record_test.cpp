// Unit tests of the document engine's write record: what a run wrote, kept as JSON in the document.

#include "host/document/document_engine.hpp"
#include "host/document/write_record.hpp"

#include <catch2/catch.hpp>

using kpi::host::document::RecordedBlock;
using kpi::host::document::RecordedColumn;
using kpi::host::document::RecordedComment;
using kpi::host::document::RecordedStyles;
using kpi::host::document::WriteRecord;

namespace {

WriteRecord sampleRecord()
{
    WriteRecord record;
    record.styles.push_back({"Corporate KPIs", "Default", {{12, 5, 17, 5}, {0, 7, 0, 7}}});
    record.styles.push_back({"Adults' data", "Accent 1", {{3, 4, 3, 9}}});
    record.columns.push_back({"Corporate KPIs", 24, true, {}});
    record.columns.push_back({"Corporate KPIs", 26, false, {RecordedBlock{5, {"", "=A6*2", "text \"quoted\""}}}});
    record.comments.push_back({"Corporate KPIs", 0, 5, std::nullopt});
    record.comments.push_back({"Corporate KPIs", 0, 17, std::string("checked with the service lead – ok")});
    return record;
}

} // namespace

TEST_CASE("a write record survives the round trip through its cell texts")
{
    const WriteRecord record = sampleRecord();
    const auto chunks = record.toChunks();
    REQUIRE(chunks.size() == 1);
    const auto back = WriteRecord::fromChunks(chunks);
    REQUIRE(back.has_value());
    REQUIRE(back->styles.size() == 2);
    CHECK(back->styles[1].sheet == "Adults' data");
    CHECK(back->styles[1].style == "Accent 1");
    CHECK(back->styles[0].ranges == record.styles[0].ranges);
    REQUIRE(back->columns.size() == 2);
    CHECK(back->columns[0].created);
    CHECK(back->columns[0].column == 24);
    CHECK_FALSE(back->columns[1].created);
    REQUIRE(back->columns[1].blocks.size() == 1);
    CHECK(back->columns[1].blocks[0].row == 5);
    CHECK(back->columns[1].blocks[0].previous == record.columns[1].blocks[0].previous);
    REQUIRE(back->comments.size() == 2);
    CHECK_FALSE(back->comments[0].previous.has_value());
    CHECK(back->comments[1].previous == record.comments[1].previous);
}

TEST_CASE("a long record is cut into cell-sized pieces between UTF-8 sequences")
{
    WriteRecord record;
    RecordedColumn column{"Sheet", 3, false, {}};
    RecordedBlock block{0, {}};
    for (int i = 0; i < 5000; ++i) block.previous.push_back("Ünïcödé – £" + std::to_string(i));
    column.blocks.push_back(block);
    record.columns.push_back(column);
    const auto chunks = record.toChunks();
    REQUIRE(chunks.size() > 2);
    for (const auto& chunk : chunks) {
        CHECK(chunk.size() <= 30000);
        CHECK((static_cast<unsigned char>(chunk.front()) & 0xC0) != 0x80); // never starts inside a character
    }
    const auto back = WriteRecord::fromChunks(chunks);
    REQUIRE(back.has_value());
    CHECK(back->columns[0].blocks[0].previous == block.previous);
}

TEST_CASE("text that is not a record is not taken for one")
{
    CHECK_FALSE(WriteRecord::fromChunks({}).has_value());
    CHECK_FALSE(WriteRecord::fromChunks({"Severity"}).has_value());
    CHECK_FALSE(WriteRecord::fromChunks({R"({"kpiRulesRecord": 2, "styles": []})"}).has_value());
    CHECK_FALSE(WriteRecord::fromChunks({R"({"kpiRulesRecord": 1, "styles": [{"sheet": 3}]})"}).has_value());
    const auto chunks = sampleRecord().toChunks();
    CHECK_FALSE(WriteRecord::fromChunks({chunks[0].substr(0, chunks[0].size() / 2)}).has_value());
}

TEST_CASE("the rules file digest is SHA-256 in lower-case hex")
{
    CHECK(kpi::host::document::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(kpi::host::document::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("run options: every key optional, bad values named")
{
    using kpi::host::document::parseRunOptions;
    CHECK(parseRunOptions("").write);
    CHECK_FALSE(parseRunOptions("{}").asOf.has_value());
    const auto options = parseRunOptions(R"({"asOf": "2024-10-20", "locale": "en-US", "write": false})");
    REQUIRE(options.asOf.has_value());
    CHECK(*options.asOf == 45585.0); // 20 Oct 2024, days since 1899-12-30
    CHECK(options.locale == "en-US");
    CHECK_FALSE(options.write);
    CHECK_THROWS_WITH(parseRunOptions(R"({"asOf": "20/10/2024"})"), Catch::Contains("asOf"));
    CHECK_THROWS_WITH(parseRunOptions(R"({"write": "yes"})"), Catch::Contains("write"));
    CHECK_THROWS_WITH(parseRunOptions("[1]"), Catch::Contains("object"));
    CHECK_THROWS_WITH(parseRunOptions("{"), Catch::Contains("JSON"));
}
