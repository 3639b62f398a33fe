// The "images" override (Pass2U's image rule): when present, it is the pass's whole image set.
// Each entry is {"type": "thumbnail", "scale": 1|2|3, and one source}: "hex" (a SHA-1 naming
// "<hex>.png" in the image store; the file must have that SHA-1), "path" (a file in the image
// store), "data" (base64) or "url" (an http or https URL the caller's ImageFetcher answers; one
// it has nothing for is image-url-unmapped). An entry with no source keeps the model's images of that type, at
// every scale. Image types not listed are left out of the pass, even when the model has them,
// localised copies included.
#ifndef PKPASS_RESOLVE_IMAGES_H_
#define PKPASS_RESOLVE_IMAGES_H_

#include "pkpass/diagnostic.h"
#include "pkpass/image_store.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

// What one pass's own images ("images" and every language's) may hold in all, each language's
// copy counted: checked before each is read, so an image named for 200 languages stops here.
// Far above any pass Wallet shows well, and low enough that building the archive beside them
// stays within 64 MiB.
inline constexpr size_t kMaxOwnImageBytes = 24u << 20;

// Where the entries' bytes come from (either may be null), and whether entries are made into
// PNG sets: with `derive` (or the model's "images": {"derive": true}), an entry without a
// "scale" gives the type's @1x, @2x and @3x at Apple's size for the model's style, and one in
// another format than PNG is converted at the size of its scale (image/derive.h). An entry
// that names a scale wins over a set derived for the same type.
struct ImageSources {
  const ImageStore* store = nullptr;
  const ImageFetcher* fetcher = nullptr;
  bool derive = false;
};

// Applies `images` (an array of overrides at `at`) to `pass.files`.
void ApplyImages(const rapidjson::Value& images, const JsonPointer& at, ImageSources sources,
                 ResolvedPass& pass, Diagnostics& diags);

// Applies `images` (an array of entries with a source, at `at`) as the images of the
// localisation folder `folder` ("es.lproj"): each type given replaces the model's images of that
// type in the folder and at the top level.
void ApplyLocalizedImages(const rapidjson::Value& images, const JsonPointer& at,
                          std::string_view folder, ImageSources sources, ResolvedPass& pass,
                          Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_IMAGES_H_
