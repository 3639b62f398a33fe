#include <gtest/gtest.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "testing/matchers.h"
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
  Result<Model> model = Model::FromFiles({{"pass.json", pass_json}, {"icon.png", "png"}}, diags);
  EXPECT_THAT(model, IsOk()) << FormatText(diags);
  return *model;
}

// Returns the compact JSON of the value at `pointer` in `json`, or "<absent>".
std::string ValueAt(const std::string& json, const char* pointer) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  if (v == nullptr) return "<absent>";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v->Accept(w);
  return buffer.GetString();
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

TEST_P(ResolveRuleTest, GivesExactValue) {
  const RuleCase& c = GetParam();
  Diagnostics diags;
  Result<std::string> pass = LoadModel().Resolve(c.overrides, {}, diags);
  ASSERT_THAT(pass, IsOk()) << FormatText(diags);
  EXPECT_EQ(ValueAt(*pass, c.pointer), c.expected);
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
                 "/barcodes/0/altText", R"("1234 5678")"}),
    [](const auto& p) { return std::string(p.param.name); });

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
  EXPECT_THAT(LoadModel().Resolve(c.overrides, {}, diags), StatusIs(StatusCode::kInvalidPass));
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
        RefusalCase{"NotJson", "{serialNumber: 1}", codes::kJsonSyntax, ""}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ResolverTest, BarcodeNeedsModelBarcode) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "serialNumber": "S", "organizationName": "O", "description": "D",
      "generic": {}})");
  EXPECT_THAT(model.Resolve(R"({"barcode": {"message": "1"}})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kBarcodeNotInModel, "overrides", "/barcode"));
}

TEST(ResolverTest, ReportsEveryProblemAtOnce) {
  Diagnostics diags;
  EXPECT_THAT(LoadModel().Resolve(R"({"a": 1, "voided": 1, "fields": [{"key": "x"}]})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(diags.error_count(), 3u) << FormatText(diags);
}

TEST(ResolverTest, ModelProblemPointsIntoPassJson) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "serialNumber": "S", "organizationName": "", "description": "D",
      "generic": {}})");
  EXPECT_THAT(model.Resolve("{}", {}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kRequiredKeyEmpty, "pass.json", "/organizationName"));
}

TEST(ResolverTest, OverrideFixesModelProblem) {
  Diagnostics diags;
  const Model model = LoadModel(R"({"formatVersion": 1, "passTypeIdentifier": "p",
      "teamIdentifier": "T", "organizationName": "O", "description": "D", "generic": {}})");
  EXPECT_THAT(model.Resolve(R"({"serialNumber": "S-9"})", {}, diags), IsOk());
}

}  // namespace
}  // namespace pkpass
