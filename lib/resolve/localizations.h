// The "localizations" override: one pass's own strings and images per language, written into its
// xx.lproj/ folders (Passcreator's localizedRelevantText and localizedBackgroundImages; the
// per-pass localisation the peers' users ask for).
//
//   "localizations": {"es": {"strings": {"Default text": "Texto"},
//                            "images": [{"type": "background", "url": "https://..."}]}}
//
// A language is an xx.lproj name without the suffix ("en", "zh-Hans", "pt_BR") whose language is
// an ISO 639 code ICU knows; any other is localization-language-unknown. "strings" are merged
// with the model's xx.lproj/pass.strings (the pass's value wins; a folder the model lacks is
// made); "images" entries are those of "images" with a source, and replace the model's images of
// their type in that folder and at the top level. The result is then checked like the model's
// own folders: every folder needs the same keys and images.
#ifndef PKPASS_RESOLVE_LOCALIZATIONS_H_
#define PKPASS_RESOLVE_LOCALIZATIONS_H_

#include <string_view>

#include "pkpass/diagnostic.h"
#include "resolve/images.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

// Returns whether `language` names a language Wallet can localise to: an xx.lproj name whose
// first subtag is an ISO 639 language code.
bool IsLanguageCode(std::string_view language);

// Applies `localizations` (an object of overrides at `at`) to `pass.files`.
void ApplyLocalizations(const rapidjson::Value& localizations, const JsonPointer& at,
                        ImageSources sources, ResolvedPass& pass, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_LOCALIZATIONS_H_
