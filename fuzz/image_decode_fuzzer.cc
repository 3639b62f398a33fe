// Fuzzes the image decoder (stb for JPEG, GIF and BMP, compiled into pkpass; libpng for PNG):
// the header check, the size limits and budget, and the decode under its memory allowance. Built
// twice, as jpeg_fuzzer and gif_fuzzer, each with its own seeds and corpus, so that each format
// has its share of the time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image/raster.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A budget of a million pixels: what is larger is refused from its header (as in every
  // build), so the fuzzer's time goes to decoding rather than to filling large images.
  pkpass::PixelBudget budget{1u << 20};
  const pkpass::DecodedImage decoded = pkpass::DecodeImage(bytes, &budget);
  if (decoded.problem != pkpass::PngInfo::Problem::kNone) {
    if (!decoded.raster.rgba.empty() || decoded.detail.empty()) std::abort();
    return 0;
  }
  // A decoded image is within the limits, and its pixels are exactly its dimensions' worth.
  const pkpass::Raster& image = decoded.raster;
  if (image.width == 0 || image.height == 0 || image.width > pkpass::kMaxImageSide ||
      image.height > pkpass::kMaxImageSide ||
      std::uint64_t{image.width} * image.height > pkpass::kMaxImagePixels ||
      image.rgba.size() != std::size_t{image.width} * image.height * 4) {
    std::abort();
  }
  return 0;
}
