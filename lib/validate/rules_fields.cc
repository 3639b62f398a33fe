// Rules for the field dictionaries of every style key (Apple's pass format reference; Pass2U's
// length limits).
#include <algorithm>
#include <map>
#include <regex>

#include "pkpass/diagnostic_codes.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

// Where a field is: its style and group.
struct FieldPlace {
  std::string_view style;
  std::string_view group;
};

void CheckStyles(const Checker& check, const rapidjson::Value& field, const JsonPointer& at,
                 const FieldPlace& place) {
  const rapidjson::Value* date_style = Member(field, "dateStyle");
  const rapidjson::Value* time_style = Member(field, "timeStyle");
  const bool is_date = IsDateField(field);
  if (const rapidjson::Value* value = Member(field, "value"); value != nullptr && is_date) {
    check.Date(*value, at.Child("value"), "the value of a date field (one with dateStyle, timeStyle, "
               "isRelative or ignoresTimeZone)");
  }
  if ((date_style == nullptr) != (time_style == nullptr) && (date_style || time_style)) {
    check.Warning(codes::kDateStylePair, at.Child(date_style != nullptr ? "dateStyle" : "timeStyle"),
                  "give both dateStyle and timeStyle, or neither");
  }
  const rapidjson::Value* number_style = Member(field, "numberStyle");
  const rapidjson::Value* currency = Member(field, "currencyCode");
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
    if (align->IsString() && (place.group == "primaryFields" || place.group == "backFields")) {
      check.Warning(codes::kTextAlignmentIgnored, at.Child("textAlignment"),
                    "Wallet ignores textAlignment on " + std::string(place.group));
    }
  }
  if (const rapidjson::Value* detectors = Member(field, "dataDetectorTypes")) {
    if (detectors->IsArray() && place.group != "backFields") {
      check.Warning(codes::kDataDetectorsIgnored, at.Child("dataDetectorTypes"),
                    "data detectors apply to back fields only");
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
  if (attributed == nullptr || !attributed->IsString()) return;
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

// Checks one field: its own rules, which read the field alone (units of the memo), and whether
// its key is unique, which reads every field before it.
void CheckField(const Checker& check, const rapidjson::Value& field, const JsonPointer& at,
                const FieldPlace& place, std::map<std::string_view, JsonPointer>& keys) {
  check.Unit(MemoRule::kFieldEntries, at, [&] {
    CheckDictionary(check, schema::Dict::kField, field, at);  // keys, types, lengths, spellings
  });
  if (const rapidjson::Value* key = Member(field, "key"); key != nullptr && key->IsString()) {
    const std::string_view name = StringOf(*key);
    if (auto [it, added] = keys.emplace(name, at); !added) {
      check.Error(codes::kFieldKeyDuplicate, at.Child("key"),
                  "the key \"" + std::string(name) + "\" is already used by the field at " + it->second.str() +
                      "; field keys must be unique across the pass");
    }
  }
  check.Unit(MemoRule::kFieldRules, at, [&] {
    if (const rapidjson::Value* change = Member(field, "changeMessage");
        change != nullptr && change->IsString() && StringOf(*change).find("%@") == std::string_view::npos) {
      check.Warning(codes::kChangeMessagePlaceholder, at.Child("changeMessage"),
                    "changeMessage needs \"%@\" where the new value goes");
    }
    CheckMarkup(check, field, at);
    CheckStyles(check, field, at, place);
  });
}

// Apple's front-of-pass limits (Apple's pass format reference): fields past them are not shown.
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
  for (const std::string_view group : {"headerFields", "primaryFields", "secondaryFields", "auxiliaryFields"}) {
    limit(group, schema::FieldsShown(group, style));
  }
  if ((style == "coupon" || style == "storeCard" || style == "generic") &&
      count("secondaryFields") <= 4 && count("auxiliaryFields") <= 4 &&
      count("secondaryFields") + count("auxiliaryFields") > 4) {
    const rapidjson::Value* barcodes = Member(check.json(), "barcodes");
    const rapidjson::Value* format = barcodes != nullptr && barcodes->IsArray() && !barcodes->Empty()
                                         ? Member((*barcodes)[0], "format")
                                         : nullptr;
    const schema::BarcodeFormat* row =
        format != nullptr && format->IsString() ? schema::FindBarcodeFormat(StringOf(*format)) : nullptr;
    const bool square = row != nullptr && row->square;
    if (square) {
      check.Warning(codes::kFieldsTooMany, at.Child("auxiliaryFields"),
                    "with a square barcode, " + std::string(style) +
                        " shows at most 4 secondary and auxiliary fields together");
    }
  }
}

}  // namespace

void CheckFields(const Checker& check) {
  std::map<std::string_view, JsonPointer> keys;  // field key -> its first use
  const JsonPointer root;
  for (std::string_view style : schema::FieldDictionaryKeys()) {
    const rapidjson::Value* dict = Member(check.json(), style);
    if (dict == nullptr || !dict->IsObject()) continue;
    const JsonPointer style_at = root.Child(style);
    check.UnknownKeys(*dict, schema::Dict::kStyle, style_at, style);
    for (std::string_view group : schema::FieldGroups()) {
      const rapidjson::Value* list = Member(*dict, group);
      if (list == nullptr) continue;
      const JsonPointer group_at = style_at.Child(group);
      if (!check.Type(*list, kJsonArray, group_at, group)) continue;
      for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        const JsonPointer at = group_at.Child(i);
        if (check.Type((*list)[i], kJsonObject, at, "a field")) {
          CheckField(check, (*list)[i], at, {style, group}, keys);
        }
      }
    }
    CheckCounts(check, *dict, style_at, style);
  }
}

}  // namespace pkpass
