// Images as pixels: decoding any upload pkpass takes (PNG through libpng; JPEG, GIF and BMP
// through stb) into 8-bit RGBA, and encoding RGBA as PNG. Each decode checks the dimensions in the
// header against the limits of png_inspector.h before a pixel is decoded, so a decompression bomb
// costs the reading of its header.
#ifndef PKPASS_IMAGE_RASTER_H_
#define PKPASS_IMAGE_RASTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/png_inspector.h"

namespace pkpass {

// 8-bit RGBA pixels, rows top to bottom, colours in sRGB, alpha not premultiplied.
struct Raster {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgba;
};

enum class ImageFormat { kUnknown, kPng, kJpeg, kGif, kBmp };

// The format `bytes` starts as, by its signature.
ImageFormat SniffImageFormat(std::string_view bytes);
// "PNG", "JPEG", "GIF", "BMP" or "unknown".
std::string_view ImageFormatName(ImageFormat format);

struct DecodedImage {
  ImageFormat format = ImageFormat::kUnknown;
  // kNotPng here means no format pkpass reads; the others as for PngInfo.
  PngInfo::Problem problem = PngInfo::Problem::kNone;
  std::string detail;  // why, for a message; empty when problem is kNone
  Raster raster;       // the pixels when problem is kNone
};

// Decodes `bytes`: its header is read and its dimensions checked against kMaxImageSide,
// kMaxImagePixels and what `budget` (may be null) has left, which it then loses, before any
// pixel is decoded. Never throws; thread-safe for distinct budgets.
DecodedImage DecodeImage(std::string_view bytes, PixelBudget* budget = nullptr);

// The diagnostic code of a problem: image-not-png, image-too-large or image-corrupt.
std::string_view ProblemCode(PngInfo::Problem problem);

// Returns `image` as a PNG: 8-bit RGB when every pixel is opaque, else RGBA; no ancillary chunk
// but sRGB; the same bytes for the same pixels.
std::string EncodePng(const Raster& image);

}  // namespace pkpass

#endif  // PKPASS_IMAGE_RASTER_H_
