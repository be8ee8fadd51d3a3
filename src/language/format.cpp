#include "language/format.hpp"

#include <unicode/locid.h>
#include <unicode/numberformatter.h>

#include <cmath>
#include <map>
#include <mutex>

namespace kpi::language {

namespace number = icu::number;

struct MessageFormatter::Formatters {
    number::LocalizedNumberFormatter plain;
    number::LocalizedNumberFormatter percent;
};

MessageFormatter::MessageFormatter(std::string_view locale) {
    // One set per locale tag, kept for the process's life (a handful of locales at most).
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Formatters>, std::less<>> made;
    const std::lock_guard<std::mutex> lock(mutex);
    auto found = made.find(locale);
    if (found == made.end()) found = made.emplace(std::string(locale), makeFormatters(std::string(locale))).first;
    formatters_ = found->second;
}

std::shared_ptr<const MessageFormatter::Formatters> MessageFormatter::makeFormatters(const std::string& locale) {
    UErrorCode error = U_ZERO_ERROR;
    icu::Locale icuLocale = icu::Locale::forLanguageTag(locale, error);
    if (U_FAILURE(error)) icuLocale = icu::Locale::getRoot();
    return std::make_shared<const MessageFormatter::Formatters>(MessageFormatter::Formatters{
        number::NumberFormatter::withLocale(icuLocale).precision(number::Precision::maxFraction(2)),
        number::NumberFormatter::withLocale(icuLocale)
            .unit(icu::NoUnit::percent())
            .scale(number::Scale::powerOfTen(2))
            .precision(number::Precision::maxFraction(1))});
}

MessageFormatter::~MessageFormatter() = default;

std::string MessageFormatter::format(const Value& value, bool percent) const {
    switch (value.kind()) {
    case Value::Kind::Blank: return "blank";
    case Value::Kind::Text: return value.asText();
    case Value::Kind::Error: return "blank";
    case Value::Kind::Boolean: return value.asBoolean() ? "true" : "false";
    case Value::Kind::Number: break;
    }
    double x = value.asNumber();
    if (!std::isfinite(x)) return x > 0 ? "∞" : x < 0 ? "-∞" : "blank";
    UErrorCode status = U_ZERO_ERROR;
    const auto& formatter = percent ? formatters_->percent : formatters_->plain;
    icu::UnicodeString text = formatter.formatDouble(x, status).toString(status);
    std::string out;
    if (U_FAILURE(status)) return std::to_string(x);
    text.toUTF8String(out);
    return out;
}

} // namespace kpi::language
