// Rules for barcodes and NFC (Apple's pass format reference; Pass2U's limits:
// message 255, altText 50, NFC message 64).
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>

#include "pkpass/diagnostic_codes.h"
#include "util/base64.h"
#include "validate/dictionary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

// Whether `format` is one of Apple's and `property` of it holds.
bool Is(std::string_view format, bool schema::BarcodeFormat::*property) {
  const schema::BarcodeFormat* row = schema::FindBarcodeFormat(format);
  return row != nullptr && row->*property;
}

// Checks one barcode dictionary; returns its format, or "" when it has no known one.
std::string_view CheckBarcode(const Checker& check, const rapidjson::Value& barcode,
                              const JsonPointer& at, bool legacy) {
  if (!check.Type(barcode, kJsonObject, at, "a barcode")) return {};
  CheckDictionary(check, schema::Dict::kBarcode, barcode, at);  // keys, types, lengths
  if (const rapidjson::Value* message = Member(barcode, "message");
      message != nullptr && message->IsString() && message->GetStringLength() == 0) {
    // Nothing to scan. A template's empty message is each pass's to supply (or the model's to
    // generate).
    if (!check.pass().is_model) {
      check.Error(codes::kBarcodeMessageEmpty, at.Child("message"),
                  "the barcode message is empty: there is nothing to scan; give the pass its message");
    } else if (check.pass().model == nullptr || !check.pass().model->config.barcode_values) {
      check.Warning(codes::kModelKeyPerPass, at.Child("message"),
                    "the model's barcode message is empty: every pass must supply its own, or it is refused");
    }
  }
  std::string_view format;
  const rapidjson::Value* f = Member(barcode, "format");
  if (f == nullptr) return {};  // reported by CheckDictionary
  const std::string_view f_text = f->IsString() ? StringOf(*f) : std::string_view();
  if (schema::FindBarcodeFormat(f_text) == nullptr) {
    check.Error(codes::kBarcodeFormatUnknown, at.Child("format"),
                "format must be PKBarcodeFormatQR, ...PDF417, ...Aztec, ...Code128, ...Code39, "
                "...Codabar, ...EAN13 or ...I2of5");
  } else if (legacy && !Is(f_text, &schema::BarcodeFormat::legacy)) {
    check.Error(codes::kBarcodeFormatLegacy, at.Child("format"),
                "the legacy barcode key takes QR, PDF417 or Aztec only; put other formats in barcodes");
  } else {
    format = f_text;
  }
  return format;
}

void CheckBarcodeList(const Checker& check) {
  const rapidjson::Value* list = Member(check.json(), "barcodes");
  if (list == nullptr || !list->IsArray()) return;
  const JsonPointer at = JsonPointer().Child("barcodes");
  std::vector<std::string_view> formats;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    formats.push_back(CheckBarcode(check, (*list)[i], at.Child(i), false));
  }
  for (size_t i = 0; i < formats.size(); ++i) {
    if (!Is(formats[i], &schema::BarcodeFormat::from_ios27)) continue;
    const bool fallback = std::any_of(formats.begin() + static_cast<long>(i) + 1, formats.end(),
                                      [](std::string_view f) {
                                        return !f.empty() && !Is(f, &schema::BarcodeFormat::from_ios27);
                                      });
    if (!fallback) {
      check.Warning(codes::kBarcodeFallbackMissing, at.Child(i).Child("format"),
                    std::string(formats[i]) + " shows on iOS 27 and later only; add a QR, PDF417, "
                    "Aztec or Code128 barcode after it");
    }
  }
  if (!formats.empty() && std::all_of(formats.begin(), formats.end(), [](std::string_view f) {
        const schema::BarcodeFormat* row = schema::FindBarcodeFormat(f);
        return row != nullptr && !row->on_watch;
      })) {
    check.Warning(codes::kBarcodeWatchUnsupported, at.Child(0).Child("format"),
                  "Apple Watch does not show Code128; add a QR, PDF417 or Aztec barcode");
  }
}

// Returns whether `text` is base64 of a DER SubjectPublicKeyInfo holding a P-256 key.
bool IsP256PublicKey(std::string_view text) {
  std::optional<std::string> der = DecodeBase64(text);
  if (!der || der->empty()) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der->size()));
  if (key == nullptr) return false;
  char group[64] = {};
  size_t length = 0;
  const bool p256 = EVP_PKEY_get_group_name(key, group, sizeof(group), &length) == 1 &&
                    (std::string_view(group) == "prime256v1" || std::string_view(group) == "P-256");
  EVP_PKEY_free(key);
  return p256 && p == reinterpret_cast<const unsigned char*>(der->data()) + der->size();
}

void CheckNfc(const Checker& check) {
  const rapidjson::Value* nfc = Member(check.json(), "nfc");
  if (nfc == nullptr || !nfc->IsObject()) return;
  const JsonPointer at = JsonPointer().Child("nfc");
  CheckDictionary(check, schema::Dict::kNfc, *nfc, at);  // keys, types, required keys
  const rapidjson::Value* message = Member(*nfc, "message");
  if (message != nullptr && message->IsString() && message->GetStringLength() > 64) {
    check.Error(codes::kNfcMessageTooLong, at.Child("message"),
                "the NFC message is " + std::to_string(message->GetStringLength()) +
                    " bytes; the limit is 64");
  }
  const rapidjson::Value* key = Member(*nfc, "encryptionPublicKey");
  if (key != nullptr && key->IsString() && !IsP256PublicKey(StringOf(*key))) {
    check.Error(codes::kNfcKeyInvalid, at.Child("encryptionPublicKey"),
                "encryptionPublicKey must be the base64 of an X.509 SubjectPublicKeyInfo with a "
                "P-256 key (the PEM body, without its BEGIN/END lines)");
  }
}

}  // namespace

void CheckBarcodes(const Checker& check) {
  CheckBarcodeList(check);
  if (const rapidjson::Value* legacy = Member(check.json(), "barcode")) {
    CheckBarcode(check, *legacy, JsonPointer().Child("barcode"), true);
  }
  CheckNfc(check);
}

}  // namespace pkpass
