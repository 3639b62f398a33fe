#include "image/raster.h"

#include <png.h>

#include <cstring>

#include "image/stb_codecs.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; }

// The memory stb may use to decode an image of `pixels`: its RGBA result, the decoder's own copy
// (a GIF keeps three frames' worth), and a margin for tables.
size_t DecodeAllowance(std::uint64_t pixels) { return static_cast<size_t>(pixels) * 16 + (4u << 20); }

struct PngSink {
  std::string* out;
  char error[200] = {};
};

void OnWriteError(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
  std::strncpy(sink->error, message != nullptr ? message : "libpng error", sizeof(sink->error) - 1);
  png_longjmp(png, 1);
}

void OnWriteWarning(png_structp, png_const_charp) {}

void OnWrite(png_structp png, png_bytep data, size_t length) {
  static_cast<PngSink*>(png_get_io_ptr(png))->out->append(reinterpret_cast<const char*>(data), length);
}

void OnFlush(png_structp) {}

// Writes `image` into `sink` with `channels` (3 drops alpha). Only trivially destructible locals
// live here, because libpng reports errors with longjmp.
bool WritePng(const Raster& image, int channels, PngSink& sink, std::uint8_t* row) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, OnWriteError, OnWriteWarning);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &sink, OnWrite, OnFlush);
  png_set_compression_level(png, 6);  // 9 gains a few percent at many times the time
  png_set_IHDR(png, info, image.width, image.height, 8, channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    const std::uint8_t* src = image.rgba.data() + static_cast<size_t>(y) * image.width * 4;
    if (channels == 4) {
      std::memcpy(row, src, static_cast<size_t>(image.width) * 4);
    } else {
      for (std::uint32_t x = 0; x < image.width; ++x) std::memcpy(row + x * 3, src + x * 4, 3);
    }
    png_write_row(png, row);
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

ImageFormat SniffImageFormat(std::string_view bytes) {
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return ImageFormat::kPng;
  if (StartsWith(bytes, "\xFF\xD8\xFF")) return ImageFormat::kJpeg;
  if (StartsWith(bytes, "GIF87a") || StartsWith(bytes, "GIF89a")) return ImageFormat::kGif;
  if (StartsWith(bytes, "BM")) return ImageFormat::kBmp;
  return ImageFormat::kUnknown;
}

std::string_view ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kGif: return "GIF";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kUnknown: break;
  }
  return "unknown";
}

DecodedImage DecodeImage(std::string_view bytes, PixelBudget* budget) {
  DecodedImage out;
  out.format = SniffImageFormat(bytes);
  if (out.format == ImageFormat::kUnknown) {
    out.problem = PngInfo::Problem::kNotPng;
    out.detail = bytes.empty() ? "the file is empty" : "the file is no PNG, JPEG, GIF or BMP image";
    return out;
  }
  if (out.format == ImageFormat::kPng) {
    PngInfo info = DecodePng(bytes, budget, &out.raster.rgba);
    out.problem = info.problem;
    out.detail = std::move(info.detail);
    out.raster.width = info.width;
    out.raster.height = info.height;
    return out;
  }
  std::uint32_t width = 0, height = 0;
  std::string error;
  if (!StbInfo(bytes, width, height, error)) {
    out.problem = PngInfo::Problem::kCorrupt;
    out.detail = "the " + std::string(ImageFormatName(out.format)) + " header is malformed: " + error;
    return out;
  }
  const std::uint64_t pixels = std::uint64_t{width} * height;
  if (width > kMaxImageSide || height > kMaxImageSide || pixels > kMaxImagePixels) {
    out.problem = PngInfo::Problem::kTooLarge;
    out.detail = "the image is " + std::to_string(width) + "x" + std::to_string(height) + " pixels; the limit is " +
                 std::to_string(kMaxImageSide) + " a side";
    return out;
  }
  if (budget != nullptr && pixels > budget->pixels) {
    out.problem = PngInfo::Problem::kOverBudget;
    out.detail = "decoding its " + std::to_string(pixels) + " pixels would pass the limit of " +
                 std::to_string(kMaxDecodedPixels) + " decoded pixels for all the images together";
    return out;
  }
  if (budget != nullptr) budget->pixels -= pixels;
  if (!StbDecode(bytes, width, height, DecodeAllowance(pixels), out.raster.rgba, error)) {
    out.problem = PngInfo::Problem::kCorrupt;
    out.detail = "the " + std::string(ImageFormatName(out.format)) + " is truncated or corrupt: " + error;
    return out;
  }
  out.raster.width = width;
  out.raster.height = height;
  return out;
}

std::string_view ProblemCode(PngInfo::Problem problem) {
  switch (problem) {
    case PngInfo::Problem::kNotPng: return codes::kImageNotPng;
    case PngInfo::Problem::kTooLarge:
    case PngInfo::Problem::kOverBudget: return codes::kImageTooLarge;
    case PngInfo::Problem::kCorrupt:
    case PngInfo::Problem::kNone: break;
  }
  return codes::kImageCorrupt;
}

std::string EncodePng(const Raster& image) {
  bool opaque = true;
  for (size_t i = 3; i < image.rgba.size() && opaque; i += 4) opaque = image.rgba[i] == 0xff;
  std::string out;
  PngSink sink{&out};
  std::vector<std::uint8_t> row(static_cast<size_t>(image.width) * 4);
  if (!WritePng(image, opaque ? 3 : 4, sink, row.data())) out.clear();
  return out;
}

}  // namespace pkpass
