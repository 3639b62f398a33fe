#include "overrides/overrides.h"

#include <algorithm>
#include <array>

namespace pkpass {
namespace {

constexpr std::array<OverrideKey, 35> kOverrideKeys = {{
    {"androidAppLaunchURL", kJsonString, OverrideRule::kNotInPass},
    {"appLaunchURL", kJsonString, OverrideRule::kReplace},
    {"associatedPlayIdentifiers", kJsonArray, OverrideRule::kNotInPass},
    {"associatedStoreIdentifiers", kJsonArray, OverrideRule::kReplace},
    {"authenticationToken", kJsonString, OverrideRule::kReplace},
    {"backgroundColor", kJsonString, OverrideRule::kReplace},
    {"barcode", kJsonObject, OverrideRule::kBarcode},
    {"barcodes", kJsonArray, OverrideRule::kReplace},
    {"beacons", kJsonArray, OverrideRule::kReplace},
    {"description", kJsonString, OverrideRule::kReplace},
    {"expirationDate", kJsonString, OverrideRule::kReplace},
    {"fields", kJsonArray, OverrideRule::kFields},
    {"foregroundColor", kJsonString, OverrideRule::kReplace},
    {"groupingIdentifier", kJsonString, OverrideRule::kReplace},
    {"images", kJsonArray, OverrideRule::kImages},
    {"labelColor", kJsonString, OverrideRule::kReplace},
    {"locations", kJsonArray, OverrideRule::kReplace},
    {"logoText", kJsonString, OverrideRule::kReplace},
    {"maxDistance", kJsonNumber, OverrideRule::kReplace},
    {"nfc", kJsonObject, OverrideRule::kNfc},
    {"organizationName", kJsonString, OverrideRule::kReplace},
    {"passcode", kJsonString, OverrideRule::kNotInPass},
    {"relevantDate", kJsonString, OverrideRule::kReplace},
    {"relevantDates", kJsonArray, OverrideRule::kReplace},
    {"semantics", kJsonObject, OverrideRule::kReplace},
    {"serialNumber", kJsonString, OverrideRule::kReplace},
    {"sharingProhibited", kJsonBool, OverrideRule::kReplace},
    {"status", kJsonNumber, OverrideRule::kStatus},
    {"stripColor", kJsonString, OverrideRule::kReplace},
    {"suppressStripShine", kJsonBool, OverrideRule::kReplace},
    {"transitType", kJsonString, OverrideRule::kTransitType},
    {"userInfo", kJsonAny, OverrideRule::kReplace},
    {"voided", kJsonBool, OverrideRule::kReplace},
    {"webServiceURL", kJsonString, OverrideRule::kReplace},
    {"footerBackgroundColor", kJsonString, OverrideRule::kReplace},
}};

// The attributes of a field dictionary (pkpass-spec.md §2.3) and their types.
constexpr std::array<NamedTypes, 14> kFieldAttributes = {{
    {"attributedValue", kJsonString | kJsonNumber},
    {"changeMessage", kJsonString},
    {"currencyCode", kJsonString},
    {"dataDetectorTypes", kJsonArray},
    {"dateStyle", kJsonString},
    {"ignoresTimeZone", kJsonBool},
    {"isRelative", kJsonBool},
    {"label", kJsonString},
    {"numberStyle", kJsonString},
    {"row", kJsonNumber},
    {"semantics", kJsonObject},
    {"textAlignment", kJsonString},
    {"timeStyle", kJsonString},
    {"value", kJsonString | kJsonNumber},
}};

constexpr std::array<NamedTypes, 2> kBarcodeAttributes = {{
    {"altText", kJsonString}, {"message", kJsonString}}};

constexpr std::array<NamedTypes, 3> kNfcAttributes = {{
    {"encryptionPublicKey", kJsonString}, {"message", kJsonString},
    {"requiresAuthentication", kJsonBool}}};

template <typename T, size_t N>
const T* FindByName(const std::array<T, N>& table, std::string_view name) {
  auto it = std::find_if(table.begin(), table.end(), [name](const T& t) { return t.name == name; });
  return it == table.end() ? nullptr : &*it;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

bool ParseOverrides(std::string_view json, rapidjson::Document& doc, Diagnostics& diags,
                    std::string_view file) {
  if (IsBlank(json)) {
    doc.SetObject();
    return true;
  }
  return ParseJsonObject(json, file, kMaxOverridesBytes, doc, diags);
}

const OverrideKey* FindOverrideKey(std::string_view name) { return FindByName(kOverrideKeys, name); }

const NamedTypes* FindFieldAttribute(std::string_view name) {
  return FindByName(kFieldAttributes, name);
}

const NamedTypes* FindBarcodeAttribute(std::string_view name) {
  return FindByName(kBarcodeAttributes, name);
}

const NamedTypes* FindNfcAttribute(std::string_view name) { return FindByName(kNfcAttributes, name); }

}  // namespace pkpass
