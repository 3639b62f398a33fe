#include "util/time_zone.h"

#if PKPASS_WITH_TZDB
#include <date/tz.h>
#endif

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <exception>

namespace pkpass {

bool IsZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  // Files of the database that are not zones of a place: "localtime" is the host's own zone
  // (the same input would give another instant on another host), "posixrules" a default, and
  // "right/" counts leap seconds, which no pass's date does.
  if (name == "localtime" || name == "posixrules" || name.starts_with("right/")) return false;
  size_t part = 0;  // where the current "/"-separated part begins
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view p = name.substr(part, i - part);
      if (p.empty() || p == "." || p == "..") return false;
      part = i + 1;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

#if PKPASS_WITH_TZDB

ZonedTime InZone(std::string_view zone, const LocalTime& local) {
  ZonedTime out;
  if (!IsZoneName(zone)) {
    out.error = "\"" + std::string(zone) + "\" is not spelled as a time zone name";
    return out;
  }
  try {
    // locate_zone reads the zone names from the system's database on first use (thread-safe)
    // and throws std::runtime_error for a name it does not hold.
    const date::time_zone* tz = date::locate_zone(zone);
    const date::local_seconds when =
        date::local_days(date::year(local.year) / local.month / local.day) +
        std::chrono::hours(local.hour) + std::chrono::minutes(local.minute) +
        std::chrono::seconds(local.second);
    const date::local_info info = tz->get_info(when);
    out.offset_seconds = static_cast<int>(info.first.offset.count());
    out.other_offset_seconds = static_cast<int>(info.second.offset.count());
    switch (info.result) {
      case date::local_info::unique: out.kind = ZonedTime::Kind::kUnique; break;
      case date::local_info::nonexistent: out.kind = ZonedTime::Kind::kNonexistent; break;
      default: out.kind = ZonedTime::Kind::kAmbiguous; break;
    }
  } catch (const std::exception& e) {
    out.kind = ZonedTime::Kind::kUnknownZone;
    out.error = "the time zone database has no zone \"" + std::string(zone) + "\"";
  }
  return out;
}

std::optional<std::string> W3cDateInZone(std::string_view zone, int64_t unix_seconds,
                                         std::string& error) {
  if (!IsZoneName(zone)) {
    error = "\"" + std::string(zone) + "\" is not spelled as a time zone name";
    return std::nullopt;
  }
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    const date::sys_seconds when{std::chrono::seconds(unix_seconds)};
    const date::sys_info info = tz->get_info(when);
    const date::local_seconds local{when.time_since_epoch() + info.offset};
    return date::format("%FT%T", local) + OffsetText(static_cast<int>(info.offset.count()));
  } catch (const std::exception&) {
    error = "the time zone database has no zone \"" + std::string(zone) + "\"";
    return std::nullopt;
  }
}

#else  // built without the tz database: UTC is the one zone there is

namespace {

bool IsUtc(std::string_view zone) { return zone == "UTC" || zone == "Etc/UTC"; }

std::string NoZone(std::string_view zone) {
  return "this pkpass was built without the time zone database (PKPASS_WITH_TZDB=OFF), so it knows no zone \"" +
         std::string(zone) + "\" but UTC";
}

}  // namespace

ZonedTime InZone(std::string_view zone, const LocalTime&) {
  ZonedTime out;
  if (IsUtc(zone)) {
    out.kind = ZonedTime::Kind::kUnique;
  } else {
    out.error = IsZoneName(zone) ? NoZone(zone) : "\"" + std::string(zone) + "\" is not spelled as a time zone name";
  }
  return out;
}

std::optional<std::string> W3cDateInZone(std::string_view zone, int64_t unix_seconds, std::string& error) {
  if (!IsUtc(zone)) {
    error = NoZone(zone);
    return std::nullopt;
  }
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(text) + "+00:00";
}

#endif  // PKPASS_WITH_TZDB

std::string OffsetText(int offset_seconds) {
  const int minutes = std::abs(offset_seconds) / 60;
  char text[8];
  text[0] = offset_seconds < 0 ? '-' : '+';
  text[1] = static_cast<char>('0' + minutes / 600);
  text[2] = static_cast<char>('0' + minutes / 60 % 10);
  text[3] = ':';
  text[4] = static_cast<char>('0' + minutes % 60 / 10);
  text[5] = static_cast<char>('0' + minutes % 10);
  return std::string(text, 6);
}

}  // namespace pkpass
