#include "resolve/localizations.h"

#if PKPASS_WITH_ICU
#include <unicode/uloc.h>
#endif

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "model/model_paths.h"
#include "model/strings_file.h"
#include "overrides/overrides.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

#if PKPASS_WITH_ICU
// ICU's ISO 639 language codes, read once.
const std::set<std::string, std::less<>>& Iso639Codes() {
  static const auto* codes = [] {
    auto* set = new std::set<std::string, std::less<>>;
    for (const char* const* code = uloc_getISOLanguages(); *code != nullptr; ++code) set->insert(*code);
    return set;
  }();
  return *codes;
}
#endif

void Error(Diagnostics& diags, std::string_view code, const JsonPointer& at, std::string message) {
  diags.Error(code, std::string(kOverridesFile), at.str(), std::move(message));
}

// Writes the folder's pass.strings: the model's, with `strings` (an object at `at`) applied.
void ApplyStrings(const rapidjson::Value& strings, const JsonPointer& at, const std::string& folder,
                  ResolvedPass& pass, Diagnostics& diags) {
  std::vector<std::pair<std::string, std::string>> own;
  bool ok = true;
  for (const auto& m : strings.GetObject()) {
    if (!m.value.IsString()) {
      Error(diags, codes::kOverrideType, at.Child(StringOf(m.name)),
            "a localised string is a string, not " + std::string(JsonTypeName(m.value)));
      ok = false;
      continue;
    }
    own.emplace_back(EscapeStringsToken(StringOf(m.name)), EscapeStringsToken(StringOf(m.value)));
  }
  if (!ok || own.empty()) return;
  const std::string path = folder + "/pass.strings";
  auto existing = pass.files.find(path);
  const StringsFile* base =
      existing != pass.files.end() && existing->second->strings ? &*existing->second->strings : nullptr;
  ModelFile& file = pass.own_files[path] =
      MakePassFile(path, MergeStrings(base, own), pass.image_inspector);
  pass.files[path] = &file;
  pass.own_file_sources[path] = at.str();
}

}  // namespace

bool IsLanguageCode(std::string_view language) {
  if (!IsLprojName(std::string(language) + ".lproj")) return false;
  const std::string_view primary = language.substr(0, language.find_first_of("-_"));
#if PKPASS_WITH_ICU
  return Iso639Codes().contains(primary);
#else
  // Built without ICU: a code of two or three lowercase letters, as ISO 639 codes are spelled.
  return (primary.size() == 2 || primary.size() == 3) &&
         std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; });
#endif
}

void ApplyLocalizations(const rapidjson::Value& localizations, const JsonPointer& at,
                        ImageSources sources, ResolvedPass& pass, Diagnostics& diags) {
  for (const auto& language : localizations.GetObject()) {
    const std::string_view name = StringOf(language.name);
    const JsonPointer language_at = at.Child(name);
    if (!IsLanguageCode(name)) {
      Error(diags, codes::kLocalizationLanguageUnknown, language_at,
            "\"" + std::string(name) + "\" is not a language code (ISO 639, as in \"en\", "
            "\"zh-Hans\" or \"pt-BR\")");
      continue;
    }
    if (!language.value.IsObject()) {
      Error(diags, codes::kOverrideType, language_at,
            "a localisation is an object, not " + std::string(JsonTypeName(language.value)));
      continue;
    }
    const std::string folder = std::string(name) + ".lproj";
    for (const auto& m : language.value.GetObject()) {
      const std::string_view key = StringOf(m.name);
      const JsonPointer m_at = language_at.Child(key);
      if (key == "strings" && m.value.IsObject()) {
        ApplyStrings(m.value, m_at, folder, pass, diags);
      } else if (key == "images" && m.value.IsArray()) {
        ApplyLocalizedImages(m.value, m_at, folder, sources, pass, diags);
      } else if (key == "strings" || key == "images") {
        Error(diags, codes::kOverrideType, m_at,
              std::string(key) + (key == "strings" ? " is an object" : " is an array") + ", not " +
                  std::string(JsonTypeName(m.value)));
      } else {
        Error(diags, codes::kOverrideKeyUnknown, m_at,
              "\"" + std::string(key) + "\" is not a localisation key: give \"strings\" or \"images\"");
      }
    }
  }
}

}  // namespace pkpass
