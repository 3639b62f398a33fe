// Each seed's update flow as its users write it: a batch of 1,000 creates in the vendor's shape,
// then a batch of 1,000 of the vendor's update bodies over what --completed stored, rebuilding
// exactly the passes updated, checked field by field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "testing/archive.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::CommandResult;
using testing::PkiDir;

constexpr int kPasses = 1000;

class VendorFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr);
    tool_ = tool;
    dir_ = testing::MakeTempDir("flows");
  }

  CommandResult Run(const std::string& args) {
    return testing::RunCommand("SOURCE_DATE_EPOCH=1700000000 " + tool_ + " " + args + " --cert " + PkiDir() +
                               "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  }

  // Builds `creates` (one body a line) from `model` in the shape `from` into dir/created, storing
  // what --completed writes; returns the exit code.
  void Create(const std::string& model, const std::string& from, const std::string& creates) {
    testing::WriteFile(dir_ + "/creates.ndjson", creates);
    CommandResult r = Run("batch -j 2 --model " + testing::ModelDir(model) + " --from " + from + " --records " + dir_ +
                          "/creates.ndjson --out-dir " + dir_ + "/created --completed " + dir_ + "/stored.ndjson");
    ASSERT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
    ASSERT_THAT(r.out, HasSubstr("batch: " + std::to_string(kPasses) + " passes, 0 errors"));
  }

  // Rebuilds the stored passes with `flag` (--patch or --patch-all) `updates` in the shape `from`
  // into dir/<out>; returns the pass.json of each pass built there, by serial.
  std::map<std::string, rapidjson::Document> Update(const std::string& model, const std::string& from,
                                                    const std::string& flag, const std::string& updates,
                                                    const std::string& out, const std::string& base = "stored.ndjson") {
    testing::WriteFile(dir_ + "/updates", updates);
    CommandResult r = Run("batch -j 2 --model " + testing::ModelDir(model) + " --from " + from + " --base " + dir_ + "/" +
                          base + " " + flag + " " + dir_ + "/updates --out-dir " + dir_ + "/" + out + " --completed " +
                          dir_ + "/" + out + ".ndjson");
    EXPECT_EQ(r.exit_code, 0) << r.out.substr(0, 2000);
    std::map<std::string, rapidjson::Document> passes;
    for (const auto& e : fs::directory_iterator(dir_ + "/" + out)) {
      rapidjson::Document pass;
      const std::string json = testing::EntryBytes(testing::ReadEntries(testing::ReadFile(e.path().string())), "pass.json");
      pass.Parse(json.c_str());
      EXPECT_TRUE(pass.IsObject()) << e.path();
      const std::string serial = pass["serialNumber"].GetString();
      EXPECT_EQ(e.path().filename().string(), serial + ".pkpass");
      passes.emplace(serial, std::move(pass));
    }
    return passes;
  }

  std::string tool_, dir_;
};

// The field `key` of a pass: its value, as compact text ("\"G-1\"", "86.5"), with its label.
std::string Field(const rapidjson::Document& pass, const std::string& style, const std::string& key,
                  const char* attr = "value") {
  for (const auto& group : pass[style.c_str()].GetObject()) {
    for (const auto& field : group.value.GetArray()) {
      if (field["key"].GetString() != key) continue;
      if (!field.HasMember(attr)) return "<none>";
      const rapidjson::Value& v = field[attr];
      if (v.IsString()) return v.GetString();
      if (v.IsInt64()) return std::to_string(v.GetInt64());
      if (v.IsDouble()) return std::to_string(v.GetDouble());
      return "<other>";
    }
  }
  return "<absent>";
}

bool Voided(const rapidjson::Document& pass) { return pass.HasMember("voided") && pass["voided"].GetBool(); }

// The records in reverse order, so that every update is found by its id, not by its place.
std::string Lines(const std::function<std::string(int)>& line) {
  std::string all;
  for (int i = kPasses - 1; i >= 0; --i) all += line(i) + "\n";
  return all;
}

TEST_F(VendorFlowTest, EventTicketUpdatePassData) {
  Create("eventticket.pass", "eventticket", Lines([](int i) {
           const std::string n = std::to_string(i);
           return R"({"action": "generatepass", "pass-id": "ET-)" + n + R"(", "pass-data": {"barcode-value": "B-)" + n +
                  R"(", "event-custom-value-1": "G-)" + n + R"(", "ticket-holder": "Holder )" + n +
                  R"(", "face-value": ")" + n + R"("}})";
         }));
  const auto passes = Update("eventticket.pass", "eventticket", "--patch", Lines([](int i) {
                               const std::string n = std::to_string(i);
                               return R"({"action": "updatepassdata", "pass-id": "ET-)" + n +
                                      R"(", "priority": true, "pass-data": {"event-custom-value-3": "R-)" + n +
                                      R"(", "face-value": ")" + n + R"(.5", "pass-status": ")" +
                                      (i % 2 == 1 ? "redeemed" : "active") + R"("}})";
                             }),
                             "updated");
  ASSERT_EQ(passes.size(), static_cast<size_t>(kPasses));
  for (int i = 0; i < kPasses; ++i) {
    const std::string n = std::to_string(i);
    const auto it = passes.find("ET-" + n);
    ASSERT_NE(it, passes.end()) << n;
    const rapidjson::Document& pass = it->second;
    EXPECT_EQ(Field(pass, "eventTicket", "gate"), "G-" + n);  // kept
    EXPECT_EQ(Field(pass, "eventTicket", "ticket-holder"), "Holder " + n);
    EXPECT_EQ(Field(pass, "eventTicket", "row"), "R-" + n);  // updated
    EXPECT_EQ(Field(pass, "eventTicket", "face-value"), std::to_string(i + 0.5));
    EXPECT_EQ(Field(pass, "eventTicket", "face-value", "currencyCode"), "USD");
    EXPECT_EQ(std::string(pass["barcodes"][0]["message"].GetString()), "B-" + n);
    EXPECT_EQ(Voided(pass), i % 2 == 1) << n;
  }
}

TEST_F(VendorFlowTest, AirshipPutPass) {
  Create("airship-event.pass", "airship", Lines([](int i) {
           const std::string n = std::to_string(i);
           return R"({"externalId": "AS-)" + n + R"(", "fields": {"Row": {"value": ")" + n +
                  R"("}, "Section": {"value": "S-)" + n + R"("}}})";
         }));
  const auto passes = Update("airship-event.pass", "airship", "--patch", Lines([](int i) {
                               const std::string n = std::to_string(i);
                               return R"({"externalId": "AS-)" + n + R"(", "fields": {"Seat": {"value": ")" + n +
                                      R"("}, "Section": {"label": "BLOCK"}}, "headers": {"expirationDate": )" +
                                      (i % 2 == 1 ? R"({"label": "voided"})" : R"({"value": "2030-08-20T9:41-08:00"})") +
                                      "}}";
                             }),
                             "updated");
  ASSERT_EQ(passes.size(), static_cast<size_t>(kPasses));
  for (int i = 0; i < kPasses; ++i) {
    const std::string n = std::to_string(i);
    const auto it = passes.find("AS-" + n);
    ASSERT_NE(it, passes.end()) << n;
    const rapidjson::Document& pass = it->second;
    EXPECT_EQ(Field(pass, "eventTicket", "Row"), n);  // "7" is the number 7
    EXPECT_EQ(Field(pass, "eventTicket", "Section"), "S-" + n);
    EXPECT_EQ(Field(pass, "eventTicket", "Section", "label"), "BLOCK");
    EXPECT_EQ(Field(pass, "eventTicket", "Seat"), n);
    EXPECT_EQ(Field(pass, "eventTicket", "Seat", "numberStyle"), "PKNumberStyleDecimal");
    EXPECT_EQ(Voided(pass), i % 2 == 1) << n;
    EXPECT_EQ(pass.HasMember("expirationDate") ? pass["expirationDate"].GetString() : "",
              std::string(i % 2 == 1 ? "" : "2030-08-20T09:41-08:00"));
  }
}

TEST_F(VendorFlowTest, PasscreatorPatchAndBulkPatch) {
  Create("passcreator.pass", "passcreator", Lines([](int i) {
           return R"({"data": {"userProvidedId": "PC-)" + std::to_string(i) + R"(", "firstname": "Name )" +
                  std::to_string(i) + R"("}})";
         }));
  const auto passes = Update("passcreator.pass", "passcreator", "--patch", Lines([](int i) {
                               const std::string n = std::to_string(i);
                               return R"({"data": {"userProvidedId": "PC-)" + n + R"(", "firstname": "New )" + n +
                                      R"(", "expirationDate": "2055-12-31 00:00", "voided": )" +
                                      (i % 2 == 1 ? "true" : "false") + "}}";
                             }),
                             "updated");
  ASSERT_EQ(passes.size(), static_cast<size_t>(kPasses));
  for (int i = 0; i < kPasses; ++i) {
    const std::string n = std::to_string(i);
    const rapidjson::Document& pass = passes.at("PC-" + n);
    EXPECT_EQ(Field(pass, "eventTicket", "firstname"), "New " + n);
    EXPECT_EQ(std::string(pass["expirationDate"].GetString()), "2055-12-31T00:00:00+01:00");  // Europe/Berlin
    EXPECT_EQ(Voided(pass), i % 2 == 1) << n;
  }
  // The bulk PATCH: its filter's query picks the stored passes whose firstname contains "New 1".
  const auto bulk = Update("passcreator.pass", "passcreator", "--patch-all",
                           R"({"data": {"expirationDate": "2056-01-31 12:00"}, "filter": {"query": {"templateId": "t",
                               "groups": [[{"field": "firstname", "operator": "contains", "value": ["New 1"]}]]}}})",
                           "bulk", "updated.ndjson");
  std::set<std::string> want;
  for (int i = 0; i < kPasses; ++i) {
    if (("New " + std::to_string(i)).find("New 1") != std::string::npos) want.insert("PC-" + std::to_string(i));
  }
  ASSERT_EQ(want.size(), 111u);
  std::set<std::string> got;
  for (const auto& [serial, pass] : bulk) {
    got.insert(serial);
    EXPECT_EQ(std::string(pass["expirationDate"].GetString()), "2056-01-31T12:00:00+01:00");
    EXPECT_EQ(Field(pass, "eventTicket", "firstname"), "New " + serial.substr(3));  // the earlier update kept
  }
  EXPECT_EQ(got, want);
}

TEST_F(VendorFlowTest, Pass2uUpdatePass) {
  Create("coffee.pass", "pass2u", Lines([](int i) {
           const std::string n = std::to_string(i);
           return R"({"serialNumber": "P-)" + n + R"(", "barcode": {"message": "M-)" + n +
                  R"("}, "fields": [{"key": "name", "value": "Name )" + n + R"("}], "status": 1})";
         }));
  const auto passes = Update("coffee.pass", "pass2u", "--patch", Lines([](int i) {
                               const std::string n = std::to_string(i);
                               return R"({"passId": "P-)" + n + R"(", "fields": [{"key": "level", "value": "GOLD )" + n +
                                      R"("}], "voided": )" + (i % 2 == 1 ? "true" : "false") + "}";
                             }),
                             "updated");
  ASSERT_EQ(passes.size(), static_cast<size_t>(kPasses));
  for (int i = 0; i < kPasses; ++i) {
    const std::string n = std::to_string(i);
    const rapidjson::Document& pass = passes.at("P-" + n);
    EXPECT_EQ(Field(pass, "storeCard", "name"), "Name " + n);
    EXPECT_EQ(Field(pass, "storeCard", "level"), "GOLD " + n);
    EXPECT_EQ(std::string(pass["barcodes"][0]["message"].GetString()), "M-" + n);
    EXPECT_EQ(Voided(pass), i % 2 == 1) << n;  // status 1 with voided: a redeemed coupon
  }
}

// An update that names no stored pass is refused at its line; one with errors of its own is
// refused where it has them; the others are built.
TEST_F(VendorFlowTest, UpdatesThatCannotApplyAreReported) {
  testing::WriteFile(dir_ + "/stored.ndjson", R"({"serialNumber": "E-1"})" "\n" R"({"serialNumber": "E-2"})" "\n");
  testing::WriteFile(dir_ + "/u.ndjson",
                     R"({"action": "updatepassdata", "pass-id": "E-1", "pass-data": {"pass-status": "lost"}})" "\n"
                     R"({"action": "updatepassdata", "pass-id": "E-2", "pass-data": {"event-custom-value-1": "9"}})" "\n"
                     R"({"action": "updatepassdata", "pass-id": "E-9", "pass-data": {}})" "\n");
  CommandResult r = Run("batch --model " + testing::ModelDir("eventticket.pass") + " --from eventticket --base " + dir_ +
                        "/stored.ndjson --patch " + dir_ + "/u.ndjson --out-dir " + dir_ + "/out --errors " + dir_ +
                        "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(testing::FileExists(dir_ + "/out/E-2.pkpass"));
  EXPECT_FALSE(testing::FileExists(dir_ + "/out/E-1.pkpass"));
  const std::string errors = testing::ReadFile(dir_ + "/errors.ndjson");
  EXPECT_THAT(errors, HasSubstr(R"("code":"import-value-invalid","file":"patch:1","pointer":"/pass-data/pass-status")"));
  EXPECT_THAT(errors, HasSubstr(R"("code":"patch-unmatched")"));
  // A line that names no pass stops the batch before anything is built.
  testing::WriteFile(dir_ + "/u.ndjson", R"({"action": "updatepassdata", "pass-data": {}})" "\n");
  r = Run("batch --model " + testing::ModelDir("eventticket.pass") + " --from eventticket --base " + dir_ +
          "/stored.ndjson --patch " + dir_ + "/u.ndjson --out-dir " + dir_ + "/out2");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("patch line 1: an update names the pass it updates by \"pass-id\" [patch-invalid]"));
  // A bulk filter that cannot be evaluated offline is refused naming it.
  testing::WriteFile(dir_ + "/bulk.json", R"({"data": {"voided": true}, "filter": {"segmentId": "s-1"}})");
  r = Run("batch --model " + testing::ModelDir("passcreator.pass") + " --from passcreator --base " + dir_ +
          "/stored.ndjson --patch-all " + dir_ + "/bulk.json --out-dir " + dir_ + "/out3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("filter.segmentId names a segment kept on Passcreator's servers"));
}

// A payload refused for its own errors is reported with the pass's problems too, as validate and
// build report them: one run finds them all.
TEST_F(VendorFlowTest, ABatchReportsAPayloadsAndItsPasssProblemsTogether) {
  testing::WriteFile(dir_ + "/records.ndjson",
                     R"({"data": {"userProvidedId": "PC-1", "voided": "perhaps", "expirationDate": "31.12.2055"}})" "\n");
  CommandResult r = Run("batch --model " + testing::ModelDir("passcreator.pass") + " --from passcreator --records " +
                        dir_ + "/records.ndjson --out-dir " + dir_ + "/out --errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string errors = testing::ReadFile(dir_ + "/errors.ndjson");
  EXPECT_THAT(errors, HasSubstr(R"("code":"import-value-invalid","file":"overrides","pointer":"/data/voided")"));
  EXPECT_THAT(errors, HasSubstr(R"("code":"date-invalid","file":"overrides","pointer":"/data/expirationDate")"));
}

}  // namespace
}  // namespace pkpass
