// Images a model gives in any shape, made into Apple's PNG sets when it asks (model.json
// "images": {"derive": true}, or LoadOptions::derive_images): in each folder (the model's root
// and each xx.lproj/), an image type given as one file only ("logo.png", "logo@2x.png",
// "logo.jpg") or by any JPEG, GIF or BMP ("logo.jpeg", "icon@3x.gif") is replaced by the @1x,
// @2x and @3x PNGs image/derive.h makes from the largest of its files for the pass style. A type
// given as two or more PNGs is the designer's own set and is left as it is.
#ifndef PKPASS_MODEL_DERIVED_IMAGES_H_
#define PKPASS_MODEL_DERIVED_IMAGES_H_

#include <map>
#include <string>
#include <string_view>

#include "model/model_impl.h"
#include "model/model_loader.h"
#include "pkpass/diagnostic.h"

namespace pkpass {

// Returns true for a name an image may be derived from: an image's name (model/model_paths.h)
// with .png, .jpg, .jpeg, .gif or .bmp; `base` and `scale` as ParseImageName gives them.
bool ParseImageSourceName(std::string_view file_name, std::string_view* base = nullptr, int* scale = nullptr);

// Replaces, in `files` (the model's pass files by path), the images `sources` (path -> bytes: the
// model's image files and image sources of any format) give as described above, for `style`
// ("" when pass.json names none). A source that is no image, too large or corrupt is an error
// diagnostic at its path (image-not-png, image-too-large, image-corrupt).
void DeriveModelImages(const std::map<std::string, std::string>& sources, std::string_view style,
                       ImageInspector& images, std::map<std::string, ModelFile>& files, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_MODEL_DERIVED_IMAGES_H_
