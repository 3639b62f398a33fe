// Options for building and validating passes. Aggregates with defaults, so callers can write
// model.Build(overrides, signer, {.validate = {.strict = true}, .timestamp = 1700000000}, diags).
#ifndef PKPASS_OPTIONS_H_
#define PKPASS_OPTIONS_H_

#include <cstdint>
#include <optional>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

class BarcodeRegistry;
class ImageFetcher;
class IssuedValues;
class ImageStore;

// The message digest of the CMS signature. The manifest always uses SHA-1, as Wallet requires.
enum class Digest { kSha256, kSha1 };

struct ValidateOptions {
  // Turn every warning into an error.
  bool strict = false;
  // Where the overrides' "images" entries with "hex" or "path" are read from. Not owned; must
  // outlive the call. Default: none (such entries are errors).
  const ImageStore* image_store = nullptr;
  // Where the overrides' "images" entries with "url" are fetched from (pkpass/image_store.h).
  // Not owned; must outlive the call. Default: none (such entries are errors).
  const ImageFetcher* image_fetcher = nullptr;
  // When the model generates barcode values, the values already issued in this batch; a
  // generated value is never one of them, and is recorded. Not owned. Default: none.
  BarcodeRegistry* barcode_registry = nullptr;
  // Refuse overrides without a serialNumber, from a model that generates none
  // (serial-from-model): the model's own is a template value every such pass would share, so
  // that each replaces the other on a phone. A batch always needs serials. Default: false (the
  // model's serial is taken, as for a single test pass).
  bool require_serial = false;
};

struct BuildOptions {
  // The verdict's options: a build refuses what Resolve with these refuses.
  ValidateOptions validate;
  // Digest of the signature. Default: SHA-256 (what Apple's own tool emits).
  Digest digest = Digest::kSha256;
  // Seconds since the Unix epoch to use as the zip entries' modification time and the signature's
  // signingTime. Set (e.g. from SOURCE_DATE_EPOCH), the same inputs give the same bytes.
  // Default: unset, the current time.
  std::optional<std::int64_t> timestamp;
  // The values issued to other passes (pkpass/issued.h), shared with other builds and batches:
  // Build and Prepare claim the pass's serial and, when the model keeps barcode messages unique
  // or generates them, its messages; a message another pass holds is never generated, and
  // refuses the pass (barcode-duplicate) when the model keeps messages unique. Sync it before
  // storing the pass. A batch claims each record's values through it, a chunk at a time. Not
  // owned. Default: none.
  IssuedValues* issued = nullptr;
};

// Returns the time SOURCE_DATE_EPOCH sets (reproducible-builds.org), for BuildOptions::timestamp:
// nullopt when it is unset or empty; kInvalidArgument when it is no whole number of seconds.
PKPASS_EXPORT Result<std::optional<std::int64_t>> SourceDateEpoch();

}  // namespace pkpass

#endif  // PKPASS_OPTIONS_H_
