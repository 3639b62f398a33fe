// Images from any upload: the PNG set a pass style needs, made from one JPEG, GIF, BMP or PNG of
// any size and shape, and uploads stored as PNGs by their SHA-1, as Pass2U's image upload does.
// Every input is decoded only after its header's dimensions passed the limits (4096 pixels a
// side, 16 million in all), so a decompression bomb is refused having read its header.
#ifndef PKPASS_IMAGES_H_
#define PKPASS_IMAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// The most bytes an uploaded image may have; checked before it is decoded.
inline constexpr size_t kMaxUploadImageBytes = 16u << 20;

struct ImageSetOptions {
  std::string type;   // "icon", "logo", "strip", "background", "thumbnail", "footer", ...
  std::string style;  // "storeCard"; may be empty when the type's size does not depend on it
};

struct ImageSetFile {
  std::string name;  // "logo@2x.png"
  int scale = 1;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string png;
};

struct ImageSet {
  std::string source_format;  // "JPEG"
  std::uint32_t source_width = 0;
  std::uint32_t source_height = 0;
  std::vector<ImageSetFile> files;  // @1x, @2x, @3x, at Apple's size for the type and style
  // What was done that one may not expect, a sentence each: a crop as Wallet would make it,
  // transparent padding, an enlarged source.
  std::vector<std::string> notes;
};

// Makes the @1x, @2x and @3x PNGs of image `options.type` for `options.style` from `bytes`:
// logos, footers and secondary logos fit within Apple's size keeping their shape; the icon is
// also centred on a transparent square; a strip, background or artwork is scaled to cover its
// size and cropped evenly, as Wallet crops it; a thumbnail fits within 90x90 points and is padded
// to a shape Wallet does not crop. Resampled in linear light with alpha weighting; colours taken
// as sRGB (embedded ICC profiles and gamma are not applied). kInvalidArgument naming the problem:
// an unknown type, a style needed and not given, over kMaxUploadImageBytes, no image pkpass reads,
// over the pixel limits, or corrupt data.
PKPASS_EXPORT Result<ImageSet> MakeImageSet(std::string_view bytes, const ImageSetOptions& options);

// Writes the files of `set` into the folder `dir` (created when missing), each written complete
// (pkpass/files.h). kIoError with the system's reason.
PKPASS_EXPORT Status WriteImageSet(const ImageSet& set, const std::string& dir);

// Returns `bytes` as a PNG at its own size: a PNG unchanged once it decodes soundly, any other
// format converted. Errors as MakeImageSet's.
PKPASS_EXPORT Result<std::string> UploadToPng(std::string_view bytes);

// Stores the upload `bytes` (UploadToPng) as "<sha1>.png" in the folder `dir` (created when
// missing), written complete
// (pkpass/files.h), and returns the SHA-1's 40 lowercase hex digits: the "hex" an image override
// names it by. The errors of UploadToPng; kIoError when the folder refuses the file.
PKPASS_EXPORT Result<std::string> StoreImage(std::string_view bytes, const std::string& dir);

}  // namespace pkpass

#endif  // PKPASS_IMAGES_H_
