// Locations and beacons as the vendors write them: arrays of objects whose members have other
// names than pass.json's and hold numbers as strings ("42.369169"). One table per vendor says
// what each member becomes.
#ifndef PKPASS_IMPORT_PLACES_H_
#define PKPASS_IMPORT_PLACES_H_

#include <functional>
#include <span>
#include <string_view>

#include "import/native_builder.h"

namespace pkpass {

// A member of a vendor's location or beacon, and what it becomes.
struct PlaceKey {
  enum class Kind {
    kNumber,   // a number, or a string holding one
    kInteger,  // a whole number, or a string of digits (its range is the pass's to check)
    kText,     // a string
    kDropped,  // the vendor's own (an address for its map): left out of the pass
  };
  std::string_view payload;
  std::string_view native;
  Kind kind;
};

// A location as Airship and Passcreator write it: pass.json's names, numbers maybe as strings.
inline constexpr PlaceKey kCamelCaseLocationKeys[] = {
    {"latitude", "latitude", PlaceKey::Kind::kNumber},
    {"longitude", "longitude", PlaceKey::Kind::kNumber},
    {"altitude", "altitude", PlaceKey::Kind::kNumber},
    {"relevantText", "relevantText", PlaceKey::Kind::kText},
};

// Called with a member the table lacks; returns whether the vendor's importer handled it
// (Passcreator's localizedRelevantText). Otherwise it is import-key-unknown.
using PlaceMember = std::function<bool(const rapidjson::Value& place, std::string_view name,
                                       const rapidjson::Value& value, const JsonPointer& at)>;

// Imports `list` (the payload's array at `at`) as the native array `array` ("locations",
// "beacons"), which it replaces as a whole. `what` names one element in messages ("relevant
// location").
void ImportPlaces(std::string_view array, const rapidjson::Value& list, const JsonPointer& at,
                  std::span<const PlaceKey> keys, std::string_view what, NativeBuilder& out,
                  const PlaceMember& other = nullptr);

}  // namespace pkpass

#endif  // PKPASS_IMPORT_PLACES_H_
