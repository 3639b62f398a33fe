// Rules for the pass's images (Apple's pass format reference; Pass2U's
// upload limits for per-pass images). Model images were inspected once, when the model loaded.
#include <algorithm>
#include <array>

#include "image/raster.h"
#include "model/model_paths.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/vocabulary.h"
#include "validate/rules.h"

namespace pkpass {
namespace {

constexpr size_t kMaxUploadBytes = 4u << 20;
constexpr std::uint32_t kMaxUploadSide = 1024;

struct Size {
  std::uint32_t width;
  std::uint32_t height;
};

// Apple's recommended size of an image type in points (@1x), for a style (the vocabulary's
// image rows). `exact` types should have that size; the others fit within it.
struct Recommendation {
  Size size;
  bool exact;
};

std::optional<Recommendation> Recommend(std::string_view type, std::string_view style) {
  const schema::Image* row = schema::FindImage(type, style);
  if (row == nullptr || row->width == 0) return std::nullopt;
  return Recommendation{{row->width, row->height}, row->exact};
}

// Whether `style` shows images of `type`.
bool StyleShows(std::string_view style, std::string_view type) {
  const schema::Image* row = schema::FindImage(type, style);
  return row == nullptr || row->shown;
}

// Whether only some styles show images of `type`.
bool IsLegacyType(std::string_view type) {
  return std::any_of(schema::Images().begin(), schema::Images().end(),
                     [&](const schema::Image& row) { return row.type == type && !row.shown; });
}

std::string Dimensions(Size s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

void CheckSize(const Checker& check, const std::string& path, std::string_view type, int scale,
               Size actual) {
  std::optional<Recommendation> rec = Recommend(type, check.style());
  if (!rec) return;
  // A per-pass image given without a scale stands for all of them: Pass2U's recommended sizes
  // for its uploads are Apple's @2x pixels, and so is the size checked.
  const bool unscaled = check.pass().unscaled_images.contains(path);
  if (unscaled) scale = 2;
  const Size want{rec->size.width * static_cast<std::uint32_t>(scale),
                  rec->size.height * static_cast<std::uint32_t>(scale)};
  const bool icon_2026 = type == "icon" && actual.width == 38u * scale && actual.height == 38u * scale;
  const bool store_card_123 = type == "strip" && check.style() == "storeCard" &&
                              actual.width == want.width && actual.height == 123u * scale;
  if (icon_2026 || store_card_123) return;
  const bool off = rec->exact ? (actual.width != want.width || actual.height != want.height)
                              : (actual.width > want.width || actual.height > want.height);
  if (off) {
    check.FileReport(Severity::kWarning, codes::kImageSize, path,
                     "the image is " + Dimensions(actual) + " pixels; Apple recommends " +
                         (rec->exact ? "" : "at most ") + Dimensions(want) + " for a " +
                         std::string(type) + " at @" + std::to_string(scale) + "x" +
                         (unscaled ? " (an image given without a scale serves every scale, sized for @2x as "
                                     "Pass2U recommends)" : "") +
                         "; Wallet scales and crops it");
  }
}

// The checks of one image file: its PNG, its size for its type and style, the upload limits of
// a per-pass image, and whether the style shows it.
void CheckImage(const Checker& check, const std::string& path, const ModelFile& file, std::string_view type, int scale) {
  const PngInfo& png = *file.png;
  if (png.problem == PngInfo::Problem::kNotPng) {
    const ImageFormat format = SniffImageFormat(file.bytes);
    check.FileReport(Severity::kError, codes::kImageNotPng, path,
                     format == ImageFormat::kUnknown
                         ? "not a PNG image: " + png.detail
                         : "a " + std::string(ImageFormatName(format)) +
                               " image, and Wallet shows PNGs only: convert it, or have pkpass make the PNG set "
                               "(--derive-images, or model.json \"images\": {\"derive\": true})");
  } else if (png.problem == PngInfo::Problem::kTooLarge || png.problem == PngInfo::Problem::kOverBudget) {
    check.FileReport(Severity::kError, codes::kImageTooLarge, path, png.detail);
  } else if (png.problem == PngInfo::Problem::kCorrupt) {
    check.FileReport(Severity::kError, codes::kImageCorrupt, path, "the PNG is truncated or corrupt: " + png.detail);
  } else {
    CheckSize(check, path, type, scale, {png.width, png.height});
  }
  if (check.pass().own_file_sources.contains(path) &&
      (file.bytes.size() > kMaxUploadBytes ||
       (png.problem == PngInfo::Problem::kNone && (png.width > kMaxUploadSide || png.height > kMaxUploadSide)))) {
    check.FileReport(Severity::kError, codes::kImageUploadTooLarge, path,
                     "a per-pass image may be at most 4 MiB and 1024x1024 pixels");
  }
  if (!check.style().empty() && IsLegacyType(type) && !StyleShows(check.style(), type)) {
    check.FileReport(Severity::kWarning, codes::kImageNotForStyle, path,
                     "a " + std::string(check.style()) + " does not show a " + std::string(type) + " image");
  }
}

// The icon, at one scale at least (an error) and at every scale (a warning each).
void CheckIcon(const Checker& check, const std::array<bool, 4>& icon_scales) {
  if (!icon_scales[1] && !icon_scales[2] && !icon_scales[3]) {
    check.FileReport(Severity::kError, codes::kIconMissing, "icon.png",
                     "every pass needs an icon: icon.png, icon@2x.png or icon@3x.png");
    return;
  }
  for (int scale = 1; scale <= 3; ++scale) {
    if (icon_scales[static_cast<size_t>(scale)]) continue;
    const std::string path = scale == 1 ? "icon.png" : "icon@" + std::to_string(scale) + "x.png";
    check.FileReport(Severity::kWarning, codes::kIconScaleMissing, path,
                     "give the icon at every scale: " + path + " is missing");
  }
}

// @2x and @3x images are twice and three times their base image.
void CheckScales(const Checker& check) {
  const auto& files = check.pass().files;
  for (const auto& [path, file] : files) {
    std::string_view type;
    int scale = 1;
    const size_t slash = path.rfind('/') + 1;
    if (!ParseImageName(std::string_view(path).substr(slash), &type, &scale) || scale == 1 || !file->png ||
        file->png->problem != PngInfo::Problem::kNone) {
      continue;
    }
    auto base = files.find(path.substr(0, slash) + std::string(type) + ".png");
    if (base == files.end() || !base->second->png || base->second->png->problem != PngInfo::Problem::kNone) continue;
    const Size want{base->second->png->width * static_cast<std::uint32_t>(scale),
                    base->second->png->height * static_cast<std::uint32_t>(scale)};
    const auto near = [scale](std::uint32_t a, std::uint32_t b) {
      return (a > b ? a - b : b - a) <= static_cast<std::uint32_t>(scale);
    };
    if (!near(file->png->width, want.width) || !near(file->png->height, want.height)) {
      check.FileReport(Severity::kWarning, codes::kImageScaleMismatch, path,
                       "an @" + std::to_string(scale) + "x image should be " + Dimensions(want) + ", " +
                           std::to_string(scale) + " times " + base->first + "; it is " +
                           Dimensions({file->png->width, file->png->height}));
    }
  }
}

}  // namespace

void CheckImages(const Checker& check) {
  bool strip = false, background_or_thumbnail = false;
  std::array<bool, 4> icon_scales{};
  for (const auto& [path, file] : check.pass().files) {
    std::string_view type;
    int scale = 1;
    const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
    if (!ParseImageName(name, &type, &scale) || !file->png) continue;
    CheckImage(check, path, *file, type, scale);
    strip |= type == "strip";
    background_or_thumbnail |= type == "background" || type == "thumbnail";
    if (type == "icon" && path == name) icon_scales[static_cast<size_t>(scale)] = true;
  }
  CheckIcon(check, icon_scales);
  if (check.style() == "eventTicket" && strip && background_or_thumbnail) {
    check.FileReport(Severity::kWarning, codes::kImageStripConflict, "strip.png",
                     "an event ticket with a strip image shows no background or thumbnail");
  }
  CheckScales(check);
}

}  // namespace pkpass
