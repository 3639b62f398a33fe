#include "validate/validator.h"

#include <gtest/gtest.h>

#include "model/model_loader.h"
#include "pkpass/diagnostic_codes.h"
#include "resolve/resolver.h"
#include "testing/matchers.h"
#include "testing/png.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;

// The keys of a valid pass.json, as raw JSON values, in order.
const std::vector<std::pair<std::string, std::string>> kValidKeys = {
    {"formatVersion", "1"},           {"passTypeIdentifier", "\"pass.a\""},
    {"teamIdentifier", "\"T1\""},     {"serialNumber", "\"S\""},
    {"organizationName", "\"O\""},    {"description", "\"D\""},
    {"generic", "{}"}};

// Returns the valid pass.json with `key` set to the raw JSON `value` (added when absent), or
// without `key` when `value` is nullptr.
std::string With(const std::string& key, const char* value) {
  std::string out;
  bool seen = false;
  for (const auto& [k, v] : kValidKeys) {
    const bool match = k == key;
    seen |= match;
    if (match && value == nullptr) continue;
    out += (out.empty() ? "{" : ",") + ("\"" + k + "\":") + (match ? std::string(value) : v);
  }
  if (!seen && value != nullptr) out += ",\"" + key + "\":" + value;
  return out + "}";
}

const std::string kValid = With("", nullptr);

// Validates `pass_json` (with an icon unless `icon` is false) and returns the diagnostics.
Diagnostics ValidatePassJson(const std::string& pass_json, const SignerIdentity* signer = nullptr,
                             bool icon = true) {
  Diagnostics diags;
  std::map<std::string, std::string> files = {{"pass.json", pass_json}};
  if (icon) files = testing::IconFiles(), files["pass.json"] = pass_json;
  auto model = CompileModel(files, diags);
  if (model == nullptr) return diags;
  ResolvedPass pass;
  Resolve(*model, rapidjson::Value(rapidjson::kObjectType), {}, pass, diags);
  Validate(pass, signer, diags);
  return diags;
}

struct IdentityCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const IdentityCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  std::string pass_json;
  std::string_view code;  // "" when the pass is valid
  const char* pointer = "";
};

class IdentityRuleTest : public ::testing::TestWithParam<IdentityCase> {};

TEST_P(IdentityRuleTest, ReportsExactRule) {
  const IdentityCase& c = GetParam();
  Diagnostics diags = ValidatePassJson(c.pass_json);
  if (c.code.empty()) {
    EXPECT_TRUE(diags.empty()) << FormatText(diags);
  } else {
    EXPECT_THAT(diags, HasDiagnosticIn(c.code, "pass.json", c.pointer));
    EXPECT_EQ(diags.error_count(), 1u) << FormatText(diags);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rules, IdentityRuleTest,
    ::testing::Values(
        IdentityCase{"Valid", kValid, ""},
        IdentityCase{"SerialMissing", With("serialNumber", nullptr), codes::kRequiredKeyMissing,
                     "/serialNumber"},
        IdentityCase{"DescriptionMissing", With("description", nullptr),
                     codes::kRequiredKeyMissing, "/description"},
        IdentityCase{"OrganizationNotString", With("organizationName", "7"), codes::kKeyType,
                     "/organizationName"},
        IdentityCase{"TeamEmpty", With("teamIdentifier", "\"\""), codes::kRequiredKeyEmpty,
                     "/teamIdentifier"},
        IdentityCase{"FormatVersionMissing", With("formatVersion", nullptr),
                     codes::kRequiredKeyMissing, "/formatVersion"},
        IdentityCase{"FormatVersionTwo", With("formatVersion", "2"), codes::kFormatVersion,
                     "/formatVersion"},
        IdentityCase{"FormatVersionString", With("formatVersion", "\"1\""), codes::kFormatVersion,
                     "/formatVersion"},
        IdentityCase{"StyleMissing", With("generic", nullptr), codes::kStyleMissing, ""},
        IdentityCase{"TwoStyles", With("storeCard", "{}"), codes::kStyleMultiple, "/storeCard"},
        IdentityCase{"StyleNotObject", With("generic", "[]"), codes::kKeyType, "/generic"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(PackageRuleTest, IconAtAnyScaleSuffices) {
  EXPECT_TRUE(ValidatePassJson(kValid).empty());
}

TEST(PackageRuleTest, MissingIconIsAnError) {
  Diagnostics diags = ValidatePassJson(kValid, nullptr, /*icon=*/false);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kIconMissing, "icon.png", ""));
}

TEST(BindingRuleTest, MatchingIdentityPasses) {
  const SignerIdentity signer{"pass.a", "T1"};
  EXPECT_TRUE(ValidatePassJson(kValid, &signer).empty());
}

TEST(BindingRuleTest, NamesBothValuesOnMismatch) {
  const SignerIdentity signer{"pass.b", "T2"};
  Diagnostics diags = ValidatePassJson(kValid, &signer);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kPassTypeIdMismatch, "pass.json", "/passTypeIdentifier"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kTeamIdMismatch, "pass.json", "/teamIdentifier"));
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_THAT(diags.items()[0].message,
              ::testing::AllOf(::testing::HasSubstr("\"pass.a\""), ::testing::HasSubstr("\"pass.b\"")));
}

}  // namespace
}  // namespace pkpass
