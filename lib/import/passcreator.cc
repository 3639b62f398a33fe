// Passcreator v3 (shared/seeds/004): {"data": {"templateId", "userProvidedId", "barcodeValue",
// "expirationDate": "Y-m-d H:i", colours, "locations", "urlTo*", "localizedBackgroundImages",
// "bundleId", "voided", ... and the template's additional properties}, "filter"}. An additional
// property is a model field (through model.json's "payloadFields", else by key); dates are local
// times in the pass's zone (model.json "timeZone"), as Passcreator reads them.
#include "import/importers.h"
#include "import/places.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

// A location's localizedRelevantText: its default relevantText is the key its translations are
// found by, in each xx.lproj/pass.strings.
bool ImportTranslations(const Value& location, std::string_view name, const Value& value,
                        const JsonPointer& at, NativeBuilder& out) {
  if (name != "localizedRelevantText") return false;
  const Value* text = Member(location, "relevantText");
  if (text == nullptr || !text->IsString()) {
    out.Error(codes::kImportValueInvalid, at,
              "localizedRelevantText needs relevantText beside it: the text shown in other "
              "languages, by which the translations are found");
  } else if (!value.IsObject()) {
    out.Error(codes::kImportValueInvalid, at, "localizedRelevantText is an object of texts by language code");
  } else {
    for (const auto& language : value.GetObject()) {
      const JsonPointer l_at = at.Child(StringOf(language.name));
      if (std::optional<std::string_view> t = out.Text(language.value, l_at, "a translation")) {
        out.LocalizedString(StringOf(language.name), StringOf(*text), *t, l_at);
      }
    }
  }
  return true;
}

void ImportData(const Value& data, const JsonPointer& at, NativeBuilder& out) {
  for (const auto& m : data.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer m_at = at.Child(name);
    if (name == "templateId" || name == "enforceUniqueUserProvidedId") {
      // The template is the model; a batch refuses duplicate serial numbers in any case.
    } else if (name == "userProvidedId") {
      if (std::optional<std::string_view> id = out.Text(m.value, m_at, name)) out.Set("serialNumber", out.String(*id), m_at);
    } else if (name == "barcodeValue" || name == "barcodeAltText") {
      if (m.value.IsNull()) continue;
      if (std::optional<std::string_view> t = out.Text(m.value, m_at, name)) {
        out.SetIn("barcode", name == "barcodeValue" ? "message" : "altText", out.String(*t), m_at);
      }
    } else if (name == "groupingIdentifier") {
      if (std::optional<std::string_view> t = out.Text(m.value, m_at, name)) out.Set(name, out.String(*t), m_at);
    } else if (name == "urlToThumbnail" || name == "urlToBackground" || name == "urlToLogo") {
      const std::string_view type = name == "urlToThumbnail" ? "thumbnail" : name == "urlToBackground" ? "background" : "logo";
      if (std::optional<std::string_view> url = out.Text(m.value, m_at, name)) out.Image(type, *url, m_at);
    } else if (name == "expirationDate" || name == "relevantDate") {
      // "Y-m-d H:i" in the pass's zone: a local date the resolver places (README: local dates).
      std::optional<std::string_view> t = m.value.IsNull() ? std::string_view() : out.Text(m.value, m_at, name);
      if (!t) continue;
      out.Set(name, t->empty() ? Value() : out.String(*t), m_at);  // "" clears it
    } else if (name == "labelColor" || name == "foregroundColor" || name == "backgroundColor") {
      std::optional<std::string_view> t = out.Text(m.value, m_at, name);
      if (!t) continue;
      if (const std::string color = HexColor(*t); !color.empty()) {
        out.Set(name, out.String(color), m_at);
      } else {
        out.Warning(codes::kImportColorInvalid, m_at,
                    "\"" + std::string(*t) + "\" is not a hexadecimal colour; as Passcreator does, the "
                    "model's colour is used");
      }
    } else if (name == "emailRecipient" || name == "phoneRecipient") {
      out.Ignored(m_at, "pkpass makes the pass; sending it is the caller's");
    } else if (name == "eligibleValidationPlaces" || name == "downloadPin") {
      out.Ignored(m_at, std::string(name) + " is checked by Passcreator's servers, not by Wallet");
    } else if (name == "locations") {
      ImportPlaces("locations", m.value, m_at, kCamelCaseLocationKeys, "Passcreator location", out,
                   [&out](const Value& location, std::string_view key, const Value& value, const JsonPointer& key_at) {
                     return ImportTranslations(location, key, value, key_at, out);
                   });
    } else if (name == "bundleId") {
      if (m.value.IsNull()) continue;
      if (std::optional<std::string_view> t = out.Text(m.value, m_at, name)) out.Set(name, out.String(*t), m_at);
    } else if (name == "localizedBackgroundImages") {
      if (!m.value.IsObject()) {
        out.Error(codes::kImportValueInvalid, m_at, "localizedBackgroundImages is an object of URLs by language code");
        continue;
      }
      for (const auto& language : m.value.GetObject()) {
        const JsonPointer l_at = m_at.Child(StringOf(language.name));
        if (std::optional<std::string_view> url = out.Text(language.value, l_at, "an image URL")) {
          out.LocalizedImage(StringOf(language.name), "background", *url, l_at);
        }
      }
    } else if (name == "voided") {
      if (std::optional<bool> b = out.Bool(m.value, m_at, name)) out.Set("voided", Value(*b), m_at);
    } else if (m.value.IsString() || m.value.IsNumber() || m.value.IsNull()) {
      // An additional property of the template, storedValue included: a field of the model.
      if (std::optional<size_t> field = out.Field(name, m_at)) out.FieldValue(*field, m.value, m_at);
    } else {
      out.Error(codes::kImportValueInvalid, m_at,
                "an additional property is a string or a number, not " + std::string(JsonTypeName(m.value)));
    }
  }
}

}  // namespace

std::string HexColor(std::string_view text) {
  if (text.starts_with('#')) text.remove_prefix(1);
  if ((text.size() != 6 && text.size() != 3) ||
      text.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
    return "";
  }
  std::string color = "#";
  for (char c : text) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    color.append(text.size() == 3 ? 2 : 1, lower);
  }
  return color;
}

void ImportPasscreator(const Value& payload, NativeBuilder& out) {
  const JsonPointer root;
  for (const auto& m : payload.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer at = root.Child(name);
    if (name == "data") {
      if (m.value.IsObject()) {
        ImportData(m.value, at, out);
      } else {
        out.Error(codes::kImportValueInvalid, at, "data is an object: one pass's values");
      }
    } else if (name == "filter") {
      out.Ignored(at, "a bulk update's filter picks passes on Passcreator's servers; pkpass updates "
                      "the passes it is given");
    } else {
      out.Unknown(at, "Passcreator request (its values go in \"data\")");
    }
  }
}

}  // namespace pkpass
