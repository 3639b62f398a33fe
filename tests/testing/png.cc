#include "testing/png.h"

#include <png.h>
#include <zlib.h>

#include <stdexcept>
#include <vector>

namespace pkpass::testing {
namespace {

void Append(png_structp png, png_bytep data, size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<char*>(data), length);
}

std::string Write(std::uint32_t width, std::uint32_t height, int bit_depth, int color_type,
                  const std::vector<unsigned char>& row) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed");
  }
  png_set_write_fn(png, &out, Append, nullptr);
  png_set_IHDR(png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < height; ++y) png_write_row(png, row.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace

std::string MakePng(std::uint32_t width, std::uint32_t height) {
  std::vector<unsigned char> row(width * 4u);
  for (std::uint32_t x = 0; x < width; ++x) {
    row[4 * x] = 111;
    row[4 * x + 1] = 78;
    row[4 * x + 2] = 55;
    row[4 * x + 3] = 255;
  }
  return Write(width, height, 8, PNG_COLOR_TYPE_RGB_ALPHA, row);
}

std::string MakeBlankPng(std::uint32_t width, std::uint32_t height) {
  return Write(width, height, 1, PNG_COLOR_TYPE_GRAY, std::vector<unsigned char>((width + 7) / 8));
}

std::map<std::string, std::string> IconFiles() {
  return {{"icon.png", MakePng(29, 29)}, {"icon@2x.png", MakePng(58, 58)},
          {"icon@3x.png", MakePng(87, 87)}};
}

std::string MakePngHeaderOnly(std::uint32_t width, std::uint32_t height) {
  auto be32 = [](std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  auto chunk = [&](std::string& out, std::string_view type, const std::string& data) {
    be32(out, static_cast<std::uint32_t>(data.size()));
    const std::string typed = std::string(type) + data;
    out += typed;
    be32(out, static_cast<std::uint32_t>(
                  crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()))));
  };
  std::string ihdr;
  be32(ihdr, width);
  be32(ihdr, height);
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);
  std::string png = "\x89PNG\r\n\x1a\n";
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));  // zlib of nothing
  chunk(png, "IEND", "");
  return png;
}

}  // namespace pkpass::testing
