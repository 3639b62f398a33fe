// W3C / ISO 8601 dates as Wallet reads them (pkpass-spec.md §2.8): YYYY-MM-DDThh:mm, optional
// :ss and fraction, then "Z" or "±hh:mm".
#ifndef PKPASS_UTIL_W3C_DATE_H_
#define PKPASS_UTIL_W3C_DATE_H_

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

// Returns the instant `text` names, in seconds since 1970-01-01T00:00Z (fractions dropped), when
// CheckW3cDate finds it kValid; nullopt otherwise.
std::optional<int64_t> W3cDateSeconds(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_UTIL_W3C_DATE_H_
