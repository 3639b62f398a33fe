#include "validate/dictionary.h"

#include <algorithm>

#include "pkpass/diagnostic_codes.h"
#include "util/color.h"

namespace pkpass {
namespace {

using schema::Dict;
using schema::Format;

bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// An absolute http or https URL with a host and no white space or control characters.
bool IsUrl(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] == '/') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; });
}

// Checks a string against the row's format.
void CheckFormat(const Checker& check, const schema::Key& key, const rapidjson::Value& v,
                 const JsonPointer& at) {
  switch (key.format) {
    case Format::kDate:
      check.Date(v, at, key.name);
      break;
    case Format::kColor:
      if (!NormalizeColor(StringOf(v))) {
        check.Error(codes::kColorInvalid, at,
                    std::string(key.name) + " must be rgb(r, g, b), #rrggbb or #rgb with "
                    "components 0-255");
      }
      break;
    case Format::kUrl:
      if (!IsUrl(StringOf(v))) {
        check.Warning(codes::kUrlInvalid, at,
                      std::string(key.name) + " is not an http or https URL; Wallet does not "
                      "offer the link");
      }
      break;
    case Format::kCurrencyCode:
      if (!IsCurrencyCode(StringOf(v))) {
        check.Error(codes::kCurrencyCodeInvalid, at,
                    std::string(key.name) + " must be an ISO 4217 code such as \"USD\"");
      }
      break;
    case Format::kEnum:
      check.Enum(v, key.values, at, key.name);
      break;
    case Format::kAny:
    case Format::kStyleKey:
    case Format::kCompanionStyle:
    case Format::kNonNegative:  // a number's format: CheckValue
      break;
  }
}

}  // namespace

std::string_view DictionaryName(Dict dict) {
  switch (dict) {
    case Dict::kNone: return "a value";
    case Dict::kPass: return "pass.json";
    case Dict::kStyle: return "a style";
    case Dict::kField: return "a field";
    case Dict::kBarcode: return "a barcode";
    case Dict::kNfc: return "nfc";
    case Dict::kLocation: return "a location";
    case Dict::kBeacon: return "a beacon";
    case Dict::kRelevantDate: return "a relevant date";
    case Dict::kFeaturedAction: return "a featured action";
    case Dict::kSemantics: return "semantics";
    case Dict::kSeat: return "a seat";
    case Dict::kPersonName: return "a person's name";
    case Dict::kCurrencyAmount: return "a currency amount";
    case Dict::kSemanticLocation: return "a semantic location";
    case Dict::kEventDateInfo: return "eventStartDateInfo";
    case Dict::kWifiNetwork: return "a Wi-Fi network";
    case Dict::kAirPlayDevice: return "an AirPlay device";
    case Dict::kUpcoming: return "an upcoming event";
    case Dict::kUpcomingDate: return "dateInformation";
    case Dict::kUpcomingImages: return "images";
    case Dict::kUpcomingImage: return "an image";
    case Dict::kImageUrl: return "an image URL";
    case Dict::kUpcomingUrls: return "URLs";
    case Dict::kPersonalization: return "personalization.json";
    case Dict::kOverrides: return "the overrides";
    case Dict::kFieldOverride: return "an overrides field";
  }
  return "a value";
}

void CheckValue(const Checker& check, const schema::Key& key, const rapidjson::Value& value,
                const JsonPointer& at) {
  if (key.check != schema::Check::kRule && !check.Type(value, key.types, at, key.name)) return;
  if (key.max_chars != 0) check.MaxChars(value, key.max_chars, at, key.name);
  if (key.check != schema::Check::kTable) return;
  if (key.format == Format::kNonNegative && value.IsNumber() && value.GetDouble() < 0) {
    check.Error(codes::kNumberNegative, at, std::string(key.name) + " is a distance: zero or more meters");
  }
  if (value.IsString()) {
    CheckFormat(check, key, value, at);
  } else if (value.IsObject() && key.value_dict != Dict::kNone) {
    CheckDictionary(check, key.value_dict, value, at);
  } else if (value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      const rapidjson::Value& item = value[i];
      if (key.value_dict != Dict::kNone) {
        const JsonPointer item_at = at.Child(i);
        check.Unit(MemoRule::kValue, item_at, [&] {
          if (check.Type(item, kJsonObject, item_at, DictionaryName(key.value_dict))) {
            CheckDictionary(check, key.value_dict, item, item_at);
          }
        });
      } else if (key.items != 0 && check.Type(item, key.items, at.Child(i), key.name) &&
                 item.IsString()) {
        CheckFormat(check, key, item, at.Child(i));
      }
    }
  }
}

void CheckDictionary(const Checker& check, Dict dict, const rapidjson::Value& object,
                     const JsonPointer& at) {
  if (!object.IsObject()) return;
  const std::string_view what = DictionaryName(dict);
  for (const auto& m : object.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const schema::Key* key = schema::Find(dict, name);
    if (key != nullptr) {
      CheckValue(check, *key, m.value, at.Child(name));
    } else if (dict == Dict::kSemantics) {
      check.Warning(codes::kSemanticTagUnknown, at.Child(name),
                    "\"" + std::string(name) + "\" is not a semantic tag; Wallet ignores it (is "
                    "it misspelled?)");
    } else {
      check.Warning(codes::kKeyUnknown, at.Child(name),
                    "\"" + std::string(name) + "\" is not a key of " + std::string(what) +
                        "; Wallet ignores it (is it misspelled?)");
    }
  }
  for (const schema::Key& key : schema::KeysOf(dict)) {
    if (key.need == schema::Need::kRequired && Member(object, key.name) == nullptr) {
      check.Missing(key, at.Child(key.name),
                    key.missing.empty() ? codes::kRequiredKeyMissing : key.missing,
                    std::string(what) + " needs " + std::string(key.name));
    }
  }
}

}  // namespace pkpass
