// Rules for the field dictionaries of every style key (pkpass-spec.md §2.3, §3.1, §4;
// §9 rules 18-27; Pass2U's length limits).
#include <algorithm>
#include <map>
#include <regex>

#include "pkpass/diagnostic_codes.h"
#include "util/w3c_date.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr std::string_view kFieldKeys[] = {
    "key",          "label",      "value",          "attributedValue", "changeMessage",
    "textAlignment", "dataDetectorTypes", "dateStyle", "timeStyle", "isRelative",
    "ignoresTimeZone", "numberStyle", "currencyCode", "row", "semantics"};
constexpr std::string_view kStyleDictKeys[] = {
    "headerFields", "primaryFields", "secondaryFields", "auxiliaryFields", "backFields",
    "additionalInfoFields", "footerFields", "transitType"};
constexpr std::string_view kTextAlignments[] = {"PKTextAlignmentLeft", "PKTextAlignmentCenter",
                                                "PKTextAlignmentRight", "PKTextAlignmentNatural"};
constexpr std::string_view kDateStyles[] = {"PKDateStyleNone", "PKDateStyleShort",
                                            "PKDateStyleMedium", "PKDateStyleLong",
                                            "PKDateStyleFull"};
constexpr std::string_view kNumberStyles[] = {"PKNumberStyleDecimal", "PKNumberStylePercent",
                                              "PKNumberStyleScientific", "PKNumberStyleSpellOut"};
constexpr std::string_view kDataDetectors[] = {"PKDataDetectorTypePhoneNumber",
                                               "PKDataDetectorTypeLink",
                                               "PKDataDetectorTypeAddress",
                                               "PKDataDetectorTypeCalendarEvent"};

// Where a field is: its style and group.
struct FieldPlace {
  std::string_view style;
  std::string_view group;
};

bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void CheckDateValue(const Checker& check, const rapidjson::Value& field, const JsonPointer& at) {
  const rapidjson::Value* value = Member(field, "value");
  if (value == nullptr) return;
  const DateCheck date = value->IsString() ? CheckW3cDate(StringOf(*value)) : DateCheck::kInvalid;
  if (date == DateCheck::kNoOffset) {
    check.Error(codes::kDateTimezoneMissing, at.Child("value"),
                "a date field's value needs a time zone: add \"Z\" or an offset such as \"+08:00\"");
  } else if (date == DateCheck::kInvalid) {
    check.Error(codes::kDateInvalid, at.Child("value"),
                "dateStyle or timeStyle makes this a date field; its value must be a date such as "
                "\"2018-12-31T23:00:15+08:00\"");
  }
}

void CheckStyles(const Checker& check, const rapidjson::Value& field, const JsonPointer& at,
                 const FieldPlace& place) {
  const rapidjson::Value* date_style = Member(field, "dateStyle");
  const rapidjson::Value* time_style = Member(field, "timeStyle");
  if (date_style != nullptr) check.Enum(*date_style, kDateStyles, at.Child("dateStyle"), "dateStyle");
  if (time_style != nullptr) check.Enum(*time_style, kDateStyles, at.Child("timeStyle"), "timeStyle");
  const bool is_date = date_style != nullptr || time_style != nullptr ||
                       Member(field, "isRelative") != nullptr ||
                       Member(field, "ignoresTimeZone") != nullptr;
  if (is_date) CheckDateValue(check, field, at);
  if ((date_style == nullptr) != (time_style == nullptr) && (date_style || time_style)) {
    check.Warning(codes::kDateStylePair, at.Child(date_style != nullptr ? "dateStyle" : "timeStyle"),
                  "give both dateStyle and timeStyle, or neither");
  }
  for (std::string_view key : {"isRelative", "ignoresTimeZone"}) {
    if (const rapidjson::Value* v = Member(field, key)) check.Type(*v, kJsonBool, at.Child(key), key);
  }
  const rapidjson::Value* number_style = Member(field, "numberStyle");
  const rapidjson::Value* currency = Member(field, "currencyCode");
  if (number_style != nullptr) check.Enum(*number_style, kNumberStyles, at.Child("numberStyle"), "numberStyle");
  if (currency != nullptr && check.Type(*currency, kJsonString, at.Child("currencyCode"), "currencyCode") &&
      !IsCurrencyCode(StringOf(*currency))) {
    check.Error(codes::kCurrencyCodeInvalid, at.Child("currencyCode"),
                "currencyCode must be an ISO 4217 code such as \"USD\"");
  }
  if (number_style != nullptr || currency != nullptr) {
    const std::string_view key = number_style != nullptr ? "numberStyle" : "currencyCode";
    const rapidjson::Value* value = Member(field, "value");
    if (value != nullptr && !value->IsNumber()) {
      check.Error(codes::kNumberStyleNotNumber, at.Child(key),
                  std::string(key) + " applies to numbers only; this value is " +
                      std::string(JsonTypeName(*value)));
    }
    if ((number_style != nullptr && currency != nullptr) || is_date) {
      check.Error(codes::kNumberStyleConflict, at.Child(key),
                  "a field takes one of numberStyle, currencyCode, or the date styles");
    }
  }
  if (const rapidjson::Value* align = Member(field, "textAlignment")) {
    if (check.Enum(*align, kTextAlignments, at.Child("textAlignment"), "textAlignment") &&
        (place.group == "primaryFields" || place.group == "backFields")) {
      check.Warning(codes::kTextAlignmentIgnored, at.Child("textAlignment"),
                    "Wallet ignores textAlignment on " + std::string(place.group));
    }
  }
  if (const rapidjson::Value* detectors = Member(field, "dataDetectorTypes")) {
    const JsonPointer d_at = at.Child("dataDetectorTypes");
    if (check.Type(*detectors, kJsonArray, d_at, "dataDetectorTypes")) {
      for (rapidjson::SizeType i = 0; i < detectors->Size(); ++i) {
        check.Enum((*detectors)[i], kDataDetectors, d_at.Child(i), "a data detector type");
      }
      if (place.group != "backFields") {
        check.Warning(codes::kDataDetectorsIgnored, d_at, "data detectors apply to back fields only");
      }
    }
  }
  if (const rapidjson::Value* row = Member(field, "row")) {
    if (!row->IsInt() || (row->GetInt() != 0 && row->GetInt() != 1)) {
      check.Error(codes::kRowInvalid, at.Child("row"), "row must be 0 or 1");
    } else if (place.group != "auxiliaryFields" || place.style != "eventTicket") {
      check.Warning(codes::kRowIgnored, at.Child("row"),
                    "row applies to an event ticket's auxiliaryFields only");
    }
  }
}

void CheckMarkup(const Checker& check, const rapidjson::Value& field, const JsonPointer& at) {
  const rapidjson::Value* attributed = Member(field, "attributedValue");
  if (attributed == nullptr || !check.Type(*attributed, kJsonString | kJsonNumber,
                                           at.Child("attributedValue"), "attributedValue") ||
      !attributed->IsString()) {
    return;
  }
  static const std::regex kTag("<\\s*(/?)\\s*([A-Za-z0-9]*)[^>]*>");
  const std::string text(StringOf(*attributed));
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kTag); it != std::sregex_iterator(); ++it) {
    const std::string tag = (*it)[2].str();
    if (tag != "a" && tag != "A") {
      check.Warning(codes::kAttributedValueMarkup, at.Child("attributedValue"),
                    "attributedValue supports only <a href> links; Wallet shows other markup as text");
      return;
    }
  }
}

void CheckField(const Checker& check, const rapidjson::Value& field, const JsonPointer& at,
                const FieldPlace& place, std::map<std::string, std::string>& keys) {
  check.UnknownKeys(field, kFieldKeys, at, "a field");
  const rapidjson::Value* key = Member(field, "key");
  if (key == nullptr) {
    check.Error(codes::kFieldKeyMissing, at.Child("key"), "a field needs a \"key\"");
  } else if (check.Type(*key, kJsonString, at.Child("key"), "key")) {
    check.MaxChars(*key, 100, at.Child("key"), "key");
    const std::string name(StringOf(*key));
    if (auto [it, added] = keys.emplace(name, at.str()); !added) {
      check.Error(codes::kFieldKeyDuplicate, at.Child("key"),
                  "the key \"" + name + "\" is already used by the field at " + it->second +
                      "; field keys must be unique across the pass");
    }
  }
  const rapidjson::Value* value = Member(field, "value");
  if (value == nullptr) {
    check.Error(codes::kFieldValueMissing, at.Child("value"), "a field needs a \"value\"");
  } else if (check.Type(*value, kJsonString | kJsonNumber, at.Child("value"), "value")) {
    check.MaxChars(*value, 5000, at.Child("value"), "value");
  }
  if (const rapidjson::Value* label = Member(field, "label");
      label != nullptr && check.Type(*label, kJsonString, at.Child("label"), "label")) {
    check.MaxChars(*label, 150, at.Child("label"), "label");
  }
  if (const rapidjson::Value* change = Member(field, "changeMessage");
      change != nullptr && check.Type(*change, kJsonString, at.Child("changeMessage"), "changeMessage")) {
    check.MaxChars(*change, 80, at.Child("changeMessage"), "changeMessage");
    if (StringOf(*change).find("%@") == std::string_view::npos) {
      check.Warning(codes::kChangeMessagePlaceholder, at.Child("changeMessage"),
                    "changeMessage needs \"%@\" where the new value goes");
    }
  }
  if (const rapidjson::Value* semantics = Member(field, "semantics")) {
    check.Type(*semantics, kJsonObject, at.Child("semantics"), "semantics");
  }
  CheckMarkup(check, field, at);
  CheckStyles(check, field, at, place);
}

// Apple's front-of-pass limits (pkpass-spec.md §3.1): fields past them are not shown.
void CheckCounts(const Checker& check, const rapidjson::Value& dict, const JsonPointer& at,
                 std::string_view style) {
  auto count = [&dict](std::string_view group) -> size_t {
    const rapidjson::Value* list = Member(dict, group);
    return list != nullptr && list->IsArray() ? list->Size() : 0;
  };
  auto limit = [&](std::string_view group, size_t max) {
    if (count(group) > max) {
      check.Warning(codes::kFieldsTooMany, at.Child(group),
                    std::string(style) + " shows at most " + std::to_string(max) + " " +
                        std::string(group) + "; " + std::to_string(count(group) - max) +
                        " will not be shown");
    }
  };
  limit("headerFields", 3);
  limit("primaryFields", style == "boardingPass" ? 2 : 1);
  limit("secondaryFields", 4);
  limit("auxiliaryFields", style == "boardingPass" ? 5 : style == "eventTicket" ? 8 : 4);
  if ((style == "coupon" || style == "storeCard" || style == "generic") &&
      count("secondaryFields") <= 4 && count("auxiliaryFields") <= 4 &&
      count("secondaryFields") + count("auxiliaryFields") > 4) {
    const rapidjson::Value* barcodes = Member(check.json(), "barcodes");
    const rapidjson::Value* format = barcodes != nullptr && barcodes->IsArray() && !barcodes->Empty()
                                         ? Member((*barcodes)[0], "format")
                                         : nullptr;
    const bool square = format != nullptr && format->IsString() &&
                        (StringOf(*format) == "PKBarcodeFormatQR" ||
                         StringOf(*format) == "PKBarcodeFormatAztec");
    if (square) {
      check.Warning(codes::kFieldsTooMany, at.Child("auxiliaryFields"),
                    "with a square barcode, " + std::string(style) +
                        " shows at most 4 secondary and auxiliary fields together");
    }
  }
}

}  // namespace

void CheckFields(const Checker& check) {
  std::map<std::string, std::string> keys;  // field key -> pointer of its first use
  const JsonPointer root;
  for (std::string_view style : kFieldDictionaryKeys) {
    const rapidjson::Value* dict = Member(check.json(), style);
    if (dict == nullptr || !dict->IsObject()) continue;
    const JsonPointer style_at = root.Child(style);
    check.UnknownKeys(*dict, kStyleDictKeys, style_at, style);
    for (std::string_view group : kFieldGroups) {
      const rapidjson::Value* list = Member(*dict, group);
      if (list == nullptr || !check.Type(*list, kJsonArray, style_at.Child(group), group)) continue;
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        const JsonPointer at = style_at.Child(group).Child(i);
        if (check.Type((*list)[i], kJsonObject, at, "a field")) {
          CheckField(check, (*list)[i], at, {style, group}, keys);
        }
      }
    }
    CheckCounts(check, *dict, style_at, style);
  }
}

}  // namespace pkpass
