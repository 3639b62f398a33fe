// Rules for the top-level keys of pass.json: their types and lengths (pkpass-spec.md §2.2,
// §9 rule 17; Pass2U's length limits) and the rules between keys (§9 rules 13-16).
#include <array>

#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

struct KeyRule {
  std::string_view name;
  unsigned types;     // 0: checked by another rule area
  size_t max_chars;   // 0: no limit
};

constexpr KeyRule kKeyRules[] = {
    // standard keys: CheckIdentity
    {"formatVersion", 0, 0}, {"passTypeIdentifier", 0, 0}, {"serialNumber", 0, 0},
    {"teamIdentifier", 0, 0}, {"organizationName", 0, 100}, {"description", 0, 1000},
    // style keys: CheckIdentity
    {"boardingPass", 0, 0}, {"coupon", 0, 0}, {"eventTicket", 0, 0}, {"generic", 0, 0},
    {"storeCard", 0, 0}, {"posterGeneric", kJsonObject, 0},
    // associated apps, expiration, relevance
    {"appLaunchURL", kJsonString, 255}, {"associatedStoreIdentifiers", kJsonArray, 0},
    {"auxiliaryStoreIdentifiers", kJsonArray, 0}, {"userInfo", kJsonAny, 0},
    {"expirationDate", kJsonString, 0}, {"voided", kJsonBool, 0}, {"beacons", kJsonArray, 0},
    {"locations", kJsonArray, 0}, {"maxDistance", kJsonNumber, 0},
    {"relevantDate", kJsonString, 0}, {"relevantDates", kJsonArray, 0},
    // visual appearance
    {"barcode", kJsonObject, 0}, {"barcodes", kJsonArray, 0}, {"backgroundColor", kJsonString, 0},
    {"foregroundColor", kJsonString, 0}, {"labelColor", kJsonString, 0},
    {"stripColor", kJsonString, 0}, {"footerBackgroundColor", kJsonString, 0},
    {"logoText", kJsonString, 35}, {"eventLogoText", kJsonString, 0},
    {"groupingIdentifier", kJsonString, 50}, {"suppressStripShine", kJsonBool, 0},
    {"sharingProhibited", kJsonBool, 0}, {"useAutomaticColors", kJsonBool, 0},
    {"suppressHeaderDarkening", kJsonBool, 0}, {"preferredStyleSchemes", kJsonArray, 0},
    {"logoSymbolName", kJsonString, 0}, {"featuredActions", kJsonArray, 0},
    {"upcomingPassInformation", kJsonArray, 0},
    // web service, NFC, semantics
    {"webServiceURL", kJsonString, 0}, {"authenticationToken", kJsonString, 0},
    {"nfc", kJsonObject, 0}, {"semantics", kJsonObject, 0},
    // poster event ticket guide and enhanced boarding pass URLs
    {"accessibilityURL", kJsonString, 0}, {"addOnURL", kJsonString, 0},
    {"bagPolicyURL", kJsonString, 0}, {"contactVenueEmail", kJsonString, 0},
    {"contactVenuePhoneNumber", kJsonString, 0}, {"contactVenueWebsite", kJsonString, 0},
    {"directionsInformationURL", kJsonString, 0}, {"merchandiseURL", kJsonString, 0},
    {"orderFoodURL", kJsonString, 0}, {"parkingInformationURL", kJsonString, 0},
    {"purchaseParkingURL", kJsonString, 0}, {"sellURL", kJsonString, 0},
    {"transferURL", kJsonString, 0}, {"transitInformationURL", kJsonString, 0},
    {"changeSeatURL", kJsonString, 0}, {"entertainmentURL", kJsonString, 0},
    {"managementURL", kJsonString, 0}, {"purchaseAdditionalBaggageURL", kJsonString, 0},
    {"purchaseLoungeAccessURL", kJsonString, 0}, {"purchaseWifiURL", kJsonString, 0},
    {"registerServiceAnimalURL", kJsonString, 0}, {"reportLostBagURL", kJsonString, 0},
    {"requestWheelchairURL", kJsonString, 0}, {"trackBagsURL", kJsonString, 0},
    {"transitProviderEmail", kJsonString, 0}, {"transitProviderPhoneNumber", kJsonString, 0},
    {"transitProviderWebsiteURL", kJsonString, 0},
};

constexpr std::string_view kTransitTypes[] = {"PKTransitTypeAir", "PKTransitTypeBoat",
                                              "PKTransitTypeBus", "PKTransitTypeGeneric",
                                              "PKTransitTypeTrain"};

const KeyRule* FindKeyRule(std::string_view name) {
  for (const KeyRule& rule : kKeyRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

void CheckTransitType(const Checker& check) {
  const JsonPointer root;
  for (std::string_view style : kStyleKeys) {
    const rapidjson::Value* dict = Member(check.json(), style);
    if (dict == nullptr || !dict->IsObject()) continue;
    const JsonPointer at = root.Child(style).Child("transitType");
    const rapidjson::Value* transit = Member(*dict, "transitType");
    if (style == "boardingPass" && transit == nullptr) {
      check.Error(codes::kTransitTypeMissing, at,
                  "a boarding pass needs transitType: PKTransitTypeAir, ...Boat, ...Bus, "
                  "...Generic or ...Train");
    } else if (style != "boardingPass" && transit != nullptr) {
      check.Error(codes::kTransitTypeNotAllowed, at, "transitType is only for boarding passes");
    } else if (transit != nullptr) {
      check.Enum(*transit, kTransitTypes, at, "transitType");
    }
  }
}

void CheckAssociatedApps(const Checker& check) {
  const JsonPointer root;
  for (std::string_view key : {"associatedStoreIdentifiers", "auxiliaryStoreIdentifiers"}) {
    const rapidjson::Value* ids = Member(check.json(), key);
    if (ids == nullptr || !ids->IsArray()) continue;
    for (rapidjson::SizeType i = 0; i < ids->Size(); ++i) {
      if (!(*ids)[i].IsUint64()) {
        check.Error(codes::kKeyType, root.Child(key).Child(i),
                    "an App Store identifier is a positive integer, not " +
                        std::string(JsonTypeName((*ids)[i])));
      }
    }
  }
  const rapidjson::Value* ids = Member(check.json(), "associatedStoreIdentifiers");
  if (Member(check.json(), "appLaunchURL") != nullptr &&
      (ids == nullptr || !ids->IsArray() || ids->Empty())) {
    check.Error(codes::kAppLaunchUrlNeedsStoreId, root.Child("appLaunchURL"),
                "appLaunchURL needs associatedStoreIdentifiers naming the app to launch");
  }
}

void CheckWebService(const Checker& check) {
  const JsonPointer root;
  const rapidjson::Value* url = Member(check.json(), "webServiceURL");
  const rapidjson::Value* token = Member(check.json(), "authenticationToken");
  if ((url == nullptr) != (token == nullptr)) {
    check.Error(codes::kWebServiceIncomplete,
                root.Child(url != nullptr ? "webServiceURL" : "authenticationToken"),
                "webServiceURL and authenticationToken go together: give both or neither");
  }
  if (url != nullptr && url->IsString() && !StringOf(*url).starts_with("https://")) {
    check.Error(codes::kWebServiceNotHttps, root.Child("webServiceURL"),
                "webServiceURL must use https://");
  }
  if (token != nullptr && token->IsString() && Utf8Length(StringOf(*token)) < 16) {
    check.Error(codes::kAuthenticationTokenShort, root.Child("authenticationToken"),
                "authenticationToken must be 16 characters or longer");
  }
}

}  // namespace

// Reports text-control-character for every string below `v` with a C0 control character other
// than tab, line feed and carriage return: a U+0000 ends the text where Wallet reads it as a C
// string, and the others show as nothing or as boxes. Depth is bounded by kMaxJsonDepth.
void CheckControlCharacters(const Checker& check, const rapidjson::Value& v, const JsonPointer& at) {
  if (v.IsString()) {
    for (char c : StringOf(v)) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        check.Error(codes::kTextControlCharacter, at,
                    "the text holds the control character U+00" +
                        std::string(1, "0123456789ABCDEF"[(c >> 4) & 0xF]) +
                        std::string(1, "0123456789ABCDEF"[c & 0xF]));
        return;
      }
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) CheckControlCharacters(check, v[i], at.Child(i));
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) CheckControlCharacters(check, m.value, at.Child(StringOf(m.name)));
  }
}

void CheckKeys(const Checker& check) {
  const JsonPointer root;
  for (const auto& m : check.json().GetObject()) {
    // userInfo is the issuer's own data, handed to its app and never shown: it may hold anything.
    if (StringOf(m.name) != "userInfo") CheckControlCharacters(check, m.value, root.Child(StringOf(m.name)));
  }
  for (const auto& m : check.json().GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer at = root.Child(name);
    const KeyRule* rule = FindKeyRule(name);
    if (rule == nullptr) {
      check.Warning(codes::kKeyUnknown, at,
                    "\"" + std::string(name) + "\" is not a pass.json key; Wallet ignores it "
                    "(is it misspelled?)");
      continue;
    }
    if (rule->types != 0 && !check.Type(m.value, rule->types, at, name)) continue;
    if (rule->max_chars != 0) check.MaxChars(m.value, rule->max_chars, at, name);
  }
  const rapidjson::Value* grouping = Member(check.json(), "groupingIdentifier");
  if (grouping != nullptr && check.style() != "eventTicket" && check.style() != "boardingPass" &&
      !check.style().empty()) {
    check.Error(codes::kGroupingIdentifierNotAllowed, root.Child("groupingIdentifier"),
                "groupingIdentifier is only for event tickets and boarding passes");
  }
  CheckTransitType(check);
  CheckAssociatedApps(check);
  CheckWebService(check);
}

}  // namespace pkpass
