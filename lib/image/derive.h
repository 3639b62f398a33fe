// Making the PNG set a pass style needs from one image of any size and shape: @1x, @2x and @3x
// at Apple's size for the image's role (the vocabulary's image rows), fitted as the row's `fit`
// says, resampled in linear light (image/stb_codecs.h).
#ifndef PKPASS_IMAGE_DERIVE_H_
#define PKPASS_IMAGE_DERIVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image/raster.h"
#include "pkpass/status.h"

namespace pkpass {

struct DerivedImage {
  std::string name;  // "logo@2x.png"
  int scale = 1;
  Raster image;
};

struct DerivedSet {
  std::vector<DerivedImage> images;  // @1x, @2x, @3x
  // What was done that the user may not expect, one sentence each: a crop, padding, enlarging,
  // a style that does not show the image.
  std::vector<std::string> notes;
};

// Derives the set of image `type` ("logo") for `style` ("storeCard"; "" when the type's size
// does not depend on the style) from `source`. kInvalidArgument when `type` is no image of a pass,
// Apple gives it no size (personalizationLogo), or its size depends on the style and none is given.
Result<DerivedSet> DeriveImageSet(const Raster& source, std::string_view type, std::string_view style);

}  // namespace pkpass

#endif  // PKPASS_IMAGE_DERIVE_H_
