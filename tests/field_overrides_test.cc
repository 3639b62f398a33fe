// The overrides' fields beyond customising: removing a field or an attribute, hiding an empty
// field, adding a field to an area model.json opens, and refusing ambiguous entries.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "pkpass/model.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"

namespace pkpass {
namespace {

constexpr char kPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
  "storeCard": {
    "primaryFields": [{"key": "name", "label": "NAME", "value": "Model Name"}],
    "secondaryFields": [{"key": "level", "label": "LEVEL", "value": "SILVER"},
                        {"key": "seat", "label": "SEAT", "value": 12, "numberStyle": "PKNumberStyleDecimal",
                         "changeMessage": "Seat %@"}],
    "backFields": [{"key": "terms", "label": "TERMS", "value": "Be nice."}]
  }
})";

constexpr char kModelJson[] = R"({"dynamicFields": ["level", "seat"], "newFieldAreas": ["backFields"]})";

// Returns the compact JSON at `pointer` in the pass.json `overrides` resolve to (or "<absent>"),
// or every error's code and place when the pass is refused.
std::string Resolved(const std::string& overrides, const char* pointer,
                     const char* pass_json = kPassJson) {
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = pass_json;
  files["model.json"] = kModelJson;
  Result<Model> model = Model::FromFiles(files, diags);
  if (!model.ok()) return "model: " + FormatText(diags);
  Result<std::string> resolved = testing::ResolveJson(*model, overrides, {}, diags);
  return resolved.ok() ? testing::JsonAt(*resolved, pointer) : testing::ErrorsOf(diags);
}

TEST(FieldOverridesTest, RemovesAModelField) {
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": true}]})", "/storeCard/secondaryFields"),
            R"([{"key":"seat","label":"SEAT","value":12,"changeMessage":"Seat %@","numberStyle":"PKNumberStyleDecimal"}])");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "name", "remove": true}]})", ""),
            "field-not-dynamic at overrides:/fields/0/key");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": true, "value": "GOLD"}]})", ""),
            "override-conflict at overrides:/fields/0/remove");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": "yes"}]})", ""),
            "override-type at overrides:/fields/0/remove");
}

// Airship's update {"Seat": "26E"} of a field with numberStyle: the style goes with it.
TEST(FieldOverridesTest, RemovesAnAttribute) {
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "seat", "value": "26E",
                                     "removeAttributes": ["numberStyle", "changeMessage"]}]})",
                     "/storeCard/secondaryFields/1"),
            R"({"key":"seat","label":"SEAT","value":"26E"})");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "seat", "value": "26E"}]})", ""),
            "number-style-not-number at pass.json:/storeCard/secondaryFields/1/numberStyle");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "seat", "removeAttributes": ["value"]}]})", ""),
            "override-value at overrides:/fields/0/removeAttributes/0");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "seat", "removeAttributes": ["colour"]}]})", ""),
            "override-value at overrides:/fields/0/removeAttributes/0");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "seat", "numberStyle": "PKNumberStylePercent",
                                     "removeAttributes": ["numberStyle"]}]})", ""),
            "override-conflict at overrides:/fields/0/removeAttributes/0");
}

TEST(FieldOverridesTest, HidesAFieldLeftEmpty) {
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "value": "", "hideEmpty": true}]})",
                     "/storeCard/secondaryFields/0/key"),
            R"("seat")");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "value": "GOLD", "hideEmpty": true}]})",
                     "/storeCard/secondaryFields/0/value"),
            R"("GOLD")");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "gate", "area": "backFields", "value": "",
                                     "hideEmpty": true}]})", "/storeCard/backFields/1"),
            "<absent>");
}

TEST(FieldOverridesTest, AddsAFieldWhereTheModelAllows) {
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "gate", "area": "backFields", "label": "GATE",
                                     "value": "B12"}]})", "/storeCard/backFields/1"),
            R"({"key":"gate","label":"GATE","value":"B12"})");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "gate", "area": "auxiliaryFields", "value": "B12"}]})", ""),
            "field-add-not-allowed at overrides:/fields/0/area");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "area": "backFields", "value": "B12"}]})", ""),
            "override-conflict at overrides:/fields/0/area");
  // What is wrong with an added field is placed in the overrides.
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "gate", "area": "backFields", "label": "GATE"}]})", ""),
            "field-value-missing at overrides:/fields/0/value");
}

TEST(FieldOverridesTest, RefusesTwoEntriesWithOneKey) {
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "value": "GOLD"},
                                    {"key": "level", "value": "BRONZE"}]})", ""),
            "field-key-duplicate at overrides:/fields/1/key");
}

// After a removal, a problem of a later model field is still placed at its pass.json pointer (the
// field now sits one place earlier in the pass), and one of an added field in the overrides.
TEST(FieldOverridesTest, KeepsProblemsInPlaceAfterARemoval) {
  constexpr char kBroken[] = R"({
    "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
    "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
    "storeCard": {
      "secondaryFields": [{"key": "level", "label": "LEVEL", "value": "SILVER"},
                          {"key": "seat", "label": "SEAT", "value": "A", "numberStyle": "PKNumberStyleDecimal"},
                          {"key": "row", "label": "ROW", "value": 1}]
    }
  })";
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": true}]})", "", kBroken),
            "number-style-not-number at pass.json:/storeCard/secondaryFields/1/numberStyle");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": true},
                                    {"key": "seat", "value": 3, "currencyCode": "EUR"}]})", "", kBroken),
            "number-style-conflict at pass.json:/storeCard/secondaryFields/1/numberStyle");
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "level", "remove": true},
                                    {"key": "seat", "value": 3}]})", "/storeCard/secondaryFields", kBroken),
            R"([{"key":"seat","label":"SEAT","value":3,"numberStyle":"PKNumberStyleDecimal"},)"
            R"({"key":"row","label":"ROW","value":1}])");
}

}  // namespace
}  // namespace pkpass
