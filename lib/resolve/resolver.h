// Resolution: a model's defaults with one pass's overrides applied, by Pass2U's v2 replacement
// rules: an absent key keeps the model's value, a present one replaces it, null
// resets to the model's value, an empty string is a value; fields are matched by key and only
// the attributes given change; "images", when present, is the pass's whole image set;
// "locations", "beacons", "barcodes" and the other arrays replace as a whole; "barcode" and
// "nfc" exclude each other. Then colours are normalised to rgb(r, g, b) and dates checked.
#ifndef PKPASS_RESOLVE_RESOLVER_H_
#define PKPASS_RESOLVE_RESOLVER_H_

#include "model/model_impl.h"
#include "pkpass/batch.h"
#include "pkpass/diagnostic.h"
#include "pkpass/image_store.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

struct ResolveOptions {
  const ImageStore* image_store = nullptr;       // for "images" entries; may be null
  BarcodeRegistry* barcode_registry = nullptr;   // for generated barcodes; may be null
  const ImageFetcher* image_fetcher = nullptr;   // for "images" entries by URL; may be null
  // Look at every value of the pass, not only those the overrides touched (the result is the
  // same: ValidateOptions::full_validation).
  bool every_value = false;
  // ValidateOptions::web_service_url and authentication_token: set over what the model and the
  // overrides give, when the URL is not empty.
  std::string_view web_service_url;
  std::string_view authentication_token;
  bool derive_images = false;  // ValidateOptions::derive_images
};

// Fills `out` with `model` resolved against `overrides` (an object). Overrides that cannot apply
// (an unknown key, a wrong type, a field the model lacks) are error diagnostics pointing into the
// overrides document; the rest still applies, so that every problem is reported at once.
void Resolve(const Model::Impl& model, const rapidjson::Value& overrides,
             const ResolveOptions& options, ResolvedPass& out, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_RESOLVER_H_
