// Writes the PNG fuzzer's seeds into the folder given as argv[1]: one small image of every colour
// type and bit depth libpng decodes, plain and interlaced, with a palette's transparency, text
// chunks (plain, deflated, international) and colour chunks, so that mutations start from every
// decoding path of libpng and zlib rather than from the fixtures' few RGBA images.
#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Seed {
  int color_type;
  int bit_depth;
  int interlace;
  bool extras;  // tRNS for palettes, text and colour chunks
};

void Write(const std::string& path, const Seed& seed) {
  FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) std::abort();
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (png == nullptr || info == nullptr || setjmp(png_jmpbuf(png))) std::abort();
  png_init_io(png, out);
  const png_uint_32 width = 13, height = 7;  // odd sizes exercise every Adam7 pass's edges
  png_set_IHDR(png, info, width, height, seed.bit_depth, seed.color_type, seed.interlace,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_color palette[16];
  png_byte alpha[16];
  for (int i = 0; i < 16; ++i) {
    palette[i] = {static_cast<png_byte>(i * 16), static_cast<png_byte>(255 - i * 16), static_cast<png_byte>(i * 7)};
    alpha[i] = static_cast<png_byte>(i * 17);
  }
  if (seed.color_type == PNG_COLOR_TYPE_PALETTE) {
    png_set_PLTE(png, info, palette, 1 << (seed.bit_depth < 4 ? seed.bit_depth : 4));
    if (seed.extras) png_set_tRNS(png, info, alpha, 1 << (seed.bit_depth < 4 ? seed.bit_depth : 4), nullptr);
  }
  if (seed.extras) {
    char key[] = "Comment", text[] = "pkpass fuzzing seed";
    png_text texts[3] = {};
    for (int i = 0; i < 3; ++i) {
      texts[i].key = key;
      texts[i].text = text;
    }
    texts[0].compression = PNG_TEXT_COMPRESSION_NONE;
    texts[1].compression = PNG_TEXT_COMPRESSION_zTXt;
    texts[2].compression = PNG_ITXT_COMPRESSION_zTXt;
    png_set_text(png, info, texts, 3);
    png_set_gAMA(png, info, 1 / 2.2);
    png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
  }
  // Every filter type, so that the decoder undoes each of them.
  png_set_filter(png, 0, PNG_ALL_FILTERS);
  png_write_info(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  std::vector<png_byte> row(row_bytes);
  const int passes = png_set_interlace_handling(png);
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) {
      for (size_t x = 0; x < row_bytes; ++x) row[x] = static_cast<png_byte>((x * 31 + y * 17) & 0xFF);
      if (seed.color_type == PNG_COLOR_TYPE_PALETTE && seed.bit_depth == 8) {
        for (png_byte& b : row) b &= 0x0F;
      }
      png_write_row(png, row.data());
    }
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  std::fclose(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::vector<std::pair<int, std::vector<int>>> types = {
      {PNG_COLOR_TYPE_GRAY, {1, 2, 4, 8, 16}}, {PNG_COLOR_TYPE_RGB, {8, 16}},
      {PNG_COLOR_TYPE_PALETTE, {1, 2, 4, 8}},  {PNG_COLOR_TYPE_GRAY_ALPHA, {8, 16}},
      {PNG_COLOR_TYPE_RGB_ALPHA, {8, 16}}};
  int count = 0;
  for (const auto& [type, depths] : types) {
    for (int depth : depths) {
      for (int interlace : {PNG_INTERLACE_NONE, PNG_INTERLACE_ADAM7}) {
        const Seed seed{type, depth, interlace, interlace == PNG_INTERLACE_ADAM7};
        Write(std::string(argv[1]) + "/seed-" + std::to_string(type) + "-" + std::to_string(depth) +
                  "-" + std::to_string(interlace) + ".png",
              seed);
        ++count;
      }
    }
  }
  std::printf("%d PNG seeds\n", count);
  return 0;
}
