// The write record as JSON: {"kpiRulesRecord":1,"styles":[...],"columns":[...],"comments":[...]}.

#include "host/document/write_record.hpp"

#include <nlohmann/json.hpp>

namespace kpi::host::document {

namespace {
constexpr int recordVersion = 1;
constexpr std::size_t chunkSize = 30000; // bytes; cut only between UTF-8 sequences
} // namespace

std::vector<std::string> WriteRecord::toChunks() const
{
    nlohmann::json json = {{"kpiRulesRecord", recordVersion},
                           {"styles", nlohmann::json::array()},
                           {"columns", nlohmann::json::array()},
                           {"comments", nlohmann::json::array()}};
    for (const auto& group : styles) json["styles"].push_back({{"sheet", group.sheet}, {"style", group.style}, {"ranges", group.ranges}});
    for (const auto& column : columns) {
        nlohmann::json blocks = nlohmann::json::array();
        for (const auto& block : column.blocks) blocks.push_back({{"row", block.row}, {"previous", block.previous}});
        json["columns"].push_back({{"sheet", column.sheet}, {"column", column.column}, {"created", column.created}, {"blocks", blocks}});
    }
    for (const auto& comment : comments) {
        json["comments"].push_back({{"sheet", comment.sheet},
                                    {"column", comment.column},
                                    {"row", comment.row},
                                    {"previous", comment.previous ? nlohmann::json(*comment.previous) : nlohmann::json(nullptr)}});
    }
    const std::string text = json.dump();
    std::vector<std::string> chunks;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = std::min(text.size(), begin + chunkSize);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        chunks.push_back(text.substr(begin, end - begin));
        begin = end;
    }
    if (chunks.empty()) chunks.emplace_back();
    return chunks;
}

std::optional<WriteRecord> WriteRecord::fromChunks(const std::vector<std::string>& chunks)
{
    std::string text;
    for (const auto& chunk : chunks) text += chunk;
    try {
        const nlohmann::json json = nlohmann::json::parse(text);
        if (!json.is_object() || json.value("kpiRulesRecord", 0) != recordVersion) return std::nullopt;
        WriteRecord record;
        for (const auto& group : json.at("styles"))
            record.styles.push_back({group.at("sheet"), group.at("style"), group.at("ranges").get<std::vector<std::array<std::size_t, 4>>>()});
        for (const auto& column : json.at("columns")) {
            RecordedColumn recorded{column.at("sheet"), column.at("column"), column.at("created").get<bool>(), {}};
            for (const auto& block : column.at("blocks"))
                recorded.blocks.push_back({block.at("row"), block.at("previous").get<std::vector<std::string>>()});
            record.columns.push_back(std::move(recorded));
        }
        for (const auto& comment : json.at("comments")) {
            RecordedComment recorded{comment.at("sheet"), comment.at("column"), comment.at("row"), std::nullopt};
            if (comment.at("previous").is_string()) recorded.previous = comment.at("previous").get<std::string>();
            record.comments.push_back(std::move(recorded));
        }
        return record;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

} // namespace kpi::host::document
