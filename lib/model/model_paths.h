// Which file names a model may hold and where they go in a pass.
#ifndef PKPASS_MODEL_MODEL_PATHS_H_
#define PKPASS_MODEL_MODEL_PATHS_H_

#include <string_view>

namespace pkpass {

enum class PathKind {
  kPassJson,     // pass.json
  kModelJson,    // model.json: the model's own settings, never in a pass
  kPassFile,     // goes into every pass: an image, pass.strings, personalization.json
  kJunk,         // .DS_Store, __MACOSX, Thumbs.db, "._*", "*~": refused
  kUnsafe,       // absolute, "..", backslash, control character, nesting: refused
  kUnknown,      // a safe name pkpass has no place for: left out with a warning
};

// Classifies a path relative to the model root, "/"-separated.
PathKind ClassifyModelPath(std::string_view path);

// Returns true for "<image>.png", "<image>@2x.png" and "<image>@3x.png" with a known image
// name (icon, logo, strip, thumbnail, background, footer, primaryLogo, secondaryLogo, artwork,
// personalizationLogo); `base` receives the image name.
bool ParseImageName(std::string_view file_name, std::string_view* base = nullptr,
                    int* scale = nullptr);

// Returns true for a localisation folder name: "en.lproj", "zh-Hans.lproj", "pt_BR.lproj".
bool IsLprojName(std::string_view name);

// Returns true for names macOS, Windows and editors leave behind.
bool IsJunkName(std::string_view name);

}  // namespace pkpass

#endif  // PKPASS_MODEL_MODEL_PATHS_H_
