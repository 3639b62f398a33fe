#include "image/png_inspector.h"

#include <png.h>

#include <cstring>
#include <vector>

namespace pkpass {
namespace {

// State shared with libpng's callbacks. It lives in memory the callbacks and the longjmp landing
// both reach, so nothing depends on registers across setjmp.
struct ReadState {
  const unsigned char* data = nullptr;
  size_t size = 0;
  size_t offset = 0;
  char error[200] = {};
  png_bytep row = nullptr;
};

void OnError(png_structp png, png_const_charp message) {
  auto* state = static_cast<ReadState*>(png_get_error_ptr(png));
  std::strncpy(state->error, message != nullptr ? message : "libpng error", sizeof(state->error) - 1);
  png_longjmp(png, 1);
}

void OnWarning(png_structp, png_const_charp) {}

void OnRead(png_structp png, png_bytep out, size_t length) {
  auto* state = static_cast<ReadState*>(png_get_io_ptr(png));
  if (length > state->size - state->offset) png_error(png, "the file ends before the image does");
  std::memcpy(out, state->data + state->offset, length);
  state->offset += length;
}

// Sets up `png` to read `state` with pkpass's limits.
void SetUpReader(png_structp png, ReadState& state) {
  png_set_read_fn(png, &state, OnRead);
#ifdef PKPASS_FUZZING
  // Fuzzing builds only (fuzz/run.sh): chunk CRCs and zlib's Adler-32 are not checked, so that
  // mutated inputs reach the decoders instead of stopping at a checksum, as libpng's own fuzzer
  // does. Never in a build that inspects real files.
  png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
  png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);  // the limits below give a clearer message
  png_set_chunk_malloc_max(png, 16u << 20);
  // Every ancillary chunk but tRNS is skipped unread, a few bytes at a time: pkpass needs none of
  // them, and libpng's chunk size limit is only a warning in release builds, so a 263-byte file
  // declaring a 1.9 GB text chunk had it allocate and clear that much before finding the file
  // too short. Text, ICC profiles and the rest are never allocated nor decompressed.
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, nullptr, -1);
}

// Whether the image `info` describes may be decoded: within the limits of one image and within
// `budget`, which it then uses up. Else sets the problem. Calls no libpng function.
bool MayDecode(PngInfo& info, PixelBudget* budget) {
  if (info.width > kMaxImageSide || info.height > kMaxImageSide ||
      static_cast<std::uint64_t>(info.width) * info.height > kMaxImagePixels) {
    info.problem = PngInfo::Problem::kTooLarge;
    info.detail = "the image is " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                  " pixels; the limit is " + std::to_string(kMaxImageSide) + " a side";
    return false;
  }
  const std::uint64_t pixels = static_cast<std::uint64_t>(info.width) * info.height;
  if (budget != nullptr && pixels > budget->pixels) {
    info.problem = PngInfo::Problem::kOverBudget;
    info.detail = "decoding its " + std::to_string(pixels) + " pixels would pass the limit of " +
                  std::to_string(kMaxDecodedPixels) + " decoded pixels for all the images together";
    return false;
  }
  if (budget != nullptr) budget->pixels -= pixels;
  return true;
}

// Runs libpng over `state`; fills `info`. Only trivially destructible locals live here, because
// libpng reports errors with longjmp.
// With `rgba` non-null, the image is also converted to 8-bit RGBA into it, row by row (palette,
// grey and 16-bit images expanded, tRNS made alpha); else one row buffer is reused.
void Decode(ReadState& state, PngInfo& info, PixelBudget* budget, std::vector<std::uint8_t>* rgba) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, OnError, OnWarning);
  png_infop png_info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (png_info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    info.problem = PngInfo::Problem::kCorrupt;
    info.detail = "libpng could not start";
    return;
  }
  if (setjmp(png_jmpbuf(png))) {
    if (state.row != nullptr) png_free(png, state.row);
    state.row = nullptr;
    png_destroy_read_struct(&png, &png_info, nullptr);
    if (info.problem == PngInfo::Problem::kNone) {
      info.problem = PngInfo::Problem::kCorrupt;
      info.detail = state.error;
    }
    return;
  }
  SetUpReader(png, state);
  png_read_info(png, png_info);
  info.width = png_get_image_width(png, png_info);
  info.height = png_get_image_height(png, png_info);
  if (!MayDecode(info, budget)) {
    png_destroy_read_struct(&png, &png_info, nullptr);
    return;
  }
  if (rgba != nullptr) {
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, png_info);
  if (rgba != nullptr) {
    // The caller's vector is sized before any row is read; libpng's longjmp leaves it as is.
    rgba->assign(static_cast<size_t>(info.width) * info.height * 4, 0);
    for (int pass = 0; pass < passes; ++pass) {
      for (png_uint_32 y = 0; y < info.height; ++y) {
        png_read_row(png, rgba->data() + static_cast<size_t>(y) * info.width * 4, nullptr);
      }
    }
  } else {
    state.row = static_cast<png_bytep>(png_malloc(png, png_get_rowbytes(png, png_info)));
    for (int pass = 0; pass < passes; ++pass) {
      for (png_uint_32 y = 0; y < info.height; ++y) png_read_row(png, state.row, nullptr);
    }
  }
  png_read_end(png, nullptr);
  if (state.row != nullptr) png_free(png, state.row);
  state.row = nullptr;
  png_destroy_read_struct(&png, &png_info, nullptr);
}

}  // namespace

PngInfo InspectPng(std::string_view bytes, PixelBudget* budget) { return DecodePng(bytes, budget, nullptr); }

PngInfo DecodePng(std::string_view bytes, PixelBudget* budget, std::vector<std::uint8_t>* rgba) {
  PngInfo info;
  static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (bytes.size() < sizeof(kSignature) || std::memcmp(bytes.data(), kSignature, sizeof(kSignature)) != 0) {
    info.problem = PngInfo::Problem::kNotPng;
    info.detail = bytes.empty() ? "the file is empty" : "the file has no PNG signature";
    return info;
  }
  ReadState state;
  state.data = reinterpret_cast<const unsigned char*>(bytes.data());
  state.size = bytes.size();
  Decode(state, info, budget, rgba);
  if (rgba != nullptr && info.problem != PngInfo::Problem::kNone) rgba->clear();
  return info;
}

}  // namespace pkpass
