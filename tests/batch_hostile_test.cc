// pkpass-build batch against what a hostile user or an outage does: reports that would replace
// inputs, passes or each other; families past their limits or with names that clash; records
// made to fail everywhere. Each refused as the issue's item says, with exact outcomes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::CommandResult;
using testing::PkiDir;

class BatchHostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr);
    tool_ = tool;
    dir_ = testing::MakeTempDir("hostile");
    signing_ = " --cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " + PkiDir() + "/wwdr.pem";
  }

  static std::string Record(const std::string& serial, const std::string& extra = "") {
    return R"({"serialNumber": ")" + serial + "\"" + extra + "}\n";
  }

  CommandResult Batch(const std::string& records, const std::string& extra) {
    testing::WriteFile(dir_ + "/records.ndjson", records);
    return testing::RunCommand("SOURCE_DATE_EPOCH=1700000000 " + tool_ + " batch --model " +
                               testing::ModelDir("coffee.pass") + " --records " + dir_ +
                               "/records.ndjson --out-dir " + dir_ + "/out" + signing_ + " " + extra);
  }

  std::vector<std::string> Outputs() const {
    std::vector<std::string> names;
    if (!fs::exists(dir_ + "/out")) return names;
    for (const auto& e : fs::directory_iterator(dir_ + "/out")) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string tool_, dir_, signing_;
};

// Bundle names are file names handed to people: two that one file system takes for one file, a
// Windows device or character, and a folder in the way are each a report line naming the
// bundle, counted in the summary; the other families are written.
TEST_F(BatchHostileTest, BundleNamesAreCheckedAsTheFilesTheyBecome) {
  fs::create_directories(dir_ + "/out/blocked.pkpasses");
  const std::string records = Record("A-1", R"(, "bundleId": "ABC")") + Record("A-2", R"(, "bundleId": "abc")") +
                              Record("C-1", R"(, "bundleId": "CON")") + Record("D-1", R"(, "bundleId": "a:b")") +
                              Record("E-1", R"(, "bundleId": "blocked")") + Record("F-1", R"(, "bundleId": "fine")");
  CommandResult r = Batch(records, "--bundle-by bundleId --errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("batch: 6 passes, 0 errors, 0 skipped, 4 bundles failed in "));
  EXPECT_THAT(Outputs(), ElementsAre("A-1.pkpass", "A-2.pkpass", "ABC.pkpasses", "C-1.pkpass", "D-1.pkpass",
                                     "E-1.pkpass", "F-1.pkpass", "blocked.pkpasses", "fine.pkpasses"));
  EXPECT_TRUE(fs::is_directory(dir_ + "/out/blocked.pkpasses"));
  auto line = [](const std::string& bundle, const std::string& message) {
    return R"({"bundle":")" + bundle + R"(","diagnostics":[{"severity":"error","code":"bundle-invalid","file":")" +
           bundle + R"(","pointer":"","message":")" + message + "\"}]}\n";
  };
  EXPECT_EQ(testing::ReadFile(dir_ + "/errors.ndjson"),
            line("CON.pkpasses", R"(\"CON\" cannot name a bundle's file: \"CON\" is a device on Windows)") +
                line("a:b.pkpasses", R"(\"a:b\" cannot name a bundle's file: it has one of < > : \" | ? *)") +
                line("abc.pkpasses", R"(\"abc\" cannot name a bundle's file: it names the same file as )"
                                     R"(\"ABC.pkpasses\" on a file system that ignores case or Unicode normalisation)") +
                line("blocked.pkpasses", dir_ + "/out/blocked.pkpasses is a folder; pkpass-build writes only regular files"));
}

// A --bundle-by key that no record has is said, not passed over in silence.
TEST_F(BatchHostileTest, ABundleKeyNoRecordHasIsSaid) {
  CommandResult r = Batch(Record("A-1"), "--bundle-by bundleId");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("warning: no record gave --bundle-by bundleId a value: no bundle was written "
                               "[bundle-key-absent]"));
}

// Reports are checked against each other, the passes and bundles of the output folder and every
// input before any pass is built: exit 2, nothing written, the inputs untouched.
TEST_F(BatchHostileTest, ReportsAreCheckedBeforeAnyWork) {
  const std::string records = Record("E1");
  const std::string key = testing::ReadFile(PkiDir() + "/signer.key");
  testing::WriteFile(dir_ + "/all.json", R"({"voided": true})");
  struct Case {
    std::string flags, message;
  };
  const std::vector<Case> cases = {
      {"--errors " + dir_ + "/r.ndjson --completed " + dir_ + "/./r.ndjson",
       "--errors and --completed name one file, " + dir_ + "/./r.ndjson"},
      {"--errors " + dir_ + "/out/E1.pkpass", "--errors " + dir_ + "/out/E1.pkpass would replace a pass or bundle of --out-dir"},
      {"--completed " + dir_ + "/out/../out/family.pkpasses",
       "--completed " + dir_ + "/out/../out/family.pkpasses would replace a pass or bundle of --out-dir"},
      {"--completed " + PkiDir() + "/signer.key", PkiDir() + "/signer.key is an input of this run; it is not overwritten"},
      {"--patch-all " + dir_ + "/all.json --errors " + dir_ + "/all.json",
       dir_ + "/all.json is an input of this run; it is not overwritten"},
  };
  for (const Case& c : cases) {
    CommandResult r = Batch(records, c.flags);
    EXPECT_EQ(r.exit_code, 2) << c.flags << "\n" << r.out;
    EXPECT_THAT(r.out, HasSubstr(c.message)) << c.flags;
    EXPECT_THAT(Outputs(), ElementsAre()) << c.flags;
  }
  EXPECT_EQ(testing::ReadFile(PkiDir() + "/signer.key"), key);
  EXPECT_EQ(testing::ReadFile(dir_ + "/all.json"), R"({"voided": true})");
}

// A record made to fail everywhere gives one line of at most 20 diagnostics and a count of the
// rest, not a line as large as its problems.
TEST_F(BatchHostileTest, TheErrorReportCapsARecordsDiagnostics) {
  std::string keys;
  for (int i = 0; i < 30; ++i) keys += ", \"k" + std::to_string(i) + "\": 1";
  CommandResult r = Batch(Record("X-1", keys), "--errors " + dir_ + "/errors.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string report = testing::ReadFile(dir_ + "/errors.ndjson");
  size_t unknown = 0;
  for (size_t at = report.find("override-key-unknown"); at != std::string::npos;
       at = report.find("override-key-unknown", at + 1)) {
    ++unknown;
  }
  EXPECT_EQ(unknown, 20u);
  EXPECT_THAT(report, HasSubstr(R"({"severity":"error","code":"diagnostics-omitted","file":"","pointer":"",)"
                                R"("message":"and 10 more"}]})" "\n"));
}

// A patch for every record may not set the serial: each stored record would be rebuilt onto one
// member's file. Refused as an input, exit 1, before any pass is built.
TEST_F(BatchHostileTest, APatchForEveryRecordMayNotRetargetThem) {
  testing::WriteFile(dir_ + "/all.json", R"({"serialNumber": "VICTIM", "voided": true})");
  testing::WriteFile(dir_ + "/stored.ndjson", Record("P-1") + Record("P-2"));
  CommandResult r = testing::RunCommand(tool_ + " batch --model " + testing::ModelDir("coffee.pass") + " --base " +
                                        dir_ + "/stored.ndjson --patch-all " + dir_ + "/all.json --out-dir " + dir_ +
                                        "/out" + signing_);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out, "patch: error: a patch for every record cannot set serialNumber: every stored pass would be "
                   "rebuilt under one serial, onto one file [patch-invalid]\n");
  EXPECT_THAT(Outputs(), ElementsAre());
}

// `patch` refuses a merged document past the overrides' budgets rather than printing it.
TEST_F(BatchHostileTest, PatchRefusesAMergeOverTheBudget) {
  std::string stored = R"({"userInfo": {)", patch = R"({"userInfo": {)";
  for (int i = 0; i < 4000; ++i) {
    stored += (i ? "," : "") + ("\"a" + std::to_string(i) + "\": 1");
    patch += (i ? "," : "") + ("\"b" + std::to_string(i) + "\": 2");
  }
  testing::WriteFile(dir_ + "/stored.json", stored + "}}");
  testing::WriteFile(dir_ + "/patch.json", patch + "}}");
  CommandResult r = testing::RunCommand(tool_ + " patch --overrides " + dir_ + "/stored.json " + dir_ + "/patch.json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("overrides: error: the patched overrides: an object has more than 4096 keys"));
}

}  // namespace
}  // namespace pkpass
