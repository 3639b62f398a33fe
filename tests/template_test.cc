// pkpass-build model --from eventticket: the event-ticket API's pass templates become models, and
// the API's generatepass bodies build on them with the event's times in the event's zone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "testing/archive.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using ::testing::HasSubstr;
using testing::CommandResult;
using testing::PkiDir;

class TemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr);
    tool_ = tool;
    dir_ = testing::MakeTempDir("template");
  }

  CommandResult Run(const std::string& args) {
    return testing::RunCommand("SOURCE_DATE_EPOCH=1700000000 " + tool_ + " " + args);
  }

  // `model` from fixtures/templates/NAME into dir/m.
  CommandResult Model(const std::string& name, const std::string& extra = "") {
    return Run("model --from eventticket " + testing::FixturesDir() + "/templates/" + name + " -o " + dir_ +
               "/m --image-map " + testing::FixturesDir() + "/images/template-map.json " + extra);
  }

  static std::string NewModel() {
    return "--pass-type-id pass.dev.pkpass.sample --team-id DEVTEAM001 --icon " + testing::ModelDir("coffee.pass") +
           "/icon.png";
  }

  rapidjson::Document Json(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    EXPECT_TRUE(doc.IsObject()) << text.substr(0, 300);
    return doc;
  }

  // The field `key` of pass.json's eventTicket.
  static const rapidjson::Value* Field(const rapidjson::Document& pass, const std::string& key) {
    for (const auto& group : pass["eventTicket"].GetObject()) {
      for (const auto& field : group.value.GetArray()) {
        if (field["key"].GetString() == key) return &field;
      }
    }
    return nullptr;
  }

  std::string tool_, dir_;
};

// The seed's CreatePassTemplate example, its curly quotes repaired, is refused for its beacons
// (placeholders such as "123213" for a UUID), where the template gives them; nothing is written.
TEST_F(TemplateTest, ThePrintedExampleIsRefusedAtItsBeacons) {
  CommandResult r = Model("eventticket-create.json", NewModel() + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  rapidjson::Document doc = Json(r.out);
  std::string errors;
  for (const auto& d : doc["diagnostics"].GetArray()) {
    if (std::string(d["severity"].GetString()) == "error") {
      errors += std::string(d["code"].GetString()) + " at " + d["file"].GetString() + ":" + d["pointer"].GetString() + "; ";
    }
  }
  EXPECT_EQ(errors, "beacon-uuid-invalid at template:/apple-wallet-fields/ibeacons/0/proximity-uuid; "
                    "beacon-major-range at template:/apple-wallet-fields/ibeacons/0/major; "
                    "beacon-uuid-invalid at template:/apple-wallet-fields/ibeacons/1/proximity-uuid; ");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/m"));
}

TEST_F(TemplateTest, TheExampleBecomesAModelTheGeneratePassExampleBuildsOn) {
  CommandResult made = Model("eventticket-create-valid.json", NewModel());
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_THAT(made.out, HasSubstr("wrote " + dir_ + "/m: icon.png logo.png model.json pass.json strip.png"));
  CommandResult valid = Run("validate --model " + dir_ + "/m");
  EXPECT_EQ(valid.exit_code, 0) << valid.out;
  EXPECT_THAT(valid.out, HasSubstr("valid\n"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/m/logo.png"), testing::ReadFile(testing::FixturesDir() + "/images/logo-wide.png"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/m/strip.png"), testing::ReadFile(testing::FixturesDir() + "/images/strip-blue.png"));
  rapidjson::Document model = Json(testing::ReadFile(dir_ + "/m/model.json"));
  EXPECT_EQ(std::string(model["timeZone"].GetString()), "Asia/Kolkata");
  EXPECT_EQ(std::string(model["barcodeValues"]["generate"].GetString()), "alphanumeric");
  EXPECT_EQ(model["barcodeValues"]["length"].GetInt(), 10);
  EXPECT_EQ(model["dynamicFields"].Size(), 9u);
  rapidjson::Document pass = Json(testing::ReadFile(dir_ + "/m/pass.json"));
  EXPECT_EQ(std::string(pass["backgroundColor"].GetString()), "rgb(189, 179, 38)");
  EXPECT_EQ(std::string(pass["foregroundColor"].GetString()), "rgb(3, 0, 0)");
  EXPECT_EQ(std::string(pass["organizationName"].GetString()), "SKYCORE");
  EXPECT_FALSE(pass.HasMember("logoText"));  // the API shows the event's name beside no logo only
  EXPECT_EQ(pass["associatedStoreIdentifiers"][0].GetInt64(), 123333);
  EXPECT_EQ(std::string(pass["barcodes"][0]["format"].GetString()), "PKBarcodeFormatPDF417");
  EXPECT_EQ(std::string(Field(pass, "event-custom-value-1")->operator[]("label").GetString()), "gate");
  EXPECT_EQ(std::string(Field(pass, "confirmation-number")->operator[]("label").GetString()), "order number");
  EXPECT_EQ(std::string(Field(pass, "link1")->operator[]("dataDetectorTypes")[0].GetString()), "PKDataDetectorTypeLink");

  // The seed's generatepass example (its beacons repaired, as the golden case has them).
  CommandResult built = Run("build --model " + dir_ + "/m --from eventticket --overrides " + testing::FixturesDir() +
                            "/cases/seed-eventticket-generate-valid/overrides.json -o " + dir_ + "/t.pkpass --cert " +
                            PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  ASSERT_EQ(built.exit_code, 0) << built.out;
  const auto entries = testing::ReadEntries(testing::ReadFile(dir_ + "/t.pkpass"));
  EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "");
  rapidjson::Document ticket = Json(testing::EntryBytes(entries, "pass.json"));
  EXPECT_EQ(std::string(ticket["serialNumber"].GetString()), "Event Ticket_1");
  // Each time in its own zone: the start and doors in Asia/Kolkata, the end in Europe/Paris.
  EXPECT_EQ(std::string((*Field(ticket, "event-start-time"))["value"].GetString()), "2020-11-22T14:01:00+05:30");
  EXPECT_EQ(std::string((*Field(ticket, "doors-open-time"))["value"].GetString()), "2020-11-11T14:01:00+05:30");
  EXPECT_EQ(std::string((*Field(ticket, "event-end-time"))["value"].GetString()), "2020-09-11T14:01:00+02:00");
  EXPECT_EQ(std::string(ticket["relevantDate"].GetString()), "2020-11-22T11:11:00+05:30");
  EXPECT_EQ(std::string(ticket["expirationDate"].GetString()), "2019-02-01T21:46:46+11:00");  // the pass's own
  EXPECT_EQ(std::string((*Field(ticket, "event-custom-value-1"))["value"].GetString()), "5");
  EXPECT_EQ(std::string((*Field(ticket, "ticket-holder"))["value"].GetString()), "Pilip Das");
  EXPECT_EQ((*Field(ticket, "face-value"))["value"].GetInt(), 86);
  EXPECT_EQ(std::string((*Field(ticket, "face-value"))["currencyCode"].GetString()), "USD");
  EXPECT_EQ(std::string(ticket["barcodes"][0]["message"].GetString()), "ASDE96325");
  EXPECT_FALSE(ticket.HasMember("userInfo"));
}

TEST_F(TemplateTest, UpdatePassTemplateChangesTheModel) {
  ASSERT_EQ(Model("eventticket-create-valid.json", NewModel()).exit_code, 0);
  // The seed's example, as printed but for its quotes and beacons, applies.
  CommandResult printed = Model("eventticket-update.json");
  EXPECT_EQ(printed.exit_code, 0) << printed.out;
  EXPECT_THAT(printed.out, HasSubstr("template:/pass-update-notification: warning:"));
  testing::WriteFile(dir_ + "/u.json", R"({"action": "updatePassTemplate", "pass-template-type": "event-ticket",
      "universal-fields": {"venue-name": "Skycore Arena", "event-custom-value-1-label": "door",
                           "event-start-time": "11/23/2020 8:00 PM", "event-start-time-timezone": "Asia/Tokyo"}})");
  CommandResult r = Run("model --from eventticket " + dir_ + "/u.json -o " + dir_ + "/m");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("updated " + dir_ + "/m: model.json pass.json"));
  rapidjson::Document pass = Json(testing::ReadFile(dir_ + "/m/pass.json"));
  EXPECT_EQ(std::string((*Field(pass, "venue-name"))["value"].GetString()), "Skycore Arena");
  EXPECT_EQ(std::string((*Field(pass, "venue-name"))["label"].GetString()), "VENUE");  // kept
  EXPECT_EQ(std::string((*Field(pass, "event-custom-value-1"))["label"].GetString()), "door");
  EXPECT_EQ(std::string((*Field(pass, "event-custom-value-1"))["value"].GetString()), "Second");  // kept
  EXPECT_EQ(std::string((*Field(pass, "event-start-time"))["value"].GetString()), "2020-11-23T20:00[Asia/Tokyo]");
  EXPECT_EQ(std::string(pass["organizationName"].GetString()), "SKYCORE");  // kept
  EXPECT_EQ(std::string(Json(testing::ReadFile(dir_ + "/m/model.json"))["timeZone"].GetString()), "Asia/Tokyo");
  // A create over a model, or an update with no model, is refused.
  r = Model("eventticket-create-valid.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("template:/action: error:"));
  r = Run("model --from eventticket " + dir_ + "/u.json -o " + dir_ + "/none");
  EXPECT_EQ(r.exit_code, 2);  // a new model needs its identity and icon
  r = Run("model --from eventticket " + dir_ + "/u.json -o " + dir_ + "/none " + NewModel());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("template:/action: error:"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/none"));
}

}  // namespace
}  // namespace pkpass
