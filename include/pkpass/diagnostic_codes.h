// Every stable diagnostic code: the index of all rules pkpass checks. Codes never change meaning
// once published; tools and tests match on them. Each code's area, usual severity and meaning are
// in the table Codes() returns (`pkpass-build codes` prints it).
#ifndef PKPASS_DIAGNOSTIC_CODES_H_
#define PKPASS_DIAGNOSTIC_CODES_H_

#include <span>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"

namespace pkpass {

// One row of the table of codes.
struct CodeInfo {
  std::string_view code;     // "json-syntax"
  std::string_view area;     // "json", "model", "overrides", "batch", "pass", ...
  Severity severity;         // what the code is without the strict option
  std::string_view meaning;  // one sentence
};

// Every code, grouped by area in the order below; static storage.
PKPASS_EXPORT std::span<const CodeInfo> Codes();

// The row of `code`, or nullptr for a code pkpass does not have.
PKPASS_EXPORT const CodeInfo* FindCode(std::string_view code);

// Returns the table as a JSON array of {"code", "area", "severity", "meaning"}, in its order.
PKPASS_EXPORT std::string FormatCodesJson();

namespace codes {

// Reports (area "report")
inline constexpr std::string_view kDiagnosticsOmitted = "diagnostics-omitted";

// JSON documents: pass.json, model.json, overrides, manifest.json (area "json")
inline constexpr std::string_view kJsonSyntax = "json-syntax";
inline constexpr std::string_view kJsonEncoding = "json-encoding";
inline constexpr std::string_view kJsonTooDeep = "json-too-deep";
inline constexpr std::string_view kJsonTooLarge = "json-too-large";
inline constexpr std::string_view kJsonNotObject = "json-not-object";
inline constexpr std::string_view kJsonTooManyKeys = "json-too-many-keys";
inline constexpr std::string_view kJsonDuplicateKey = "json-duplicate-key";

// The model folder and model.json (area "model")
inline constexpr std::string_view kModelPassJsonMissing = "model-pass-json-missing";
inline constexpr std::string_view kModelSymlink = "model-symlink";
inline constexpr std::string_view kModelJunkFile = "model-junk-file";
inline constexpr std::string_view kModelPathUnsafe = "model-path-unsafe";
inline constexpr std::string_view kModelFileIgnored = "model-file-ignored";
inline constexpr std::string_view kModelTooLarge = "model-too-large";
inline constexpr std::string_view kPassTooLarge = "pass-too-large";
inline constexpr std::string_view kModelJsonInvalid = "model-json-invalid";
inline constexpr std::string_view kModelKeyPerPass = "model-key-per-pass";

// Overrides: the per-pass document (area "overrides")
inline constexpr std::string_view kOverrideKeyUnknown = "override-key-unknown";
inline constexpr std::string_view kOverrideType = "override-type";
inline constexpr std::string_view kFieldKeyMissing = "field-key-missing";
inline constexpr std::string_view kFieldUnknown = "field-unknown";
inline constexpr std::string_view kBarcodeNotInModel = "barcode-not-in-model";
inline constexpr std::string_view kOverrideValue = "override-value";
inline constexpr std::string_view kOverrideConflict = "override-conflict";
inline constexpr std::string_view kOverrideNotInPass = "override-not-in-pass";
inline constexpr std::string_view kBarcodeNfcExclusive = "barcode-nfc-exclusive";
inline constexpr std::string_view kFieldNotDynamic = "field-not-dynamic";
inline constexpr std::string_view kFieldAddNotAllowed = "field-add-not-allowed";
inline constexpr std::string_view kImageTypeUnknown = "image-type-unknown";
inline constexpr std::string_view kImageDuplicate = "image-duplicate";
inline constexpr std::string_view kImageSourceConflict = "image-source-conflict";
inline constexpr std::string_view kImageNotInModel = "image-not-in-model";
inline constexpr std::string_view kImageStoreMissing = "image-store-missing";
inline constexpr std::string_view kImageNotFound = "image-not-found";
inline constexpr std::string_view kImageUrlUnmapped = "image-url-unmapped";
inline constexpr std::string_view kImageHashMismatch = "image-hash-mismatch";
inline constexpr std::string_view kImagePathUnsafe = "image-path-unsafe";
inline constexpr std::string_view kImageDataInvalid = "image-data-invalid";
inline constexpr std::string_view kSerialFromModel = "serial-from-model";
inline constexpr std::string_view kResetAbsent = "reset-absent";
inline constexpr std::string_view kLocalizationLanguageUnknown = "localization-language-unknown";

// Batches: records, patches, issued values, bundles (area "batch")
inline constexpr std::string_view kBarcodeGenerationFailed = "barcode-generation-failed";
inline constexpr std::string_view kBatchSerialMissing = "batch-serial-missing";
inline constexpr std::string_view kBatchSerialUnsafe = "batch-serial-unsafe";
inline constexpr std::string_view kBatchSerialDuplicate = "batch-serial-duplicate";
inline constexpr std::string_view kCsvRow = "csv-row";
inline constexpr std::string_view kPatchUnmatched = "patch-unmatched";
inline constexpr std::string_view kPatchInvalid = "patch-invalid";
inline constexpr std::string_view kBarcodeDuplicate = "barcode-duplicate";
inline constexpr std::string_view kBundleKeyAbsent = "bundle-key-absent";

// pass.json: top-level keys, types, dates, colours (area "pass")
inline constexpr std::string_view kTextControlCharacter = "text-control-character";
inline constexpr std::string_view kRequiredKeyMissing = "required-key-missing";
inline constexpr std::string_view kRequiredKeyEmpty = "required-key-empty";
inline constexpr std::string_view kKeyType = "key-type";
inline constexpr std::string_view kFormatVersion = "format-version";
inline constexpr std::string_view kStyleMissing = "style-missing";
inline constexpr std::string_view kStyleMultiple = "style-multiple";
inline constexpr std::string_view kColorInvalid = "color-invalid";
inline constexpr std::string_view kDateInvalid = "date-invalid";
inline constexpr std::string_view kDateTimezoneMissing = "date-timezone-missing";
inline constexpr std::string_view kDateZoneUnknown = "date-zone-unknown";
inline constexpr std::string_view kDateLocalNonexistent = "date-local-nonexistent";
inline constexpr std::string_view kDateLocalAmbiguous = "date-local-ambiguous";
inline constexpr std::string_view kDateZoneMismatch = "date-zone-mismatch";
inline constexpr std::string_view kKeyUnknown = "key-unknown";
inline constexpr std::string_view kStringTooLong = "string-too-long";
inline constexpr std::string_view kEnumValueInvalid = "enum-value-invalid";
inline constexpr std::string_view kTransitTypeMissing = "transit-type-missing";
inline constexpr std::string_view kTransitTypeNotAllowed = "transit-type-not-allowed";
inline constexpr std::string_view kGroupingIdentifierNotAllowed = "grouping-identifier-not-allowed";
inline constexpr std::string_view kAppLaunchUrlNeedsStoreId = "app-launch-url-needs-store-id";
inline constexpr std::string_view kWebServiceIncomplete = "web-service-incomplete";
inline constexpr std::string_view kWebServiceNotHttps = "web-service-not-https";
inline constexpr std::string_view kAuthenticationTokenShort = "authentication-token-short";
inline constexpr std::string_view kNumberNegative = "number-negative";

// Fields (area "fields")
inline constexpr std::string_view kFieldValueMissing = "field-value-missing";
inline constexpr std::string_view kFieldKeyDuplicate = "field-key-duplicate";
inline constexpr std::string_view kDateStylePair = "date-style-pair";
inline constexpr std::string_view kNumberStyleNotNumber = "number-style-not-number";
inline constexpr std::string_view kNumberStyleConflict = "number-style-conflict";
inline constexpr std::string_view kCurrencyCodeInvalid = "currency-code-invalid";
inline constexpr std::string_view kChangeMessagePlaceholder = "change-message-placeholder";
inline constexpr std::string_view kTextAlignmentIgnored = "text-alignment-ignored";
inline constexpr std::string_view kDataDetectorsIgnored = "data-detectors-ignored";
inline constexpr std::string_view kRowInvalid = "row-invalid";
inline constexpr std::string_view kRowIgnored = "row-ignored";
inline constexpr std::string_view kFieldsTooMany = "fields-too-many";
inline constexpr std::string_view kAttributedValueMarkup = "attributed-value-markup";

// Relevance: locations, beacons, dates (area "relevance")
inline constexpr std::string_view kLocationsTooMany = "locations-too-many";
inline constexpr std::string_view kLocationCoordinateMissing = "location-coordinate-missing";
inline constexpr std::string_view kLocationOutOfRange = "location-out-of-range";
inline constexpr std::string_view kBeaconsTooMany = "beacons-too-many";
inline constexpr std::string_view kBeaconUuidInvalid = "beacon-uuid-invalid";
inline constexpr std::string_view kBeaconMajorRange = "beacon-major-range";
inline constexpr std::string_view kBeaconMinorRange = "beacon-minor-range";
inline constexpr std::string_view kRelevantDatesEntryInvalid = "relevant-dates-entry-invalid";
inline constexpr std::string_view kRelevantDateIgnored = "relevant-date-ignored";
inline constexpr std::string_view kRelevanceNeedsLocations = "relevance-needs-locations";
inline constexpr std::string_view kRelevantDateInterval = "relevant-date-interval";

// Semantics, style schemes, upcoming events, personalization (area "semantics")
inline constexpr std::string_view kSemanticTagUnknown = "semantic-tag-unknown";
inline constexpr std::string_view kUrlInvalid = "url-invalid";
inline constexpr std::string_view kKeyNotForPass = "key-not-for-pass";
inline constexpr std::string_view kStyleSchemeMismatch = "style-scheme-mismatch";
inline constexpr std::string_view kStyleSchemeIncomplete = "style-scheme-incomplete";
inline constexpr std::string_view kUpcomingIdentifierDuplicate = "upcoming-identifier-duplicate";
inline constexpr std::string_view kPersonalizationIncomplete = "personalization-incomplete";

// Barcodes and NFC (area "barcodes")
inline constexpr std::string_view kBarcodeFormatUnknown = "barcode-format-unknown";
inline constexpr std::string_view kBarcodeFormatLegacy = "barcode-format-legacy";
inline constexpr std::string_view kBarcodeMessageMissing = "barcode-message-missing";
inline constexpr std::string_view kBarcodeMessageEmpty = "barcode-message-empty";
inline constexpr std::string_view kBarcodeEncodingMissing = "barcode-encoding-missing";
inline constexpr std::string_view kBarcodeFallbackMissing = "barcode-fallback-missing";
inline constexpr std::string_view kBarcodeWatchUnsupported = "barcode-watch-unsupported";
inline constexpr std::string_view kNfcIncomplete = "nfc-incomplete";
inline constexpr std::string_view kNfcMessageTooLong = "nfc-message-too-long";
inline constexpr std::string_view kNfcKeyInvalid = "nfc-key-invalid";

// The signing identity against the pass (area "signing")
inline constexpr std::string_view kNfcCertificateRequired = "nfc-certificate-required";
inline constexpr std::string_view kPassTypeIdMismatch = "pass-type-id-mismatch";
inline constexpr std::string_view kTeamIdMismatch = "team-id-mismatch";

// Images (area "images")
inline constexpr std::string_view kIconMissing = "icon-missing";
inline constexpr std::string_view kIconScaleMissing = "icon-scale-missing";
inline constexpr std::string_view kImageNotPng = "image-not-png";
inline constexpr std::string_view kImageCorrupt = "image-corrupt";
inline constexpr std::string_view kImageTooLarge = "image-too-large";
inline constexpr std::string_view kImageUploadTooLarge = "image-upload-too-large";
inline constexpr std::string_view kImageNotForStyle = "image-not-for-style";
inline constexpr std::string_view kImageStripConflict = "image-strip-conflict";
inline constexpr std::string_view kImageSize = "image-size";
inline constexpr std::string_view kImageScaleMismatch = "image-scale-mismatch";
inline constexpr std::string_view kImageTopAndLproj = "image-top-and-lproj";

// Localisation (area "localization")
inline constexpr std::string_view kStringsSyntax = "strings-syntax";
inline constexpr std::string_view kStringsEncoding = "strings-encoding";
inline constexpr std::string_view kLprojImagesDiffer = "lproj-images-differ";
inline constexpr std::string_view kLprojStringsDiffer = "lproj-strings-differ";

// Vendor payloads and templates (area "import")
inline constexpr std::string_view kImportKeyUnknown = "import-key-unknown";
inline constexpr std::string_view kImportKeyIgnored = "import-key-ignored";
inline constexpr std::string_view kImportValueInvalid = "import-value-invalid";
inline constexpr std::string_view kImportColorInvalid = "import-color-invalid";
inline constexpr std::string_view kImportOffsetIgnored = "import-offset-ignored";
inline constexpr std::string_view kImportValuesMerged = "import-values-merged";
inline constexpr std::string_view kImportNeedsModel = "import-needs-model";

// A .pkpass or .pkpasses being verified (area "archive")
inline constexpr std::string_view kBundleInvalid = "bundle-invalid";
inline constexpr std::string_view kArchiveInvalid = "archive-invalid";
inline constexpr std::string_view kArchiveEntryUnsupported = "archive-entry-unsupported";
inline constexpr std::string_view kArchiveEntryUnsafe = "archive-entry-unsafe";
inline constexpr std::string_view kArchiveFileMissing = "archive-file-missing";
inline constexpr std::string_view kManifestInvalid = "manifest-invalid";
inline constexpr std::string_view kManifestHashMismatch = "manifest-hash-mismatch";
inline constexpr std::string_view kManifestFileUnlisted = "manifest-file-unlisted";
inline constexpr std::string_view kManifestEntryMissingFile = "manifest-entry-missing-file";
inline constexpr std::string_view kSignatureInvalid = "signature-invalid";
inline constexpr std::string_view kSignatureDigestUnsupported = "signature-digest-unsupported";
inline constexpr std::string_view kSignatureSigningTimeMissing = "signature-signing-time-missing";
inline constexpr std::string_view kSignatureUntrusted = "signature-untrusted";
inline constexpr std::string_view kSignerNotValidAtSigningTime = "signer-not-valid-at-signing-time";

}  // namespace codes
}  // namespace pkpass

#endif  // PKPASS_DIAGNOSTIC_CODES_H_
