#include "testing/images.h"

#include <cmath>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
#pragma GCC diagnostic pop

namespace pkpass::testing {
namespace {

void Append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}

void Le16(std::string& out, unsigned v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}

// Packs LZW codes least significant bit first into GIF sub-blocks.
class CodeWriter {
 public:
  void Put(unsigned code, int bits) {
    acc_ |= static_cast<std::uint64_t>(code) << nbits_;
    nbits_ += bits;
    while (nbits_ >= 8) {
      bytes_.push_back(static_cast<char>(acc_ & 0xff));
      acc_ >>= 8;
      nbits_ -= 8;
    }
  }
  std::string Finish() {
    if (nbits_ > 0) bytes_.push_back(static_cast<char>(acc_ & 0xff));
    std::string out;
    for (size_t at = 0; at < bytes_.size(); at += 255) {
      const size_t n = std::min<size_t>(255, bytes_.size() - at);
      out.push_back(static_cast<char>(n));
      out.append(bytes_, at, n);
    }
    out.push_back('\0');
    return out;
  }

 private:
  std::uint64_t acc_ = 0;
  int nbits_ = 0;
  std::string bytes_;
};

}  // namespace

Raster TestPattern(std::uint32_t width, std::uint32_t height, bool disc) {
  Raster image{width, height, std::vector<std::uint8_t>(size_t{width} * height * 4)};
  const double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, radius = std::min(width, height) / 2.0;
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      std::uint8_t* p = image.rgba.data() + (size_t{y} * width + x) * 4;
      p[0] = static_cast<std::uint8_t>(255 * x / std::max(1u, width - 1));
      p[1] = static_cast<std::uint8_t>(255 * y / std::max(1u, height - 1));
      p[2] = ((x * 8 / width) + (y * 8 / height)) % 2 ? 200 : 40;
      const bool inside = std::hypot(x - cx, y - cy) <= radius;
      p[3] = !disc || inside ? 255 : 0;
    }
  }
  return image;
}

std::string EncodeJpeg(const Raster& image, int quality) {
  std::string out;
  stbi_write_jpg_to_func(Append, &out, static_cast<int>(image.width), static_cast<int>(image.height), 4,
                         image.rgba.data(), quality);
  return out;
}

std::string EncodeBmp(const Raster& image) {
  std::vector<std::uint8_t> rgb;
  rgb.reserve(size_t{image.width} * image.height * 3);
  for (size_t i = 0; i < image.rgba.size(); i += 4) rgb.insert(rgb.end(), &image.rgba[i], &image.rgba[i] + 3);
  std::string out;
  stbi_write_bmp_to_func(Append, &out, static_cast<int>(image.width), static_cast<int>(image.height), 3, rgb.data());
  return out;
}

std::string EncodeGif(const Raster& image) {
  std::string out = "GIF87a";
  Le16(out, image.width);
  Le16(out, image.height);
  out += "\xF7";  // a global table of 256 colours
  out.append(2, '\0');
  for (unsigned i = 0; i < 256; ++i) {
    const unsigned r = i / 42 % 6, g = i / 6 % 7, b = i % 6;
    out.push_back(static_cast<char>(i < 252 ? r * 51 : 0));
    out.push_back(static_cast<char>(i < 252 ? g * 42 : 0));
    out.push_back(static_cast<char>(i < 252 ? b * 51 : 0));
  }
  out.push_back(',');
  Le16(out, 0);
  Le16(out, 0);
  Le16(out, image.width);
  Le16(out, image.height);
  out.push_back('\0');
  out.push_back('\x08');  // LZW minimum code size
  // Every pixel a literal code; a clear code before the code table would need a tenth bit.
  CodeWriter codes;
  const unsigned kClear = 256, kEnd = 257;
  unsigned since_clear = 0;
  codes.Put(kClear, 9);
  for (size_t i = 0; i < image.rgba.size(); i += 4) {
    if (since_clear == 250) {
      codes.Put(kClear, 9);
      since_clear = 0;
    }
    const unsigned r = (image.rgba[i] + 25) / 51, g = (image.rgba[i + 1] + 21) / 42, b = (image.rgba[i + 2] + 25) / 51;
    codes.Put(r * 42 + std::min(g, 6u) * 6 + b, 9);
    ++since_clear;
  }
  codes.Put(kEnd, 9);
  out += codes.Finish();
  out.push_back(';');
  return out;
}

std::string PixelStats::str() const {
  return std::to_string(width) + "x" + std::to_string(height) + " rgba(" + std::to_string(r) + "," +
         std::to_string(g) + "," + std::to_string(b) + "," + std::to_string(a) + ")";
}

PixelStats StatsOf(const Raster& image) {
  PixelStats stats{image.width, image.height};
  std::uint64_t sum[4] = {};
  for (size_t i = 0; i < image.rgba.size(); ++i) sum[i % 4] += image.rgba[i];
  const std::uint64_t n = std::max<std::uint64_t>(1, std::uint64_t{image.width} * image.height);
  stats.r = static_cast<int>((sum[0] + n / 2) / n);
  stats.g = static_cast<int>((sum[1] + n / 2) / n);
  stats.b = static_cast<int>((sum[2] + n / 2) / n);
  stats.a = static_cast<int>((sum[3] + n / 2) / n);
  return stats;
}

PixelStats StatsOfPng(const std::string& png) {
  DecodedImage decoded = DecodeImage(png);
  if (decoded.problem != PngInfo::Problem::kNone || decoded.format != ImageFormat::kPng) return {};
  return StatsOf(decoded.raster);
}

}  // namespace pkpass::testing
