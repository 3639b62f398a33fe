// Rules for the top-level keys of pass.json: their types and lengths (Apple's pass format
// reference; Pass2U's length limits) and the rules between keys.
#include "pkpass/diagnostic_codes.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

// Returns whether the pass is of the kind where a key of `scope` takes effect.
bool InScope(const Checker& check, schema::Scope scope) {
  switch (scope) {
    case schema::Scope::kAnyPass:
      return true;
    case schema::Scope::kEventTicket:
      return check.style() == "eventTicket";
    case schema::Scope::kPosterEventTicket:
      return check.style() == "eventTicket" && PrefersScheme(check, "posterEventTicket");
    case schema::Scope::kSemanticBoardingPass:
      return check.style() == "boardingPass" && PrefersScheme(check, "semanticBoardingPass");
    case schema::Scope::kPosterGeneric:
      return Member(check.json(), "posterGeneric") != nullptr;
  }
  return true;
}

std::string_view ScopeName(schema::Scope scope) {
  switch (scope) {
    case schema::Scope::kEventTicket: return "event tickets";
    case schema::Scope::kPosterEventTicket:
      return "poster event tickets (an eventTicket whose preferredStyleSchemes names "
             "posterEventTicket)";
    case schema::Scope::kSemanticBoardingPass:
      return "semantic boarding passes (a boardingPass whose preferredStyleSchemes names "
             "semanticBoardingPass)";
    case schema::Scope::kPosterGeneric: return "passes with posterGeneric";
    case schema::Scope::kAnyPass: break;
  }
  return "every pass";
}

void CheckTransitType(const Checker& check) {
  const JsonPointer root;
  for (std::string_view style : schema::StyleKeys()) {
    const rapidjson::Value* dict = Member(check.json(), style);
    if (dict == nullptr || !dict->IsObject()) continue;
    const JsonPointer at = root.Child(style).Child("transitType");
    const rapidjson::Value* transit = Member(*dict, "transitType");
    if (style == "boardingPass" && transit == nullptr) {
      check.Missing(*schema::Find(schema::Dict::kStyle, "transitType"), at,
                    codes::kTransitTypeMissing,
                    "a boarding pass needs transitType: PKTransitTypeAir, ...Boat, ...Bus, "
                    "...Generic or ...Train");
    } else if (style != "boardingPass" && transit != nullptr) {
      check.Error(codes::kTransitTypeNotAllowed, at, "transitType is only for boarding passes");
    } else if (transit != nullptr) {
      check.Enum(*transit, schema::Find(schema::Dict::kStyle, "transitType")->values, at,
                 "transitType");
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
  const bool http_allowed = check.pass().allow_http_web_service && url != nullptr && url->IsString() &&
                            StringOf(*url).starts_with("http://");
  if (url != nullptr && url->IsString() && !StringOf(*url).starts_with("https://") && !http_allowed) {
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
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      const JsonPointer item_at = at.Child(i);
      check.Unit(MemoRule::kControlCharacters, item_at, [&] { CheckControlCharacters(check, v[i], item_at); });
    }
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) CheckControlCharacters(check, m.value, at.Child(StringOf(m.name)));
  }
}

void CheckKeys(const Checker& check) {
  const JsonPointer root;
  for (const auto& m : check.json().GetObject()) {
    // userInfo is the issuer's own data, handed to its app and never shown: it may hold anything.
    if (StringOf(m.name) == "userInfo") continue;
    const JsonPointer at = root.Child(StringOf(m.name));
    check.Unit(MemoRule::kControlCharacters, at, [&] { CheckControlCharacters(check, m.value, at); });
  }
  for (const auto& m : check.json().GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer at = root.Child(name);
    const schema::Key* key = schema::Find(schema::Dict::kPass, name);
    if (key == nullptr) {
      check.Warning(codes::kKeyUnknown, at,
                    "\"" + std::string(name) + "\" is not a pass.json key; Wallet ignores it "
                    "(is it misspelled?)");
      continue;
    }
    check.Unit(MemoRule::kValue, at, [&] { CheckValue(check, *key, m.value, at); });
    if (!InScope(check, key->scope)) {
      check.Warning(codes::kKeyNotForPass, at,
                    std::string(name) + " works only on " + std::string(ScopeName(key->scope)) +
                        "; Wallet ignores it here");
    }
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
