// Rules for relevance: locations, beacons, relevant dates (Apple's pass format reference;
// Pass2U's limits of 10 locations and 10 beacons).
#include "pkpass/diagnostic_codes.h"
#include "util/w3c_date.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr size_t kMaxLocations = 10;
constexpr size_t kMaxBeacons = 10;

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Reports location-out-of-range when the location's `key`, a number, is outside ±`limit`; its
// presence and type are the table's (CheckDictionary).
void CheckCoordinate(const Checker& check, const rapidjson::Value& location, const JsonPointer& at,
                     std::string_view key, double limit) {
  const rapidjson::Value* v = Member(location, key);
  if (v != nullptr && v->IsNumber() && (v->GetDouble() < -limit || v->GetDouble() > limit)) {
    const std::string bound = std::to_string(static_cast<int>(limit));
    check.Error(codes::kLocationOutOfRange, at.Child(key),
                std::string(key) + " must be from -" + bound + " to " + bound);
  }
}

// Walks the array pass.json holds at `key`: reports `too_many` past `max` entries (0: no limit),
// key-type for an entry that is no object, checks each object entry as a dictionary `dict`
// (CheckDictionary) and calls fn(entry, pointer) for it, which reads that entry alone (a unit of
// the memo).
template <typename Fn>
void ForEachEntry(const Checker& check, std::string_view key, size_t max, std::string_view too_many,
                  schema::Dict dict, Fn fn) {
  const rapidjson::Value* list = Member(check.json(), key);
  if (list == nullptr || !list->IsArray()) return;
  const JsonPointer at = JsonPointer().Child(key);
  if (max != 0 && list->Size() > max) {
    check.Error(too_many, at,
                "a pass holds at most " + std::to_string(max) + " " + std::string(key) +
                    "; this one has " + std::to_string(list->Size()));
  }
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const JsonPointer entry_at = at.Child(i);
    check.Unit(MemoRule::kEntry, entry_at, [&] {
      if (!check.Type((*list)[i], kJsonObject, entry_at, DictionaryName(dict))) return;
      CheckDictionary(check, dict, (*list)[i], entry_at);
      fn((*list)[i], entry_at);
    });
  }
}

void CheckLocations(const Checker& check) {
  ForEachEntry(check, "locations", kMaxLocations, codes::kLocationsTooMany,
               schema::Dict::kLocation, [&](const rapidjson::Value& location, const JsonPointer& at) {
                 CheckCoordinate(check, location, at, "latitude", 90);
                 CheckCoordinate(check, location, at, "longitude", 180);
               });
}

void CheckBeaconNumber(const Checker& check, const rapidjson::Value& beacon, const JsonPointer& at,
                       std::string_view key, std::string_view code) {
  const rapidjson::Value* v = Member(beacon, key);
  if (v != nullptr && !(v->IsUint() && v->GetUint() <= 65535)) {
    check.Error(code, at.Child(key), std::string(key) + " must be an integer from 0 to 65535");
  }
}

void CheckBeacons(const Checker& check) {
  ForEachEntry(check, "beacons", kMaxBeacons, codes::kBeaconsTooMany, schema::Dict::kBeacon,
               [&](const rapidjson::Value& beacon, const JsonPointer& at) {
                 const rapidjson::Value* uuid = Member(beacon, "proximityUUID");
                 if (uuid != nullptr && (!uuid->IsString() || !IsUuid(StringOf(*uuid)))) {
                   check.Error(codes::kBeaconUuidInvalid, at.Child("proximityUUID"),
                               "a beacon needs a proximityUUID such as "
                               "\"E2C56DB5-DFFB-48D2-B060-D0F5A71096E0\"");
                 }
                 CheckBeaconNumber(check, beacon, at, "major", codes::kBeaconMajorRange);
                 CheckBeaconNumber(check, beacon, at, "minor", codes::kBeaconMinorRange);
               });
}

// Reports relevant-date-interval when an entry's startDate is after its endDate (both dates
// valid; CheckDictionary reports them otherwise).
void CheckInterval(const Checker& check, const rapidjson::Value& entry, const JsonPointer& at) {
  const rapidjson::Value& start = *Member(entry, "startDate");
  const rapidjson::Value& end = *Member(entry, "endDate");
  if (!start.IsString() || !end.IsString()) return;
  const std::optional<int64_t> from = W3cDateSeconds(StringOf(start));
  const std::optional<int64_t> to = W3cDateSeconds(StringOf(end));
  if (from && to && *from > *to) {
    check.Error(codes::kRelevantDateInterval, at.Child("startDate"),
                "the interval starts after it ends: startDate is later than endDate");
  }
}

void CheckRelevantDates(const Checker& check) {
  ForEachEntry(check, "relevantDates", 0, {}, schema::Dict::kRelevantDate, [&](const rapidjson::Value& entry, const JsonPointer& at) {
                 const bool single = Member(entry, "date") != nullptr ||
                                     Member(entry, "relevantDate") != nullptr;
                 const bool start = Member(entry, "startDate") != nullptr;
                 const bool end = Member(entry, "endDate") != nullptr;
                 if (start != end || (!single && !start)) {
                   check.Error(codes::kRelevantDatesEntryInvalid, at,
                               "a relevant date has \"date\", or both \"startDate\" and \"endDate\"");
                 } else if (start) {
                   CheckInterval(check, entry, at);
                 }
               });
}

// Apple's table of relevance by style (Apple's pass format reference).
void CheckRelevanceForStyle(const Checker& check) {
  const std::string_view style = check.style();
  const bool has_dates = Member(check.json(), "relevantDate") != nullptr ||
                         Member(check.json(), "relevantDates") != nullptr;
  if (has_dates && (style == "coupon" || style == "storeCard")) {
    check.Warning(codes::kRelevantDateIgnored,
                  JsonPointer().Child(Member(check.json(), "relevantDates") ? "relevantDates" : "relevantDate"),
                  "Wallet does not use relevant dates on a " + std::string(style));
  }
  const rapidjson::Value* locations = Member(check.json(), "locations");
  const bool has_locations = locations != nullptr && locations->IsArray() && !locations->Empty();
  const bool has_relevance = has_dates || Member(check.json(), "beacons") != nullptr;
  if (has_relevance && !has_locations &&
      (style == "coupon" || style == "storeCard" || style == "generic")) {
    check.Warning(codes::kRelevanceNeedsLocations, JsonPointer().Child("locations"),
                  "a " + std::string(style) + " with relevance information needs locations");
  }
}

}  // namespace

void CheckRelevance(const Checker& check) {
  CheckLocations(check);
  CheckBeacons(check);
  CheckRelevantDates(check);
  CheckRelevanceForStyle(check);
}

}  // namespace pkpass
