// pkpass-build batch: every record ends as a pass or a line of the error report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "testing/archive.h"
#include "testing/files.h"
#include "testing/test_pki.h"

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
  std::set<std::string> messages;
  for (const std::string& name : Outputs()) {
    rapidjson::Document pass;
    pass.Parse(testing::EntryBytes(testing::ReadEntries(testing::ReadFile(dir_ + "/out/" + name)), "pass.json").c_str());
    messages.insert(pass["barcodes"][0]["message"].GetString());
  }
  EXPECT_EQ(messages.size(), 30u);
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

}  // namespace
}  // namespace pkpass
