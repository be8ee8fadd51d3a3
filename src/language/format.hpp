#pragma once
// Locale-aware formatting of values shown in flag messages (ICU number formatting).

#include "core/value.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace kpi::language {

class MessageFormatter {
public:
    explicit MessageFormatter(std::string_view locale); // BCP 47, e.g. "en-GB"; unknown tags fall back to root
    ~MessageFormatter();
    MessageFormatter(const MessageFormatter&) = delete;
    MessageFormatter& operator=(const MessageFormatter&) = delete;

    // Numbers with up to 2 decimals and grouping ("1,234.5"); with `percent`, as a percentage with up to
    // 1 decimal ("12.5%"); text as is; blank as "blank"; true/false as "true"/"false".
    std::string format(const Value& value, bool percent) const;

private:
    struct Formatters;
    // ICU's formatters for the locale, made once per process and shared (they are immutable and
    // thread-safe): ICU builds a formatter's internals on its first few uses, which cost as much as
    // formatting a few hundred numbers, so a run of the rules does not pay that again.
    std::shared_ptr<const Formatters> formatters_;
    static std::shared_ptr<const Formatters> makeFormatters(const std::string& locale);
};

} // namespace kpi::language
