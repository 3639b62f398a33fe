#include "model/model_config.h"

#include <algorithm>

#include "pkpass/diagnostic_codes.h"
#include "util/json_pointer.h"
#include "schema/pass_fields.h"
#include "util/time_zone.h"

namespace pkpass {
namespace {

constexpr char kFile[] = "model.json";

void Invalid(Diagnostics& diags, const JsonPointer& at, std::string message) {
  diags.Error(codes::kModelJsonInvalid, kFile, at.str(), std::move(message));
}

void ReadDynamicFields(const rapidjson::Value& list, const rapidjson::Value& pass_json,
                       const JsonPointer& at, ModelConfig& config, Diagnostics& diags) {
  if (!list.IsArray()) return Invalid(diags, at, "dynamicFields must be an array of field keys");
  std::set<std::string, std::less<>> model_keys;
  ForEachField(pass_json, [&](const rapidjson::Value& field, const JsonPointer&) {
    model_keys.emplace(FieldKey(field));
    return true;
  });
  config.dynamic_fields.emplace();
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    if (!list[i].IsString()) {
      Invalid(diags, at.Child(i), "a dynamic field is named by its key, a string");
    } else if (!model_keys.contains(StringOf(list[i]))) {
      Invalid(diags, at.Child(i),
              "pass.json has no field with the key \"" + std::string(StringOf(list[i])) + "\"");
    } else {
      config.dynamic_fields->emplace(StringOf(list[i]));
    }
  }
}

// Reads a policy for generated values, model.json's `what` ("barcodeValues", "nfcValues"), of
// at most `max_length` characters. With `unique` (barcodeValues only), "unique" is read into it.
// Returns the policy when it generates values and every key is valid.
std::optional<BarcodePolicy> ReadGenerated(const rapidjson::Value& spec, std::string_view what, int max_length,
                                           bool* unique, const JsonPointer& at, Diagnostics& diags) {
  if (!spec.IsObject()) {
    Invalid(diags, at, std::string(what) + " must be an object");
    return std::nullopt;
  }
  BarcodePolicy policy;
  bool ok = true;
  for (const auto& m : spec.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (name == "unique" && unique != nullptr) {
      if (!m.value.IsBool()) {
        Invalid(diags, at.Child(name), "unique must be true or false");
        ok = false;
      } else {
        *unique = m.value.GetBool();
      }
    } else if (name == "generate") {
      const std::string_view kind = m.value.IsString() ? StringOf(m.value) : "";
      if (kind == "numeric") {
        policy.alphabet = BarcodeAlphabet::kNumeric;
      } else if (kind == "alphabetic") {
        policy.alphabet = BarcodeAlphabet::kAlphabetic;
      } else if (kind == "alphanumeric") {
        policy.alphabet = BarcodeAlphabet::kAlphanumeric;
      } else {
        Invalid(diags, at.Child(name), "generate must be \"numeric\", \"alphabetic\" or \"alphanumeric\"");
        ok = false;
      }
    } else if (name == "length") {
      if (!m.value.IsInt() || m.value.GetInt() < kMinGeneratedLength || m.value.GetInt() > max_length) {
        Invalid(diags, at.Child(name),
                "length must be an integer from " + std::to_string(kMinGeneratedLength) + " to " +
                    std::to_string(max_length));
        ok = false;
      } else {
        policy.length = m.value.GetInt();
      }
    } else {
      Invalid(diags, at.Child(name), "\"" + std::string(name) + "\" is not a " + std::string(what) + " key");
      ok = false;
    }
  }
  if (!Member(spec, "generate")) {
    if (Member(spec, "length")) {
      Invalid(diags, at.Child("length"), "length is the length of generated values: give \"generate\" too");
    } else if (unique == nullptr) {
      Invalid(diags, at, std::string(what) + " needs \"generate\"");
    }
    return std::nullopt;  // only "unique": passes supply their values
  }
  if (!ok) return std::nullopt;
  return policy;
}

void ReadBarcodeValues(const rapidjson::Value& spec, const rapidjson::Value& pass_json,
                       const JsonPointer& at, ModelConfig& config, Diagnostics& diags) {
  std::optional<BarcodePolicy> policy =
      ReadGenerated(spec, "barcodeValues", kMaxGeneratedLength, &config.unique_barcodes, at, diags);
  if (!policy) return;
  const rapidjson::Value* barcodes = Member(pass_json, "barcodes");
  const rapidjson::Value* barcode = Member(pass_json, "barcode");
  if ((barcodes == nullptr || !barcodes->IsArray() || barcodes->Empty()) &&
      (barcode == nullptr || !barcode->IsObject())) {
    return Invalid(diags, at, "barcodeValues needs a barcode in pass.json to put the values in");
  }
  config.barcode_values = policy;
}

// Pass2U's generated NFC messages ("unique random 8-digit"), at most 64 characters (Apple's
// limit for an NFC message), into pass.json's "nfc".
void ReadNfcValues(const rapidjson::Value& spec, const rapidjson::Value& pass_json, const JsonPointer& at,
                   ModelConfig& config, Diagnostics& diags) {
  std::optional<BarcodePolicy> policy = ReadGenerated(spec, "nfcValues", kMaxNfcLength, nullptr, at, diags);
  if (!policy) return;
  const rapidjson::Value* nfc = Member(pass_json, "nfc");
  if (nfc == nullptr || !nfc->IsObject()) {
    return Invalid(diags, at, "nfcValues needs an \"nfc\" dictionary in pass.json (with its encryptionPublicKey) "
                              "to put the values in");
  }
  config.nfc_values = policy;
}

void ReadNewFieldAreas(const rapidjson::Value& list, const JsonPointer& at, ModelConfig& config,
                       Diagnostics& diags) {
  if (!list.IsArray()) return Invalid(diags, at, "newFieldAreas must be an array of field groups");
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    const std::string_view area = list[i].IsString() ? StringOf(list[i]) : "";
    const auto groups = schema::FieldGroups();
    if (std::find(groups.begin(), groups.end(), area) == groups.end()) {
      Invalid(diags, at.Child(i), "a new field's area is a field group: headerFields, "
                                  "primaryFields, secondaryFields, auxiliaryFields or backFields");
    } else {
      config.new_field_areas.emplace(area);
    }
  }
}

void ReadTimeZone(const rapidjson::Value& zone, const JsonPointer& at, ModelConfig& config,
                  Diagnostics& diags) {
  if (!zone.IsString()) return Invalid(diags, at, "timeZone must be a time zone name such as \"Europe/Berlin\"");
  const ZonedTime probe = InZone(StringOf(zone), LocalTime{2000, 1, 1, 12, 0, 0});
  if (probe.kind == ZonedTime::Kind::kUnknownZone) {
    diags.Error(codes::kDateZoneUnknown, kFile, at.str(),
                probe.error + ": name one such as \"Europe/Berlin\" or \"America/New_York\"");
    return;
  }
  config.time_zone = std::string(StringOf(zone));
}

void ReadPayloadFields(const rapidjson::Value& spec, const JsonPointer& at, ModelConfig& config,
                       Diagnostics& diags) {
  if (!spec.IsObject()) return Invalid(diags, at, "payloadFields must be an object of payload formats");
  for (const auto& format : spec.GetObject()) {
    const std::string_view name = StringOf(format.name);
    const JsonPointer format_at = at.Child(name);
    if (name != "eventticket" && name != "airship" && name != "passcreator" && name != "csv") {
      Invalid(diags, format_at, "payloadFields are given for eventticket, airship, passcreator or csv");
      continue;
    }
    if (!format.value.IsObject()) {
      Invalid(diags, format_at, "a payload's field names map to field keys: an object of strings");
      continue;
    }
    auto& names = config.payload_fields[std::string(name)];
    for (const auto& m : format.value.GetObject()) {
      if (!m.value.IsString() || m.value.GetStringLength() == 0) {
        Invalid(diags, format_at.Child(StringOf(m.name)), "a payload's field name maps to a field key, a string");
        continue;
      }
      names.emplace(StringOf(m.name), StringOf(m.value));
    }
  }
}

}  // namespace

void ReadModelConfig(const rapidjson::Value& model_json, const rapidjson::Value& pass_json,
                     ModelConfig& config, Diagnostics& diags) {
  const JsonPointer root;
  for (const auto& m : model_json.GetObject()) {
    const std::string_view name = StringOf(m.name);
    if (name == "dynamicFields") {
      ReadDynamicFields(m.value, pass_json, root.Child(name), config, diags);
    } else if (name == "barcodeValues") {
      ReadBarcodeValues(m.value, pass_json, root.Child(name), config, diags);
    } else if (name == "nfcValues") {
      ReadNfcValues(m.value, pass_json, root.Child(name), config, diags);
    } else if (name == "newFieldAreas") {
      ReadNewFieldAreas(m.value, root.Child(name), config, diags);
    } else if (name == "timeZone") {
      ReadTimeZone(m.value, root.Child(name), config, diags);
    } else if (name == "payloadFields") {
      ReadPayloadFields(m.value, root.Child(name), config, diags);
    } else if (name == "serialNumbers") {
      const rapidjson::Value* generate = m.value.IsObject() && m.value.MemberCount() == 1
                                             ? Member(m.value, "generate") : nullptr;
      if (generate == nullptr || !generate->IsString() || StringOf(*generate) != "uuid") {
        Invalid(diags, root.Child(name), "serialNumbers is {\"generate\": \"uuid\"}");
      } else {
        config.generate_serials = true;
      }
    } else if (name == "userInfoFromPayload") {
      bool valid = m.value.IsArray();
      for (rapidjson::SizeType i = 0; valid && i < m.value.Size(); ++i) {
        valid = m.value[i].IsString() && m.value[i].GetStringLength() > 0;
        if (valid) config.user_info_from_payload.emplace(StringOf(m.value[i]));
      }
      if (!valid) Invalid(diags, root.Child(name), "userInfoFromPayload is an array of a payload's key names");
    } else if (name == "images") {
      const rapidjson::Value* derive = m.value.IsObject() && m.value.MemberCount() == 1 ? Member(m.value, "derive") : nullptr;
      if (derive == nullptr || !derive->IsBool()) {
        Invalid(diags, root.Child(name), "images is {\"derive\": true} or {\"derive\": false}");
      } else {
        config.derive_images = derive->GetBool();
      }
    } else {
      Invalid(diags, root.Child(name), "\"" + std::string(name) + "\" is not a model.json key");
    }
  }
}

}  // namespace pkpass
