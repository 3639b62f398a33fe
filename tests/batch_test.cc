// pkpass-build batch: every record ends as a pass or a line of the error report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "testing/archive.h"
#include "testing/files.h"
#include "testing/test_pki.h"
#include "pkpass/verify.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::CommandResult;
using testing::PkiDir;

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr);
    tool_ = tool;
    dir_ = testing::MakeTempDir("batch");
  }

  std::string Record(const std::string& serial) {
    return R"({"serialNumber": ")" + serial + R"(", "fields": [{"key": "name", "value": "Member )" +
           serial + R"("}]})";
  }

  CommandResult Batch(const std::string& records, const std::string& extra = "",
                      const std::string& env = "SOURCE_DATE_EPOCH=1700000000") {
    testing::WriteFile(dir_ + "/records.ndjson", records);
    return testing::RunCommand(env + " " + tool_ + " batch --model " + testing::ModelDir("coffee.pass") +
                               " --records " + dir_ + "/records.ndjson --out-dir " + dir_ + "/out" +
                               " --cert " + PkiDir() + "/signer.pem --key " + PkiDir() +
                               "/signer.key --wwdr " + PkiDir() + "/wwdr.pem " + extra);
  }

  std::vector<std::string> Outputs() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_ + "/out")) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  // The distinct barcode messages of the passes in the output folder.
  std::set<std::string> BarcodeMessages() const {
    std::set<std::string> messages;
    for (const std::string& name : Outputs()) {
      rapidjson::Document pass;
      pass.Parse(testing::EntryBytes(testing::ReadEntries(testing::ReadFile(dir_ + "/out/" + name)), "pass.json").c_str());
      messages.insert(pass["barcodes"][0]["message"].GetString());
    }
    return messages;
  }

  std::string tool_, dir_;
};

TEST_F(BatchTest, BuildsEveryRecordIntoItsSerialsFile) {
  CommandResult r = Batch(Record("A-1") + "\n\n" + Record("A-2") + "\n" + Record("A-3") + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("batch: 3 passes, 0 errors, 0 skipped"));
  EXPECT_THAT(Outputs(), ElementsAre("A-1.pkpass", "A-2.pkpass", "A-3.pkpass"));
  for (const std::string& name : Outputs()) {
    const auto entries = testing::ReadEntries(testing::ReadFile(dir_ + "/out/" + name));
    EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "") << name;
    EXPECT_EQ(testing::ManifestFailure(entries), "") << name;
  }
}

// One signing worker and one writer, or many of each (64 workers, 22 writers): the report must
// not depend on how the passes are spread over threads.
class BatchThreadsTest : public BatchTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(BatchThreadsTest, BadRecordsLandInTheErrorReportAndTheRestAreBuilt) {
  std::ostringstream records;
  records << Record("ok-1") << "\n"                                   // line 1
          << R"({"fields": []})" << "\n"                               // 2: no serial
          << Record("../escape") << "\n"                               // 3: unsafe serial
          << Record("ok-1") << "\n"                                    // 4: duplicate
          << R"({"serialNumber": "bad-1", "voided": "yes"})" << "\n"   // 5: invalid pass
          << "{not json" << "\n"                                       // 6: not JSON
          << Record("ok-2") << "\n";                                   // 7
  CommandResult r = Batch(records.str(), std::string(GetParam()) + " --errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("ok-1.pkpass", "ok-2.pkpass"));
  std::map<int, std::string> codes;  // line -> first diagnostic code
  std::istringstream report(testing::ReadFile(dir_ + "/errors.ndjson"));
  for (std::string line; std::getline(report, line);) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    ASSERT_TRUE(doc.IsObject()) << line;
    codes[doc["line"].GetInt()] = doc["diagnostics"][0]["code"].GetString();
  }
  EXPECT_EQ(codes, (std::map<int, std::string>{{2, "batch-serial-missing"},
                                                {3, "batch-serial-unsafe"},
                                                {4, "batch-serial-duplicate"},
                                                {5, "override-type"},
                                                {6, "json-syntax"}}));
}

INSTANTIATE_TEST_SUITE_P(Workers, BatchThreadsTest, ::testing::Values("-j 1", "-j 64"));

TEST_F(BatchTest, SkipExistingResumes) {
  const std::string records = Record("R-1") + "\n" + Record("R-2") + "\n";
  ASSERT_EQ(Batch(records).exit_code, 0);
  fs::remove(dir_ + "/out/R-2.pkpass");
  CommandResult r = Batch(records, "--skip-existing --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_STREQ(doc["passes"].GetString(), "1");
  EXPECT_STREQ(doc["skipped"].GetString(), "1");
  EXPECT_THAT(Outputs(), ElementsAre("R-1.pkpass", "R-2.pkpass"));
}

TEST_F(BatchTest, WorkersDoNotChangeTheBytes) {
  std::string records;
  for (int i = 0; i < 12; ++i) records += Record("W-" + std::to_string(i)) + "\n";
  ASSERT_EQ(Batch(records, "-j 1").exit_code, 0);
  std::map<std::string, std::string> one;
  for (const std::string& name : Outputs()) one[name] = testing::ReadFile(dir_ + "/out/" + name);
  fs::remove_all(dir_ + "/out");
  ASSERT_EQ(Batch(records, "-j 64").exit_code, 0);  // many workers and writers
  ASSERT_EQ(Outputs().size(), 12u);
  for (const auto& [name, bytes] : one) EXPECT_EQ(testing::ReadFile(dir_ + "/out/" + name), bytes) << name;
}

TEST_F(BatchTest, ReadsRecordsFromStandardInput) {
  CommandResult r = testing::RunCommand(
      "printf '%s\\n' '" + Record("S-1") + "' | " + tool_ + " batch --model " +
      testing::ModelDir("coffee.pass") + " --records - --out-dir " + dir_ + "/out --cert " + PkiDir() +
      "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("S-1.pkpass"));
}

TEST_F(BatchTest, GeneratedBarcodesAreUniqueInTheBatch) {
  std::string records;
  for (int i = 0; i < 30; ++i) records += R"({"serialNumber": "G-)" + std::to_string(i) + "\"}\n";
  testing::WriteFile(dir_ + "/records.ndjson", records);
  CommandResult r = testing::RunCommand(tool_ + " batch -j 2 --model " + testing::ModelDir("member.pass") +
                                        " --records " + dir_ + "/records.ndjson --out-dir " + dir_ +
                                        "/out --cert " + PkiDir() + "/signer.pem --key " + PkiDir() +
                                        "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(BarcodeMessages().size(), 30u);
}

// --completed keeps what the batch generated: one line a prepared record, in record order, which
// given back as records rebuilds the same bytes.
TEST_F(BatchTest, CompletedOverridesRebuildTheSamePasses) {
  std::string records;
  for (int i = 0; i < 40; ++i) records += R"({"serialNumber": "C-)" + std::to_string(i) + "\"}\n";
  records += R"({"serialNumber": "C-bad", "voided": "yes"})" "\n";
  records += R"({"serialNumber": "C-given", "barcode": {"message": "GIVEN-1"}})" "\n";
  testing::WriteFile(dir_ + "/records.ndjson", records);
  const std::string signing = " --cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
                              PkiDir() + "/wwdr.pem";
  auto batch = [&](const std::string& input, const std::string& out, const std::string& extra) {
    return testing::RunCommand("SOURCE_DATE_EPOCH=1700000000 " + tool_ + " batch -j 2 --model " +
                               testing::ModelDir("member.pass") + " --records " + input + " --out-dir " +
                               out + signing + " " + extra);
  };
  CommandResult first = batch(dir_ + "/records.ndjson", dir_ + "/out", "--completed " + dir_ + "/completed.ndjson");
  EXPECT_EQ(first.exit_code, 1) << first.out;  // C-bad
  std::vector<std::string> lines;
  std::istringstream completed(testing::ReadFile(dir_ + "/completed.ndjson"));
  for (std::string line; std::getline(completed, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 41u);
  for (int i = 0; i < 40; ++i) {
    rapidjson::Document doc;
    doc.Parse(lines[i].c_str());
    ASSERT_TRUE(doc.IsObject()) << lines[i];
    EXPECT_EQ(std::string(doc["serialNumber"].GetString()), "C-" + std::to_string(i));
    EXPECT_EQ(std::string(doc["barcode"]["message"].GetString()).size(), 8u) << lines[i];
  }
  EXPECT_EQ(lines[40], R"({"serialNumber":"C-given","barcode":{"message":"GIVEN-1"}})");
  CommandResult again = batch(dir_ + "/completed.ndjson", dir_ + "/again", "");
  ASSERT_EQ(again.exit_code, 0) << again.out;
  for (const std::string& name : Outputs()) {
    EXPECT_EQ(testing::ReadFile(dir_ + "/again/" + name), testing::ReadFile(dir_ + "/out/" + name)) << name;
  }
  EXPECT_EQ(Outputs().size(), 41u);
}

// Pass2U's "not duplicable" barcodes: the report names the record that has the message first.
TEST_F(BatchTest, UniqueBarcodeMessagesNameTheFirstRecord) {
  std::filesystem::copy(testing::ModelDir("coffee.pass"), dir_ + "/unique.pass");
  testing::WriteFile(dir_ + "/unique.pass/model.json", R"({"barcodeValues": {"unique": true}})");
  testing::WriteFile(dir_ + "/records.ndjson",
                     R"({"serialNumber": "U-1", "barcode": {"message": "4711"}})" "\n"
                     R"({"serialNumber": "U-2", "barcode": {"message": "4711"}})" "\n");
  CommandResult r = testing::RunCommand(
      tool_ + " batch --model " + dir_ + "/unique.pass --records " + dir_ + "/records.ndjson --out-dir " +
      dir_ + "/out --errors " + dir_ + "/errors.ndjson --cert " + PkiDir() + "/signer.pem --key " +
      PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("U-1.pkpass"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/errors.ndjson"),
            R"({"line":2,"serial":"U-2","diagnostics":[{"severity":"error","code":"barcode-duplicate",)"
            R"("file":"overrides","pointer":"/barcode/message","message":"the barcode message \"4711\" is )"
            R"(record 1's too; model.json's barcodeValues asks for unique values"}]})" "\n");
}

// An empty barcode message has nothing to scan: each record giving one is refused for it, and
// none is taken for another's duplicate.
TEST_F(BatchTest, EmptyBarcodeMessagesAreRefusedEachForItself) {
  std::filesystem::copy(testing::ModelDir("coffee.pass"), dir_ + "/unique.pass");
  testing::WriteFile(dir_ + "/unique.pass/model.json", R"({"barcodeValues": {"unique": true}})");
  testing::WriteFile(dir_ + "/records.ndjson",
                     R"({"serialNumber": "E-1", "barcode": {"message": ""}})" "\n"
                     R"({"serialNumber": "E-2", "barcode": {"message": ""}})" "\n");
  CommandResult r = testing::RunCommand(
      tool_ + " batch --model " + dir_ + "/unique.pass --records " + dir_ + "/records.ndjson --out-dir " +
      dir_ + "/out --errors " + dir_ + "/errors.ndjson --cert " + PkiDir() + "/signer.pem --key " +
      PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(Outputs().empty());
  const std::string line = R"(","diagnostics":[{"severity":"error","code":"barcode-message-empty","file":"overrides",)"
                           R"("pointer":"/barcode/message","message":"the barcode message is empty: there is nothing )"
                           R"(to scan; give the pass its message"}]})" "\n";
  const std::string errors = testing::ReadFile(dir_ + "/errors.ndjson");
  EXPECT_EQ(errors, R"({"line":1,"serial":"E-1)" + line + R"({"line":2,"serial":"E-2)" + line);
}

// A spreadsheet's 10,000 members (a BOM, CRLF, quoted commas, quotes and newlines) make 10,000
// passes with their values, each signed (the batch checks every signature before it writes) and
// a hundred of them verified whole; a bad row is reported at its line:column and the rest build.
TEST_F(BatchTest, TenThousandCsvRowsMakeTenThousandPasses) {
  std::string csv = "\xEF\xBB\xBFserialNumber,fields.name,fields.balance,barcode.message\r\n";
  for (int i = 0; i < 10000; ++i) {
    const std::string n = std::to_string(i);
    csv += "R-" + n + ",\"Member " + n + ", \"\"the\"\"\r\nsecond line\"," + n + ".5,B-" + n + "\r\n";
    if (i == 4999) csv += "R-bad,Bad,not a number,B-bad,extra\r\n";
  }
  testing::WriteFile(dir_ + "/members.csv", csv);
  CommandResult r = testing::RunCommand(
      "SOURCE_DATE_EPOCH=1700000000 " + tool_ + " batch -j 2 --model " + testing::ModelDir("coffee.pass") +
      " --records " + dir_ + "/members.csv --out-dir " + dir_ + "/out --errors " + dir_ + "/errors.ndjson --cert " +
      PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // Row R-bad starts on line 10,002: the header is line 1, and each member takes two lines.
  EXPECT_EQ(testing::ReadFile(dir_ + "/errors.ndjson"),
            R"({"line":10002,"serial":"","diagnostics":[{"severity":"error","code":"csv-row","file":"members.csv",)"
            R"("pointer":"10002:5","message":"the row has 5 cells; the header names 4 columns"}]})" "\n");
  ASSERT_EQ(Outputs().size(), 10000u);
  VerifyOptions verify;
  verify.trust_root_pem = testing::Pki().root_pem;
  for (int i = 0; i < 10000; ++i) {
    const std::string n = std::to_string(i);
    const std::string bytes = testing::ReadFile(dir_ + "/out/R-" + n + ".pkpass");
    if (i % 100 == 0) {  // Verify costs milliseconds a pass: every hundredth, all their checks
      Diagnostics diags;
      ASSERT_TRUE(Verify(bytes, verify, diags).ok()) << n << FormatText(diags);
    }
    rapidjson::Document pass;
    pass.Parse(testing::EntryBytes(testing::ReadEntries(bytes), "pass.json").c_str());
    ASSERT_EQ(std::string(pass["storeCard"]["primaryFields"][0]["value"].GetString()),
              "Member " + n + ", \"the\"\r\nsecond line");
    ASSERT_EQ(pass["storeCard"]["headerFields"][0]["value"].GetDouble(), i + 0.5);
    ASSERT_EQ(std::string(pass["barcodes"][0]["message"].GetString()), "B-" + n);
  }
}

// --bundle-by KEY: records sharing a value (Passcreator's bundleId) go into one .pkpasses; a
// family past Apple's 10 passes is refused with the limit named, and its passes stay.
TEST_F(BatchTest, BundleByPutsAFamilysPassesTogether) {
  std::string records;
  for (int i = 1; i <= 3; ++i) records += R"({"serialNumber": "S-)" + std::to_string(i) + R"(", "bundleId": "smith"})" "\n";
  for (int i = 1; i <= 11; ++i) records += R"({"serialNumber": "J-)" + std::to_string(i) + R"(", "bundleId": "jones"})" "\n";
  records += R"({"serialNumber": "A-1"})" "\n";
  CommandResult r = Batch(records, "--bundle-by bundleId --errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(Outputs().size(), 15u + 1u);  // every pass, and smith's bundle
  EXPECT_EQ(testing::RunCommand("unzip -Z1 " + dir_ + "/out/smith.pkpasses").out,
            "S-1.pkpass\nS-2.pkpass\nS-3.pkpass\n");
  EXPECT_EQ(testing::ReadFile(dir_ + "/errors.ndjson"),
            R"j({"bundle":"jones.pkpasses","diagnostics":[{"severity":"error","code":"bundle-invalid",)j"
            R"j("file":"jones.pkpasses","pointer":"","message":"the family has more than 10 passes )j"
            R"j((Apple: up to 10 passes or 150 MB)"}]})j" "\n");
}

// Updates in bulk: --patch applies each patch to the stored record with its serial and rebuilds
// just those; --completed keeps the new overrides; a patch no record matches is reported.
// --patch-all updates every stored record (Passcreator's bulk PATCH).
TEST_F(BatchTest, PatchesUpdateStoredRecords) {
  testing::WriteFile(dir_ + "/stored.ndjson", Record("P-1") + "\n" + Record("P-2") + "\n" + Record("P-3") + "\n");
  testing::WriteFile(dir_ + "/patches.ndjson",
                     R"({"serialNumber": "P-2", "fields": [{"key": "name", "value": "Renamed"}], "voided": true})" "\n"
                     R"({"serialNumber": "P-9", "voided": true})" "\n");
  const std::string signing = " --cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
                              PkiDir() + "/wwdr.pem";
  CommandResult r = testing::RunCommand(
      tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --base " + dir_ + "/stored.ndjson --patch " +
      dir_ + "/patches.ndjson --out-dir " + dir_ + "/out --completed " + dir_ + "/new.ndjson --errors " + dir_ +
      "/errors.ndjson" + signing);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("P-2.pkpass"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/new.ndjson"),
            R"({"serialNumber":"P-2","fields":[{"key":"name","value":"Renamed"}],"voided":true})" "\n");
  EXPECT_EQ(testing::ReadFile(dir_ + "/errors.ndjson"),
            R"({"line":2,"serial":"","diagnostics":[{"severity":"error","code":"patch-unmatched","file":"patch",)"
            R"j("pointer":"/serialNumber","message":"no stored record has serialNumber \"P-9\" (patch line 2)"}]})j" "\n");
  testing::WriteFile(dir_ + "/all.json", R"({"voided": true})");
  CommandResult all = testing::RunCommand(
      tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --base " + dir_ + "/stored.ndjson --patch-all " +
      dir_ + "/all.json --out-dir " + dir_ + "/out --completed " + dir_ + "/all.ndjson" + signing);
  EXPECT_EQ(all.exit_code, 0) << all.out;
  EXPECT_THAT(Outputs(), ElementsAre("P-1.pkpass", "P-2.pkpass", "P-3.pkpass"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/all.ndjson"),
            R"({"serialNumber":"P-1","fields":[{"key":"name","value":"Member P-1"}],"voided":true})" "\n"
            R"({"serialNumber":"P-2","fields":[{"key":"name","value":"Member P-2"}],"voided":true})" "\n"
            R"({"serialNumber":"P-3","fields":[{"key":"name","value":"Member P-3"}],"voided":true})" "\n");
  testing::WriteFile(dir_ + "/twice.ndjson", R"({"serialNumber": "P-1"})" "\n" R"({"serialNumber": "P-1"})" "\n");
  CommandResult twice = testing::RunCommand(
      tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --base " + dir_ + "/stored.ndjson --patch " +
      dir_ + "/twice.ndjson --out-dir " + dir_ + "/out" + signing);
  EXPECT_EQ(twice.exit_code, 1);  // the patches are a rejected input, before any pass is built
  EXPECT_EQ(twice.out, "patch: error: patch line 2: serialNumber \"P-1\" has a patch already [patch-invalid]\n");
}

TEST_F(BatchTest, UsageAndOperationalErrors) {
  EXPECT_EQ(testing::RunCommand(tool_ + " batch --model x").exit_code, 2);
  CommandResult r = Batch(Record("A") + "\n", "-j 0");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  CommandResult missing = testing::RunCommand(tool_ + " batch --model " + testing::ModelDir("coffee.pass") +
                                              " --records " + dir_ + "/nope.ndjson --out-dir " + dir_ +
                                              "/out --cert " + PkiDir() + "/signer.pem --key " + PkiDir() +
                                              "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(missing.exit_code, 3) << missing.out;
}

// Returns the error report's lines as line number -> (serial, first code).
std::map<int, std::pair<std::string, std::string>> ReportOf(const std::string& path) {
  std::map<int, std::pair<std::string, std::string>> lines;
  std::istringstream report(testing::ReadFile(path));
  for (std::string line; std::getline(report, line);) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str());
    EXPECT_TRUE(doc.IsObject()) << line;
    if (!doc.IsObject()) continue;
    lines[doc["line"].GetInt()] = {doc["serial"].GetString(),
                                   doc["diagnostics"].Empty() ? "" : doc["diagnostics"][0]["code"].GetString()};
  }
  return lines;
}

// A record line over 1 MiB is that record's error, read no further; the batch goes on.
TEST_F(BatchTest, ARecordPastTheLineLimitIsThatRecordsError) {
  const std::string huge = R"({"serialNumber": "H", "userInfo": {"a": ")" + std::string(2u << 20, 'x') + "\"}}";
  CommandResult r = Batch(Record("L-1") + "\n" + huge + "\n" + Record("L-3") + "\n",
                          "--errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("L-1.pkpass", "L-3.pkpass"));
  EXPECT_EQ(ReportOf(dir_ + "/errors.ndjson"),
            (std::map<int, std::pair<std::string, std::string>>{{2, {"", "json-too-large"}}}));
}

// batch --from reads every record as a vendor's payload; a failed record's report points into it.
TEST_F(BatchTest, RecordsInAVendorsShape) {
  testing::WriteFile(dir_ + "/records.ndjson",
                     R"({"pass-id": "E-1", "pass-data": {"ticket-holder": "Ann"}})" "\n"
                     R"({"pass-id": "E-2", "pass-data": {"ibeacons": [{"proximity-uuid": "E2C56DB5-DFFB-48D2-B060-D0F5A71096E0", "major": "70000"}]}})" "\n"
                     R"({"pass-id": "e-1"})" "\n");
  CommandResult r = testing::RunCommand(
      tool_ + " batch --from eventticket --model " + testing::ModelDir("eventticket.pass") + " --records " +
      dir_ + "/records.ndjson --out-dir " + dir_ + "/out --errors " + dir_ + "/errors.ndjson --cert " +
      PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("E-1.pkpass"));
  EXPECT_EQ(ReportOf(dir_ + "/errors.ndjson"),
            (std::map<int, std::pair<std::string, std::string>>{{2, {"E-2", "beacon-major-range"}},
                                                                 {3, {"e-1", "batch-serial-duplicate"}}}));
  const std::string report = testing::ReadFile(dir_ + "/errors.ndjson");
  EXPECT_THAT(report, HasSubstr(R"("pointer":"/pass-data/ibeacons/0/major")"));
  EXPECT_THAT(report, HasSubstr(R"("pointer":"/pass-id")"));
  const std::string pass_json = testing::EntryBytes(testing::ReadEntries(testing::ReadFile(dir_ + "/out/E-1.pkpass")), "pass.json");
  EXPECT_THAT(pass_json, HasSubstr(R"({"key":"ticket-holder","label":"TICKET HOLDER","value":"Ann"})"));
}

// NDJSON never holds a NUL byte: /dev/zero, or any binary file, ends the batch at once.
TEST_F(BatchTest, RecordsWithANulByteAreNotRecords) {
  CommandResult r = testing::RunCommand(
      tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --records /dev/zero --out-dir " +
      dir_ + "/out --cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
      PkiDir() + "/wwdr.pem --format json");
  EXPECT_EQ(r.exit_code, 3);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_STREQ(doc["error"].GetString(),
               "the batch stopped: line 1 of the records holds a NUL byte: they are not NDJSON text");
}

// Serials that one file system or another takes for the same name are refused after the first;
// a serial with a bidirectional override is no file name.
TEST_F(BatchTest, SerialsAreComparedAsFileSystemsCompareNames) {
  CommandResult r = Batch(Record("abc") + "\n" + Record("ABC") + "\n" +
                          Record("caf\xC3\xA9") + "\n" + Record("cafe\xCC\x81") + "\n" +
                          Record("x\xE2\x80\xAEy") + "\n",
                          "--errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("abc.pkpass", "caf\xC3\xA9.pkpass"));
  EXPECT_EQ(ReportOf(dir_ + "/errors.ndjson"),
            (std::map<int, std::pair<std::string, std::string>>{
                {2, {"ABC", "batch-serial-duplicate"}},
                {4, {"cafe\xCC\x81", "batch-serial-duplicate"}},
                {5, {"x\xE2\x80\xAEy", "batch-serial-unsafe"}}}));
  EXPECT_THAT(testing::ReadFile(dir_ + "/errors.ndjson"),
              HasSubstr("names the same file as the serial of record 1"));
}

// A record that fails claims nothing: the next record with its serial is built.
TEST_F(BatchTest, AFailedRecordDoesNotHoldItsSerial) {
  CommandResult r = Batch(R"({"serialNumber": "D-1", "voided": "yes"})" "\n" + Record("D-1") + "\n",
                          "--errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(Outputs(), ElementsAre("D-1.pkpass"));
  EXPECT_EQ(ReportOf(dir_ + "/errors.ndjson"),
            (std::map<int, std::pair<std::string, std::string>>{{1, {"D-1", "override-type"}}}));
}

// The report quotes serials as valid UTF-8, whatever bytes the record held.
// A record that is not UTF-8 is refused as JSON before its serial is read, so the report, which
// names serials, stays valid UTF-8.
TEST_F(BatchTest, TheReportIsValidUtf8) {
  CommandResult r = Batch(Record("bad\xFF") + "\n", "--errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(ReportOf(dir_ + "/errors.ndjson"),
            (std::map<int, std::pair<std::string, std::string>>{{1, {"", "json-encoding"}}}));
}

TEST_F(BatchTest, SkipExistingRebuildsAnEmptyFile) {
  fs::create_directories(dir_ + "/out");
  testing::WriteFile(dir_ + "/out/E-1.pkpass", "");
  CommandResult r = Batch(Record("E-1") + "\n", "--skip-existing --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"passes\":\"1\""));
  EXPECT_THAT(r.out, HasSubstr("\"skipped\":\"0\""));
  EXPECT_EQ(testing::OpenSslVerifyFailure(testing::ReadEntries(testing::ReadFile(dir_ + "/out/E-1.pkpass"))), "");
}

// A resumed batch learns the values of the passes it keeps: no generated value repeats across
// the two runs.
TEST_F(BatchTest, GeneratedBarcodesStayUniqueAcrossAResume) {
  auto run = [&](int count) {
    std::string records;
    for (int i = 0; i < count; ++i) records += R"({"serialNumber": "M-)" + std::to_string(i) + "\"}\n";
    testing::WriteFile(dir_ + "/records.ndjson", records);
    return testing::RunCommand(tool_ + " batch --skip-existing --model " + testing::ModelDir("member.pass") +
                               " --records " + dir_ + "/records.ndjson --out-dir " + dir_ + "/out --cert " +
                               PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
                               PkiDir() + "/wwdr.pem --format json");
  };
  ASSERT_EQ(run(20).exit_code, 0);
  CommandResult resumed = run(40);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out;
  EXPECT_THAT(resumed.out, HasSubstr("\"skipped\":\"20\""));
  EXPECT_EQ(BarcodeMessages().size(), 40u);
}

// A file system that fails (here: files may not pass 1 KiB) stops the batch at once with exit
// 3 and the reason: the error report fails first, and no pass is built that could not be
// reported; nothing partial is left.
TEST_F(BatchTest, AFailingFileSystemStopsTheBatch) {
  std::string records;
  for (int i = 0; i < 8; ++i) records += R"({"serialNumber": "bad-)" + std::to_string(i) + R"(", "voided": "yes"})" "\n";
  for (int i = 0; i < 50; ++i) records += Record("F-" + std::to_string(i)) + "\n";
  fs::create_directories(dir_ + "/reports");
  CommandResult r = Batch(records, "-j 1 --errors " + dir_ + "/reports/errors.ndjson --format json",
                          "trap '' XFSZ; ulimit -f 1; SOURCE_DATE_EPOCH=1700000000");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_STREQ(doc["passes"].GetString(), "0");
  const std::string error = doc["error"].GetString();
  EXPECT_EQ(error, "the batch stopped: cannot write " + dir_ + "/reports/errors.ndjson: File too large") << r.out;
  EXPECT_TRUE(Outputs().empty());
  EXPECT_TRUE(fs::is_empty(dir_ + "/reports"));
}

TEST_F(BatchTest, TheReportIsNeverAnInputOrAFolder) {
  const std::string records = Record("I-1") + "\n";
  CommandResult same = Batch(records, "--errors " + dir_ + "/records.ndjson");
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_EQ(same.out, "pkpass-build: " + dir_ + "/records.ndjson is an input of this run; it is not "
                      "overwritten\n(see pkpass-build --help)\n");
  EXPECT_EQ(testing::ReadFile(dir_ + "/records.ndjson"), records);
  fs::create_directories(dir_ + "/folder");
  CommandResult folder = Batch(records, "--errors " + dir_ + "/folder");
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_EQ(folder.out, "pkpass-build: " + dir_ + "/folder is a folder; pkpass-build writes only "
                        "regular files\n(see pkpass-build --help)\n");
  EXPECT_FALSE(fs::exists(dir_ + "/folder.partial"));
  EXPECT_FALSE(fs::exists(dir_ + "/out"));
}

// Lists what is left in `dir` that is neither a pass nor the report: temporary files.
std::vector<std::string> Leftovers(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename();
    if (!name.ends_with(".pkpass") && name != "errors.ndjson" && name != "records.ndjson" && name != "out") {
      names.push_back(name);
    }
  }
  return names;
}

// A batch killed mid-way leaves whole passes and no report, partial or not.
TEST_F(BatchTest, AKilledBatchLeavesNothingPartial) {
  std::string records;
  for (int i = 0; i < 20000; ++i) {
    records += (i % 10 == 0 ? R"({"serialNumber": "K-)" + std::to_string(i) + R"(", "voided": "yes"})"
                            : Record("K-" + std::to_string(i))) + "\n";
  }
  testing::WriteFile(dir_ + "/records.ndjson", records);
  CommandResult r = testing::RunCommand(
      "(" + tool_ + " batch -j 2 --model " + testing::ModelDir("coffee.pass") + " --records " + dir_ +
      "/records.ndjson --out-dir " + dir_ + "/out --errors " + dir_ + "/errors.ndjson --cert " +
      PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() +
      "/wwdr.pem & pid=$!; for i in $(seq 200); do ls " + dir_ + "/out 2>/dev/null | grep -q pkpass && break; "
      "sleep 0.05; done; kill -9 $pid; wait $pid; echo killed=$?)");
  EXPECT_THAT(r.out, HasSubstr("killed=137"));
  EXPECT_FALSE(fs::exists(dir_ + "/errors.ndjson"));
  EXPECT_THAT(Leftovers(dir_), ElementsAre());
  EXPECT_THAT(Leftovers(dir_ + "/out"), ElementsAre());
  const std::vector<std::string> passes = Outputs();
  ASSERT_FALSE(passes.empty());
  EXPECT_EQ(testing::OpenSslVerifyFailure(testing::ReadEntries(testing::ReadFile(dir_ + "/out/" + passes.back()))), "");
}

// Two batches given one report each put theirs in place whole: the last one wins, with no line
// of the other mixed in.
TEST_F(BatchTest, TwoBatchesSharingAReportDoNotInterleave) {
  for (const char* side : {"a", "b"}) {
    std::string records;
    for (int i = 0; i < 200; ++i) records += R"({"serialNumber": ")" + std::string(side) + std::to_string(i) + R"(", "voided": "yes"})" "\n";
    testing::WriteFile(dir_ + "/" + side + ".ndjson", records);
  }
  auto command = [&](const std::string& side) {
    return tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --records " + dir_ + "/" +
           side + ".ndjson --out-dir " + dir_ + "/out-" + side + " --errors " + dir_ +
           "/errors.ndjson --cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
           PkiDir() + "/wwdr.pem";
  };
  testing::RunCommand(command("a") + " & " + command("b") + "; wait");
  const auto report = ReportOf(dir_ + "/errors.ndjson");
  ASSERT_EQ(report.size(), 200u);
  const char side = report.begin()->second.first[0];
  for (const auto& [line, entry] : report) EXPECT_EQ(entry.first[0], side) << line;
}

// Split three ways, a batch's shards build disjoint sets of passes whose union is, byte for byte,
// the single run's; every failed record is reported by exactly one shard; duplicates (serials that
// name the same file) meet in one shard, which refuses the second as the single run does.
TEST_F(BatchTest, ShardsTogetherMakeExactlyOneWholeRun) {
  std::ostringstream records;
  for (int i = 0; i < 24; ++i) records << Record("S-" + std::to_string(i)) << "\n";
  records << Record("s-3") << "\n"                                   // 25: same file as S-3
          << R"({"fields": []})" << "\n"                              // 26: no serial
          << "{not json" << "\n"                                      // 27
          << R"({"serialNumber": "bad-1", "voided": "yes"})" << "\n"; // 28: invalid pass
  const std::string all = records.str();
  auto files = [](const std::string& dir) {
    std::map<std::string, std::string> bytes;
    for (const auto& e : fs::directory_iterator(dir)) {
      bytes[e.path().filename().string()] = testing::ReadFile(e.path().string());
    }
    return bytes;
  };
  CommandResult whole = Batch(all, "--deterministic --errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(whole.exit_code, 1) << whole.out;
  const auto whole_files = files(dir_ + "/out");
  const auto whole_report = ReportOf(dir_ + "/errors.ndjson");
  ASSERT_EQ(whole_files.size(), 24u);
  ASSERT_EQ(whole_report.size(), 4u);

  std::map<std::string, std::string> union_files;
  std::map<int, std::pair<std::string, std::string>> union_report;
  for (int k = 0; k < 3; ++k) {
    fs::remove_all(dir_ + "/out");
    CommandResult shard = Batch(all, "--deterministic --shard " + std::to_string(k) + "/3 --errors " +
                                         dir_ + "/errors.ndjson");
    EXPECT_LE(shard.exit_code, 1) << shard.out;
    for (auto& [name, bytes] : files(dir_ + "/out")) {
      EXPECT_TRUE(union_files.emplace(name, bytes).second) << name << " built by two shards";
    }
    for (auto& [line, entry] : ReportOf(dir_ + "/errors.ndjson")) {
      EXPECT_TRUE(union_report.emplace(line, entry).second) << "line " << line << " reported twice";
    }
  }
  EXPECT_EQ(union_files, whole_files);
  EXPECT_EQ(union_report, whole_report);
}

TEST_F(BatchTest, ShardFlagIsKOfN) {
  for (const char* bad : {"3/3", "1", "a/2", "1/0", "-1/2", "1/2x", "0/70000"}) {
    CommandResult r = Batch(Record("A-1") + "\n", std::string("--shard ") + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
  }
}

}  // namespace
}  // namespace pkpass
