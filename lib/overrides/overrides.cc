#include "overrides/overrides.h"

#include <array>

namespace pkpass {
namespace {

constexpr std::array<OverrideKey, 19> kOverrideKeys = {{
    {"appLaunchURL", kJsonString, OverrideRule::kReplace},
    {"authenticationToken", kJsonString, OverrideRule::kReplace},
    {"backgroundColor", kJsonString, OverrideRule::kReplace},
    {"barcode", kJsonObject, OverrideRule::kBarcode},
    {"description", kJsonString, OverrideRule::kReplace},
    {"expirationDate", kJsonString, OverrideRule::kReplace},
    {"fields", kJsonArray, OverrideRule::kFields},
    {"foregroundColor", kJsonString, OverrideRule::kReplace},
    {"groupingIdentifier", kJsonString, OverrideRule::kReplace},
    {"labelColor", kJsonString, OverrideRule::kReplace},
    {"logoText", kJsonString, OverrideRule::kReplace},
    {"maxDistance", kJsonNumber, OverrideRule::kReplace},
    {"organizationName", kJsonString, OverrideRule::kReplace},
    {"relevantDate", kJsonString, OverrideRule::kReplace},
    {"serialNumber", kJsonString, OverrideRule::kReplace},
    {"sharingProhibited", kJsonBool, OverrideRule::kReplace},
    {"userInfo", kJsonObject | kJsonArray | kJsonString | kJsonNumber | kJsonBool,
     OverrideRule::kReplace},
    {"voided", kJsonBool, OverrideRule::kReplace},
    {"webServiceURL", kJsonString, OverrideRule::kReplace},
}};

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

bool ParseOverrides(std::string_view json, rapidjson::Document& doc, Diagnostics& diags) {
  if (IsBlank(json)) {
    doc.SetObject();
    return true;
  }
  return ParseJsonObject(json, kOverridesFile, kMaxOverridesBytes, doc, diags);
}

bool HasJsonType(const rapidjson::Value& v, unsigned types) {
  switch (v.GetType()) {
    case rapidjson::kStringType: return (types & kJsonString) != 0;
    case rapidjson::kNumberType: return (types & kJsonNumber) != 0;
    case rapidjson::kTrueType:
    case rapidjson::kFalseType: return (types & kJsonBool) != 0;
    case rapidjson::kObjectType: return (types & kJsonObject) != 0;
    case rapidjson::kArrayType: return (types & kJsonArray) != 0;
    case rapidjson::kNullType: return false;
  }
  return false;
}

std::string JsonTypesName(unsigned types) {
  static constexpr std::pair<unsigned, std::string_view> kNames[] = {
      {kJsonString, "a string"}, {kJsonNumber, "a number"}, {kJsonBool, "a boolean"},
      {kJsonObject, "an object"}, {kJsonArray, "an array"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((types & bit) == 0) continue;
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out;
}

const OverrideKey* FindOverrideKey(std::string_view name) {
  for (const OverrideKey& key : kOverrideKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace pkpass
