#pragma once
// The engine's value: what a cell holds once it has crossed into the core.
// Blank is a real value (like SQL NULL), not an absence. Errors carry a message.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace kpi {

class Value {
public:
    enum class Kind : unsigned char { Blank, Number, Text, Boolean, Error };

    Value() = default; // blank

    static Value blank() { return {}; }
    static Value number(double n) { Value v; v.kind_ = Kind::Number; v.number_ = n; return v; }
    static Value text(std::string s) { Value v; v.kind_ = Kind::Text; v.text_ = std::move(s); return v; }
    static Value boolean(bool b) { Value v; v.kind_ = Kind::Boolean; v.number_ = b ? 1.0 : 0.0; return v; }
    static Value error(std::string message) { Value v; v.kind_ = Kind::Error; v.text_ = std::move(message); return v; }

    Kind kind() const { return kind_; }
    bool isBlank() const { return kind_ == Kind::Blank; }
    bool isNumber() const { return kind_ == Kind::Number; }
    bool isText() const { return kind_ == Kind::Text; }
    bool isBoolean() const { return kind_ == Kind::Boolean; }
    bool isError() const { return kind_ == Kind::Error; }

    // Preconditions: isNumber() or isBoolean() for number(); isText() or isError() for text().
    double asNumber() const { return number_; }
    bool asBoolean() const { return number_ != 0.0; }
    const std::string& asText() const { return text_; }

    // In-place setters for hot loops: the same value the factories give, but the text buffer's capacity
    // is kept (no allocation or free when a value is overwritten row after row).
    void setBlank() { kind_ = Kind::Blank; number_ = 0.0; text_.clear(); }
    void setNumber(double n) { kind_ = Kind::Number; number_ = n; text_.clear(); }
    void setBoolean(bool b) { kind_ = Kind::Boolean; number_ = b ? 1.0 : 0.0; text_.clear(); }

    friend bool operator==(const Value&, const Value&) = default;

private:
    Kind kind_ = Kind::Blank;
    double number_ = 0.0;
    std::string text_;
};

// A rectangular block of values, row-major: a cell range or an inline array.
struct Range {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<Value> cells; // rows * cols

    Range() = default;
    Range(std::size_t r, std::size_t c) : rows(r), cols(c), cells(r * c) {}
    const Value& at(std::size_t r, std::size_t c) const { return cells[r * cols + c]; }
    Value& at(std::size_t r, std::size_t c) { return cells[r * cols + c]; }
    std::size_t size() const { return cells.size(); }
};

} // namespace kpi
