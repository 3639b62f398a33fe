// Writes the jpeg and gif fuzzers' seed corpora into the folders given: the test pattern at a few
// sizes and shapes (tests/testing/images.h), with and without transparency.
#include <fstream>
#include <iostream>
#include <string>

#include "testing/images.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: image_seeds JPEG_DIR GIF_DIR\n";
    return 2;
  }
  int n = 0;
  for (const auto& [w, h] : {std::pair{1u, 1u}, {16u, 16u}, {33u, 7u}, {64u, 48u}, {9u, 130u}}) {
    const pkpass::Raster image = pkpass::testing::TestPattern(w, h, n % 2 == 1);
    for (const int quality : {50, 95}) {
      std::ofstream(std::string(argv[1]) + "/seed" + std::to_string(n) + "-q" + std::to_string(quality) + ".jpg",
                    std::ios::binary)
          << pkpass::testing::EncodeJpeg(image, quality);
    }
    std::ofstream(std::string(argv[2]) + "/seed" + std::to_string(n) + ".gif", std::ios::binary)
        << pkpass::testing::EncodeGif(image);
    ++n;
  }
  return 0;
}
