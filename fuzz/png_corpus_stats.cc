// Runs the PNG inspector over every file of the corpus folders given and counts how far each got,
// so that a fuzzing run shows that its inputs reach libpng's and zlib's decoding and not only the
// signature check: fully decoded, failed inside the image data (inflate, filters, row count),
// failed in the chunks before it, refused for size, or no PNG at all.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "image/png_inspector.h"

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  size_t files = 0, decoded = 0, in_data = 0, in_chunks = 0, too_large = 0, not_png = 0;
  for (int dir = 1; dir < argc; ++dir) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[dir])) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes(std::istreambuf_iterator<char>(in), {});
      const pkpass::PngInfo info = pkpass::InspectPng(bytes);
      ++files;
      switch (info.problem) {
        case pkpass::PngInfo::Problem::kNone: ++decoded; break;
        case pkpass::PngInfo::Problem::kNotPng: ++not_png; break;
        case pkpass::PngInfo::Problem::kTooLarge:
        case pkpass::PngInfo::Problem::kOverBudget: ++too_large; break;
        // The header was read (the size is known) when decoding failed in the image data.
        case pkpass::PngInfo::Problem::kCorrupt: ++(info.width > 0 ? in_data : in_chunks); break;
      }
    }
  }
  std::printf("png corpus: %zu inputs: %zu decoded every row, %zu failed inside the image data, "
              "%zu failed in the chunks before it, %zu refused for size, %zu not PNG\n",
              files, decoded, in_data, in_chunks, too_large, not_png);
  return decoded > 0 && in_data > 0 ? 0 : 1;
}
