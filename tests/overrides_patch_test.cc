// Updates of stored overrides: Passcreator's PATCH, and Pass2U's reset endpoints.
#include "pkpass/overrides.h"

#include <gtest/gtest.h>

#include "pkpass/diagnostic_codes.h"
#include "testing/matchers.h"
#include "testing/resolved.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::StatusIs;

struct PatchCase {
  friend void PrintTo(const PatchCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  const char* base;
  const char* patch;
  const char* expected;
};

class PatchTest : public ::testing::TestWithParam<PatchCase> {};

TEST_P(PatchTest, GivesExactDocument) {
  Diagnostics diags;
  Result<std::string> result = PatchOverrides(GetParam().base, GetParam().patch, diags);
  ASSERT_THAT(result, IsOk()) << FormatText(diags);
  EXPECT_EQ(*result, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PatchTest,
    ::testing::Values(
        PatchCase{"KeyReplaces", R"({"logoText": "A", "voided": false})", R"({"logoText": "B"})",
                  R"({"logoText":"B","voided":false})"},
        PatchCase{"NewKeyAdded", R"({"logoText": "A"})", R"({"voided": true})",
                  R"({"logoText":"A","voided":true})"},
        PatchCase{"NullRemoves", R"({"logoText": "A", "voided": true})", R"({"logoText": null})",
                  R"({"voided":true})"},
        PatchCase{"EmptyStringIsKept", R"({"logoText": "A"})", R"({"logoText": ""})",
                  R"({"logoText":""})"},
        PatchCase{"FieldsMergeByKeyAndAttribute",
                  R"({"fields": [{"key": "a", "label": "L", "value": "1"}, {"key": "b", "value": "2"}]})",
                  R"({"fields": [{"key": "b", "changeMessage": "now %@"}, {"key": "a", "value": "9"}]})",
                  R"({"fields":[{"key":"a","label":"L","value":"9"},{"key":"b","value":"2","changeMessage":"now %@"}]})"},
        PatchCase{"FieldAttributeNullRemoves", R"({"fields": [{"key": "a", "label": "L", "value": "1"}]})",
                  R"({"fields": [{"key": "a", "label": null}]})", R"({"fields":[{"key":"a","value":"1"}]})"},
        PatchCase{"NewFieldAppended", R"({"fields": [{"key": "a", "value": "1"}]})",
                  R"({"fields": [{"key": "c", "value": "3", "label": null}]})",
                  R"({"fields":[{"key":"a","value":"1"},{"key":"c","value":"3"}]})"},
        PatchCase{"ArraysReplace", R"({"locations": [{"latitude": 1, "longitude": 2}, {"latitude": 3, "longitude": 4}]})",
                  R"({"locations": [{"latitude": 5, "longitude": 6}]})",
                  R"({"locations":[{"latitude":5,"longitude":6}]})"},
        PatchCase{"ObjectsMerge", R"({"barcode": {"message": "1", "altText": "one"}, "userInfo": {"a": {"b": 1, "c": 2}}})",
                  R"({"barcode": {"message": "2"}, "userInfo": {"a": {"c": null, "d": 3}}})",
                  R"({"barcode":{"message":"2","altText":"one"},"userInfo":{"a":{"b":1,"d":3}}})"},
        PatchCase{"EmptyBase", "", R"({"serialNumber": "S", "nfc": {"message": "m", "x": null}})",
                  R"({"serialNumber":"S","nfc":{"message":"m"}})"},
        PatchCase{"EmptyPatch", R"({"logoText": "A"})", "{}", R"({"logoText":"A"})"},
        PatchCase{"RemovalsKeepTheOrder", R"({"a": 1, "b": 2, "c": 3, "d": 4})", R"({"a": null, "c": null, "e": 5})",
                  R"({"b":2,"d":4,"e":5})"},
        PatchCase{"ObjectReplacesAValueWithoutItsNulls", R"({"userInfo": 1})", R"({"userInfo": {"a": null, "b": 2}})",
                  R"({"userInfo":{"b":2}})"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(PatchTest, ProblemsNameTheDocument) {
  Diagnostics diags;
  EXPECT_THAT(PatchOverrides(R"({"a": 1,})", R"([])", diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonSyntax, "overrides", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonNotObject, "patch", ""));
  Diagnostics fields;
  EXPECT_THAT(PatchOverrides(R"({"fields": []})", R"({"fields": [{"value": 1}]})", fields),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(fields, HasDiagnosticIn(codes::kFieldKeyMissing, "patch", "/fields/0/key"));
}

// Two objects of 4,000 distinct keys each merge (each key found through an index, not a scan of
// the other object), and the 8,000 keys they make are past what one overrides object may hold:
// the patched document is refused as build would refuse it, not printed.
TEST(PatchTest, TheMergedDocumentIsBudgeted) {
  std::string base = R"({"userInfo": {)", patch = R"({"userInfo": {)";
  for (int i = 0; i < 4000; ++i) {
    base += (i ? "," : "") + ("\"a" + std::to_string(i) + "\": 1");
    patch += (i ? "," : "") + ("\"b" + std::to_string(i) + "\": 2");
  }
  base += "}}";
  patch += "}}";
  Diagnostics diags;
  EXPECT_THAT(PatchOverrides(base, patch, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonTooManyKeys, "overrides", ""));
  Diagnostics small;
  Result<std::string> half = PatchOverrides(base, R"({"userInfo": {"a1": null, "a3999": 7}})", small);
  ASSERT_THAT(half, IsOk()) << FormatText(small);
  EXPECT_TRUE(half->ends_with(R"("a3998":1,"a3999":7}})")) << half->substr(half->size() - 40);
  EXPECT_EQ(half->find(R"("a1":)"), std::string::npos);
}

constexpr char kStored[] = R"({"logoText":"A","fields":[{"key":"a","label":"L","value":"1"},{"key":"b","value":"2"}]})";

TEST(ResetTest, AttributeFieldAndFieldAttribute) {
  Diagnostics diags;
  Result<std::string> attribute = ResetAttribute(kStored, "logoText", diags);
  ASSERT_THAT(attribute, IsOk());
  EXPECT_EQ(*attribute, R"({"fields":[{"key":"a","label":"L","value":"1"},{"key":"b","value":"2"}]})");
  Result<std::string> field = ResetField(kStored, "a", diags);
  ASSERT_THAT(field, IsOk());
  EXPECT_EQ(*field, R"({"logoText":"A","fields":[{"key":"b","value":"2"}]})");
  Result<std::string> field_attribute = ResetFieldAttribute(kStored, "a", "label", diags);
  ASSERT_THAT(field_attribute, IsOk());
  EXPECT_EQ(*field_attribute, R"({"logoText":"A","fields":[{"key":"a","value":"1"},{"key":"b","value":"2"}]})");
}

// A reset of what the overrides lack is a misspelt name, said: reset-absent, exit 1 for the tool.
TEST(ResetTest, AbsentTargetsAreRefused) {
  Diagnostics diags;
  EXPECT_FALSE(ResetAttribute(kStored, "voided", diags).ok());
  EXPECT_FALSE(ResetField(kStored, "zzz", diags).ok());
  EXPECT_FALSE(ResetFieldAttribute(kStored, "a", "key", diags).ok());
  EXPECT_FALSE(ResetFieldAttribute(kStored, "zzz", "label", diags).ok());
  EXPECT_EQ(testing::ErrorsOf(diags), "reset-absent at overrides:/voided; reset-absent at overrides:/fields; "
                                      "reset-absent at overrides:/fields; reset-absent at overrides:/fields");
}

}  // namespace
}  // namespace pkpass
