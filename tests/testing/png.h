// Real PNG files made at test time, through libpng.
#ifndef PKPASS_TESTS_TESTING_PNG_H_
#define PKPASS_TESTS_TESTING_PNG_H_

#include <cstdint>
#include <map>
#include <string>

namespace pkpass::testing {

// Returns an 8-bit RGBA PNG of `width` x `height` in one colour.
std::string MakePng(std::uint32_t width, std::uint32_t height);

// Returns a 1-bit greyscale PNG, all black: small files with large dimensions.
std::string MakeBlankPng(std::uint32_t width, std::uint32_t height);

// Returns a PNG signature and a sound IHDR of `width` x `height` (8-bit RGBA), an IDAT holding no
// pixel and IEND: a header that claims any size in 65 bytes.
std::string MakePngHeaderOnly(std::uint32_t width, std::uint32_t height);

// Returns icon.png, icon@2x.png and icon@3x.png at Apple's sizes.
std::map<std::string, std::string> IconFiles();

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_PNG_H_
