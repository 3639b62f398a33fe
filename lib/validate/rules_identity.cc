// Rules for the standard keys of pass.json and its style key (Apple's pass format reference).
#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

// Checks that pass.json's `key` equals the certificate's `expected` value.
void CheckBinding(const Checker& check, std::string_view key, std::string_view expected,
                  std::string_view code, std::string_view cert_field) {
  const rapidjson::Value* value = Member(check.json(), key);
  if (value == nullptr || !value->IsString()) return;  // reported already
  const std::string_view actual = StringOf(*value);
  if (actual == expected) return;
  check.Error(code, JsonPointer().Child(key),
              std::string(key) + " is \"" + std::string(actual) +
                  "\" but the signing certificate's " + std::string(cert_field) + " is \"" +
                  std::string(expected) + "\"");
}

// Exactly one style key, an object.
void CheckStyle(const Checker& check) {
  std::string_view first_style;
  for (std::string_view style : schema::StyleKeys()) {
    const rapidjson::Value* value = Member(check.json(), style);
    if (value == nullptr) continue;
    if (!value->IsObject()) {
      check.Error(codes::kKeyType, JsonPointer().Child(style),
                  std::string(style) + " must be an object, not " + std::string(JsonTypeName(*value)));
    }
    if (first_style.empty()) {
      first_style = style;
    } else {
      check.Error(codes::kStyleMultiple, JsonPointer().Child(style),
                  "a pass has exactly one style key; it has both " + std::string(first_style) + " and " +
                      std::string(style));
    }
  }
  if (first_style.empty()) {
    check.Error(codes::kStyleMissing, JsonPointer(),
                "a pass needs one style key: boardingPass, coupon, eventTicket, generic or storeCard");
  }
}

}  // namespace

void CheckIdentity(const Checker& check, const SignerIdentity* signer) {
  const rapidjson::Value& json = check.json();
  const JsonPointer root;

  const rapidjson::Value* version = Member(json, "formatVersion");
  if (version == nullptr) {
    check.Error(codes::kRequiredKeyMissing, root.Child("formatVersion"),
                "formatVersion is required and must be 1");
  } else if (!version->IsInt() || version->GetInt() != 1) {
    check.Error(codes::kFormatVersion, root.Child("formatVersion"),
                "formatVersion must be the integer 1");
  }

  for (const schema::Key& row : schema::KeysOf(schema::Dict::kPass)) {
    if (row.need != schema::Need::kRequired || row.types != kJsonString) continue;
    const std::string_view key = row.name;
    const JsonPointer at = root.Child(key);
    const rapidjson::Value* value = Member(json, key);
    if (value == nullptr) {
      check.Missing(row, at, codes::kRequiredKeyMissing, std::string(key) + " is required");
    } else if (!value->IsString()) {
      check.Error(codes::kKeyType, at,
                  std::string(key) + " must be a string, not " + std::string(JsonTypeName(*value)));
    } else if (value->GetStringLength() == 0) {
      check.Error(codes::kRequiredKeyEmpty, at,
                  std::string(key) + " must not be empty");
    }
  }

  if (signer != nullptr) {
    CheckBinding(check, "passTypeIdentifier", signer->pass_type_identifier,
                 codes::kPassTypeIdMismatch, "UID");
    CheckBinding(check, "teamIdentifier", signer->team_identifier, codes::kTeamIdMismatch, "OU");
    if (Member(json, "nfc") != nullptr && !signer->nfc_enabled) {
      check.Error(codes::kNfcCertificateRequired, root.Child("nfc"),
                  "NFC passes need an NFC-enabled Pass Type ID certificate (\"Pass Type ID with "
                  "NFC: ...\"); this certificate is not one");
    }
  }

  CheckStyle(check);
}

}  // namespace pkpass
