// Rules for localisation folders (Apple's pass format reference): every xx.lproj holds the
// same images and the same pass.strings keys; pass.strings parses; an image is not both at the
// top level and localised.
#include <algorithm>
#include <map>
#include <set>

#include "model/model_paths.h"
#include "model/strings_file.h"
#include "pkpass/diagnostic_codes.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

struct Localisation {
  std::set<std::string> images;
  const std::set<std::string>* keys = nullptr;  // of its pass.strings, when it has one
};

// Returns the first ten items of `all` missing from `has` (a subset of it), comma-separated, and
// how many more. The walk stops at the tenth, so it costs at most has.size() + 10 steps: over every
// folder, linear in what the folders hold.
std::string Missing(const std::set<std::string>& all, const std::set<std::string>& has) {
  constexpr size_t kShown = 10;
  const size_t missing = all.size() - has.size();
  std::string out;
  size_t shown = 0;
  for (auto it = all.begin(); it != all.end() && shown < std::min(missing, kShown); ++it) {
    if (has.contains(*it)) continue;
    out += (shown++ == 0 ? "" : ", ") + *it;
  }
  if (missing > shown) out += " and " + std::to_string(missing - shown) + " more";
  return out;
}

}  // namespace

void CheckLocalization(const Checker& check) {
  std::map<std::string, Localisation> folders;  // "en.lproj" -> contents
  for (const auto& [path, file] : check.pass().files) {
    const size_t slash = path.find('/');
    if (slash == std::string::npos) continue;
    Localisation& folder = folders[path.substr(0, slash)];
    const std::string name = path.substr(slash + 1);
    if (name == "pass.strings" && file->strings) {
      const StringsFile& strings = *file->strings;  // read when the model was compiled
      folder.keys = &strings.keys;
      if (!strings.error.empty()) {
        check.FileReport(Severity::kError, codes::kStringsSyntax, path, strings.error);
      } else if (!strings.utf16 && strings.non_ascii) {
        check.FileReport(Severity::kWarning, codes::kStringsEncoding, path,
                         "Apple asks for UTF-16 for text beyond ASCII; this file is UTF-8");
      }
    } else if (ParseImageName(name)) {
      folder.images.insert(name);
      if (check.pass().files.contains(name)) {
        check.FileReport(Severity::kWarning, codes::kImageTopAndLproj, path,
                         name + " is also at the top level, which overrides the localised copies");
      }
    }
  }
  if (folders.size() < 2) return;
  // Compare every folder with the union of all: each must have everything any has.
  std::set<std::string> all_images;
  std::set<std::string> all_keys;
  bool any_strings = false;
  for (const auto& [name, folder] : folders) {
    all_images.insert(folder.images.begin(), folder.images.end());
    if (folder.keys != nullptr) all_keys.insert(folder.keys->begin(), folder.keys->end());
    any_strings |= folder.keys != nullptr;
  }
  for (const auto& [name, folder] : folders) {
    if (const std::string missing = Missing(all_images, folder.images); !missing.empty()) {
      check.FileReport(Severity::kError, codes::kLprojImagesDiffer, name,
                       "every localisation needs the same images; " + name + " lacks " + missing);
    }
    if (any_strings && folder.keys == nullptr) {
      check.FileReport(Severity::kError, codes::kLprojStringsDiffer, name + "/pass.strings",
                       "other localisations have pass.strings; " + name + " has none");
    } else if (const std::string missing =
                   folder.keys != nullptr ? Missing(all_keys, *folder.keys) : std::string();
               !missing.empty()) {
      check.FileReport(Severity::kError, codes::kLprojStringsDiffer, name + "/pass.strings",
                       "every pass.strings needs the same keys; this one lacks " + missing);
    }
  }
}

}  // namespace pkpass
