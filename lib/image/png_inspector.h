// Inspecting untrusted PNG files through libpng: the header is read and its dimensions checked
// against the limits before any pixel is decoded (a small file claiming 20000x20000 is refused
// there); then the image is decoded one row at a time into a single row buffer, so truncated or
// corrupt data is found with memory bounded by one row.
#ifndef PKPASS_IMAGE_PNG_INSPECTOR_H_
#define PKPASS_IMAGE_PNG_INSPECTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pkpass {

// The largest image pkpass decodes: a side of 4096 pixels and 16 million pixels in all; Apple's
// largest recommended image (poster background at 3x) is 1035 x 1515.
inline constexpr std::uint32_t kMaxImageSide = 4096;
inline constexpr std::uint64_t kMaxImagePixels = 16u << 20;
// The most pixels pkpass decodes for all the images of one model, one archive under
// verification, or one pass's own images: four of the largest images, or some forty of Apple's
// largest recommended one. Identical files are decoded once.
inline constexpr std::uint64_t kMaxDecodedPixels = 64u << 20;

// What is left of a kMaxDecodedPixels budget, shared by the images of one model, archive or pass.
struct PixelBudget {
  std::uint64_t pixels = kMaxDecodedPixels;
};

struct PngInfo {
  enum class Problem {
    kNone,
    kNotPng,     // no PNG signature (a JPEG renamed .png, an empty file)
    kTooLarge,   // dimensions over the limits: not decoded
    kOverBudget, // within the limits, but over what is left of the budget: not decoded
    kCorrupt,    // truncated, bad CRC, bad compressed data
  };
  Problem problem = Problem::kNone;
  std::string detail;  // why, for a message; empty when problem is kNone
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// Returns what `bytes` holds. An image within the size limits is decoded when `budget` is null
// or has its pixels left, which it then loses. Never throws; thread-safe for distinct budgets.
PngInfo InspectPng(std::string_view bytes, PixelBudget* budget = nullptr);

// As InspectPng, and when the image is sound, leaves its pixels in `rgba` as 8-bit RGBA, rows
// top to bottom (else `rgba` is empty). The memory used is the image's, width x height x 4.
PngInfo DecodePng(std::string_view bytes, PixelBudget* budget, std::vector<std::uint8_t>* rgba);

}  // namespace pkpass

#endif  // PKPASS_IMAGE_PNG_INSPECTOR_H_
