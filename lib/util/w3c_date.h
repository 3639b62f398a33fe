// W3C / ISO 8601 dates as Wallet reads them: YYYY-MM-DDThh:mm, optional
// :ss and fraction, then "Z" or "±hh:mm".
#ifndef PKPASS_UTIL_W3C_DATE_H_
#define PKPASS_UTIL_W3C_DATE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pkpass {

enum class DateCheck {
  kValid,
  kNoOffset,  // a well-formed local date and time without "Z" or "±hh:mm"
  kInvalid,
};

// Checks `text`, including the calendar (month 1-12, the month's days, hour < 24, ...).
DateCheck CheckW3cDate(std::string_view text);

// The fields of a date; `offset_minutes` is east of UTC (0 without an offset).
struct W3cDateParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_minutes = 0;
  size_t local_length = 0;  // the characters before the offset: the local date and time
};

// Checks `text` as CheckW3cDate does and, when it is kValid or kNoOffset, fills `parts`.
DateCheck ParseW3cDate(std::string_view text, W3cDateParts& parts);

// Returns the instant `text` names, in seconds since 1970-01-01T00:00Z (fractions dropped), when
// CheckW3cDate finds it kValid; nullopt otherwise.
std::optional<int64_t> W3cDateSeconds(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_UTIL_W3C_DATE_H_
