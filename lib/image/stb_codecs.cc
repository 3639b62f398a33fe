#include "image/stb_codecs.h"

#include <cstdlib>
#include <cstring>

namespace pkpass {
namespace {

// What the decoder running on this thread may still allocate; each block carries its size in a
// header so that freeing it gives the bytes back.
thread_local size_t allocation_left = 0;
constexpr size_t kHeader = 16;

void* BudgetedMalloc(size_t size) {
  if (size > allocation_left || size > SIZE_MAX - kHeader) return nullptr;
  auto* block = static_cast<unsigned char*>(std::malloc(size + kHeader));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof(size));
  allocation_left -= size;
  return block + kHeader;
}

void BudgetedFree(void* p) {
  if (p == nullptr) return;
  unsigned char* block = static_cast<unsigned char*>(p) - kHeader;
  size_t size;
  std::memcpy(&size, block, sizeof(size));
  allocation_left += size;
  std::free(block);
}

void* BudgetedRealloc(void* p, size_t size) {
  if (p == nullptr) return BudgetedMalloc(size);
  unsigned char* block = static_cast<unsigned char*>(p) - kHeader;
  size_t old;
  std::memcpy(&old, block, sizeof(old));
  if (size > old && size - old > allocation_left) return nullptr;
  if (size > SIZE_MAX - kHeader) return nullptr;
  auto* grown = static_cast<unsigned char*>(std::realloc(block, size + kHeader));
  if (grown == nullptr) return nullptr;
  std::memcpy(grown, &size, sizeof(size));
  allocation_left = allocation_left + old - size;
  return grown + kHeader;
}

}  // namespace
}  // namespace pkpass

// stb's implementations, private to this file. Only the formats pkpass takes from stb are
// compiled: no PSD, TGA, HDR, PIC or PNM parser exists in pkpass, and no file is opened.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP

#define STBI_MAX_DIMENSIONS (1 << 16)
#define STBI_MALLOC(size) ::pkpass::BudgetedMalloc(size)
#define STBI_REALLOC(p, size) ::pkpass::BudgetedRealloc(p, size)
#define STBI_FREE(p) ::pkpass::BudgetedFree(p)
#include <stb_image.h>
#define STB_IMAGE_RESIZE_STATIC
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#include <stb_image_resize.h>
#pragma GCC diagnostic pop

namespace pkpass {
namespace {

std::size_t Be16(std::string_view b, std::size_t at) {
  return (std::size_t{static_cast<unsigned char>(b[at])} << 8) | static_cast<unsigned char>(b[at + 1]);
}

// Whether every Huffman table the JPEG `b` defines has at most 256 symbols, as the JPEG standard
// allows: stb_image 2.27 (Debian 12's) writes past its table for more. One pass over the markers,
// skipping entropy-coded data; anything malformed is left to stb to refuse.
bool JpegTablesSound(std::string_view b) {
  std::size_t i = 2;  // after SOI
  while (i + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[i]) != 0xFF) {
      ++i;  // entropy-coded data, up to the next marker
      continue;
    }
    const unsigned marker = static_cast<unsigned char>(b[i + 1]);
    if (marker == 0xFF || marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
      i += marker == 0xFF ? 1 : 2;  // fill, stuffed byte, TEM, RSTn, SOI: no length
      continue;
    }
    if (marker == 0xD9) return true;  // EOI
    const std::size_t length = Be16(b, i + 2);
    if (length < 2) return true;  // stb refuses it
    if (marker == 0xC4) {
      // As stb reads it: a table while any of the segment is left, even one shorter than a
      // table's 17 bytes, and a byte past the end of the file as 0.
      auto at = [&](std::size_t k) -> std::size_t { return k < b.size() ? static_cast<unsigned char>(b[k]) : 0; };
      for (std::size_t p = i + 4, end = i + 2 + length; p < end;) {
        std::size_t symbols = 0;
        for (std::size_t k = 1; k <= 16; ++k) symbols += at(p + k);
        if (symbols > 256) return false;
        p += 17 + symbols;
      }
    }
    if (i + 2 + length > b.size()) return true;  // truncated: stb reports it
    i += 2 + length;
  }
  return true;
}

const char* Reason() {
  const char* reason = stbi_failure_reason();
  return reason != nullptr ? reason : "unknown error";
}

}  // namespace

bool StbInfo(std::string_view bytes, std::uint32_t& width, std::uint32_t& height, std::string& error) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    error = "the file is too large to read";
    return false;
  }
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && !JpegTablesSound(bytes)) {
    error = "a Huffman table has more than 256 symbols";
    return false;
  }
  allocation_left = 1u << 20;  // a header check allocates its reader only
  int w = 0, h = 0, channels = 0;
  const int ok = stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                                       &w, &h, &channels);
  allocation_left = 0;
  if (ok == 0 || w <= 0 || h <= 0) {
    error = Reason();
    return false;
  }
  width = static_cast<std::uint32_t>(w);
  height = static_cast<std::uint32_t>(h);
  return true;
}

bool StbDecode(std::string_view bytes, std::uint32_t width, std::uint32_t height, size_t max_bytes,
               std::vector<std::uint8_t>& rgba, std::string& error) {
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF && !JpegTablesSound(bytes)) {
    error = "a Huffman table has more than 256 symbols";
    return false;
  }
  allocation_left = max_bytes;
  int w = 0, h = 0, channels = 0;
  stbi_uc* pixels = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                          static_cast<int>(bytes.size()), &w, &h, &channels, 4);
  if (pixels == nullptr) {
    allocation_left = 0;
    error = Reason();
    if (error == "outofmem") error = "decoding it needs more memory than its dimensions allow";
    return false;
  }
  bool ok = static_cast<std::uint32_t>(w) == width && static_cast<std::uint32_t>(h) == height;
  if (ok) {
    rgba.assign(pixels, pixels + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
  } else {
    error = "the image's data does not have its header's dimensions";
  }
  stbi_image_free(pixels);
  allocation_left = 0;
  return ok;
}

std::vector<std::uint8_t> StbResize(const std::vector<std::uint8_t>& in, std::uint32_t in_w, std::uint32_t in_h,
                                    std::uint32_t out_w, std::uint32_t out_h, float s0, float t0, float s1,
                                    float t1) {
  std::vector<std::uint8_t> out(static_cast<size_t>(out_w) * out_h * 4);
  stbir_resize_region(in.data(), static_cast<int>(in_w), static_cast<int>(in_h), 0, out.data(),
                      static_cast<int>(out_w), static_cast<int>(out_h), 0, STBIR_TYPE_UINT8, 4, 3, 0,
                      STBIR_EDGE_CLAMP, STBIR_EDGE_CLAMP, STBIR_FILTER_DEFAULT, STBIR_FILTER_DEFAULT,
                      STBIR_COLORSPACE_SRGB, nullptr, s0, t0, s1, t1);
  return out;
}

}  // namespace pkpass
