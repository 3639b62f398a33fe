// Model: a template pass directory (NAME.pass/) compiled once: pass.json parsed, files read and
// hashed. Immutable after loading; copies share the compiled data, and every const method is safe
// to call from several threads at once.
#ifndef PKPASS_MODEL_H_
#define PKPASS_MODEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"
#include "pkpass/overrides.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass {

// Options for building and validating passes. Aggregates with defaults, so callers can write
// model.Build(overrides, signer, {.validate = {.strict = true}, .timestamp = 1700000000}, diags).
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
  // Look at the whole pass. By default the parts of a pass that its overrides leave as the
  // model has them are not looked at again: what checking the model's pass.json reported of
  // them is reused, and its dates are resolved only where the overrides touched them, which
  // gives the same pass and the same diagnostics in the same order. Set it to check that
  // claim, or to rule it out when chasing a problem. Default: false.
  bool full_validation = false;
  // A server's own web service keys: when `web_service_url` is set, the pass carries it as
  // webServiceURL and `authentication_token` as authenticationToken, whatever the model and the
  // overrides say. Set per pass without touching its overrides, which never hold them. Default:
  // unset (the pass carries what the model and the overrides give).
  std::string web_service_url;
  std::string authentication_token;
  // Accept an http:// webServiceURL. Wallet takes one only on a device whose developer settings
  // allow HTTP services: for a server under development or test, never for issued passes.
  // Default: false (web-service-not-https).
  bool allow_http_web_service = false;
  // Make the overrides' images into PNG sets: an image entry without a "scale" becomes the
  // type's @1x, @2x and @3x at Apple's size for the style, and a JPEG, GIF or BMP is converted
  // (pkpass/images.h). The model's "images": {"derive": true} does the same. Default: false (an
  // entry is the one file it names, and must be a PNG).
  bool derive_images = false;
};

struct BuildOptions {
  // The verdict's options: a build refuses what Resolve with these refuses.
  ValidateOptions validate = {};
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

// Options for loading a model.
struct LoadOptions {
  // Make the PNG set the style needs from an image type the model gives as one file, or as a
  // JPEG, GIF or BMP (model.json's "images": {"derive": true} does the same; pkpass/images.h
  // says how each type is fitted).
  bool derive_images = false;
};

class PKPASS_EXPORT Model {
 public:
  // Loads the model directory `dir`: pass.json (strict JSON, a UTF-8 BOM stripped), model.json
  // (optional), images and xx.lproj/ folders. Symlinks, junk files and unsafe names are refused.
  // Content problems go to `diags`; any error among them makes the result kInvalidPass.
  // kNotFound / kIoError when the directory cannot be read.
  static Result<Model> Load(std::string_view dir, Diagnostics& diags, const LoadOptions& options = {});

  // As Load, from files in memory keyed by path relative to the model root ("pass.json",
  // "en.lproj/pass.strings"). The same checks apply to the paths.
  static Result<Model> FromFiles(const std::map<std::string, std::string>& files,
                                 Diagnostics& diags, const LoadOptions& options = {});

  // Validates the model alone, as the template of every pass: a key a pass's overrides may
  // supply (serialNumber, a boarding pass's transitType, ...) that the model lacks is a warning,
  // model-key-per-pass, naming what every pass must supply. A pass resolved or built without it
  // is still refused, at the key's pointer. Any error makes the result kInvalidPass.
  Status Validate(const ValidateOptions& options, Diagnostics& diags) const;

  // Completes `overrides` in place with what the model generates, so that the stored overrides
  // keep it for later updates: with model.json's "serialNumbers" {"generate": "uuid"}, a
  // missing serialNumber becomes a random UUID; with "barcodeValues" ("nfcValues"), a missing
  // barcode (nfc) message becomes a new value from OpenSSL's CSPRNG, none of
  // `options.barcode_registry`'s. Returns whether a value was added (then overrides.ToJson() is
  // what to store). kInternal when no value can be generated.
  Result<bool> Complete(ParsedOverrides& overrides, const ValidateOptions& options) const;

  // Returns the pass.json this model gives with `overrides` applied, as the bytes Build would
  // emit: the verdict Build gives, without signing. Problems go to `diags`; any error makes the
  // result kInvalidPass.
  Result<std::string> Resolve(const ParsedOverrides& overrides, const ValidateOptions& options,
                              Diagnostics& diags) const;

  // The first step of Build: everything but the signature and the archive (see
  // pkpass/prepared_pass.h), for overrides already completed. A batch prepares on one thread and
  // signs on others.
  Result<PreparedPass> Prepare(const ParsedOverrides& overrides, const Signer& signer,
                               const BuildOptions& options, Diagnostics& diags) const;

  // Completes `overrides` (Complete), resolves and validates them (including the binding of
  // passTypeIdentifier and teamIdentifier to the signer), writes pass.json and manifest.json,
  // signs the manifest, checks the signature and returns the .pkpass archive's bytes. Afterwards
  // `overrides` hold what to store for the pass (overrides.completed() says whether the build
  // added a value). Warnings are returned in `diags` even on success; any error diagnostic makes
  // the result kInvalidPass and no archive is produced. Other codes report crypto or archive
  // failures.
  Result<std::string> Build(ParsedOverrides& overrides, const Signer& signer, const BuildOptions& options,
                            Diagnostics& diags) const;
  // The same from the overrides' JSON text (an empty view means no overrides), parsed first.
  Result<std::string> Build(std::string_view overrides_json, const Signer& signer, const BuildOptions& options,
                            Diagnostics& diags) const;

  // Returns whether the model generates barcode values (model.json "barcodeValues") for passes
  // whose overrides give none.
  bool generates_barcode_values() const;
  // Returns whether the model generates serial numbers (model.json "serialNumbers") for passes
  // whose overrides give none.
  bool generates_serials() const;

  // Returns the paths of the model's files that go into every pass, sorted (pass.json and
  // model.json excluded).
  std::vector<std::string> file_names() const;

  struct Impl;  // internal: the compiled model, defined in lib/model/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// Reads the files of the model folder `dir` as Model::Load does (the same limits; links, junk and
// unsafe names refused as diagnostics), keyed by "/"-separated relative path: what
// ImportTemplate changes. kInvalidPass when `diags` got an error; kNotFound or kIoError when the
// folder cannot be read.
PKPASS_EXPORT Result<std::map<std::string, std::string>> ReadModelFolder(std::string_view dir, Diagnostics& diags);

// Writes `files` into the folder `dir` (created when missing), each put in place complete
// (pkpass/files.h); a file `before` holds with the same bytes is left alone. Returns the names
// written, in order.
PKPASS_EXPORT Result<std::vector<std::string>> WriteModelFolder(const std::string& dir,
                                                                const std::map<std::string, std::string>& files,
                                                                const std::map<std::string, std::string>& before = {});

}  // namespace pkpass

#endif  // PKPASS_MODEL_H_
