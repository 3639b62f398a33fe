// Every stable diagnostic code, one documented constant each: the index of all rules pkpass checks.
// Codes never change meaning once published; tools and tests match on them.
#ifndef PKPASS_DIAGNOSTIC_CODES_H_
#define PKPASS_DIAGNOSTIC_CODES_H_

#include <string_view>

namespace pkpass::codes {

// --- JSON documents (pass.json, model.json, overrides, manifest.json) -------------------------
// Not RFC 8259 JSON: trailing commas, comments, NaN, trailing garbage, a truncated document.
inline constexpr std::string_view kJsonSyntax = "json-syntax";
// A string that is not valid UTF-8.
inline constexpr std::string_view kJsonEncoding = "json-encoding";
// Objects and arrays nested deeper than the limit (64).
inline constexpr std::string_view kJsonTooDeep = "json-too-deep";
// The document is larger than the limit for its kind.
inline constexpr std::string_view kJsonTooLarge = "json-too-large";
// The document's top level is not a JSON object.
inline constexpr std::string_view kJsonNotObject = "json-not-object";
// An object names the same key twice.
inline constexpr std::string_view kJsonDuplicateKey = "json-duplicate-key";

// --- Model directory ----------------------------------------------------------------------------
// The model has no pass.json.
inline constexpr std::string_view kModelPassJsonMissing = "model-pass-json-missing";
// A symbolic link in the model directory (refused, never followed).
inline constexpr std::string_view kModelSymlink = "model-symlink";
// .DS_Store, __MACOSX/, Thumbs.db, AppleDouble "._" files and editor backups.
inline constexpr std::string_view kModelJunkFile = "model-junk-file";
// A file name that is absolute, has "..", a backslash or a control character, or a folder that
// is not a ".lproj" localisation folder.
inline constexpr std::string_view kModelPathUnsafe = "model-path-unsafe";
// A file pkpass does not know how to place in a pass (warning; the file is left out).
inline constexpr std::string_view kModelFileIgnored = "model-file-ignored";
// A file over the per-file limit (16 MiB) or a model over the total limit (64 MiB, 512 files).
inline constexpr std::string_view kModelTooLarge = "model-too-large";

// --- Overrides ----------------------------------------------------------------------------------
// An overrides key pkpass does not know: at the top level, in a field, a barcode, nfc or an image.
inline constexpr std::string_view kOverrideKeyUnknown = "override-key-unknown";
// An overrides value of the wrong JSON type.
inline constexpr std::string_view kOverrideType = "override-type";
// An entry of "fields" without a string "key".
inline constexpr std::string_view kFieldKeyMissing = "field-key-missing";
// "fields" names a key the model has no field for.
inline constexpr std::string_view kFieldUnknown = "field-unknown";
// "barcode" customises a model that has no barcode.
inline constexpr std::string_view kBarcodeNotInModel = "barcode-not-in-model";
// An overrides value of the right type outside its allowed values ("status": 3, "scale": 4).
inline constexpr std::string_view kOverrideValue = "override-value";
// Two overrides keys that say contradictory things ("status": 2 with "voided": false).
inline constexpr std::string_view kOverrideConflict = "override-conflict";
// A Pass2U key that is not part of an Apple pass ("passcode", Android app keys): accepted and
// left out (warning).
inline constexpr std::string_view kOverrideNotInPass = "override-not-in-pass";
// "barcode" and "nfc" in the same overrides, which Pass2U forbids.
inline constexpr std::string_view kBarcodeNfcExclusive = "barcode-nfc-exclusive";
// "fields" customises a field that model.json's "dynamicFields" does not list.
inline constexpr std::string_view kFieldNotDynamic = "field-not-dynamic";
// An "images" entry whose "type" is not an image of a pass.
inline constexpr std::string_view kImageTypeUnknown = "image-type-unknown";
// Two "images" entries for the same type and scale.
inline constexpr std::string_view kImageDuplicate = "image-duplicate";
// An "images" entry with more than one of "hex", "path" and "data".
inline constexpr std::string_view kImageSourceConflict = "image-source-conflict";
// An "images" entry without a source for a type the model has no image of.
inline constexpr std::string_view kImageNotInModel = "image-not-in-model";
// An "images" entry reads from the image store but none was given (--image-dir).
inline constexpr std::string_view kImageStoreMissing = "image-store-missing";
// The image store has no file for an "images" entry.
inline constexpr std::string_view kImageNotFound = "image-not-found";
// The file named by "hex" does not have that SHA-1.
inline constexpr std::string_view kImageHashMismatch = "image-hash-mismatch";
// A "path" that is absolute, has "..", a backslash, or leaves the image directory.
inline constexpr std::string_view kImagePathUnsafe = "image-path-unsafe";
// "data" that is not base64, or a file the store refuses (too large, not a regular file).
inline constexpr std::string_view kImageDataInvalid = "image-data-invalid";

// --- model.json ---------------------------------------------------------------------------------
// model.json has an unknown key, a value of the wrong type, or names a field pass.json lacks.
inline constexpr std::string_view kModelJsonInvalid = "model-json-invalid";

// No unused barcode value could be generated (the CSPRNG failed, or the batch used them up).
inline constexpr std::string_view kBarcodeGenerationFailed = "barcode-generation-failed";

// --- pass.json ----------------------------------------------------------------------------------
// A required key is absent (spec §9 rule 10).
inline constexpr std::string_view kRequiredKeyMissing = "required-key-missing";
// A required string is empty (spec §9 rule 10).
inline constexpr std::string_view kRequiredKeyEmpty = "required-key-empty";
// A key of the wrong JSON type (spec §9 rule 17).
inline constexpr std::string_view kKeyType = "key-type";
// formatVersion is not the integer 1 (spec §9 rule 10).
inline constexpr std::string_view kFormatVersion = "format-version";
// No style key (boardingPass, coupon, eventTicket, generic, storeCard) (spec §9 rule 12).
inline constexpr std::string_view kStyleMissing = "style-missing";
// More than one style key (spec §9 rule 12).
inline constexpr std::string_view kStyleMultiple = "style-multiple";
// A colour that is not rgb(r, g, b), #rrggbb or #rgb with components 0-255 (spec §9 rule 30).
// Hex colours are accepted and written as rgb(r, g, b).
inline constexpr std::string_view kColorInvalid = "color-invalid";
// A date that is not W3C/ISO 8601 YYYY-MM-DDThh:mm[:ss[.f]] with an offset (spec §9 rule 28).
inline constexpr std::string_view kDateInvalid = "date-invalid";
// A date without the "Z" or "+hh:mm" offset Wallet requires (spec §9 rule 28).
inline constexpr std::string_view kDateTimezoneMissing = "date-timezone-missing";
// passTypeIdentifier differs from the signing certificate's UID (spec §9 rule 11).
inline constexpr std::string_view kPassTypeIdMismatch = "pass-type-id-mismatch";
// teamIdentifier differs from the signing certificate's OU (spec §9 rule 11).
inline constexpr std::string_view kTeamIdMismatch = "team-id-mismatch";

// --- Images -------------------------------------------------------------------------------------
// No icon.png, icon@2x.png or icon@3x.png (spec §9 rule 2).
inline constexpr std::string_view kIconMissing = "icon-missing";

// --- A .pkpass being verified -------------------------------------------------------------------
// Not a readable ZIP archive, or over the entry-count or size limits.
inline constexpr std::string_view kArchiveInvalid = "archive-invalid";
// An entry name that is absolute, has "..", a backslash, or repeats another (zip-slip).
inline constexpr std::string_view kArchiveEntryUnsafe = "archive-entry-unsafe";
// pass.json, manifest.json or signature is not at the archive root (spec §9 rule 1).
inline constexpr std::string_view kArchiveFileMissing = "archive-file-missing";
// manifest.json is not an object of path -> 40 lowercase hex digits.
inline constexpr std::string_view kManifestInvalid = "manifest-invalid";
// A file's SHA-1 differs from its manifest entry (spec §9 rule 3).
inline constexpr std::string_view kManifestHashMismatch = "manifest-hash-mismatch";
// A file in the archive has no manifest entry (spec §9 rule 3).
inline constexpr std::string_view kManifestFileUnlisted = "manifest-file-unlisted";
// A manifest entry names a file the archive lacks (spec §9 rule 3).
inline constexpr std::string_view kManifestEntryMissingFile = "manifest-entry-missing-file";
// signature is not a detached CMS SignedData over manifest.json, or it does not verify
// (spec §9 rule 40).
inline constexpr std::string_view kSignatureInvalid = "signature-invalid";
// The signature has no signingTime attribute (spec §9 rule 41).
inline constexpr std::string_view kSignatureSigningTimeMissing = "signature-signing-time-missing";
// The signer does not chain to the trust root through the included intermediate (rule 42).
inline constexpr std::string_view kSignatureUntrusted = "signature-untrusted";
// The signer certificate was not valid at the signing time (spec §9 rule 43).
inline constexpr std::string_view kSignerNotValidAtSigningTime = "signer-not-valid-at-signing-time";

}  // namespace pkpass::codes

#endif  // PKPASS_DIAGNOSTIC_CODES_H_
