// The image decoders and the resampler pkpass takes from stb (Debian's libstb-dev headers,
// compiled here into pkpass with only JPEG, GIF and BMP enabled, so that the fuzzers reach them
// and no other format is ever parsed). PNG stays with libpng (png_inspector.h).
#ifndef PKPASS_IMAGE_STB_CODECS_H_
#define PKPASS_IMAGE_STB_CODECS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pkpass {

// Reads the dimensions from the header of a JPEG, GIF or BMP without decoding a pixel: a few
// hundred bytes at most are examined, whatever the file's size. False, with `error` set, when
// the header is not one of those formats or is malformed.
bool StbInfo(std::string_view bytes, std::uint32_t& width, std::uint32_t& height, std::string& error);

// Decodes the JPEG, GIF (its first frame) or BMP `bytes`, whose header said `width` x `height`,
// into 8-bit RGBA. Every allocation the decoder makes counts against `max_bytes`; past it the
// decoder stops ("out of memory"). False, with `error` set, when the data is corrupt or
// truncated, or its dimensions are not the header's.
bool StbDecode(std::string_view bytes, std::uint32_t width, std::uint32_t height, size_t max_bytes,
               std::vector<std::uint8_t>& rgba, std::string& error);

// Resamples the RGBA image `in` (in_w x in_h) to `out_w` x `out_h`, taking the source rectangle
// [s0, s1) x [t0, t1) (fractions of the source's width and height): sRGB decoded to linear light,
// colour weighted by alpha (no dark fringes at transparent edges), a Mitchell filter when
// shrinking, Catmull-Rom when enlarging, edges clamped. Deterministic.
std::vector<std::uint8_t> StbResize(const std::vector<std::uint8_t>& in, std::uint32_t in_w, std::uint32_t in_h,
                                    std::uint32_t out_w, std::uint32_t out_h, float s0, float t0, float s1,
                                    float t1);

}  // namespace pkpass

#endif  // PKPASS_IMAGE_STB_CODECS_H_
