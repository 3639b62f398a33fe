// The validator's rules, table-driven (re2 style): each row patches a valid pass.json and expects
// exactly one diagnostic, with its code, pointer and severity, or none at all.
#include "validate/validator.h"

#include <gtest/gtest.h>

#include "model/model_loader.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/overrides.h"
#include "resolve/resolver.h"
#include "testing/matchers.h"
#include "testing/png.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;

constexpr char kBase[] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.a",
  "teamIdentifier": "T1", "serialNumber": "S", "organizationName": "O", "description": "D",
  "generic": {"primaryFields": [{"key": "k1", "label": "L", "value": "V"}]},
  "barcodes": [{"format": "PKBarcodeFormatQR", "message": "M", "messageEncoding": "iso-8859-1"}]})";

constexpr char kP256[] =
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1P4xblsQeAUQ9jwlKFTvF/BS1iQs+fDQ61Ai9Qdi9NSVftZ3"
    "QeErz64YOuG7Y8bbzI4LYa4eoAYxWTvJvvD7Xg==";

// Returns kBase merged with `patch` (RFC 7396: keys replace, null removes, objects merge).
std::string PassJson(const std::string& patch) {
  Diagnostics diags;
  Result<std::string> merged = PatchOverrides(kBase, patch, diags);
  EXPECT_TRUE(merged.ok()) << FormatText(diags);
  return merged.ok() ? *merged : "";
}

// Validates `pass_json` with the three icons (plus `files`) and returns the diagnostics.
Diagnostics ValidatePassJson(const std::string& pass_json, const SignerIdentity* signer = nullptr,
                             std::map<std::string, std::string> files = testing::IconFiles()) {
  Diagnostics diags;
  files["pass.json"] = pass_json;
  auto model = CompileModel(files, diags);
  if (model == nullptr) return diags;
  ResolvedPass pass;
  Resolve(*model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
  Validate(pass, signer, diags);
  return diags;
}

std::string Repeat(char c, size_t n) { return std::string(n, c); }
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }
std::string Objects(const std::string& one, int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) out += (i ? "," : "") + one;
  return out + "]";
}

constexpr char kLocation[] = R"({"latitude": 25.04, "longitude": 121.55})";
constexpr char kBeacon[] = R"({"proximityUUID": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0", "major": 1})";

struct RuleCase {
  friend void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  std::string patch;
  std::string_view code = {};  // empty: the pass is valid
  std::string pointer = {};
  Severity severity = Severity::kError;
};

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, ReportsExactlyTheRule) {
  const RuleCase& c = GetParam();
  Diagnostics diags = ValidatePassJson(PassJson(c.patch));
  if (c.code.empty()) {
    EXPECT_TRUE(diags.empty()) << FormatText(diags);
    return;
  }
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(c.code, "pass.json", c.pointer));
  EXPECT_EQ(diags.items()[0].severity, c.severity) << FormatText(diags);
}

constexpr Severity kWarn = Severity::kWarning;

INSTANTIATE_TEST_SUITE_P(
    Identity, RuleTest,
    ::testing::Values(
        RuleCase{"Valid", "{}"},
        RuleCase{"SerialMissing", R"({"serialNumber": null})", codes::kRequiredKeyMissing, "/serialNumber"},
        RuleCase{"OrganizationNotString", R"({"organizationName": 7})", codes::kKeyType, "/organizationName"},
        RuleCase{"TeamEmpty", R"({"teamIdentifier": ""})", codes::kRequiredKeyEmpty, "/teamIdentifier"},
        RuleCase{"FormatVersionTwo", R"({"formatVersion": 2})", codes::kFormatVersion, "/formatVersion"},
        RuleCase{"FormatVersionString", R"({"formatVersion": "1"})", codes::kFormatVersion, "/formatVersion"},
        RuleCase{"StyleMissing", R"({"generic": null})", codes::kStyleMissing, ""},
        RuleCase{"TwoStyles", R"({"storeCard": {}})", codes::kStyleMultiple, "/storeCard"},
        RuleCase{"StyleNotObject", R"({"generic": []})", codes::kKeyType, "/generic"}),
    [](const auto& p) { return std::string(p.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Keys, RuleTest,
    ::testing::Values(
        RuleCase{"UnknownKeyWarns", R"({"logoTxt": "x"})", codes::kKeyUnknown, "/logoTxt", kWarn},
        RuleCase{"BooleanAsString", R"({"voided": "true"})", codes::kKeyType, "/voided"},
        RuleCase{"MaxDistanceNumber", R"({"maxDistance": 100})"},
        RuleCase{"MaxDistanceString", R"({"maxDistance": "100"})", codes::kKeyType, "/maxDistance"},
        RuleCase{"DescriptionAtLimit", "{\"description\": " + Quoted(Repeat('d', 1000)) + "}"},
        RuleCase{"DescriptionTooLong", "{\"description\": " + Quoted(Repeat('d', 1001)) + "}",
                 codes::kStringTooLong, "/description"},
        RuleCase{"OrganizationTooLong", "{\"organizationName\": " + Quoted(Repeat('o', 101)) + "}",
                 codes::kStringTooLong, "/organizationName"},
        RuleCase{"NulInOrganizationName", R"({"organizationName": "Acme\u0000 Evil"})",
                 codes::kTextControlCharacter, "/organizationName"},
        RuleCase{"EscapeInAFieldLabel",
                 R"({"generic": {"backFields": [{"key": "k", "label": "a\u001bb", "value": "v"}]}})",
                 codes::kTextControlCharacter, "/generic/backFields/0/label"},
        RuleCase{"NewlinesAndTabsInText",
                 R"({"generic": {"backFields": [{"key": "k", "value": "a\n\tb\r\n"}]}})"},
        RuleCase{"AnythingInUserInfo", R"({"userInfo": {"raw": "\u0000\u0001"}})"},
        RuleCase{"LogoTextCountsCharacters", "{\"logoText\": " + Quoted(Repeat('x', 34) + "é") + "}"},
        RuleCase{"LogoTextTooLong", "{\"logoText\": " + Quoted(Repeat('x', 36)) + "}",
                 codes::kStringTooLong, "/logoText"},
        RuleCase{"GroupingOnEventTicket",
                 R"({"groupingIdentifier": "g", "generic": null, "eventTicket": {}})"},
        RuleCase{"GroupingOnGeneric", R"({"groupingIdentifier": "g"})",
                 codes::kGroupingIdentifierNotAllowed, "/groupingIdentifier"},
        RuleCase{"GroupingTooLong", "{\"groupingIdentifier\": " + Quoted(Repeat('g', 51)) +
                 ", \"generic\": null, \"eventTicket\": {}}", codes::kStringTooLong, "/groupingIdentifier"},
        RuleCase{"BoardingPassWithTransitType",
                 R"({"generic": null, "boardingPass": {"transitType": "PKTransitTypeAir"}})"},
        RuleCase{"BoardingPassWithoutTransitType", R"({"generic": null, "boardingPass": {}})",
                 codes::kTransitTypeMissing, "/boardingPass/transitType"},
        RuleCase{"TransitTypeMisspelled",
                 R"({"generic": null, "boardingPass": {"transitType": "PKTransitTypePlane"}})",
                 codes::kEnumValueInvalid, "/boardingPass/transitType"},
        RuleCase{"TransitTypeOnGeneric", R"({"generic": {"transitType": "PKTransitTypeAir"}})",
                 codes::kTransitTypeNotAllowed, "/generic/transitType"},
        RuleCase{"AppLaunchUrlWithStoreIds",
                 R"({"appLaunchURL": "app://x", "associatedStoreIdentifiers": [284882215]})"},
        RuleCase{"AppLaunchUrlAlone", R"({"appLaunchURL": "app://x"})",
                 codes::kAppLaunchUrlNeedsStoreId, "/appLaunchURL"},
        RuleCase{"StoreIdNotInteger", R"({"associatedStoreIdentifiers": [1.5]})", codes::kKeyType,
                 "/associatedStoreIdentifiers/0"},
        RuleCase{"WebService",
                 R"({"webServiceURL": "https://x.example/p", "authenticationToken": "0123456789abcdef"})"},
        RuleCase{"WebServiceWithoutToken", R"({"webServiceURL": "https://x.example/p"})",
                 codes::kWebServiceIncomplete, "/webServiceURL"},
        RuleCase{"TokenWithoutWebService", R"({"authenticationToken": "0123456789abcdef"})",
                 codes::kWebServiceIncomplete, "/authenticationToken"},
        RuleCase{"WebServiceHttp",
                 R"({"webServiceURL": "http://x.example/p", "authenticationToken": "0123456789abcdef"})",
                 codes::kWebServiceNotHttps, "/webServiceURL"},
        RuleCase{"TokenShort", R"({"webServiceURL": "https://x.example/p", "authenticationToken": "short"})",
                 codes::kAuthenticationTokenShort, "/authenticationToken"},
        RuleCase{"ColourOutOfRange", R"j({"backgroundColor": "rgb(300, 0, 0)"})j",
                 codes::kColorInvalid, "/backgroundColor"},
        RuleCase{"HexColour", R"({"backgroundColor": "#102030"})"},
        RuleCase{"ExpirationWithoutOffset", R"({"expirationDate": "2026-01-01T10:00"})",
                 codes::kDateTimezoneMissing, "/expirationDate"}),
    [](const auto& p) { return std::string(p.param.name); });

std::string Field(const std::string& extra) {
  return R"({"generic": {"primaryFields": [{"key": "k1", "label": "L", "value": "V"}],
             "secondaryFields": [)" + extra + "]}}";
}

INSTANTIATE_TEST_SUITE_P(
    Fields, RuleTest,
    ::testing::Values(
        RuleCase{"DuplicateKeyAcrossGroups", Field(R"({"key": "k1", "value": "x"})"),
                 codes::kFieldKeyDuplicate, "/generic/secondaryFields/0/key"},
        RuleCase{"KeyMissing", Field(R"({"value": "x"})"), codes::kFieldKeyMissing,
                 "/generic/secondaryFields/0/key"},
        RuleCase{"ValueMissing", Field(R"({"key": "k2"})"), codes::kFieldValueMissing,
                 "/generic/secondaryFields/0/value"},
        RuleCase{"ValueBoolean", Field(R"({"key": "k2", "value": true})"), codes::kKeyType,
                 "/generic/secondaryFields/0/value"},
        RuleCase{"ValueNumber", Field(R"({"key": "k2", "value": 12.5})")},
        RuleCase{"KeyTooLong", Field("{\"key\": " + Quoted(Repeat('k', 101)) + ", \"value\": \"x\"}"),
                 codes::kStringTooLong, "/generic/secondaryFields/0/key"},
        RuleCase{"LabelTooLong", Field("{\"key\": \"k2\", \"value\": \"x\", \"label\": " +
                                       Quoted(Repeat('l', 151)) + "}"),
                 codes::kStringTooLong, "/generic/secondaryFields/0/label"},
        RuleCase{"ValueTooLong", Field("{\"key\": \"k2\", \"value\": " + Quoted(Repeat('v', 5001)) + "}"),
                 codes::kStringTooLong, "/generic/secondaryFields/0/value"},
        RuleCase{"ChangeMessage", Field(R"({"key": "k2", "value": "x", "changeMessage": "Now %@"})")},
        RuleCase{"ChangeMessageWithoutPlaceholder",
                 Field(R"({"key": "k2", "value": "x", "changeMessage": "Changed"})"),
                 codes::kChangeMessagePlaceholder, "/generic/secondaryFields/0/changeMessage", kWarn},
        RuleCase{"ChangeMessageTooLong", Field("{\"key\": \"k2\", \"value\": \"x\", \"changeMessage\": \"%@" +
                                               Repeat('c', 79) + "\"}"),
                 codes::kStringTooLong, "/generic/secondaryFields/0/changeMessage"},
        RuleCase{"DateField", Field(R"({"key": "k2", "value": "2026-01-01T10:00Z",
                 "dateStyle": "PKDateStyleShort", "timeStyle": "PKDateStyleNone"})")},
        RuleCase{"DateFieldNotDate", Field(R"({"key": "k2", "value": "Dec'10 1999",
                 "dateStyle": "PKDateStyleShort", "timeStyle": "PKDateStyleNone"})"),
                 codes::kDateInvalid, "/generic/secondaryFields/0/value"},
        RuleCase{"DateFieldWithoutOffset", Field(R"({"key": "k2", "value": "2026-01-01T10:00",
                 "dateStyle": "PKDateStyleShort", "timeStyle": "PKDateStyleNone"})"),
                 codes::kDateTimezoneMissing, "/generic/secondaryFields/0/value"},
        RuleCase{"DateStyleAlone", Field(R"({"key": "k2", "value": "2026-01-01T10:00Z",
                 "dateStyle": "PKDateStyleShort"})"),
                 codes::kDateStylePair, "/generic/secondaryFields/0/dateStyle", kWarn},
        RuleCase{"DateStyleMisspelled", Field(R"({"key": "k2", "value": "2026-01-01T10:00Z",
                 "dateStyle": "PKDateStyleShrt", "timeStyle": "PKDateStyleNone"})"),
                 codes::kEnumValueInvalid, "/generic/secondaryFields/0/dateStyle"},
        RuleCase{"Currency", Field(R"({"key": "k2", "value": 25, "currencyCode": "USD"})")},
        RuleCase{"CurrencyLowercase", Field(R"({"key": "k2", "value": 25, "currencyCode": "usd"})"),
                 codes::kCurrencyCodeInvalid, "/generic/secondaryFields/0/currencyCode"},
        RuleCase{"NumberStyleOnText", Field(R"({"key": "k2", "value": "25", "numberStyle": "PKNumberStyleDecimal"})"),
                 codes::kNumberStyleNotNumber, "/generic/secondaryFields/0/numberStyle"},
        RuleCase{"NumberStyleAndCurrency", Field(R"({"key": "k2", "value": 25,
                 "numberStyle": "PKNumberStyleDecimal", "currencyCode": "EUR"})"),
                 codes::kNumberStyleConflict, "/generic/secondaryFields/0/numberStyle"},
        RuleCase{"TextAlignment", Field(R"({"key": "k2", "value": "x", "textAlignment": "PKTextAlignmentRight"})")},
        RuleCase{"TextAlignmentMisspelled", Field(R"({"key": "k2", "value": "x", "textAlignment": "right"})"),
                 codes::kEnumValueInvalid, "/generic/secondaryFields/0/textAlignment"},
        RuleCase{"TextAlignmentOnPrimary", R"({"generic": {"primaryFields": [{"key": "k1",
                 "value": "V", "textAlignment": "PKTextAlignmentLeft"}]}})",
                 codes::kTextAlignmentIgnored, "/generic/primaryFields/0/textAlignment", kWarn},
        RuleCase{"DataDetectorsOnBack", R"({"generic": {"backFields": [{"key": "b",
                 "value": "x", "dataDetectorTypes": ["PKDataDetectorTypeLink"]}]}})"},
        RuleCase{"DataDetectorsOnFront", Field(R"({"key": "k2", "value": "x", "dataDetectorTypes": []})"),
                 codes::kDataDetectorsIgnored, "/generic/secondaryFields/0/dataDetectorTypes", kWarn},
        RuleCase{"DataDetectorMisspelled", R"({"generic": {"backFields": [{"key": "b",
                 "value": "x", "dataDetectorTypes": ["PKDataDetectorTypeURL"]}]}})",
                 codes::kEnumValueInvalid, "/generic/backFields/0/dataDetectorTypes/0"},
        RuleCase{"RowOnEventTicket", R"({"generic": null, "eventTicket": {"auxiliaryFields":
                 [{"key": "a", "value": "x", "row": 1}]}})"},
        RuleCase{"RowTwo", R"({"generic": null, "eventTicket": {"auxiliaryFields":
                 [{"key": "a", "value": "x", "row": 2}]}})",
                 codes::kRowInvalid, "/eventTicket/auxiliaryFields/0/row"},
        RuleCase{"RowOnGeneric", Field(R"({"key": "k2", "value": "x", "row": 0})"),
                 codes::kRowIgnored, "/generic/secondaryFields/0/row", kWarn},
        RuleCase{"TwoPrimaryFields", R"({"generic": {"primaryFields": [{"key": "k1", "value": "V"},
                 {"key": "k2", "value": "W"}]}})",
                 codes::kFieldsTooMany, "/generic/primaryFields", kWarn},
        RuleCase{"LinkMarkup", Field(R"({"key": "k2", "value": "x", "attributedValue": "<a href='https://x.example'>x</a>"})")},
        RuleCase{"OtherMarkup", Field(R"({"key": "k2", "value": "x", "attributedValue": "<b>x</b>"})"),
                 codes::kAttributedValueMarkup, "/generic/secondaryFields/0/attributedValue", kWarn},
        RuleCase{"FieldUnknownKey", Field(R"({"key": "k2", "value": "x", "colour": "red"})"),
                 codes::kKeyUnknown, "/generic/secondaryFields/0/colour", kWarn},
        RuleCase{"GroupNotArray", R"({"generic": {"primaryFields": {"key": "k1"}}})", codes::kKeyType,
                 "/generic/primaryFields"}),
    [](const auto& p) { return std::string(p.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Relevance, RuleTest,
    ::testing::Values(
        RuleCase{"TenLocations", "{\"locations\": " + Objects(kLocation, 10) + "}"},
        RuleCase{"ElevenLocations", "{\"locations\": " + Objects(kLocation, 11) + "}",
                 codes::kLocationsTooMany, "/locations"},
        RuleCase{"LatitudeOutOfRange", R"({"locations": [{"latitude": 90.5, "longitude": 0}]})",
                 codes::kLocationOutOfRange, "/locations/0/latitude"},
        RuleCase{"LongitudeOutOfRange", R"({"locations": [{"latitude": 0, "longitude": -180.01}]})",
                 codes::kLocationOutOfRange, "/locations/0/longitude"},
        RuleCase{"LatitudeMissing", R"({"locations": [{"longitude": 0}]})",
                 codes::kLocationCoordinateMissing, "/locations/0/latitude"},
        RuleCase{"LatitudeString", R"({"locations": [{"latitude": "25.04", "longitude": 0}]})",
                 codes::kKeyType, "/locations/0/latitude"},
        RuleCase{"RelevantTextTooLong", "{\"locations\": [{\"latitude\": 1, \"longitude\": 2, \"relevantText\": " +
                 Quoted(Repeat('r', 256)) + "}]}", codes::kStringTooLong, "/locations/0/relevantText"},
        RuleCase{"TenBeacons", "{\"beacons\": " + Objects(kBeacon, 10) + ", \"locations\": [" + kLocation + "]}"},
        RuleCase{"ElevenBeacons", "{\"beacons\": " + Objects(kBeacon, 11) + ", \"locations\": [" + kLocation + "]}",
                 codes::kBeaconsTooMany, "/beacons"},
        RuleCase{"BeaconUuid", R"({"beacons": [{"proximityUUID": "not-a-uuid"}], "locations": [{"latitude": 1, "longitude": 2}]})",
                 codes::kBeaconUuidInvalid, "/beacons/0/proximityUUID"},
        RuleCase{"BeaconMajorLimit", R"({"beacons": [{"proximityUUID": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0",
                 "major": 65535, "minor": 0}], "locations": [{"latitude": 1, "longitude": 2}]})"},
        RuleCase{"BeaconMajorRange", R"({"beacons": [{"proximityUUID": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0",
                 "major": 65536}], "locations": [{"latitude": 1, "longitude": 2}]})",
                 codes::kBeaconMajorRange, "/beacons/0/major"},
        RuleCase{"BeaconMinorNegative", R"({"beacons": [{"proximityUUID": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0",
                 "minor": -1}], "locations": [{"latitude": 1, "longitude": 2}]})",
                 codes::kBeaconMinorRange, "/beacons/0/minor"},
        RuleCase{"BeaconMajorFraction", R"({"beacons": [{"proximityUUID": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0",
                 "major": 1.5}], "locations": [{"latitude": 1, "longitude": 2}]})",
                 codes::kBeaconMajorRange, "/beacons/0/major"},
        RuleCase{"RelevantDatesOnEventTicket", R"({"generic": null, "eventTicket": {},
                 "relevantDates": [{"startDate": "2026-05-01T19:00Z", "endDate": "2026-05-01T23:00Z"}]})"},
        RuleCase{"RelevantDatesStartWithoutEnd", R"({"generic": null, "eventTicket": {},
                 "relevantDates": [{"startDate": "2026-05-01T19:00Z"}]})",
                 codes::kRelevantDatesEntryInvalid, "/relevantDates/0"},
        RuleCase{"RelevantDateOnStoreCard", R"({"generic": null, "storeCard": {},
                 "relevantDate": "2026-05-01T19:00Z", "locations": [{"latitude": 1, "longitude": 2}]})",
                 codes::kRelevantDateIgnored, "/relevantDate", kWarn},
        RuleCase{"RelevanceWithoutLocations", R"({"relevantDate": "2026-05-01T19:00Z"})",
                 codes::kRelevanceNeedsLocations, "/locations", kWarn}),
    [](const auto& p) { return std::string(p.param.name); });

std::string Barcodes(const std::string& list) { return "{\"barcodes\": " + list + "}"; }

INSTANTIATE_TEST_SUITE_P(
    Barcodes, RuleTest,
    ::testing::Values(
        RuleCase{"FormatUnknown", Barcodes(R"([{"format": "PKBarcodeFormatQRCode", "message": "M", "messageEncoding": "utf-8"}])"),
                 codes::kBarcodeFormatUnknown, "/barcodes/0/format"},
        RuleCase{"MessageMissing", Barcodes(R"([{"format": "PKBarcodeFormatQR", "messageEncoding": "utf-8"}])"),
                 codes::kBarcodeMessageMissing, "/barcodes/0/message"},
        RuleCase{"EncodingMissing", Barcodes(R"([{"format": "PKBarcodeFormatQR", "message": "M"}])"),
                 codes::kBarcodeEncodingMissing, "/barcodes/0/messageEncoding"},
        RuleCase{"MessageTooLong", Barcodes("[{\"format\": \"PKBarcodeFormatQR\", \"messageEncoding\": \"utf-8\", \"message\": " +
                 Quoted(Repeat('m', 256)) + "}]"), codes::kStringTooLong, "/barcodes/0/message"},
        RuleCase{"AltTextTooLong", Barcodes("[{\"format\": \"PKBarcodeFormatQR\", \"messageEncoding\": \"utf-8\", \"message\": \"M\", \"altText\": " +
                 Quoted(Repeat('a', 51)) + "}]"), codes::kStringTooLong, "/barcodes/0/altText"},
        RuleCase{"LegacyQr", R"({"barcode": {"format": "PKBarcodeFormatQR", "message": "M", "messageEncoding": "utf-8"}})"},
        RuleCase{"LegacyCode128", R"({"barcode": {"format": "PKBarcodeFormatCode128", "message": "M", "messageEncoding": "utf-8"}})",
                 codes::kBarcodeFormatLegacy, "/barcode/format"},
        RuleCase{"Ean13WithFallback", Barcodes(R"([{"format": "PKBarcodeFormatEAN13", "message": "4006381333931", "messageEncoding": "utf-8"},
                 {"format": "PKBarcodeFormatQR", "message": "4006381333931", "messageEncoding": "utf-8"}])")},
        RuleCase{"Ean13Alone", Barcodes(R"([{"format": "PKBarcodeFormatEAN13", "message": "4006381333931", "messageEncoding": "utf-8"}])"),
                 codes::kBarcodeFallbackMissing, "/barcodes/0/format", kWarn},
        RuleCase{"Code128Only", Barcodes(R"([{"format": "PKBarcodeFormatCode128", "message": "M", "messageEncoding": "utf-8"}])"),
                 codes::kBarcodeWatchUnsupported, "/barcodes/0/format", kWarn},
        RuleCase{"Nfc", std::string(R"({"nfc": {"message": "m", "encryptionPublicKey": ")") + kP256 + "\"}}"},
        RuleCase{"NfcMessageTooLong", "{\"nfc\": {\"message\": " + Quoted(Repeat('n', 65)) +
                 ", \"encryptionPublicKey\": \"" + kP256 + "\"}}", codes::kNfcMessageTooLong, "/nfc/message"},
        RuleCase{"NfcKeyNotP256", R"({"nfc": {"message": "m", "encryptionPublicKey": "bm90IGEga2V5"}})",
                 codes::kNfcKeyInvalid, "/nfc/encryptionPublicKey"},
        RuleCase{"NfcWithoutKey", R"({"nfc": {"message": "m"}})", codes::kNfcIncomplete,
                 "/nfc/encryptionPublicKey"}),
    [](const auto& p) { return std::string(p.param.name); });

// An event ticket with `members` (JSON object members, without braces) added.
std::string Ticket(const std::string& members = "") {
  return R"({"generic": null, "eventTicket": {"primaryFields": [{"key": "k1", "label": "L", "value": "V"}]})" +
         (members.empty() ? "" : ", " + members) + "}";
}

// A poster event ticket as Apple's poster event ticket guide lists what it needs, merged with
// `patch` (RFC 7396).
std::string Poster(const std::string& patch = "{}") {
  const std::string poster = Ticket(std::string(R"("preferredStyleSchemes": ["posterEventTicket", "eventTicket"],
      "nfc": {"message": "m", "encryptionPublicKey": ")") + kP256 + R"("},
      "semantics": {"eventName": "Gala", "venueName": "Hall", "venueRegionName": "Taipei",
                    "venueRoom": "Main"})");
  Diagnostics diags;
  Result<std::string> merged = PatchOverrides(poster, patch, diags);
  EXPECT_TRUE(merged.ok()) << FormatText(diags);
  return merged.ok() ? *merged : "";
}

std::string Semantics(const std::string& tags) { return "{\"semantics\": {" + tags + "}}"; }

// One passing and one failing row per semantic type, each with the pointer of the problem.
INSTANTIATE_TEST_SUITE_P(
    Semantics, RuleTest,
    ::testing::Values(
        RuleCase{"Strings", Semantics(R"("eventName": "Gala", "genre": "Jazz")")},
        RuleCase{"StringNotString", Semantics(R"("eventName": 7)"), codes::kKeyType, "/semantics/eventName"},
        RuleCase{"UnknownTag", Semantics(R"("bogusTag": true)"), codes::kSemanticTagUnknown,
                 "/semantics/bogusTag", kWarn},
        RuleCase{"Date", Semantics(R"("eventStartDate": "2026-12-01T19:30:00+01:00")")},
        RuleCase{"DateNotADate", Semantics(R"("eventStartDate": "not a date")"), codes::kDateInvalid,
                 "/semantics/eventStartDate"},
        RuleCase{"DateWithoutOffset", Semantics(R"("eventEndDate": "2026-12-01T23:00")"),
                 codes::kDateTimezoneMissing, "/semantics/eventEndDate"},
        RuleCase{"Number", Semantics(R"("flightNumber": 815, "duration": 7200)")},
        RuleCase{"NumberAsString", Semantics(R"("flightNumber": "815")"), codes::kKeyType, "/semantics/flightNumber"},
        RuleCase{"Bool", Semantics(R"("silenceRequested": true)")},
        RuleCase{"BoolAsString", Semantics(R"("tailgatingAllowed": "yes")"), codes::kKeyType,
                 "/semantics/tailgatingAllowed"},
        RuleCase{"EventType", Semantics(R"("eventType": "PKEventTypeSports")")},
        RuleCase{"EventTypeUnknown", Semantics(R"("eventType": "PKEventTypeConcert")"),
                 codes::kEnumValueInvalid, "/semantics/eventType"},
        RuleCase{"StringList", Semantics(R"("performerNames": ["A", "B"])")},
        RuleCase{"StringListWithNumber", Semantics(R"("performerNames": ["A", 2])"), codes::kKeyType,
                 "/semantics/performerNames/1"},
        RuleCase{"EnumList", Semantics(R"("passengerCapabilities": ["PKPassengerCapabilityPreboarding"])")},
        RuleCase{"EnumListUnknown", Semantics(R"("departureLocationSecurityPrograms": ["PKTransitSecurityProgramTSA"])"),
                 codes::kEnumValueInvalid, "/semantics/departureLocationSecurityPrograms/0"},
        RuleCase{"Seat", Semantics(R"("seats": [{"seatSection": "A", "seatRow": "3", "seatNumber": "12",
                 "seatSectionColor": "#ff0000"}])")},
        RuleCase{"SeatNotObject", Semantics(R"("seats": ["12A"])"), codes::kKeyType, "/semantics/seats/0"},
        RuleCase{"SeatNumberNotString", Semantics(R"("seats": [{"seatNumber": 12}])"), codes::kKeyType,
                 "/semantics/seats/0/seatNumber"},
        RuleCase{"SeatColorInvalid", Semantics(R"("seats": [{"seatSectionColor": "red"}])"),
                 codes::kColorInvalid, "/semantics/seats/0/seatSectionColor"},
        RuleCase{"PersonName", Semantics(R"("passengerName": {"givenName": "Ada", "familyName": "Lovelace"})")},
        RuleCase{"PersonNameUnknownPart", Semantics(R"("passengerName": {"givenName": "Ada", "surname": "L"})"),
                 codes::kKeyUnknown, "/semantics/passengerName/surname", kWarn},
        RuleCase{"CurrencyAmount", Semantics(R"("totalPrice": {"amount": "12.50", "currencyCode": "EUR"})")},
        RuleCase{"CurrencyAmountBadCode", Semantics(R"("balance": {"amount": "1", "currencyCode": "euro"})"),
                 codes::kCurrencyCodeInvalid, "/semantics/balance/currencyCode"},
        RuleCase{"Location", Semantics(R"("venueLocation": {"latitude": 25.03, "longitude": 121.56})")},
        RuleCase{"LocationWithoutLongitude", Semantics(R"("departureLocation": {"latitude": 25.03})"),
                 codes::kRequiredKeyMissing, "/semantics/departureLocation/longitude"},
        RuleCase{"EventDateInfo", Semantics(R"("eventStartDateInfo": {"date": "2026-12-01T19:30+01:00", "unannounced": false})")},
        RuleCase{"EventDateInfoBadDate", Semantics(R"("eventStartDateInfo": {"date": "soon"})"),
                 codes::kDateInvalid, "/semantics/eventStartDateInfo/date"},
        RuleCase{"WifiNetwork", Semantics(R"("wifiAccess": [{"ssid": "Gala", "password": "secret"}])")},
        RuleCase{"WifiNetworkWithoutPassword", Semantics(R"("wifiAccess": [{"ssid": "Gala"}])"),
                 codes::kRequiredKeyMissing, "/semantics/wifiAccess/0/password"},
        RuleCase{"AirPlay", Semantics(R"("airplay": [{"airplayDeviceGroupToken": "t"}])")},
        RuleCase{"SemanticsNotObject", R"({"semantics": ["eventName"]})", codes::kKeyType, "/semantics"},
        RuleCase{"FieldSemantics", R"({"generic": {"primaryFields": [{"key": "k1", "value": "V",
                 "semantics": {"eventName": "Gala"}}]}})"},
        RuleCase{"FieldSemanticsBadDate", R"({"generic": {"primaryFields": [{"key": "k1", "value": "V",
                 "semantics": {"eventStartDate": "2026-13-01T00:00Z"}}]}})", codes::kDateInvalid,
                 "/generic/primaryFields/0/semantics/eventStartDate"}),
    [](const auto& p) { return std::string(p.param.name); });

// One passing and one failing row per rule of the iOS 18 and later keys.
INSTANTIATE_TEST_SUITE_P(
    Schemes, RuleTest,
    ::testing::Values(
        RuleCase{"PosterEventTicket", Poster()},
        RuleCase{"SchemeUnknown", Ticket(R"("preferredStyleSchemes": ["bogusScheme"])"),
                 codes::kEnumValueInvalid, "/preferredStyleSchemes/0"},
        RuleCase{"SchemeOfAnotherStyle", R"({"preferredStyleSchemes": ["semanticBoardingPass"]})",
                 codes::kStyleSchemeMismatch, "/preferredStyleSchemes/0", kWarn},
        RuleCase{"PosterWithoutVenueRoom", Poster(R"({"semantics": {"venueRoom": null}})"),
                 codes::kStyleSchemeIncomplete, "/semantics/venueRoom", kWarn},
        RuleCase{"PosterSportsWithoutTeams", Poster(R"({"semantics": {"eventType": "PKEventTypeSports",
                 "homeTeamAbbreviation": "TPE"}})"), codes::kStyleSchemeIncomplete,
                 "/semantics/awayTeamAbbreviation", kWarn},
        RuleCase{"PosterWithoutNfc", Poster(R"({"nfc": null})"), codes::kStyleSchemeIncomplete, "/nfc", kWarn},
        RuleCase{"EventGuideUrl", Poster(R"({"accessibilityURL": "https://example.com/access"})")},
        RuleCase{"EventGuideUrlInvalid", Poster(R"({"bagPolicyURL": "example.com/bags"})"), codes::kUrlInvalid,
                 "/bagPolicyURL", kWarn},
        RuleCase{"EventGuideUrlOnGeneric", R"({"accessibilityURL": "https://example.com/access"})",
                 codes::kKeyNotForPass, "/accessibilityURL", kWarn},
        RuleCase{"PosterGenericFieldOnce", R"({"posterGeneric": {"primaryFields": [{"key": "p"}]}})",
                 codes::kFieldValueMissing, "/posterGeneric/primaryFields/0/value"},
        RuleCase{"FooterColorOnTicket", Ticket(R"j("footerBackgroundColor": "rgb(1, 2, 3)")j"),
                 codes::kKeyNotForPass, "/footerBackgroundColor", kWarn},
        RuleCase{"BoardingUrlOnTicket", Ticket(R"("changeSeatURL": "https://example.com/seat")"),
                 codes::kKeyNotForPass, "/changeSeatURL", kWarn},
        RuleCase{"PosterFlagNotBool", Poster(R"({"useAutomaticColors": "yes"})"), codes::kKeyType,
                 "/useAutomaticColors"}),
    [](const auto& p) { return std::string(p.param.name); });

constexpr char kUpcomingEntry[] = R"({"identifier": "day-2", "name": "Day 2", "type": "event",
    "dateInformation": {"date": "2026-12-02T19:00+08:00"}})";

INSTANTIATE_TEST_SUITE_P(
    Upcoming, RuleTest,
    ::testing::Values(
        RuleCase{"Entry", Ticket(std::string("\"upcomingPassInformation\": [") + kUpcomingEntry + "]")},
        RuleCase{"OnGeneric", std::string("{\"upcomingPassInformation\": [") + kUpcomingEntry + "]}",
                 codes::kKeyNotForPass, "/upcomingPassInformation", kWarn},
        RuleCase{"EntryNotObject", Ticket(R"("upcomingPassInformation": [true])"), codes::kKeyType,
                 "/upcomingPassInformation/0"},
        RuleCase{"EntryWithoutName", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "type": "event"}])"),
                 codes::kRequiredKeyMissing, "/upcomingPassInformation/0/name"},
        RuleCase{"EntryTypeUnknown", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "name": "A", "type": "party"}])"),
                 codes::kEnumValueInvalid, "/upcomingPassInformation/0/type"},
        RuleCase{"EntryUnknownKey", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "name": "A", "type": "event", "garbage": true}])"),
                 codes::kKeyUnknown, "/upcomingPassInformation/0/garbage", kWarn},
        RuleCase{"EntryDateWithoutOffset", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "name": "A",
                 "type": "event", "dateInformation": {"date": "2026-12-02T19:00"}}])"),
                 codes::kDateTimezoneMissing, "/upcomingPassInformation/0/dateInformation/date"},
        RuleCase{"EntryImageUrl", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "name": "A", "type": "event",
                 "images": {"headerImage": {"URLs": [{"URL": "ftp://example.com/h.png", "SHA256": "00"}]}}}])"),
                 codes::kUrlInvalid, "/upcomingPassInformation/0/images/headerImage/URLs/0/URL", kWarn},
        RuleCase{"EntryBackFieldWithoutValue", Ticket(R"("upcomingPassInformation": [{"identifier": "a", "name": "A",
                 "type": "event", "backFields": [{"key": "b"}]}])"), codes::kFieldValueMissing,
                 "/upcomingPassInformation/0/backFields/0/value"},
        RuleCase{"IdentifiersRepeat", Ticket(std::string("\"upcomingPassInformation\": [") + kUpcomingEntry + ", " +
                 kUpcomingEntry + "]"), codes::kUpcomingIdentifierDuplicate,
                 "/upcomingPassInformation/1/identifier"}),
    [](const auto& p) { return std::string(p.param.name); });

INSTANTIATE_TEST_SUITE_P(
    RelevantDates, RuleTest,
    ::testing::Values(
        RuleCase{"Interval", Ticket(R"("relevantDates": [{"startDate": "2026-12-01T18:00+08:00",
                 "endDate": "2026-12-01T23:00+08:00"}])")},
        RuleCase{"SameInstantAcrossZones", Ticket(R"("relevantDates": [{"startDate": "2026-12-01T18:00+08:00",
                 "endDate": "2026-12-01T10:00Z"}])")},
        RuleCase{"IntervalBackwards", Ticket(R"("relevantDates": [{"startDate": "2026-12-01T18:00Z",
                 "endDate": "2026-12-01T23:00+08:00"}])"), codes::kRelevantDateInterval,
                 "/relevantDates/0/startDate"},
        RuleCase{"EntryDateInvalid", Ticket(R"("relevantDates": [{"date": "December 1"}])"),
                 codes::kDateInvalid, "/relevantDates/0/date"},
        RuleCase{"ExpirationDateInvalid", R"({"expirationDate": "2026-12-01"})", codes::kDateInvalid,
                 "/expirationDate"},
        RuleCase{"ColorInvalid", R"({"labelColor": "red"})", codes::kColorInvalid, "/labelColor"}),
    [](const auto& p) { return std::string(p.param.name); });

// personalization.json with the pass it needs: nfc, a web service and the personalization logo.
Diagnostics ValidatePersonalization(const std::string& personalization, const std::string& patch = "{}") {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["personalization.json"] = personalization;
  files["personalizationLogo.png"] = files["icon.png"];
  const std::string pass = PassJson(std::string(R"({"webServiceURL": "https://example.com/passes",
      "authenticationToken": "0123456789abcdef", "nfc": {"message": "m", "encryptionPublicKey": ")") +
      kP256 + "\"}}");
  Diagnostics diags;
  Result<std::string> patched = PatchOverrides(pass, patch, diags);
  EXPECT_TRUE(patched.ok()) << FormatText(diags);
  return ValidatePassJson(*patched, nullptr, files);
}

constexpr char kPersonalization[] = R"({"description": "Join the club",
    "requiredPersonalizationFields": ["PKPassPersonalizationFieldName", "PKPassPersonalizationFieldEmailAddress"],
    "termsAndConditions": "<a href=\"https://example.com/terms\">Terms</a>"})";

TEST(PersonalizationRuleTest, ValidWithNfcWebServiceAndLogo) {
  Diagnostics diags = ValidatePersonalization(kPersonalization);
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

TEST(PersonalizationRuleTest, NotJsonIsReportedInItsFile) {
  Diagnostics diags = ValidatePersonalization("description: join");
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonSyntax, "personalization.json", ""));
}

TEST(PersonalizationRuleTest, ReportsEachKeyAtItsPointer) {
  Diagnostics diags = ValidatePersonalization(
      R"({"requiredPersonalizationFields": ["PKPassPersonalizationFieldShoeSize"], "terms": "x"})");
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kRequiredKeyMissing, "personalization.json", "/description"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kEnumValueInvalid, "personalization.json",
                                     "/requiredPersonalizationFields/0"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kKeyUnknown, "personalization.json", "/terms"));
  EXPECT_EQ(diags.size(), 3u) << FormatText(diags);
}

TEST(PersonalizationRuleTest, WarnsWhenThePassCannotBePersonalized) {
  Diagnostics diags = ValidatePersonalization(kPersonalization, R"({"nfc": null})");
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kPersonalizationIncomplete, "personalization.json", ""));
  EXPECT_EQ(diags.items()[0].severity, Severity::kWarning);
}

TEST(BindingRuleTest, MatchingIdentityPasses) {
  const SignerIdentity signer{"pass.a", "T1"};
  EXPECT_TRUE(ValidatePassJson(kBase, &signer).empty());
}

TEST(BindingRuleTest, NamesBothValuesOnMismatch) {
  const SignerIdentity signer{"pass.b", "T2"};
  Diagnostics diags = ValidatePassJson(kBase, &signer);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kPassTypeIdMismatch, "pass.json", "/passTypeIdentifier"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kTeamIdMismatch, "pass.json", "/teamIdentifier"));
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_THAT(diags.items()[0].message,
              ::testing::AllOf(::testing::HasSubstr("\"pass.a\""), ::testing::HasSubstr("\"pass.b\"")));
}

TEST(BindingRuleTest, NfcNeedsAnNfcCertificate) {
  const std::string with_nfc = PassJson(std::string(R"({"nfc": {"message": "m", "encryptionPublicKey": ")") + kP256 + "\"}}");
  const SignerIdentity plain{"pass.a", "T1", false};
  EXPECT_THAT(ValidatePassJson(with_nfc, &plain),
              HasDiagnosticIn(codes::kNfcCertificateRequired, "pass.json", "/nfc"));
  const SignerIdentity nfc{"pass.a", "T1", true};
  EXPECT_TRUE(ValidatePassJson(with_nfc, &nfc).empty());
}

}  // namespace
}  // namespace pkpass
