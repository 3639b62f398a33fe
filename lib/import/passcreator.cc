// Passcreator v3 (shared/seeds/004): {"data": {"templateId", "userProvidedId", "barcodeValue",
// "expirationDate": "Y-m-d H:i", colours, "locations", "urlTo*", "localizedBackgroundImages",
// "bundleId", "voided", ... and the template's additional properties}, "filter"}. An additional
// property is a model field (through model.json's "payloadFields", else by key); dates are local
// times in the pass's zone (model.json "timeZone"), as Passcreator reads them.
#include <cmath>
#include <map>
#include <set>

#include "import/importers.h"
#include "import/places.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

// What a payload says in several languages: locations' localizedRelevantText, keyed by their
// default relevantText (the key each xx.lproj/pass.strings finds a translation by), and
// localizedBackgroundImages beside a default urlToBackground. Wallet shows the default where a
// language has no translation of its own; Finish writes that default into every language of the
// pass that lacks one, so that every localisation has the same keys and images.
class Languages {
 public:
  explicit Languages(NativeBuilder& out) : out_(out) {}

  // A location's localizedRelevantText (`value`, at `at`) beside its relevantText.
  bool Translations(const Value& location, std::string_view name, const Value& value, const JsonPointer& at) {
    if (name != "localizedRelevantText") return false;
    const Value* text = Member(location, "relevantText");
    if (text == nullptr || !text->IsString()) {
      out_.Error(codes::kImportValueInvalid, at,
                 "localizedRelevantText needs relevantText beside it: the text shown in other "
                 "languages, by which the translations are found");
      return true;
    }
    if (!value.IsObject()) {
      out_.Error(codes::kImportValueInvalid, at, "localizedRelevantText is an object of texts by language code");
      return true;
    }
    const std::string key(StringOf(*text));
    texts_.emplace(key, at);
    for (const auto& language : value.GetObject()) {
      const std::string_view code = StringOf(language.name);
      const JsonPointer l_at = at.Child(code);
      std::optional<std::string_view> t = out_.Text(language.value, l_at, "a translation");
      if (!t) continue;
      const auto [it, added] = translated_.try_emplace({std::string(code), key}, std::string(*t), l_at);
      if (!added && it->second.first != *t) {
        // One pass.strings key, two translations: both locations would show the last one.
        out_.Error(codes::kImportValueInvalid, l_at,
                   "another location shows \"" + key + "\" too and translates it differently in " + std::string(code) +
                       " (at " + it->second.second.str() + "): a pass finds a translation by the default text, "
                       "so give the locations different relevantText");
        continue;
      }
      if (added) out_.LocalizedString(code, key, *t, l_at);
      languages_.emplace(code);
    }
    return true;
  }

  void DefaultBackground(std::string_view url, const JsonPointer& at) { background_.emplace(std::string(url), at); }
  void LocalizedBackground(std::string_view language, std::string_view url, const JsonPointer& at) {
    out_.LocalizedImage(language, "background", url, at);
    backgrounds_.emplace(language);
    languages_.emplace(language);
  }

  // Writes the defaults into the languages that lack their own.
  void Finish() {
    if (const Model::Impl* model = out_.model()) {
      for (const auto& [path, file] : model->files) {
        if (const size_t dot = path.find(".lproj/"); dot != std::string::npos) languages_.emplace(path.substr(0, dot));
      }
    }
    for (const auto& [key, at] : texts_) {
      for (const std::string& language : languages_) {
        if (translated_.count({language, key}) == 0) out_.LocalizedString(language, key, key, at);
      }
    }
    if (!background_) return;
    if (backgrounds_.empty()) {
      out_.Image("background", background_->first, background_->second);
      return;
    }
    // A top-level image would hide every localised copy: the default goes into each language
    // without its own.
    bool used = false;
    for (const std::string& language : languages_) {
      if (backgrounds_.count(language) > 0) continue;
      out_.LocalizedImage(language, "background", background_->first, background_->second);
      used = true;
    }
    if (!used) {
      out_.Ignored(background_->second, "every language of the pass has its own background in "
                                        "localizedBackgroundImages, so urlToBackground is shown in none");
    }
  }

 private:
  NativeBuilder& out_;
  std::map<std::string, JsonPointer> texts_;  // default text -> where its translations are
  std::map<std::pair<std::string, std::string>, std::pair<std::string, JsonPointer>> translated_;
  std::set<std::string, std::less<>> languages_, backgrounds_;
  std::optional<std::pair<std::string, JsonPointer>> background_;  // urlToBackground
};

// Passcreator's maxDistance per location: Apple's is the pass's, for all its locations, so the
// largest is used, with a warning when they differ.
class MaxDistance {
 public:
  void Add(double distance, const JsonPointer& at) {
    if (value_ >= 0 && distance != value_) differ_ = true;
    if (distance > value_) {
      value_ = distance;
      at_ = at;
    }
  }

  void Finish(NativeBuilder& out) const {
    if (!at_) return;
    out.Set("maxDistance", value_ == std::floor(value_) ? Value(static_cast<int64_t>(value_)) : Value(value_), *at_);
    if (differ_) {
      out.Warning(codes::kImportValuesMerged, *at_,
                  "a pass has one maxDistance for all its locations: the largest, " + WriteJson(Value(value_)) +
                      " m, is used for each");
    }
  }

 private:
  double value_ = -1;
  std::optional<JsonPointer> at_;
  bool differ_ = false;
};

void ImportGrouping(const Value& value, const JsonPointer& at, NativeBuilder& out) {
  std::optional<std::string_view> t = out.Text(value, at, "groupingIdentifier");
  const Value* pass = out.model() != nullptr ? &out.model()->pass_json : nullptr;
  if (t && pass != nullptr && Member(*pass, "eventTicket") == nullptr && Member(*pass, "boardingPass") == nullptr) {
    out.Ignored(at, "Passcreator ignores groupingIdentifier on passes other than event tickets and boarding passes, "
                    "and so does pkpass");
  } else if (t) {
    out.Set("groupingIdentifier", out.String(*t), at);
  }
}

void ImportColor(std::string_view name, const Value& value, const JsonPointer& at, NativeBuilder& out) {
  std::optional<std::string_view> t = out.Text(value, at, name);
  if (!t) return;
  if (const std::string color = HexColor(*t); !color.empty()) {
    out.Set(name, out.String(color), at);
  } else {
    out.Warning(codes::kImportColorInvalid, at,
                "\"" + std::string(*t) + "\" is not a hexadecimal colour; as Passcreator does, the model's colour is used");
  }
}

void ImportLocalizedBackgrounds(const Value& value, const JsonPointer& at, NativeBuilder& out, Languages& languages) {
  if (!value.IsObject()) {
    out.Error(codes::kImportValueInvalid, at, "localizedBackgroundImages is an object of URLs by language code");
    return;
  }
  for (const auto& language : value.GetObject()) {
    const JsonPointer l_at = at.Child(StringOf(language.name));
    if (std::optional<std::string_view> url = out.Text(language.value, l_at, "an image URL")) {
      languages.LocalizedBackground(StringOf(language.name), *url, l_at);
    }
  }
}

void ImportLocations(const Value& value, const JsonPointer& at, NativeBuilder& out, Languages& languages,
                     MaxDistance& distance) {
  ImportPlaces("locations", value, at, kCamelCaseLocationKeys, "Passcreator location", out,
               [&](const Value& location, std::string_view key, const Value& v, const JsonPointer& key_at) {
                 if (key != "maxDistance") return languages.Translations(location, key, v, key_at);
                 if (std::optional<double> d = out.Number(v, key_at, key)) distance.Add(*d, key_at);
                 return true;
               });
}

// Sets the text `value` of `name` (a null: nothing).
void ImportText(std::string_view name, const Value& value, const JsonPointer& at, NativeBuilder& out) {
  if (value.IsNull()) return;
  if (std::optional<std::string_view> t = out.Text(value, at, name)) out.Set(name, out.String(*t), at);
}

// One member of the payload's "data" that is not a field of the model.
bool ImportKnown(std::string_view name, const Value& value, const JsonPointer& at, NativeBuilder& out,
                 Languages& languages, MaxDistance& distance) {
  if (name == "templateId" || name == "enforceUniqueUserProvidedId") {
    // The template is the model; a batch refuses duplicate serial numbers in any case.
  } else if (name == "userProvidedId") {
    if (std::optional<std::string_view> id = out.Text(value, at, name)) out.Set("serialNumber", out.String(*id), at);
  } else if (name == "barcodeValue" || name == "barcodeAltText") {
    if (value.IsNull()) return true;
    if (std::optional<std::string_view> t = out.Text(value, at, name)) {
      out.SetIn("barcode", name == "barcodeValue" ? "message" : "altText", out.String(*t), at);
    }
  } else if (name == "groupingIdentifier") {
    ImportGrouping(value, at, out);
  } else if (name == "urlToBackground") {
    if (std::optional<std::string_view> url = out.Text(value, at, name)) languages.DefaultBackground(*url, at);
  } else if (name == "urlToThumbnail" || name == "urlToLogo") {
    const std::string_view type = name == "urlToThumbnail" ? "thumbnail" : "logo";
    if (std::optional<std::string_view> url = out.Text(value, at, name)) out.Image(type, *url, at);
  } else if (name == "expirationDate" || name == "relevantDate") {
    // "Y-m-d H:i" in the pass's zone: a local date the resolver places; "" clears it.
    std::optional<std::string_view> t = value.IsNull() ? std::string_view() : out.Text(value, at, name);
    if (t) out.Set(name, t->empty() ? Value() : out.String(*t), at);
  } else if (name == "labelColor" || name == "foregroundColor" || name == "backgroundColor") {
    ImportColor(name, value, at, out);
  } else if (name == "emailRecipient" || name == "phoneRecipient") {
    out.Ignored(at, "pkpass makes the pass; sending it is the caller's");
  } else if (name == "eligibleValidationPlaces" || name == "downloadPin") {
    out.Ignored(at, std::string(name) + " is checked by Passcreator's servers, not by Wallet");
  } else if (name == "locations") {
    ImportLocations(value, at, out, languages, distance);
  } else if (name == "bundleId") {
    ImportText(name, value, at, out);
  } else if (name == "localizedBackgroundImages") {
    ImportLocalizedBackgrounds(value, at, out, languages);
  } else if (name == "voided") {
    if (std::optional<bool> b = out.Bool(value, at, name)) out.Set("voided", Value(*b), at);
  } else {
    return false;
  }
  return true;
}

void ImportData(const Value& data, const JsonPointer& at, NativeBuilder& out) {
  Languages languages(out);
  MaxDistance distance;
  for (const auto& m : data.GetObject()) {
    const std::string_view name = StringOf(m.name);
    const JsonPointer m_at = at.Child(name);
    if (ImportKnown(name, m.value, m_at, out, languages, distance)) continue;
    if (m.value.IsString() || m.value.IsNumber() || m.value.IsNull()) {
      // An additional property of the template, storedValue included: a field of the model.
      if (std::optional<size_t> field = out.Field(name, m_at)) out.FieldValue(*field, m.value, m_at);
    } else {
      out.Error(codes::kImportValueInvalid, m_at,
                "an additional property is a string or a number, not " + std::string(JsonTypeName(m.value)));
    }
  }
  languages.Finish();
  distance.Finish(out);
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
  out.SetDateForm({"\"Y-m-d H:i\" in the pass's zone, such as \"2055-12-31 00:00\"",
                   "Passcreator reads dates in the pass's zone: set \"timeZone\" in model.json, such as "
                   "\"Europe/Berlin\""});
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
