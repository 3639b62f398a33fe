#include "pkpass/images.h"

#include <filesystem>
#include <memory>

#include "image/derive.h"
#include "image/raster.h"
#include "pkpass/files.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

// The upload decoded, or why not.
Result<DecodedImage> Decode(std::string_view bytes) {
  if (bytes.size() > kMaxUploadImageBytes) {
    return Status::InvalidArgument("the image is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                                   std::to_string(kMaxUploadImageBytes));
  }
  DecodedImage decoded = DecodeImage(bytes);
  if (decoded.problem != PngInfo::Problem::kNone) return Status::InvalidArgument(decoded.detail);
  return decoded;
}

// The folder `dir`, created when missing, open for writing.
Result<std::unique_ptr<OutputDir>> OpenFolder(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  auto out = std::make_unique<OutputDir>(dir);
  if (Status opened = out->status(); !opened.ok()) return opened;
  return out;
}

}  // namespace

Result<ImageSet> MakeImageSet(std::string_view bytes, const ImageSetOptions& options) {
  Result<DecodedImage> decoded = Decode(bytes);
  if (!decoded.ok()) return decoded.status();
  Result<DerivedSet> derived = DeriveImageSet(decoded->raster, options.type, options.style);
  if (!derived.ok()) return derived.status();
  ImageSet set;
  set.source_format = std::string(ImageFormatName(decoded->format));
  set.source_width = decoded->raster.width;
  set.source_height = decoded->raster.height;
  for (DerivedImage& image : derived->images) {
    set.files.push_back({image.name, image.scale, image.image.width, image.image.height, EncodePng(image.image)});
    if (set.files.back().png.empty()) return Status::Internal("libpng could not write " + image.name);
  }
  set.notes = std::move(derived->notes);
  return set;
}

Result<std::string> UploadToPng(std::string_view bytes) {
  // A PNG is kept as it is: checked row by row, without holding its pixels.
  if (SniffImageFormat(bytes) == ImageFormat::kPng && bytes.size() <= kMaxUploadImageBytes) {
    const PngInfo info = InspectPng(bytes);
    if (info.problem != PngInfo::Problem::kNone) return Status::InvalidArgument(info.detail);
    return std::string(bytes);
  }
  Result<DecodedImage> decoded = Decode(bytes);
  if (!decoded.ok()) return decoded.status();
  std::string png = EncodePng(decoded->raster);
  if (png.empty()) return Status::Internal("libpng could not write the image");
  return png;
}

Result<std::string> StoreImage(std::string_view bytes, const std::string& dir) {
  Result<std::string> png = UploadToPng(bytes);
  if (!png.ok()) return png.status();
  std::string hex = Sha1Hex(*png);
  Result<std::unique_ptr<OutputDir>> out = OpenFolder(dir);
  if (!out.ok()) return out.status();
  if (Status written = (*out)->Write(hex + ".png", *png); !written.ok()) return written;
  return hex;
}

Status WriteImageSet(const ImageSet& set, const std::string& dir) {
  Result<std::unique_ptr<OutputDir>> out = OpenFolder(dir);
  if (!out.ok()) return out.status();
  for (const ImageSetFile& file : set.files) {
    if (Status written = (*out)->Write(file.name, file.png); !written.ok()) return written;
  }
  return Status::Ok();
}

}  // namespace pkpass
