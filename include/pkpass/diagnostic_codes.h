// Every stable diagnostic code, one documented constant each: the index of all rules pkpass checks.
// Codes never change meaning once published; tools and tests match on them.
#ifndef PKPASS_DIAGNOSTIC_CODES_H_
#define PKPASS_DIAGNOSTIC_CODES_H_

#include <string_view>

namespace pkpass::codes {

// The diagnostics past a report's cap for one input, counted (FirstDiagnostics).
inline constexpr std::string_view kDiagnosticsOmitted = "diagnostics-omitted";

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
// An object has more keys than the limit (4096).
inline constexpr std::string_view kJsonTooManyKeys = "json-too-many-keys";
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

// The built pass would be larger than a .pkpass may be (64 MiB, 1,024 files): verify would refuse
// it.
inline constexpr std::string_view kPassTooLarge = "pass-too-large";

// A string of pass.json (userInfo aside) holds a control character other than tab, line feed
// and carriage return: U+0000 cuts the text short in Wallet, the others show as nothing.
inline constexpr std::string_view kTextControlCharacter = "text-control-character";

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
// An overrides field with an "area" the model does not open to new fields (model.json's
// newFieldAreas).
inline constexpr std::string_view kFieldAddNotAllowed = "field-add-not-allowed";
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
// An image given by "url" that the caller's ImageFetcher (pkpass-build: --image-map) has nothing
// for, or that no fetcher was given to fetch.
inline constexpr std::string_view kImageUrlUnmapped = "image-url-unmapped";
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

// --- Batches (pkpass-build batch) ----------------------------------------------------------------
// A record without a string serialNumber, which names its output file.
inline constexpr std::string_view kBatchSerialMissing = "batch-serial-missing";
// A serialNumber that is not a safe file name: empty, over 200 bytes, "/", "\\", a control
// character, or a leading ".".
inline constexpr std::string_view kBatchSerialUnsafe = "batch-serial-unsafe";
// A serialNumber an earlier record of the batch has (Passcreator's enforceUniqueUserProvidedId).
inline constexpr std::string_view kBatchSerialDuplicate = "batch-serial-duplicate";
// A CSV row that cannot be made into overrides: more cells than the header names, a cell that is
// not UTF-8; reported at "LINE:COLUMN" of the CSV.
inline constexpr std::string_view kCsvRow = "csv-row";
// pkpass-build build of overrides without a serialNumber, from a model that generates none: the
// model's serial is a template value (--model-serial takes it for a single test pass).
inline constexpr std::string_view kSerialFromModel = "serial-from-model";
// pkpass-build reset of a key, field or attribute the stored overrides do not have: nothing
// to reset, most likely a misspelt name.
inline constexpr std::string_view kResetAbsent = "reset-absent";
// A patch of batch --patch whose serialNumber no stored record has.
inline constexpr std::string_view kPatchUnmatched = "patch-unmatched";
// A patches file of batch --patch / --patch-all that cannot be applied at all: a line that is no
// patch object with a serialNumber, a serial given twice, a patch for every record that sets
// serialNumber (it would retarget every stored pass onto one file).
inline constexpr std::string_view kPatchInvalid = "patch-invalid";
// A barcode message an earlier record of the batch has, when model.json's barcodeValues asks for
// unique values (Pass2U's "not duplicable"); the message names that record.
inline constexpr std::string_view kBarcodeDuplicate = "barcode-duplicate";

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
// A time zone that is not a name of the system's tz database: a date's own ("...[Zone]"), the
// overrides' "timeZone" or model.json's.
inline constexpr std::string_view kDateZoneUnknown = "date-zone-unknown";
// A local time its zone skips (clocks go forward): it names no instant.
inline constexpr std::string_view kDateLocalNonexistent = "date-local-nonexistent";
// A local time its zone passes twice (clocks go back): it needs an offset to say which.
inline constexpr std::string_view kDateLocalAmbiguous = "date-local-ambiguous";
// A date with both an offset and a zone ("...+01:00[Europe/Berlin]") whose offset the zone never
// has at that local time.
inline constexpr std::string_view kDateZoneMismatch = "date-zone-mismatch";
// A key pass.json does not define, in a pass, a style, a field, a barcode or a relevance entry:
// often a misspelling (warning; spec §2, A-PDG "misspelled keys").
inline constexpr std::string_view kKeyUnknown = "key-unknown";
// A string longer than the limit for its key (Pass2U's limits: description 1000,
// organizationName 100, logoText 35, groupingIdentifier 50, appLaunchURL 255, relevantText 255,
// barcode message 255, altText 50, field key 100, label 150, value 5000, changeMessage 80).
inline constexpr std::string_view kStringTooLong = "string-too-long";
// A value outside the strings Apple defines for its key (PKTextAlignment..., PKDateStyle...,
// PKNumberStyle..., PKDataDetectorType..., PKTransitType...) (spec §9 rule 26).
inline constexpr std::string_view kEnumValueInvalid = "enum-value-invalid";
// A boarding pass without transitType (spec §9 rule 13).
inline constexpr std::string_view kTransitTypeMissing = "transit-type-missing";
// transitType on a style other than boardingPass (spec §9 rule 13).
inline constexpr std::string_view kTransitTypeNotAllowed = "transit-type-not-allowed";
// groupingIdentifier on a style other than eventTicket and boardingPass (spec §9 rule 14).
inline constexpr std::string_view kGroupingIdentifierNotAllowed = "grouping-identifier-not-allowed";
// appLaunchURL without a non-empty associatedStoreIdentifiers (spec §9 rule 15).
inline constexpr std::string_view kAppLaunchUrlNeedsStoreId = "app-launch-url-needs-store-id";
// webServiceURL without authenticationToken, or the reverse (spec §9 rule 16).
inline constexpr std::string_view kWebServiceIncomplete = "web-service-incomplete";
// webServiceURL not https:// (spec §9 rule 16).
inline constexpr std::string_view kWebServiceNotHttps = "web-service-not-https";
// authenticationToken shorter than 16 characters (spec §9 rule 16).
inline constexpr std::string_view kAuthenticationTokenShort = "authentication-token-short";

// --- Fields -------------------------------------------------------------------------------------
// A field without "value" (spec §9 rule 19). A field without "key" is field-key-missing.
inline constexpr std::string_view kFieldValueMissing = "field-value-missing";
// Two fields of the pass share a key, in any groups (spec §9 rule 18).
inline constexpr std::string_view kFieldKeyDuplicate = "field-key-duplicate";
// Only one of dateStyle and timeStyle (warning; spec §9 rule 20).
inline constexpr std::string_view kDateStylePair = "date-style-pair";
// numberStyle or currencyCode on a value that is not a number (spec §9 rule 21).
inline constexpr std::string_view kNumberStyleNotNumber = "number-style-not-number";
// numberStyle with currencyCode, or either with a date style (spec §9 rule 21).
inline constexpr std::string_view kNumberStyleConflict = "number-style-conflict";
// currencyCode that is not three capital letters (ISO 4217) (spec §9 rule 21).
inline constexpr std::string_view kCurrencyCodeInvalid = "currency-code-invalid";
// A number that must be zero or more, such as maxDistance (meters), is negative.
inline constexpr std::string_view kNumberNegative = "number-negative";
// changeMessage without "%@" (warning; spec §9 rule 22).
inline constexpr std::string_view kChangeMessagePlaceholder = "change-message-placeholder";
// textAlignment on a primary or back field, where Wallet ignores it (warning; rule 23).
inline constexpr std::string_view kTextAlignmentIgnored = "text-alignment-ignored";
// dataDetectorTypes on a field that is not a back field (warning; spec §9 rule 24).
inline constexpr std::string_view kDataDetectorsIgnored = "data-detectors-ignored";
// row other than 0 or 1 (spec §9 rule 25).
inline constexpr std::string_view kRowInvalid = "row-invalid";
// row outside an event ticket's auxiliaryFields (warning; spec §9 rule 25).
inline constexpr std::string_view kRowIgnored = "row-ignored";
// More fields in a group than the style shows on the front (warning; spec §9 rule 27).
inline constexpr std::string_view kFieldsTooMany = "fields-too-many";
// attributedValue with markup other than <a href> (warning; spec §9 rule 27).
inline constexpr std::string_view kAttributedValueMarkup = "attributed-value-markup";

// --- Relevance ----------------------------------------------------------------------------------
// More than 10 locations (Pass2U's limit; spec §9 rule 31).
inline constexpr std::string_view kLocationsTooMany = "locations-too-many";
// A location without latitude or longitude (spec §2.5).
inline constexpr std::string_view kLocationCoordinateMissing = "location-coordinate-missing";
// latitude outside -90..90 or longitude outside -180..180 (spec §9 rule 31).
inline constexpr std::string_view kLocationOutOfRange = "location-out-of-range";
// More than 10 beacons (Pass2U's limit; spec §9 rule 31).
inline constexpr std::string_view kBeaconsTooMany = "beacons-too-many";
// proximityUUID missing or not a UUID (spec §2.5).
inline constexpr std::string_view kBeaconUuidInvalid = "beacon-uuid-invalid";
// major not an integer 0-65535 (spec §9 rule 31).
inline constexpr std::string_view kBeaconMajorRange = "beacon-major-range";
// minor not an integer 0-65535 (spec §9 rule 31).
inline constexpr std::string_view kBeaconMinorRange = "beacon-minor-range";
// A relevantDates entry with neither "date" nor "startDate" and "endDate" (spec §9 rule 29).
inline constexpr std::string_view kRelevantDatesEntryInvalid = "relevant-dates-entry-invalid";
// relevantDate(s) on a coupon or store card, which Wallet ignores (warning; spec §9 rule 32).
inline constexpr std::string_view kRelevantDateIgnored = "relevant-date-ignored";
// Relevance information on a coupon, store card or generic pass without locations
// (warning; spec §9 rule 32).
inline constexpr std::string_view kRelevanceNeedsLocations = "relevance-needs-locations";

// --- Semantics, style schemes, upcoming events, personalization, iOS 18 and later keys --------
// A key of semantics that is not one of Apple's semantic tags (warning: Wallet ignores it).
inline constexpr std::string_view kSemanticTagUnknown = "semantic-tag-unknown";
// A URL key whose value is not an http or https URL (warning: Wallet does not offer the link).
inline constexpr std::string_view kUrlInvalid = "url-invalid";
// A key that works only on another kind of pass: the event guide keys outside a poster event
// ticket, the boarding keys outside a semantic boarding pass, upcomingPassInformation outside an
// event ticket, featuredActions without posterGeneric (warning: Wallet ignores it).
inline constexpr std::string_view kKeyNotForPass = "key-not-for-pass";
// preferredStyleSchemes names a scheme of another style: posterEventTicket or eventTicket on a
// pass that is no eventTicket, semanticBoardingPass or boardingPass on one that is no
// boardingPass (warning: Wallet uses the style key's own layout).
inline constexpr std::string_view kStyleSchemeMismatch = "style-scheme-mismatch";
// A pass that prefers the poster event ticket or semantic boarding pass layout lacks what that
// layout needs (semantic tags, NFC) (warning: Wallet shows the legacy layout; spec §3.3).
inline constexpr std::string_view kStyleSchemeIncomplete = "style-scheme-incomplete";
// A relevantDates interval whose startDate is after its endDate.
inline constexpr std::string_view kRelevantDateInterval = "relevant-date-interval";
// Two upcomingPassInformation entries share an identifier.
inline constexpr std::string_view kUpcomingIdentifierDuplicate = "upcoming-identifier-duplicate";
// personalization.json in a pass that cannot be personalized: without nfc, without a
// personalizationLogo image, or without webServiceURL to send the answers to (warning: Wallet
// does not offer the sign-up; spec §2.9).
inline constexpr std::string_view kPersonalizationIncomplete = "personalization-incomplete";
// A key every pass must have and that each pass's overrides supply (serialNumber, a boarding
// pass's transitType), absent from the model (warning at model level; without it in the
// overrides a pass is refused with required-key-missing or transit-type-missing).
inline constexpr std::string_view kModelKeyPerPass = "model-key-per-pass";

// --- Barcodes and NFC ---------------------------------------------------------------------------
// A barcode format Apple does not define (spec §9 rule 33).
inline constexpr std::string_view kBarcodeFormatUnknown = "barcode-format-unknown";
// The legacy "barcode" with a format other than QR, PDF417 or Aztec (spec §9 rule 33).
inline constexpr std::string_view kBarcodeFormatLegacy = "barcode-format-legacy";
// A barcode without "message" (spec §9 rule 33).
inline constexpr std::string_view kBarcodeMessageMissing = "barcode-message-missing";
// A barcode whose message is "": nothing to scan, and no value for a batch to keep unique.
inline constexpr std::string_view kBarcodeMessageEmpty = "barcode-message-empty";
// A barcode without "messageEncoding" (spec §9 rule 33).
inline constexpr std::string_view kBarcodeEncodingMissing = "barcode-encoding-missing";
// An iOS 27 format (Code39, Codabar, EAN13, I2of5) with no older format after it (warning;
// spec §9 rule 34).
inline constexpr std::string_view kBarcodeFallbackMissing = "barcode-fallback-missing";
// Code128 as the only format: Apple Watch shows no barcode (warning; spec §9 rule 34).
inline constexpr std::string_view kBarcodeWatchUnsupported = "barcode-watch-unsupported";
// nfc without "message" or "encryptionPublicKey" (spec §2.6).
inline constexpr std::string_view kNfcIncomplete = "nfc-incomplete";
// nfc message over 64 bytes (Pass2U's limit; Wallet truncates) (spec §9 rule 35).
inline constexpr std::string_view kNfcMessageTooLong = "nfc-message-too-long";
// encryptionPublicKey that is not a base64 X.509 SubjectPublicKeyInfo of a P-256 key
// (spec §9 rule 35).
inline constexpr std::string_view kNfcKeyInvalid = "nfc-key-invalid";
// nfc in a pass whose certificate is not an NFC-enabled Pass Type ID certificate (its common
// name does not start "Pass Type ID with NFC:") (spec §9 rule 36; checked when signing).
inline constexpr std::string_view kNfcCertificateRequired = "nfc-certificate-required";

// passTypeIdentifier differs from the signing certificate's UID (spec §9 rule 11).
inline constexpr std::string_view kPassTypeIdMismatch = "pass-type-id-mismatch";
// teamIdentifier differs from the signing certificate's OU (spec §9 rule 11).
inline constexpr std::string_view kTeamIdMismatch = "team-id-mismatch";

// --- Images -------------------------------------------------------------------------------------
// No icon.png, icon@2x.png or icon@3x.png (spec §9 rule 2).
inline constexpr std::string_view kIconMissing = "icon-missing";
// The icon lacks one of its three scales (warning; spec §9 rule 2).
inline constexpr std::string_view kIconScaleMissing = "icon-scale-missing";
// An image that is not a PNG: no signature, empty, a JPEG renamed (spec §5).
inline constexpr std::string_view kImageNotPng = "image-not-png";
// A PNG that is truncated or corrupt (bad CRC, bad compressed data).
inline constexpr std::string_view kImageCorrupt = "image-corrupt";
// An image over 4096 pixels a side or 16 million pixels, or one that would take the images of a
// model, an archive or a pass's own images past 64 Mi decoded pixels together (identical files
// count once): refused before decoding.
inline constexpr std::string_view kImageTooLarge = "image-too-large";
// A per-pass image over Pass2U's upload limits: 4 MiB, 1024x1024 pixels.
inline constexpr std::string_view kImageUploadTooLarge = "image-upload-too-large";
// An image the pass's style does not show (warning; spec §3.2, §9 rule 38).
inline constexpr std::string_view kImageNotForStyle = "image-not-for-style";
// An event ticket with a strip and a background or thumbnail (warning; spec §9 rule 38).
inline constexpr std::string_view kImageStripConflict = "image-strip-conflict";
// Image dimensions off Apple's recommendation for the type, style and scale; Wallet scales and
// crops (warning; spec §5, §9 rule 39).
inline constexpr std::string_view kImageSize = "image-size";
// An @2x or @3x image whose dimensions are not 2 or 3 times the base image's (warning).
inline constexpr std::string_view kImageScaleMismatch = "image-scale-mismatch";

// --- Localisation -------------------------------------------------------------------------------
// A pass.strings that does not parse as "key" = "value"; lines (spec §9 rule 5).
inline constexpr std::string_view kStringsSyntax = "strings-syntax";
// pass.strings with non-ASCII text in UTF-8 rather than UTF-16 (warning; spec §9 rule 7).
inline constexpr std::string_view kStringsEncoding = "strings-encoding";
// Localisation folders that differ in their images (spec §9 rule 5).
inline constexpr std::string_view kLprojImagesDiffer = "lproj-images-differ";
// Localisation folders that differ in their pass.strings keys, or where some lack pass.strings
// (spec §9 rule 5).
inline constexpr std::string_view kLprojStringsDiffer = "lproj-strings-differ";
// An overrides "localizations" key that is not a language code Wallet can use (an ISO 639
// language, optionally with script and region: "en", "zh-Hans", "pt-BR").
inline constexpr std::string_view kLocalizationLanguageUnknown = "localization-language-unknown";
// An image both at the top level and in a localisation folder (warning; spec §9 rule 6).
inline constexpr std::string_view kImageTopAndLproj = "image-top-and-lproj";

// --- Vendor payloads (include/pkpass/import.h) ---------------------------------------------------
// A key the vendor's API does not have, where the payload has it.
inline constexpr std::string_view kImportKeyUnknown = "import-key-unknown";
// A key of the vendor's API with no place in an Apple Wallet pass (Google Pay only, delivery by
// email, ...): left out (warning).
inline constexpr std::string_view kImportKeyIgnored = "import-key-ignored";
// A value the vendor's API does not allow where it is: a latitude that is not a number, a
// pass-status it does not know, an object where a string goes.
inline constexpr std::string_view kImportValueInvalid = "import-value-invalid";
// A colour that is not a hexadecimal colour: the vendor drops it and uses the model's colour, and
// so does pkpass (warning).
inline constexpr std::string_view kImportColorInvalid = "import-color-invalid";
// A timestamp whose offset the vendor ignores (the event-ticket API reads every
// expiration-timestamp as UTC); pkpass reads it as the vendor does (warning).
inline constexpr std::string_view kImportOffsetIgnored = "import-offset-ignored";
// Values a payload gives apart that a pass holds once, made one (Passcreator's maxDistance per
// location: the pass's is the largest) (warning).
inline constexpr std::string_view kImportValuesMerged = "import-values-merged";
// A payload value the importer needs the model for, converted without one (warning).
inline constexpr std::string_view kImportNeedsModel = "import-needs-model";

// --- A .pkpasses bundle being verified -----------------------------------------------------------
// Not a bundle Wallet takes: past 10 passes or 150 MB, no pass, or a file that is not a .pkpass
// at the root (Apple, "Distributing and updating a pass").
inline constexpr std::string_view kBundleInvalid = "bundle-invalid";
// batch --bundle-by KEY where no record gave KEY a value: no bundle was written (warning).
inline constexpr std::string_view kBundleKeyAbsent = "bundle-key-absent";

// --- A .pkpass being verified -------------------------------------------------------------------
// Not a readable ZIP archive, or over the limits: 64 MiB in all, 1,024 entries, 16 MiB a file
// and 64 MiB together once expanded.
inline constexpr std::string_view kArchiveInvalid = "archive-invalid";
// An entry compressed with a method other than stored or deflate, or encrypted: Wallet cannot
// read it (whatever the local zip library happens to support).
inline constexpr std::string_view kArchiveEntryUnsupported = "archive-entry-unsupported";
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
// The signature's digest is not SHA-1 or SHA-256, the two Wallet accepts.
inline constexpr std::string_view kSignatureDigestUnsupported = "signature-digest-unsupported";
// The signature has no signingTime attribute (spec §9 rule 41).
inline constexpr std::string_view kSignatureSigningTimeMissing = "signature-signing-time-missing";
// The signer does not chain to the trust root through the included intermediate (rule 42).
inline constexpr std::string_view kSignatureUntrusted = "signature-untrusted";
// The signer certificate was not valid at the signing time (spec §9 rule 43).
inline constexpr std::string_view kSignerNotValidAtSigningTime = "signer-not-valid-at-signing-time";

}  // namespace pkpass::codes

#endif  // PKPASS_DIAGNOSTIC_CODES_H_
