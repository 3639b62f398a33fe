// Rules for relevance: locations, beacons, relevant dates (pkpass-spec.md §2.5; §9 rules 29,
// 31, 32; Pass2U's limits of 10 locations and 10 beacons).
#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr size_t kMaxLocations = 10;
constexpr size_t kMaxBeacons = 10;
constexpr std::string_view kLocationKeys[] = {"latitude", "longitude", "altitude", "relevantText"};
constexpr std::string_view kBeaconKeys[] = {"proximityUUID", "major", "minor", "relevantText"};
constexpr std::string_view kRelevantDateKeys[] = {"date", "startDate", "endDate", "relevantDate"};

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckCoordinate(const Checker& check, const rapidjson::Value& location, const JsonPointer& at,
                     std::string_view key, double limit) {
  const rapidjson::Value* v = Member(location, key);
  if (v == nullptr) {
    check.Error(codes::kLocationCoordinateMissing, at.Child(key),
                "a location needs " + std::string(key));
  } else if (check.Type(*v, kJsonNumber, at.Child(key), key) &&
             (v->GetDouble() < -limit || v->GetDouble() > limit)) {
    const std::string bound = std::to_string(static_cast<int>(limit));
    check.Error(codes::kLocationOutOfRange, at.Child(key),
                std::string(key) + " must be from -" + bound + " to " + bound);
  }
}

void CheckRelevantText(const Checker& check, const rapidjson::Value& entry, const JsonPointer& at) {
  if (const rapidjson::Value* text = Member(entry, "relevantText");
      text != nullptr && check.Type(*text, kJsonString, at.Child("relevantText"), "relevantText")) {
    check.MaxChars(*text, 255, at.Child("relevantText"), "relevantText");
  }
}

// Walks the array pass.json holds at `key`: reports `too_many` past `max` entries (0: no limit),
// key-type for an entry that is no object, key-unknown for keys not in `known`, and calls
// fn(entry, pointer) for every object entry.
template <typename Fn>
void ForEachEntry(const Checker& check, std::string_view key, size_t max, std::string_view too_many,
                  std::string_view what, std::span<const std::string_view> known, Fn fn) {
  const rapidjson::Value* list = Member(check.json(), key);
  if (list == nullptr || !list->IsArray()) return;
  const JsonPointer at = JsonPointer().Child(key);
  if (max != 0 && list->Size() > max) {
    check.Error(too_many, at,
                "a pass holds at most " + std::to_string(max) + " " + std::string(key) +
                    "; this one has " + std::to_string(list->Size()));
  }
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    if (!check.Type((*list)[i], kJsonObject, at.Child(i), what)) continue;
    check.UnknownKeys((*list)[i], known, at.Child(i), what);
    fn((*list)[i], at.Child(i));
  }
}

void CheckLocations(const Checker& check) {
  ForEachEntry(check, "locations", kMaxLocations, codes::kLocationsTooMany, "a location",
               kLocationKeys, [&](const rapidjson::Value& location, const JsonPointer& at) {
                 CheckCoordinate(check, location, at, "latitude", 90);
                 CheckCoordinate(check, location, at, "longitude", 180);
                 if (const rapidjson::Value* altitude = Member(location, "altitude")) {
                   check.Type(*altitude, kJsonNumber, at.Child("altitude"), "altitude");
                 }
                 CheckRelevantText(check, location, at);
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
  ForEachEntry(check, "beacons", kMaxBeacons, codes::kBeaconsTooMany, "a beacon", kBeaconKeys,
               [&](const rapidjson::Value& beacon, const JsonPointer& at) {
                 const rapidjson::Value* uuid = Member(beacon, "proximityUUID");
                 if (uuid == nullptr || !uuid->IsString() || !IsUuid(StringOf(*uuid))) {
                   check.Error(codes::kBeaconUuidInvalid, at.Child("proximityUUID"),
                               "a beacon needs a proximityUUID such as "
                               "\"E2C56DB5-DFFB-48D2-B060-D0F5A71096E0\"");
                 }
                 CheckBeaconNumber(check, beacon, at, "major", codes::kBeaconMajorRange);
                 CheckBeaconNumber(check, beacon, at, "minor", codes::kBeaconMinorRange);
                 CheckRelevantText(check, beacon, at);
               });
}

void CheckRelevantDates(const Checker& check) {
  ForEachEntry(check, "relevantDates", 0, {}, "a relevant date", kRelevantDateKeys,
               [&](const rapidjson::Value& entry, const JsonPointer& at) {
                 const bool single = Member(entry, "date") != nullptr ||
                                     Member(entry, "relevantDate") != nullptr;
                 const bool start = Member(entry, "startDate") != nullptr;
                 const bool end = Member(entry, "endDate") != nullptr;
                 if (start != end || (!single && !start)) {
                   check.Error(codes::kRelevantDatesEntryInvalid, at,
                               "a relevant date has \"date\", or both \"startDate\" and \"endDate\"");
                 }
               });
}

// Apple's table of relevance by style (pkpass-spec.md §2.5).
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
