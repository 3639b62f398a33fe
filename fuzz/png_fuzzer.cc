// Fuzzes the PNG inspector: the header check, the size limits and the row-by-row decode.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image/png_inspector.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const pkpass::PngInfo info =
      pkpass::InspectPng(std::string_view(reinterpret_cast<const char*>(data), size));
  // A decoded image never exceeds the limits.
  if (info.problem == pkpass::PngInfo::Problem::kNone &&
      (info.width == 0 || info.height == 0 || info.width > pkpass::kMaxImageSide ||
       info.height > pkpass::kMaxImageSide ||
       std::uint64_t{info.width} * info.height > pkpass::kMaxImagePixels)) {
    std::abort();
  }
  return 0;
}
