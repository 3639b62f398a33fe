#include <gtest/gtest.h>

#include "pkpass/diagnostic_codes.h"
#include "emit/pass_json_writer.h"
#include "model/model_loader.h"
#include "overrides/overrides.h"
#include "pkpass/model.h"
#include "resolve/resolver.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"
#include "util/json.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::StatusIs;

constexpr char kModelPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
  "logoText": "Logo", "voided": false, "maxDistance": 100,
  "storeCard": {
    "primaryFields": [{"key": "name", "label": "NAME", "value": "Model Name"}],
    "secondaryFields": [{"key": "points", "label": "POINTS", "value": 10, "changeMessage": "Now %@"}]
  },
  "barcodes": [{"format": "PKBarcodeFormatQR", "message": "M", "messageEncoding": "iso-8859-1"},
               {"format": "PKBarcodeFormatPDF417", "message": "M", "messageEncoding": "iso-8859-1"}]
})";

Model LoadModel(const char* pass_json = kModelPassJson) {
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = pass_json;
  Result<Model> model = Model::FromFiles(files, diags);
  EXPECT_THAT(model, IsOk()) << FormatText(diags);
  return *model;
}


struct RuleCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  const char* overrides;
  const char* pointer;   // into the resolved pass.json
  const char* expected;  // compact JSON of the value there
};

class ResolveRuleTest : public ::testing::TestWithParam<RuleCase> {};

// Resolution alone, without validation: each row checks one rule, not a whole valid pass.
TEST_P(ResolveRuleTest, GivesExactValue) {
  const RuleCase& c = GetParam();
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = kModelPassJson;
  auto model = CompileModel(files, diags);
  ASSERT_NE(model, nullptr) << FormatText(diags);
  rapidjson::Document overrides;
  ASSERT_TRUE(ParseOverrides(c.overrides, overrides, diags)) << FormatText(diags);
  ResolvedPass pass;
  Resolve(*model, overrides, {}, pass, diags);
  EXPECT_EQ(diags.error_count(), 0u) << FormatText(diags);
  EXPECT_EQ(testing::JsonAt(WritePassJson(pass.pass_json), c.pointer), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ResolveRuleTest,
    ::testing::Values(
        RuleCase{"AbsentKeyKeepsModelValue", "{}", "/logoText", R"("Logo")"},
        RuleCase{"NoOverridesAtAll", "", "/serialNumber", R"("S-1")"},
        RuleCase{"PresentKeyReplaces", R"({"logoText": "Mine"})", "/logoText", R"("Mine")"},
        RuleCase{"EmptyStringIsAValue", R"({"logoText": ""})", "/logoText", R"("")"},
        RuleCase{"NullResetsToModel", R"({"logoText": null})", "/logoText", R"("Logo")"},
        RuleCase{"BooleanReplaces", R"({"voided": true})", "/voided", "true"},
        RuleCase{"NumberReplaces", R"({"maxDistance": 25.5})", "/maxDistance", "25.5"},
        RuleCase{"NewKeyIsAdded", R"({"sharingProhibited": true})", "/sharingProhibited", "true"},
        RuleCase{"SerialNumber", R"({"serialNumber": "S-2"})", "/serialNumber", R"("S-2")"},
        RuleCase{"UserInfoObject", R"({"userInfo": {"a": [1]}})", "/userInfo", R"({"a":[1]})"},
        RuleCase{"FieldValue", R"({"fields": [{"key": "name", "value": "Fi-Lin"}]})",
                 "/storeCard/primaryFields/0/value", R"("Fi-Lin")"},
        RuleCase{"FieldOtherAttributesKept", R"({"fields": [{"key": "name", "value": "Fi-Lin"}]})",
                 "/storeCard/primaryFields/0/label", R"("NAME")"},
        RuleCase{"FieldEmptyLabel", R"({"fields": [{"key": "name", "label": ""}]})",
                 "/storeCard/primaryFields/0/label", R"("")"},
        RuleCase{"FieldNullAttributeKeepsModel", R"({"fields": [{"key": "name", "label": null}]})",
                 "/storeCard/primaryFields/0/label", R"("NAME")"},
        RuleCase{"FieldNumericValue", R"({"fields": [{"key": "points", "value": 42}]})",
                 "/storeCard/secondaryFields/0/value", "42"},
        RuleCase{"FieldChangeMessage",
                 R"({"fields": [{"key": "points", "changeMessage": "Points: %@"}]})",
                 "/storeCard/secondaryFields/0/changeMessage", R"("Points: %@")"},
        RuleCase{"BarcodeMessageToEveryBarcode", R"({"barcode": {"message": "12345678"}})",
                 "/barcodes/1/message", R"("12345678")"},
        RuleCase{"BarcodeAltText", R"({"barcode": {"altText": "1234 5678"}})",
                 "/barcodes/0/altText", R"("1234 5678")"},
        RuleCase{"BarcodesReplaceWhole", R"({"barcodes": [{"format": "PKBarcodeFormatAztec",
                 "message": "A", "messageEncoding": "utf-8"}]})", "/barcodes",
                 R"([{"format":"PKBarcodeFormatAztec","message":"A","messageEncoding":"utf-8"}])"},
        RuleCase{"StatusTwoVoids", R"({"status": 2})", "/voided", "true"},
        RuleCase{"StatusOneIsNormal", R"({"status": 1})", "/voided", "false"},
        RuleCase{"StatusAgreesWithVoided", R"({"status": 2, "voided": true})", "/voided", "true"},
        // Pass2U's status is the download page's: a redeemed coupon is status 1 and voided.
        RuleCase{"StatusOneWithVoidedIsARedeemedCoupon", R"({"status": 1, "voided": true})", "/voided", "true"},
        RuleCase{"TransitTypeGoesIntoStyle", R"({"transitType": "PKTransitTypeAir"})",
                 "/storeCard/transitType", R"("PKTransitTypeAir")"},
        RuleCase{"NfcCreatedFromAttributes", R"({"nfc": {"message": "N1", "encryptionPublicKey": "K"}})",
                 "/nfc", R"({"message":"N1","encryptionPublicKey":"K"})"},
        RuleCase{"LocationsReplaceWhole", R"({"locations": [{"latitude": 1.5, "longitude": 2}]})",
                 "/locations", R"([{"latitude":1.5,"longitude":2}])"},
        RuleCase{"EmptyArrayIsAValue", R"({"beacons": []})", "/beacons", "[]"},
        RuleCase{"StoreIdentifiers", R"({"associatedStoreIdentifiers": [284882215]})",
                 "/associatedStoreIdentifiers", "[284882215]"},
        RuleCase{"Semantics", R"({"semantics": {"eventName": "Gala"}})", "/semantics",
                 R"({"eventName":"Gala"})"},
        RuleCase{"RelevantDates", R"({"relevantDates": [{"date": "2026-05-01T19:30:00Z"}]})",
                 "/relevantDates/0/date", R"("2026-05-01T19:30:00Z")"},
        RuleCase{"WebService", R"({"webServiceURL": "https://example.com/passes/",
                 "authenticationToken": "0123456789abcdef"})", "/authenticationToken",
                 R"("0123456789abcdef")"},
        RuleCase{"FieldDateStyleIsAnAttribute",
                 R"({"fields": [{"key": "name", "dateStyle": "PKDateStyleShort"}]})",
                 "/storeCard/primaryFields/0/dateStyle", R"("PKDateStyleShort")"},
        RuleCase{"HexColourBecomesRgb", R"({"backgroundColor": "#EDDB15"})", "/backgroundColor",
                 R"j("rgb(237, 219, 21)")j"},
        RuleCase{"ShortHexColour", R"({"foregroundColor": "#fff"})", "/foregroundColor",
                 R"j("rgb(255, 255, 255)")j"},
        RuleCase{"RgbSpacingNormalised", R"j({"labelColor": "rgb(1,2 ,  3)"})j", "/labelColor",
                 R"j("rgb(1, 2, 3)")j"},
        RuleCase{"DateWithOffsetStaysAsGiven", R"({"expirationDate": "2018-12-31T23:00:15+08:00"})",
                 "/expirationDate", R"("2018-12-31T23:00:15+08:00")"},
        RuleCase{"Description", R"({"description": "Gold card"})", "/description", R"("Gold card")"},
        RuleCase{"OrganizationName", R"({"organizationName": "Bistro"})", "/organizationName",
                 R"("Bistro")"},
        RuleCase{"AppLaunchUrl", R"({"appLaunchURL": "bistro://card"})", "/appLaunchURL",
                 R"("bistro://card")"},
        RuleCase{"GroupingIdentifier", R"({"groupingIdentifier": "trip-42"})",
                 "/groupingIdentifier", R"("trip-42")"},
        RuleCase{"RelevantDate", R"({"relevantDate": "2018-10-18T16:53:00+08:00"})",
                 "/relevantDate", R"("2018-10-18T16:53:00+08:00")"},
        RuleCase{"PasscodeLeftOut", R"({"passcode": "1234"})", "/passcode", "<absent>"}),
    [](const auto& p) { return std::string(p.param.name); });

// A P-256 public key (X.509 SubjectPublicKeyInfo, base64), as an NFC pass needs.
#define PKPASS_TEST_P256_KEY                                                            \
  "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1P4xblsQeAUQ9jwlKFTvF/BS1iQs+fDQ61Ai9Qdi9NSVftZ3" \
  "QeErz64YOuG7Y8bbzI4LYa4eoAYxWTvJvvD7Xg=="
constexpr char kBarcodeAndNfc[] = R"({"barcode": {"message": "1"}, "nfc": {"message": "2",
    "encryptionPublicKey": ")" PKPASS_TEST_P256_KEY R"("}})";
constexpr char kNfcWithPayload[] = R"({"nfc": {"message": "2", "payload": "x",
    "encryptionPublicKey": ")" PKPASS_TEST_P256_KEY R"("}})";

struct RefusalCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const RefusalCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  const char* overrides;
  std::string_view code;
  const char* pointer;  // into the overrides document
};

class ResolveRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(ResolveRefusalTest, PointsIntoOverrides) {
  const RefusalCase& c = GetParam();
  Diagnostics diags;
  EXPECT_THAT(testing::ResolveJson(LoadModel(), c.overrides, {}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(c.code, "overrides", c.pointer));
  EXPECT_EQ(diags.error_count(), 1u) << FormatText(diags);
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, ResolveRefusalTest,
    ::testing::Values(
        RefusalCase{"UnknownKey", R"({"logoTxt": "x"})", codes::kOverrideKeyUnknown, "/logoTxt"},
        RefusalCase{"StringForBoolean", R"({"voided": "true"})", codes::kOverrideType, "/voided"},
        RefusalCase{"StringForNumber", R"({"maxDistance": "100"})", codes::kOverrideType,
                    "/maxDistance"},
        RefusalCase{"NumberForString", R"({"logoText": 35})", codes::kOverrideType, "/logoText"},
        RefusalCase{"NegativeDistance", R"({"maxDistance": -5})", codes::kNumberNegative, "/maxDistance"},
        RefusalCase{"FieldsNotArray", R"({"fields": {"key": "name"}})", codes::kOverrideType,
                    "/fields"},
        RefusalCase{"FieldWithoutKey", R"({"fields": [{"value": "x"}]})", codes::kFieldKeyMissing,
                    "/fields/0/key"},
        RefusalCase{"FieldModelLacks", R"({"fields": [{"key": "name"}, {"key": "nick", "value": "x"}]})",
                    codes::kFieldUnknown, "/fields/1/key"},
        RefusalCase{"FieldAttributeUnknown", R"({"fields": [{"key": "name", "colour": "red"}]})",
                    codes::kOverrideKeyUnknown, "/fields/0/colour"},
        RefusalCase{"FieldLabelNotString", R"({"fields": [{"key": "name", "label": 1}]})",
                    codes::kOverrideType, "/fields/0/label"},
        RefusalCase{"BarcodeMessageNotString", R"({"barcode": {"message": 12}})",
                    codes::kOverrideType, "/barcode/message"},
        RefusalCase{"BarcodeUnknownAttribute", R"({"barcode": {"format": "QR"}})",
                    codes::kOverrideKeyUnknown, "/barcode/format"},
        RefusalCase{"EmptySerialFromOverrides", R"({"serialNumber": ""})",
                    codes::kRequiredKeyEmpty, "/serialNumber"},
        RefusalCase{"NotAnObject", "[]", codes::kJsonNotObject, ""},
        RefusalCase{"StatusOutOfRange", R"({"status": 3})", codes::kOverrideValue, "/status"},
        RefusalCase{"StatusContradictsVoided", R"({"status": 2, "voided": false})",
                    codes::kOverrideConflict, "/status"},
        RefusalCase{"BarcodeAndNfc", kBarcodeAndNfc, codes::kBarcodeNfcExclusive, "/nfc"},
        RefusalCase{"NfcUnknownAttribute", kNfcWithPayload, codes::kOverrideKeyUnknown,
                    "/nfc/payload"},
        RefusalCase{"ColourOutOfRange", R"j({"backgroundColor": "rgb(256, 0, 0)"})j",
                    codes::kColorInvalid, "/backgroundColor"},
        RefusalCase{"ColourName", R"({"backgroundColor": "red"})", codes::kColorInvalid,
                    "/backgroundColor"},
        RefusalCase{"DateWithoutOffset", R"({"expirationDate": "2018-12-31T23:00:15"})",
                    codes::kDateTimezoneMissing, "/expirationDate"},
        RefusalCase{"DateWithoutTime", R"({"relevantDate": "2018-12-31"})", codes::kDateInvalid,
                    "/relevantDate"},
        RefusalCase{"RelevantDatesEntryDate",
                    R"({"relevantDates": [{"startDate": "2026-02-30T10:00Z", "endDate": "2026-03-01T10:00Z"}]})",
                    codes::kDateInvalid, "/relevantDates/0/startDate"},
        RefusalCase{"ImagesNotArray", R"({"images": {"type": "icon"}})", codes::kOverrideType,
                    "/images"},
        RefusalCase{"NotJson", "{serialNumber: 1}", codes::kJsonSyntax, ""}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ResolverTest, AServersWebServiceKeysWinAndHttpIsTakenOnlyWhenAllowed) {
  Diagnostics diags;
  const Model model = LoadModel();
  ValidateOptions options;
  options.web_service_url = "https://passes.example.com";
  options.authentication_token = "abcdefghijklmnopqrstuvwxyz012345";
  const std::string overrides = R"({"webServiceURL": "https://other.example.com", "authenticationToken": "x"})";
  Result<std::string> json = testing::ResolveJson(model, overrides, options, diags);
  ASSERT_THAT(json, IsOk()) << FormatText(diags);
  EXPECT_EQ(testing::JsonAt(*json, "/webServiceURL"), R"("https://passes.example.com")");
  EXPECT_EQ(testing::JsonAt(*json, "/authenticationToken"), R"("abcdefghijklmnopqrstuvwxyz012345")");

  options.web_service_url = "http://127.0.0.1:8080";
  Diagnostics refused;
  EXPECT_THAT(testing::ResolveJson(model, "{}", options, refused), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(refused, HasDiagnosticIn(codes::kWebServiceNotHttps, "pass.json", "/webServiceURL"));
  options.allow_http_web_service = true;
  Diagnostics allowed;
  json = testing::ResolveJson(model, "{}", options, allowed);
  ASSERT_THAT(json, IsOk()) << FormatText(allowed);
  EXPECT_EQ(testing::JsonAt(*json, "/webServiceURL"), R"("http://127.0.0.1:8080")");
}

TEST(ResolverTest, BarcodeNeedsModelBarcode) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "serialNumber": "S", "organizationName": "O", "description": "D",
      "generic": {}})");
  EXPECT_THAT(testing::ResolveJson(model, R"({"barcode": {"message": "1"}})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kBarcodeNotInModel, "overrides", "/barcode"));
}

TEST(ResolverTest, PasscodeIsAcceptedWithWarning) {
  Diagnostics diags;
  EXPECT_THAT(testing::ResolveJson(LoadModel(), R"({"passcode": "1234", "androidAppLaunchURL": "x"})", {}, diags),
              IsOk());
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kOverrideNotInPass, "overrides", "/passcode"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kOverrideNotInPass, "overrides", "/androidAppLaunchURL"));
  EXPECT_EQ(diags.error_count(), 0u);
  Diagnostics strict;
  EXPECT_THAT(testing::ResolveJson(LoadModel(), R"({"passcode": "1234"})", {.strict = true}, strict),
              StatusIs(StatusCode::kInvalidPass));
}

TEST(ResolverTest, ModelColoursAreNormalisedAndModelDatesChecked) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "serialNumber": "S", "organizationName": "O", "description": "D",
      "backgroundColor": "#102030", "relevantDate": "2026-01-01T10:00", "generic": {}})");
  EXPECT_THAT(testing::ResolveJson(model, "{}", {}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kDateTimezoneMissing, "pass.json", "/relevantDate"));
  Diagnostics fixed;
  Result<std::string> pass = testing::ResolveJson(model, R"({"relevantDate": "2026-01-01T10:00Z"})", {}, fixed);
  ASSERT_THAT(pass, IsOk());
  EXPECT_EQ(testing::JsonAt(*pass, "/backgroundColor"), R"j("rgb(16, 32, 48)")j");
}

TEST(ResolverTest, FixedFieldIsRefused) {
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = kModelPassJson;
  files["model.json"] = R"({"dynamicFields": ["name"]})";
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  EXPECT_THAT(testing::ResolveJson(*model, R"({"fields": [{"key": "name", "value": "ok"}]})", {}, diags), IsOk());
  EXPECT_THAT(testing::ResolveJson(*model, R"({"fields": [{"key": "points", "value": 1}]})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kFieldNotDynamic, "overrides", "/fields/0/key"));
}

// A field of every dictionary that holds fields can be set by overrides and named in
// dynamicFields, posterGeneric's included.
TEST(ResolverTest, FieldsOfEveryDictionaryCanBeOverridden) {
  const std::string seat = R"("secondaryFields": [{"key": "seat", "label": "Seat", "value": "?"}])";
  const std::map<std::string, std::string> dictionaries = {
      {"boardingPass", R"("boardingPass": {"transitType": "PKTransitTypeAir", )" + seat + "}"},
      {"coupon", R"("coupon": {)" + seat + "}"},
      {"eventTicket", R"("eventTicket": {)" + seat + "}"},
      {"generic", R"("generic": {)" + seat + "}"},
      {"storeCard", R"("storeCard": {)" + seat + "}"},
      {"posterGeneric", R"("eventTicket": {}, "posterGeneric": {)" + seat + "}"}};
  for (const auto& [dict, json] : dictionaries) {
    Diagnostics diags;
    std::map<std::string, std::string> files = testing::IconFiles();
    files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "p", "teamIdentifier": "T",
        "serialNumber": "S", "organizationName": "O", "description": "D", )" + json + "}";
    files["model.json"] = R"({"dynamicFields": ["seat"]})";
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_THAT(model, IsOk()) << dict << "\n" << FormatText(diags);
    Result<std::string> pass = testing::ResolveJson(*model, R"({"fields": [{"key": "seat", "value": "12A"}]})", {}, diags);
    ASSERT_THAT(pass, IsOk()) << dict << "\n" << FormatText(diags);
    EXPECT_EQ(testing::JsonAt(*pass, ("/" + dict + "/secondaryFields/0/value").c_str()), R"("12A")") << dict;
  }
}

TEST(ResolverTest, ReportsEveryProblemAtOnce) {
  Diagnostics diags;
  EXPECT_THAT(testing::ResolveJson(LoadModel(), R"({"a": 1, "voided": 1, "fields": [{"key": "x"}]})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(diags.error_count(), 3u) << FormatText(diags);
}

TEST(ResolverTest, ModelProblemPointsIntoPassJson) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "serialNumber": "S", "organizationName": "", "description": "D",
      "generic": {}})");
  EXPECT_THAT(testing::ResolveJson(model, "{}", {}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kRequiredKeyEmpty, "pass.json", "/organizationName"));
}

TEST(ResolverTest, OverrideFixesModelProblem) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "organizationName": "O", "description": "D", "generic": {}})");
  EXPECT_THAT(testing::ResolveJson(model, R"({"serialNumber": "S-9"})", {}, diags), IsOk());
}

}  // namespace
}  // namespace pkpass
