// Images in every format pkpass reads, made at test time: a test pattern, encoded as JPEG and BMP
// (stb_image_write, from Debian's libstb-dev) or GIF (a minimal encoder here), and the pixel
// statistics the image tests compare.
#ifndef PKPASS_TESTS_TESTING_IMAGES_H_
#define PKPASS_TESTS_TESTING_IMAGES_H_

#include <cstdint>
#include <string>

#include "image/raster.h"

namespace pkpass::testing {

// A deterministic `width` x `height` picture: a red ramp left to right, a green ramp top to
// bottom, an 8x8 blue checkerboard; opaque. With `disc`, everything outside a centred disc
// whose diameter is the shorter side is transparent.
Raster TestPattern(std::uint32_t width, std::uint32_t height, bool disc = false);

std::string EncodeJpeg(const Raster& image, int quality = 90);
std::string EncodeBmp(const Raster& image);  // 24-bit, alpha dropped
// A GIF87a with a 6x7x6 colour cube palette, each pixel its nearest colour.
std::string EncodeGif(const Raster& image);

// What an image test compares: dimensions and each channel's mean, rounded.
struct PixelStats {
  std::uint32_t width = 0, height = 0;
  int r = 0, g = 0, b = 0, a = 0;
  std::string str() const;  // "320x100 rgba(127,64,120,255)"
};
PixelStats StatsOf(const Raster& image);
// The statistics of a PNG; a failed decode gives 0x0.
PixelStats StatsOfPng(const std::string& png);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_IMAGES_H_
