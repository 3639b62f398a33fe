// Local dates resolved in their IANA time zones (resolve/local_dates.h), through Model::Resolve.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"
#include "util/time_zone.h"

namespace pkpass {
namespace {

using testing::IsOk;
using testing::StatusIs;

constexpr char kPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "T",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
  "storeCard": {
    "primaryFields": [{"key": "name", "label": "NAME", "value": "Model Name"}],
    "secondaryFields": [{"key": "starts", "label": "STARTS", "value": "2026-01-01T00:00:00Z",
                         "dateStyle": "PKDateStyleShort", "timeStyle": "PKDateStyleShort"}]
  }
})";

Result<Model> LoadModel(const std::string& model_json, Diagnostics& diags) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = kPassJson;
  if (!model_json.empty()) files["model.json"] = model_json;
  return Model::FromFiles(files, diags);
}

// Returns the string at `pointer` in the pass.json that `overrides` resolve to with a model
// whose model.json is `model_json` ("" for none), or every error's code and place.
std::string Resolved(const std::string& overrides, const char* pointer,
                     const std::string& model_json = "") {
  Diagnostics diags;
  Result<Model> model = LoadModel(model_json, diags);
  if (!model.ok()) return "model: " + FormatText(diags);
  Result<std::string> pass_json = testing::ResolveJson(*model, overrides, {}, diags);
  if (!pass_json.ok()) return testing::ErrorsOf(diags);
  const std::string value = testing::JsonAt(*pass_json, pointer);  // a JSON string: unquoted
  return value.size() >= 2 && value.front() == '"' ? value.substr(1, value.size() - 2) : value;
}

std::string Expiring(const std::string& date, const std::string& zone = "") {
  return R"({"expirationDate": ")" + date + "\"" +
         (zone.empty() ? "" : R"(, "timeZone": ")" + zone + "\"") + "}";
}

struct ZoneCase {
  const char* zone;
  const char* local;
  const char* expected;  // the written date, or a diagnostic's code and place
};

class ZoneTest : public ::testing::TestWithParam<ZoneCase> {};

// Daylight saving in 2026: Berlin goes forward on 29 March at 02:00 and back on 25 October at
// 03:00; New York forward on 8 March at 02:00 and back on 1 November at 02:00; Sydney back on 5
// April at 03:00 and forward on 4 October at 02:00.
TEST_P(ZoneTest, ResolvesOrRefusesTheLocalTime) {
  const ZoneCase& c = GetParam();
  EXPECT_EQ(Resolved(Expiring(c.local, c.zone), "/expirationDate"), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    LocalDatesTest, ZoneTest,
    ::testing::Values(
        ZoneCase{"Europe/Berlin", "2026-07-01 18:00", "2026-07-01T18:00:00+02:00"},
        ZoneCase{"Europe/Berlin", "2026-01-15T09:30:15", "2026-01-15T09:30:15+01:00"},
        ZoneCase{"Europe/Berlin", "2026-03-29 02:30", "date-local-nonexistent at overrides:/expirationDate"},
        ZoneCase{"Europe/Berlin", "2026-10-25 02:30", "date-local-ambiguous at overrides:/expirationDate"},
        ZoneCase{"America/New_York", "2026-07-04T09:00", "2026-07-04T09:00:00-04:00"},
        ZoneCase{"America/New_York", "2026-12-25T09:00", "2026-12-25T09:00:00-05:00"},
        ZoneCase{"America/New_York", "2026-03-08T02:30", "date-local-nonexistent at overrides:/expirationDate"},
        ZoneCase{"America/New_York", "2026-11-01T01:30", "date-local-ambiguous at overrides:/expirationDate"},
        ZoneCase{"Australia/Sydney", "2026-01-15T10:00", "2026-01-15T10:00:00+11:00"},
        ZoneCase{"Australia/Sydney", "2026-06-15T10:00", "2026-06-15T10:00:00+10:00"},
        ZoneCase{"Australia/Sydney", "2026-10-04T02:30", "date-local-nonexistent at overrides:/expirationDate"},
        ZoneCase{"Australia/Sydney", "2026-04-05T02:30", "date-local-ambiguous at overrides:/expirationDate"},
        // A date's own zone, in RFC 9557's brackets, comes before the pass's.
        ZoneCase{"Europe/Berlin", "2026-07-01T18:00[America/New_York]", "2026-07-01T18:00:00-04:00"},
        ZoneCase{"", "2026-07-01T18:00[!Asia/Kolkata]", "2026-07-01T18:00:00+05:30"},
        // An offset with a zone settles an ambiguous time, and must be one the zone has then.
        ZoneCase{"", "2026-10-25T02:30+01:00[Europe/Berlin]", "2026-10-25T02:30+01:00"},
        ZoneCase{"", "2026-10-25T02:30+02:00[Europe/Berlin]", "2026-10-25T02:30+02:00"},
        ZoneCase{"", "2026-07-01T18:00+01:00[Europe/Berlin]", "date-zone-mismatch at overrides:/expirationDate"},
        ZoneCase{"", "2026-07-01T18:00[Mars/Olympus]", "date-zone-unknown at overrides:/expirationDate"},
        // An offset alone is kept; no zone anywhere is the validator's to report.
        ZoneCase{"Europe/Berlin", "2026-07-01T18:00:00Z", "2026-07-01T18:00:00Z"},
        ZoneCase{"", "2026-07-01 18:00", "date-timezone-missing at overrides:/expirationDate"},
        // A pass's zone the database lacks leaves its dates without one.
        ZoneCase{"Mars/Olympus", "2026-07-01T18:00",
                 "date-timezone-missing at overrides:/expirationDate; date-zone-unknown at overrides:/timeZone"},
        ZoneCase{"../../../etc/passwd", "2026-07-01T18:00",
                 "date-timezone-missing at overrides:/expirationDate; date-zone-unknown at overrides:/timeZone"}));

TEST(LocalDatesTest, SaysWhatTheClocksDo) {
  Diagnostics diags;
  Result<Model> model = LoadModel("", diags);
  ASSERT_THAT(model, IsOk());
  EXPECT_THAT(testing::ResolveJson(*model, Expiring("2026-03-29 02:30", "Europe/Berlin"), {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(testing::ResolveJson(*model, Expiring("2026-10-25 02:30", "Europe/Berlin"), {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  std::vector<std::string> errors;
  for (const Diagnostic& d : diags.items()) {
    if (d.severity == Severity::kError) errors.push_back(d.message);
  }
  ASSERT_EQ(errors.size(), 2u) << FormatText(diags);
  EXPECT_EQ(errors[0],
            "2026-03-29T02:30 in Europe/Berlin does not exist: the clocks go from +01:00 to +02:00 "
            "over it");
  EXPECT_EQ(errors[1],
            "2026-10-25T02:30 in Europe/Berlin happens twice, at +02:00 and again at +01:00 (the "
            "clocks go back): write the offset of the one meant, as in \"2026-10-25T02:30:00+02:00\"");
}

TEST(LocalDatesTest, TheModelsZoneReachesFieldsAndNestedDates) {
  const std::string sydney = R"({"timeZone": "Australia/Sydney"})";
  EXPECT_EQ(Resolved(R"({"fields": [{"key": "starts", "value": "2026-01-15 10:00"}]})",
                     "/storeCard/secondaryFields/0/value", sydney),
            "2026-01-15T10:00:00+11:00");
  EXPECT_EQ(Resolved(R"({"relevantDates": [{"startDate": "2026-06-15T10:00",
                                            "endDate": "2026-06-15T12:00"}]})",
                     "/relevantDates/0/endDate", sydney),
            "2026-06-15T12:00:00+10:00");
  // The pass's zone comes before the model's.
  EXPECT_EQ(Resolved(Expiring("2026-01-15T10:00", "Europe/Berlin"), "/expirationDate", sydney),
            "2026-01-15T10:00:00+01:00");
  EXPECT_EQ(Resolved("{}", "/expirationDate", R"({"timeZone": "Mars/Olympus"})"),
            "model: model.json:/timeZone: error: the time zone database has no zone "
            "\"Mars/Olympus\": name one such as \"Europe/Berlin\" or \"America/New_York\" "
            "[date-zone-unknown]\n");
}

TEST(TimeZoneTest, NamesAreSpelledAsTheDatabaseSpellsThem) {
  EXPECT_TRUE(IsZoneName("Europe/Berlin"));
  EXPECT_TRUE(IsZoneName("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsZoneName("Etc/GMT+5"));
  EXPECT_TRUE(IsZoneName("UTC"));
  EXPECT_FALSE(IsZoneName(""));
  EXPECT_FALSE(IsZoneName("/etc/passwd"));
  EXPECT_FALSE(IsZoneName("Europe/../Berlin"));
  EXPECT_FALSE(IsZoneName("Europe//Berlin"));
  EXPECT_FALSE(IsZoneName("Europe/Berlin "));
  EXPECT_FALSE(IsZoneName(std::string(65, 'A')));
  EXPECT_EQ(OffsetText(19800), "+05:30");
  EXPECT_EQ(OffsetText(-12600), "-03:30");
  EXPECT_EQ(OffsetText(0), "+00:00");
}

}  // namespace
}  // namespace pkpass
