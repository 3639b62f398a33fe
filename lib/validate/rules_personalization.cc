// Rules for personalization.json (Apple's pass format reference): a JSON object of the vocabulary's
// kPersonalization dictionary, in a pass that can be personalized.
#include "pkpass/diagnostic_codes.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr std::string_view kFile = "personalization.json";
constexpr size_t kMaxPersonalizationBytes = 64u << 10;

bool HasPersonalizationLogo(const ResolvedPass& pass) {
  auto it = pass.files.lower_bound("personalizationLogo");
  return it != pass.files.end() && it->first.starts_with("personalizationLogo");
}

}  // namespace

void CheckPersonalization(const Checker& check, Diagnostics& diags) {
  auto file = check.pass().files.find(std::string(kFile));
  if (file == check.pass().files.end()) return;
  rapidjson::Document doc;
  if (!ParseJsonObject(file->second->bytes, kFile, kMaxPersonalizationBytes, doc, diags)) return;
  const Checker personalization(check, std::string(kFile), doc);
  const JsonPointer root;
  CheckDictionary(personalization, schema::Dict::kPersonalization, doc, root);
  const rapidjson::Value* fields = Member(doc, "requiredPersonalizationFields");
  if (fields != nullptr && fields->IsArray() && fields->Empty()) {
    personalization.Error(codes::kRequiredKeyEmpty, root.Child("requiredPersonalizationFields"),
                          "requiredPersonalizationFields must name at least one field");
  }
  auto incomplete = [&](std::string_view what) {
    personalization.Warning(codes::kPersonalizationIncomplete, root,
                            "the pass has no " + std::string(what) +
                                "; Wallet does not offer to personalize it");
  };
  if (Member(check.json(), "nfc") == nullptr) incomplete("nfc dictionary (personalization is for NFC passes)");
  if (!HasPersonalizationLogo(check.pass())) incomplete("personalizationLogo.png");
  if (Member(check.json(), "webServiceURL") == nullptr) {
    incomplete("webServiceURL to send the personal details to");
  }
}

}  // namespace pkpass
