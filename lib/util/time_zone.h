// Local times in IANA time zones, from the system's tz database (Debian's tzdata, in
// /usr/share/zoneinfo) read through Howard Hinnant's date library (Debian's
// libhowardhinnant-date-dev), so daylight saving follows the rules the system has. Built with
// PKPASS_WITH_TZDB=OFF, UTC ("UTC", "Etc/UTC") is the only zone, and every other is unknown.
#ifndef PKPASS_UTIL_TIME_ZONE_H_
#define PKPASS_UTIL_TIME_ZONE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pkpass {

// A wall-clock time: calendar fields as written, no zone.
struct LocalTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

// How a local time maps to UTC in a zone.
struct ZonedTime {
  enum class Kind {
    kUnique,       // offset: the zone's offset then
    kNonexistent,  // skipped (clocks went forward): offset before the gap, other_offset after
    kAmbiguous,    // happened twice (clocks went back): offset the first time, other_offset the second
    kUnknownZone,  // the database has no zone of that name (error says so)
  };
  Kind kind = Kind::kUnknownZone;
  int offset_seconds = 0;
  int other_offset_seconds = 0;
  std::string error;  // kUnknownZone: why
};

// Returns whether `name` is spelled as a tz database name may be ("Europe/Berlin", "UTC",
// "America/Argentina/Buenos_Aires", "Etc/GMT+5"): 1 to 64 characters of A-Z a-z 0-9 / _ + -,
// no empty, "." or ".." part; not "localtime" (the host's zone), "posixrules" or "right/...".
// Only such names are looked up.
bool IsZoneName(std::string_view name);

// Returns how `local` maps to UTC in the zone `zone`. Thread-safe; the database is read once.
ZonedTime InZone(std::string_view zone, const LocalTime& local);

// Returns the instant `unix_seconds` as a W3C date in the zone `zone`, with the zone's offset
// then ("2019-02-01T21:46:46+11:00"); nullopt, with the reason in `error`, for a zone the
// database lacks. Thread-safe.
std::optional<std::string> W3cDateInZone(std::string_view zone, int64_t unix_seconds,
                                         std::string& error);

// Returns "+hh:mm" or "-hh:mm" for an offset in seconds (rounded toward zero to minutes).
std::string OffsetText(int offset_seconds);

}  // namespace pkpass

#endif  // PKPASS_UTIL_TIME_ZONE_H_
