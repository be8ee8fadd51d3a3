#pragma once
// Reading test files of the rules language: a rules file whose comments also carry a small table
// (`#| a | b | c` rows, the first one the headers) and expectations (`# expect: ...`).

#include "core/value.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace kpi::language::testing {

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline void writeFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

inline std::string trim(std::string_view s) {
    auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return {};
    auto end = s.find_last_not_of(" \t\r");
    return std::string(s.substr(begin, end - begin + 1));
}

// Files with the given extension in a folder, sorted by name.
inline std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder, std::string_view extension) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        if (entry.path().extension() == extension) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

struct EmbeddedTable {
    std::vector<std::vector<Value>> rows;
};

// `#| PI Code | Apr | May` -> one row of text cells; an empty cell is blank, `#DIV/0!` an error cell.
inline EmbeddedTable tableOf(const std::string& text) {
    EmbeddedTable table;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("#|", 0) != 0) continue;
        std::vector<Value> row;
        std::string rest = line.substr(2);
        std::size_t start = 0;
        while (true) {
            std::size_t bar = rest.find('|', start);
            std::string cell = trim(rest.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            // A cell spelt like a spreadsheet error (#DIV/0!, #N/A) stands for an error cell.
            bool error = cell.size() > 2 && cell.front() == '#' && (cell.back() == '!' || cell == "#N/A");
            row.push_back(cell.empty() ? Value::blank() : error ? Value::error(cell) : Value::text(cell));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

struct Expectation {
    std::size_t line = 0;
    std::string text; // after "# expect:"
};

inline std::vector<Expectation> expectationsOf(const std::string& text) {
    std::vector<Expectation> result;
    std::istringstream lines(text);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        auto at = line.find("# expect:");
        if (at != std::string::npos) result.push_back({number, trim(line.substr(at + 9))});
    }
    return result;
}

} // namespace kpi::language::testing
