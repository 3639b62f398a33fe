#include "model/derived_images.h"

#include <algorithm>
#include <vector>

#include "image/derive.h"
#include "image/raster.h"
#include "model/model_paths.h"

namespace pkpass {
namespace {

constexpr std::string_view kSourceExtensions[] = {".png", ".jpg", ".jpeg", ".gif", ".bmp"};

}  // namespace

bool ParseImageSourceName(std::string_view file_name, std::string_view* base, int* scale) {
  for (std::string_view extension : kSourceExtensions) {
    if (file_name.size() > extension.size() && file_name.ends_with(extension)) {
      const std::string png = std::string(file_name.substr(0, file_name.size() - extension.size())) + ".png";
      std::string_view found;
      if (!ParseImageName(png, &found, scale)) return false;
      // `found` points into `png`; give the caller a view into `file_name`.
      if (base != nullptr) *base = file_name.substr(0, found.size());
      return true;
    }
  }
  return false;
}

void DeriveModelImages(const std::map<std::string, std::string>& sources, std::string_view style,
                       ImageInspector& images, std::map<std::string, ModelFile>& files, Diagnostics& diags) {
  // (folder with its "/", type) -> the paths giving it.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> types;
  for (const auto& [path, bytes] : sources) {
    const size_t slash = path.rfind('/') + 1;
    std::string_view base;
    if (ParseImageSourceName(std::string_view(path).substr(slash), &base)) {
      types[{path.substr(0, slash), std::string(base)}].push_back(path);
    }
  }
  for (const auto& [key, paths] : types) {
    const auto& [folder, type] = key;
    const bool any_other = std::any_of(paths.begin(), paths.end(), [](const std::string& p) { return !p.ends_with(".png"); });
    if (paths.size() > 1 && !any_other) continue;  // the designer's own set
    // The largest source, by pixels; the first in path order among equals.
    DecodedImage best;
    std::string best_path;
    for (const std::string& path : paths) {
      DecodedImage decoded = DecodeImage(sources.at(path), &images.budget());
      if (decoded.problem != PngInfo::Problem::kNone) {
        diags.Error(ProblemCode(decoded.problem), path, "", "cannot derive " + type + " images from it: " + decoded.detail);
        best_path.clear();
        break;
      }
      if (best_path.empty() || std::uint64_t{decoded.raster.width} * decoded.raster.height >
                                   std::uint64_t{best.raster.width} * best.raster.height) {
        best = std::move(decoded);
        best_path = path;
      }
    }
    if (best_path.empty()) continue;
    // A type Apple gives no size (personalizationLogo) is left as it is, and so is a type whose
    // size depends on a style pass.json does not name (an error of its own).
    Result<DerivedSet> set = DeriveImageSet(best.raster, type, style);
    if (!set.ok()) continue;
    for (const std::string& path : paths) files.erase(path);
    for (const DerivedImage& image : set->images) {
      const std::string path = folder + image.name;
      files.insert_or_assign(path, MakePassFile(path, EncodePng(image.image), images));
    }
  }
}

}  // namespace pkpass
