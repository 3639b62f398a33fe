// The table of diagnostic codes (pkpass/diagnostic_codes.h): one row a code, in the header's order.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "pkpass/diagnostic_codes.h"

namespace pkpass {
namespace {

constexpr Severity E = Severity::kError;
constexpr Severity W = Severity::kWarning;

// clang-format off
constexpr CodeInfo kCodes[] = {
    {codes::kDiagnosticsOmitted, "report", E,
     "The diagnostics past a report's cap for one input, counted (FirstDiagnostics): an "
     "error when one left out is, else a warning."},
    {codes::kJsonSyntax, "json", E,
     "Not RFC 8259 JSON: trailing commas, comments, NaN, trailing garbage, a truncated "
     "document."},
    {codes::kJsonEncoding, "json", E,
     "A string that is not valid UTF-8."},
    {codes::kJsonTooDeep, "json", E,
     "Objects and arrays nested deeper than the limit (64)."},
    {codes::kJsonTooLarge, "json", E,
     "The document is larger than the limit for its kind."},
    {codes::kJsonNotObject, "json", E,
     "The document's top level is not a JSON object."},
    {codes::kJsonTooManyKeys, "json", E,
     "An object has more keys than the limit (4096)."},
    {codes::kJsonDuplicateKey, "json", E,
     "An object names the same key twice."},
    {codes::kModelPassJsonMissing, "model", E,
     "The model has no pass.json."},
    {codes::kModelSymlink, "model", E,
     "A symbolic link in the model directory (refused, never followed)."},
    {codes::kModelJunkFile, "model", E,
     ".DS_Store, __MACOSX/, Thumbs.db, AppleDouble \"._\" files and editor backups."},
    {codes::kModelPathUnsafe, "model", E,
     "A file name that is absolute, has \"..\", a backslash or a control character, or a "
     "folder that is not a \".lproj\" localisation folder."},
    {codes::kModelFileIgnored, "model", W,
     "A file pkpass does not know how to place in a pass (warning; the file is left out)."},
    {codes::kModelTooLarge, "model", E,
     "A file over the per-file limit (16 MiB) or a model over the total limit (64 MiB, 512 "
     "files)."},
    {codes::kPassTooLarge, "model", E,
     "The built pass would be larger than a .pkpass may be (64 MiB, 1,024 files): verify "
     "would refuse it."},
    {codes::kModelJsonInvalid, "model", E,
     "model.json has an unknown key, a value of the wrong type, or names a field pass.json "
     "lacks."},
    {codes::kModelKeyPerPass, "model", W,
     "A key every pass must have and that each pass's overrides supply (serialNumber, a "
     "boarding pass's transitType), absent from the model (warning at model level; without "
     "it in the overrides a pass is refused with required-key-missing or "
     "transit-type-missing)."},
    {codes::kOverrideKeyUnknown, "overrides", E,
     "An overrides key pkpass does not know: at the top level, in a field, a barcode, nfc "
     "or an image."},
    {codes::kOverrideType, "overrides", E,
     "An overrides value of the wrong JSON type."},
    {codes::kFieldKeyMissing, "overrides", E,
     "An entry of \"fields\" without a string \"key\"."},
    {codes::kFieldUnknown, "overrides", E,
     "\"fields\" names a key the model has no field for."},
    {codes::kBarcodeNotInModel, "overrides", E,
     "\"barcode\" customises a model that has no barcode."},
    {codes::kOverrideValue, "overrides", E,
     "An overrides value of the right type outside its allowed values (\"status\": 3, "
     "\"scale\": 4)."},
    {codes::kOverrideConflict, "overrides", E,
     "Two overrides keys that say contradictory things (\"status\": 2 with \"voided\": false)."},
    {codes::kOverrideNotInPass, "overrides", W,
     "A Pass2U key that is not part of an Apple pass (\"passcode\", Android app keys): "
     "accepted and left out (warning)."},
    {codes::kBarcodeNfcExclusive, "overrides", E,
     "\"barcode\" and \"nfc\" in the same overrides, which Pass2U forbids."},
    {codes::kFieldNotDynamic, "overrides", E,
     "\"fields\" customises a field that model.json's \"dynamicFields\" does not list."},
    {codes::kFieldAddNotAllowed, "overrides", E,
     "An overrides field with an \"area\" the model does not open to new fields "
     "(model.json's newFieldAreas)."},
    {codes::kImageTypeUnknown, "overrides", E,
     "An \"images\" entry whose \"type\" is not an image of a pass."},
    {codes::kImageDuplicate, "overrides", E,
     "Two \"images\" entries for the same type and scale."},
    {codes::kImageSourceConflict, "overrides", E,
     "An \"images\" entry with more than one of \"hex\", \"path\" and \"data\"."},
    {codes::kImageNotInModel, "overrides", E,
     "An \"images\" entry without a source for a type the model has no image of."},
    {codes::kImageStoreMissing, "overrides", E,
     "An \"images\" entry reads from the image store but none was given."},
    {codes::kImageNotFound, "overrides", E,
     "The image store has no file for an \"images\" entry."},
    {codes::kImageUrlUnmapped, "overrides", E,
     "An image given by \"url\" that the ImageFetcher has nothing for, or that no fetcher "
     "was given to fetch."},
    {codes::kImageHashMismatch, "overrides", E,
     "The file named by \"hex\" does not have that SHA-1."},
    {codes::kImagePathUnsafe, "overrides", E,
     "A \"path\" that is absolute, has \"..\", a backslash, or leaves the image directory."},
    {codes::kImageDataInvalid, "overrides", E,
     "\"data\" that is not base64, or a file the store refuses (too large, not a regular "
     "file)."},
    {codes::kSerialFromModel, "overrides", E,
     "A build that requires a serial (BuildOptions::require_serial) of overrides without a "
     "serialNumber, from a model that generates none: the model's serial is a template "
     "value."},
    {codes::kResetAbsent, "overrides", E,
     "A reset of a key, field or attribute the stored overrides do not have: nothing to "
     "reset, most likely a misspelt name."},
    {codes::kLocalizationLanguageUnknown, "overrides", E,
     "An overrides \"localizations\" key that is not a language code Wallet can use (an ISO "
     "639 language, optionally with script and region: \"en\", \"zh-Hans\", \"pt-BR\")."},
    {codes::kBarcodeGenerationFailed, "batch", E,
     "No unused barcode value could be generated (the CSPRNG failed, or the batch used "
     "them up)."},
    {codes::kBatchSerialMissing, "batch", E,
     "A record without a string serialNumber, which names its output file."},
    {codes::kBatchSerialUnsafe, "batch", E,
     "A serialNumber that is not a safe file name: empty, over 200 bytes, \"/\", \"\\\\\", a "
     "control character, or a leading \".\"."},
    {codes::kBatchSerialDuplicate, "batch", E,
     "A serialNumber an earlier record of the batch has (Passcreator's "
     "enforceUniqueUserProvidedId)."},
    {codes::kCsvRow, "batch", E,
     "A CSV row that cannot be made into overrides: more cells than the header names, a "
     "cell that is not UTF-8; reported at \"LINE:COLUMN\" of the CSV."},
    {codes::kPatchUnmatched, "batch", E,
     "A per-serial patch whose serialNumber no stored record has."},
    {codes::kPatchInvalid, "batch", E,
     "Patches that cannot be applied at all: a line that is no update naming a pass, a "
     "serial given twice, a patch for every record that sets serialNumber (it would "
     "retarget every stored pass onto one file)."},
    {codes::kBarcodeDuplicate, "batch", E,
     "A barcode message an earlier record of the batch has, when model.json's "
     "barcodeValues asks for unique values (Pass2U's \"not duplicable\"); the message names "
     "that record."},
    {codes::kBundleKeyAbsent, "batch", W,
     "Bundling by a key that no record gave a value: no bundle was written (warning)."},
    {codes::kTextControlCharacter, "pass", E,
     "A string of pass.json (userInfo aside) holds a control character other than tab, "
     "line feed and carriage return: U+0000 cuts the text short in Wallet, the others show "
     "as nothing."},
    {codes::kRequiredKeyMissing, "pass", E,
     "A required key is absent."},
    {codes::kRequiredKeyEmpty, "pass", E,
     "A required string is empty."},
    {codes::kKeyType, "pass", E,
     "A key of the wrong JSON type."},
    {codes::kFormatVersion, "pass", E,
     "formatVersion is not the integer 1."},
    {codes::kStyleMissing, "pass", E,
     "No style key (boardingPass, coupon, eventTicket, generic, storeCard)."},
    {codes::kStyleMultiple, "pass", E,
     "More than one style key."},
    {codes::kColorInvalid, "pass", E,
     "A colour that is not rgb(r, g, b), #rrggbb or #rgb with components 0-255 (hex "
     "colours are accepted and written as rgb(r, g, b))."},
    {codes::kDateInvalid, "pass", E,
     "A date that is not W3C/ISO 8601 YYYY-MM-DDThh:mm[:ss[.f]] with an offset."},
    {codes::kDateTimezoneMissing, "pass", E,
     "A date without the \"Z\" or \"+hh:mm\" offset Wallet requires."},
    {codes::kDateZoneUnknown, "pass", E,
     "A time zone that is not a name of the system's tz database: a date's own "
     "(\"...[Zone]\"), the overrides' \"timeZone\" or model.json's."},
    {codes::kDateLocalNonexistent, "pass", E,
     "A local time its zone skips (clocks go forward): it names no instant."},
    {codes::kDateLocalAmbiguous, "pass", E,
     "A local time its zone passes twice (clocks go back): it needs an offset to say "
     "which."},
    {codes::kDateZoneMismatch, "pass", E,
     "A date with both an offset and a zone (\"...+01:00[Europe/Berlin]\") whose offset the "
     "zone never has at that local time."},
    {codes::kKeyUnknown, "pass", W,
     "A key pass.json does not define, in a pass, a style, a field, a barcode or a "
     "relevance entry: often a misspelling (warning)."},
    {codes::kStringTooLong, "pass", E,
     "A string longer than the limit for its key (Pass2U's limits: description 1000, "
     "organizationName 100, logoText 35, groupingIdentifier 50, appLaunchURL 255, "
     "relevantText 255, barcode message 255, altText 50, field key 100, label 150, value "
     "5000, changeMessage 80)."},
    {codes::kEnumValueInvalid, "pass", E,
     "A value outside the strings Apple defines for its key (PKTextAlignment..., "
     "PKDateStyle..., PKNumberStyle..., PKDataDetectorType..., PKTransitType...)."},
    {codes::kTransitTypeMissing, "pass", E,
     "A boarding pass without transitType."},
    {codes::kTransitTypeNotAllowed, "pass", E,
     "transitType on a style other than boardingPass."},
    {codes::kGroupingIdentifierNotAllowed, "pass", E,
     "groupingIdentifier on a style other than eventTicket and boardingPass."},
    {codes::kAppLaunchUrlNeedsStoreId, "pass", E,
     "appLaunchURL without a non-empty associatedStoreIdentifiers."},
    {codes::kWebServiceIncomplete, "pass", E,
     "webServiceURL without authenticationToken, or the reverse."},
    {codes::kWebServiceNotHttps, "pass", E,
     "webServiceURL not https://."},
    {codes::kAuthenticationTokenShort, "pass", E,
     "authenticationToken shorter than 16 characters."},
    {codes::kNumberNegative, "pass", E,
     "A number that must be zero or more, such as maxDistance (meters), is negative."},
    {codes::kFieldValueMissing, "fields", E,
     "A field without \"value\" (a field without \"key\" is field-key-missing)."},
    {codes::kFieldKeyDuplicate, "fields", E,
     "Two fields of the pass share a key, in any groups."},
    {codes::kDateStylePair, "fields", W,
     "Only one of dateStyle and timeStyle (warning)."},
    {codes::kNumberStyleNotNumber, "fields", E,
     "numberStyle or currencyCode on a value that is not a number."},
    {codes::kNumberStyleConflict, "fields", E,
     "numberStyle with currencyCode, or either with a date style."},
    {codes::kCurrencyCodeInvalid, "fields", E,
     "currencyCode that is not three capital letters (ISO 4217)."},
    {codes::kChangeMessagePlaceholder, "fields", W,
     "changeMessage without \"%@\" (warning)."},
    {codes::kTextAlignmentIgnored, "fields", W,
     "textAlignment on a primary or back field, where Wallet ignores it (warning)."},
    {codes::kDataDetectorsIgnored, "fields", W,
     "dataDetectorTypes on a field that is not a back field (warning)."},
    {codes::kRowInvalid, "fields", E,
     "row other than 0 or 1."},
    {codes::kRowIgnored, "fields", W,
     "row outside an event ticket's auxiliaryFields (warning)."},
    {codes::kFieldsTooMany, "fields", W,
     "More fields in a group than the style shows on the front (warning)."},
    {codes::kAttributedValueMarkup, "fields", W,
     "attributedValue with markup other than <a href> (warning)."},
    {codes::kLocationsTooMany, "relevance", E,
     "More than 10 locations (Pass2U's limit)."},
    {codes::kLocationCoordinateMissing, "relevance", E,
     "A location without latitude or longitude."},
    {codes::kLocationOutOfRange, "relevance", E,
     "latitude outside -90..90 or longitude outside -180..180."},
    {codes::kBeaconsTooMany, "relevance", E,
     "More than 10 beacons (Pass2U's limit)."},
    {codes::kBeaconUuidInvalid, "relevance", E,
     "proximityUUID missing or not a UUID."},
    {codes::kBeaconMajorRange, "relevance", E,
     "major not an integer 0-65535."},
    {codes::kBeaconMinorRange, "relevance", E,
     "minor not an integer 0-65535."},
    {codes::kRelevantDatesEntryInvalid, "relevance", E,
     "A relevantDates entry with neither \"date\" nor \"startDate\" and \"endDate\"."},
    {codes::kRelevantDateIgnored, "relevance", W,
     "relevantDate(s) on a coupon or store card, which Wallet ignores (warning)."},
    {codes::kRelevanceNeedsLocations, "relevance", W,
     "Relevance information on a coupon, store card or generic pass without locations "
     "(warning)."},
    {codes::kRelevantDateInterval, "relevance", E,
     "A relevantDates interval whose startDate is after its endDate."},
    {codes::kSemanticTagUnknown, "semantics", W,
     "A key of semantics that is not one of Apple's semantic tags (warning: Wallet ignores "
     "it)."},
    {codes::kUrlInvalid, "semantics", W,
     "A URL key whose value is not an http or https URL (warning: Wallet does not offer "
     "the link)."},
    {codes::kKeyNotForPass, "semantics", W,
     "A key that works only on another kind of pass: the event guide keys outside a poster "
     "event ticket, the boarding keys outside a semantic boarding pass, "
     "upcomingPassInformation outside an event ticket, featuredActions without "
     "posterGeneric (warning: Wallet ignores it)."},
    {codes::kStyleSchemeMismatch, "semantics", W,
     "preferredStyleSchemes names a scheme of another style: posterEventTicket or "
     "eventTicket on a pass that is no eventTicket, semanticBoardingPass or boardingPass "
     "on one that is no boardingPass (warning: Wallet uses the style key's own layout)."},
    {codes::kStyleSchemeIncomplete, "semantics", W,
     "A pass that prefers the poster event ticket or semantic boarding pass layout lacks "
     "what that layout needs (semantic tags, NFC) (warning: Wallet shows the legacy "
     "layout)."},
    {codes::kUpcomingIdentifierDuplicate, "semantics", E,
     "Two upcomingPassInformation entries share an identifier."},
    {codes::kPersonalizationIncomplete, "semantics", W,
     "personalization.json in a pass that cannot be personalized: without nfc, without a "
     "personalizationLogo image, or without webServiceURL to send the answers to (warning: "
     "Wallet does not offer the sign-up)."},
    {codes::kBarcodeFormatUnknown, "barcodes", E,
     "A barcode format Apple does not define."},
    {codes::kBarcodeFormatLegacy, "barcodes", E,
     "The legacy \"barcode\" with a format other than QR, PDF417 or Aztec."},
    {codes::kBarcodeMessageMissing, "barcodes", E,
     "A barcode without \"message\"."},
    {codes::kBarcodeMessageEmpty, "barcodes", E,
     "A barcode whose message is \"\": nothing to scan, and no value for a batch to keep "
     "unique."},
    {codes::kBarcodeEncodingMissing, "barcodes", E,
     "A barcode without \"messageEncoding\"."},
    {codes::kBarcodeFallbackMissing, "barcodes", W,
     "An iOS 27 format (Code39, Codabar, EAN13, I2of5) with no older format after it "
     "(warning)."},
    {codes::kBarcodeWatchUnsupported, "barcodes", W,
     "Code128 as the only format: Apple Watch shows no barcode (warning)."},
    {codes::kNfcIncomplete, "barcodes", E,
     "nfc without \"message\" or \"encryptionPublicKey\"."},
    {codes::kNfcMessageTooLong, "barcodes", E,
     "nfc message over 64 bytes (Pass2U's limit; Wallet truncates)."},
    {codes::kNfcKeyInvalid, "barcodes", E,
     "encryptionPublicKey that is not a base64 X.509 SubjectPublicKeyInfo of a P-256 key."},
    {codes::kNfcCertificateRequired, "signing", E,
     "nfc in a pass whose certificate is not an NFC-enabled Pass Type ID certificate (its "
     "common name does not start \"Pass Type ID with NFC:\")."},
    {codes::kPassTypeIdMismatch, "signing", E,
     "passTypeIdentifier differs from the signing certificate's UID."},
    {codes::kTeamIdMismatch, "signing", E,
     "teamIdentifier differs from the signing certificate's OU."},
    {codes::kIconMissing, "images", E,
     "No icon.png, icon@2x.png or icon@3x.png."},
    {codes::kIconScaleMissing, "images", W,
     "The icon lacks one of its three scales (warning)."},
    {codes::kImageNotPng, "images", E,
     "An image that is not a PNG: no signature, empty, a JPEG renamed."},
    {codes::kImageCorrupt, "images", E,
     "A PNG that is truncated or corrupt (bad CRC, bad compressed data)."},
    {codes::kImageTooLarge, "images", E,
     "An image over 4096 pixels a side or 16 million pixels, or one that would take the "
     "images of a model, an archive or a pass's own images past 64 Mi decoded pixels "
     "together (identical files count once): refused before decoding."},
    {codes::kImageUploadTooLarge, "images", E,
     "A per-pass image over Pass2U's upload limits: 4 MiB, 1024x1024 pixels."},
    {codes::kImageNotForStyle, "images", W,
     "An image the pass's style does not show (warning)."},
    {codes::kImageStripConflict, "images", W,
     "An event ticket with a strip and a background or thumbnail (warning)."},
    {codes::kImageSize, "images", W,
     "Image dimensions off Apple's recommendation for the type, style and scale; Wallet "
     "scales and crops (warning)."},
    {codes::kImageScaleMismatch, "images", W,
     "An @2x or @3x image whose dimensions are not 2 or 3 times the base image's "
     "(warning)."},
    {codes::kImageTopAndLproj, "images", W,
     "An image both at the top level and in a localisation folder (warning)."},
    {codes::kStringsSyntax, "localization", E,
     "A pass.strings that does not parse as \"key\" = \"value\"; lines."},
    {codes::kStringsEncoding, "localization", W,
     "pass.strings with non-ASCII text in UTF-8 rather than UTF-16 (warning)."},
    {codes::kLprojImagesDiffer, "localization", E,
     "Localisation folders that differ in their images."},
    {codes::kLprojStringsDiffer, "localization", E,
     "Localisation folders that differ in their pass.strings keys, or where some lack "
     "pass.strings."},
    {codes::kImportKeyUnknown, "import", E,
     "A key the vendor's API does not have, where the payload has it."},
    {codes::kImportKeyIgnored, "import", W,
     "A key of the vendor's API with no place in an Apple Wallet pass (Google Pay only, "
     "delivery by email, ...): left out (warning)."},
    {codes::kImportValueInvalid, "import", E,
     "A value the vendor's API does not allow where it is: a latitude that is not a "
     "number, a pass-status it does not know, an object where a string goes (a warning "
     "where pkpass reads it as the vendor would)."},
    {codes::kImportColorInvalid, "import", W,
     "A colour that is not a hexadecimal colour: the vendor drops it and uses the model's "
     "colour, and so does pkpass (warning)."},
    {codes::kImportOffsetIgnored, "import", W,
     "A timestamp whose offset the vendor ignores (the event-ticket API reads every "
     "expiration-timestamp as UTC); pkpass reads it as the vendor does (warning)."},
    {codes::kImportValuesMerged, "import", W,
     "Values a payload gives apart that a pass holds once, made one (Passcreator's "
     "maxDistance per location: the pass's is the largest) (warning)."},
    {codes::kImportNeedsModel, "import", W,
     "A payload value the importer needs the model for, converted without one (warning)."},
    {codes::kBundleInvalid, "archive", E,
     "Not a bundle Wallet takes: past 10 passes or 150 MB, no pass, or a file that is not "
     "a .pkpass at the root."},
    {codes::kArchiveInvalid, "archive", E,
     "Not a readable ZIP archive, or over the limits: 64 MiB in all, 1,024 entries, 16 MiB "
     "a file and 64 MiB together once expanded."},
    {codes::kArchiveEntryUnsupported, "archive", E,
     "An entry compressed with a method other than stored or deflate, or encrypted: Wallet "
     "cannot read it (whatever the local zip library happens to support)."},
    {codes::kArchiveEntryUnsafe, "archive", E,
     "An entry name that is absolute, has \"..\", a backslash, or repeats another "
     "(zip-slip)."},
    {codes::kArchiveFileMissing, "archive", E,
     "pass.json, manifest.json or signature is not at the archive root."},
    {codes::kManifestInvalid, "archive", E,
     "manifest.json is not an object of path -> 40 lowercase hex digits."},
    {codes::kManifestHashMismatch, "archive", E,
     "A file's SHA-1 differs from its manifest entry."},
    {codes::kManifestFileUnlisted, "archive", E,
     "A file in the archive has no manifest entry."},
    {codes::kManifestEntryMissingFile, "archive", E,
     "A manifest entry names a file the archive lacks."},
    {codes::kSignatureInvalid, "archive", E,
     "signature is not a detached CMS SignedData over manifest.json, or it does not "
     "verify."},
    {codes::kSignatureDigestUnsupported, "archive", E,
     "The signature's digest is not SHA-1 or SHA-256, the two Wallet accepts."},
    {codes::kSignatureSigningTimeMissing, "archive", E,
     "The signature has no signingTime attribute."},
    {codes::kSignatureUntrusted, "archive", E,
     "The signer does not chain to the trust root through the included intermediate (a "
     "warning when the chain check was skipped)."},
    {codes::kSignerNotValidAtSigningTime, "archive", E,
     "The signer certificate was not valid at the signing time."},
};
// clang-format on

}  // namespace

std::span<const CodeInfo> Codes() { return kCodes; }

const CodeInfo* FindCode(std::string_view code) {
  const auto it = std::find_if(std::begin(kCodes), std::end(kCodes), [&](const CodeInfo& row) { return row.code == code; });
  return it == std::end(kCodes) ? nullptr : &*it;
}

std::string FormatCodesJson() {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  const auto member = [&w](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartArray();
  for (const CodeInfo& row : kCodes) {
    w.StartObject();
    member("code", row.code);
    member("area", row.area);
    member("severity", SeverityName(row.severity));
    member("meaning", row.meaning);
    w.EndObject();
  }
  w.EndArray();
  return buffer.GetString();
}

}  // namespace pkpass
