// Rules for the standard keys of pass.json and its style key (pkpass-spec.md §2.1, §3, §9
// rules 10-12).
#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr std::string_view kRequiredStrings[] = {"passTypeIdentifier", "serialNumber",
                                                 "teamIdentifier", "organizationName",
                                                 "description"};

// Checks that pass.json's `key` equals the certificate's `expected` value.
void CheckBinding(const ResolvedPass& pass, std::string_view key, std::string_view expected,
                  std::string_view code, std::string_view cert_field, Diagnostics& diags) {
  const rapidjson::Value* value = Member(pass.pass_json, key);
  if (value == nullptr || !value->IsString()) return;  // reported already
  const std::string_view actual = StringOf(*value);
  if (actual == expected) return;
  pass.Report(diags, Severity::kError, code, JsonPointer().Child(key),
              std::string(key) + " is \"" + std::string(actual) +
                  "\" but the signing certificate's " + std::string(cert_field) + " is \"" +
                  std::string(expected) + "\"");
}

}  // namespace

void CheckIdentity(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags) {
  const rapidjson::Value& json = pass.pass_json;
  const JsonPointer root;

  const rapidjson::Value* version = Member(json, "formatVersion");
  if (version == nullptr) {
    pass.Report(diags, Severity::kError, codes::kRequiredKeyMissing, root.Child("formatVersion"),
                "formatVersion is required and must be 1");
  } else if (!version->IsInt() || version->GetInt() != 1) {
    pass.Report(diags, Severity::kError, codes::kFormatVersion, root.Child("formatVersion"),
                "formatVersion must be the integer 1");
  }

  for (std::string_view key : kRequiredStrings) {
    const JsonPointer at = root.Child(key);
    const rapidjson::Value* value = Member(json, key);
    if (value == nullptr) {
      pass.Report(diags, Severity::kError, codes::kRequiredKeyMissing, at,
                  std::string(key) + " is required");
    } else if (!value->IsString()) {
      pass.Report(diags, Severity::kError, codes::kKeyType, at,
                  std::string(key) + " must be a string, not " + std::string(JsonTypeName(*value)));
    } else if (value->GetStringLength() == 0) {
      pass.Report(diags, Severity::kError, codes::kRequiredKeyEmpty, at,
                  std::string(key) + " must not be empty");
    }
  }

  if (signer != nullptr) {
    CheckBinding(pass, "passTypeIdentifier", signer->pass_type_identifier,
                 codes::kPassTypeIdMismatch, "UID", diags);
    CheckBinding(pass, "teamIdentifier", signer->team_identifier, codes::kTeamIdMismatch, "OU",
                 diags);
  }

  std::string_view first_style;
  for (std::string_view style : kStyleKeys) {
    const rapidjson::Value* value = Member(json, style);
    if (value == nullptr) continue;
    if (!value->IsObject()) {
      pass.Report(diags, Severity::kError, codes::kKeyType, root.Child(style),
                  std::string(style) + " must be an object, not " +
                      std::string(JsonTypeName(*value)));
    }
    if (first_style.empty()) {
      first_style = style;
    } else {
      pass.Report(diags, Severity::kError, codes::kStyleMultiple, root.Child(style),
                  "a pass has exactly one style key; it has both " + std::string(first_style) +
                      " and " + std::string(style));
    }
  }
  if (first_style.empty()) {
    pass.Report(diags, Severity::kError, codes::kStyleMissing, root,
                "a pass needs one style key: boardingPass, coupon, eventTicket, generic or "
                "storeCard");
  }
}

}  // namespace pkpass
