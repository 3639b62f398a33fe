// pkpass-build batch against what a hostile user or an outage does: reports that would replace
// inputs, passes or each other; families past their limits or with names that clash; records
// made to fail everywhere. Each refused as the issue's item says, with exact outcomes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
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
  testing::WriteFile(dir_ + "/kept.ndjson", "");
  fs::create_hard_link(dir_ + "/kept.ndjson", dir_ + "/link.ndjson");
  const std::vector<Case> cases = {
      {"--errors " + dir_ + "/r.ndjson --completed " + dir_ + "/./r.ndjson",
       "--errors and --completed name one file, " + dir_ + "/./r.ndjson"},
      {"--errors " + dir_ + "/kept.ndjson --issued " + dir_ + "/link.ndjson",
       "--errors and --issued name one file, " + dir_ + "/link.ndjson"},
      {"--errors " + dir_ + "/out/E1.pkpass", "--errors " + dir_ + "/out/E1.pkpass would replace a pass or bundle of " + dir_ + "/out"},
      {"--completed " + dir_ + "/out/../out/family.pkpasses",
       "--completed " + dir_ + "/out/../out/family.pkpasses would replace a pass or bundle of " + dir_ + "/out"},
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

// The member model with every value generated and barcode messages kept unique.
std::string GeneratingModel(const std::string& dir) {
  const std::string model = dir + "/model.pass";
  fs::create_directories(model);
  fs::copy(testing::ModelDir("member.pass"), model, fs::copy_options::recursive);
  testing::WriteFile(model + "/model.json", R"({"dynamicFields": ["name", "level"],
      "barcodeValues": {"generate": "numeric", "length": 8, "unique": true},
      "serialNumbers": {"generate": "uuid"}})");
  return model;
}

// Returns the lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t begin = 0, end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1) {
    lines.push_back(text.substr(begin, end - begin));
  }
  return lines;
}

// 600 records: a third with neither serial nor barcode (both generated), a third with both
// given (every fifth of them repeating the message of the record 3 before: 40 refused), a third
// with a serial and a generated barcode (8 failing on a bad value).
std::string MixedRecords() {
  std::string records;
  for (int i = 1; i <= 600; ++i) {
    const std::string n = std::to_string(i);
    if (i % 3 == 0) {
      records += R"({"fields": [{"key": "name", "value": "Member )" + n + "\"}]}\n";
    } else if (i % 3 == 1) {
      const std::string message = i % 5 == 0 ? std::to_string(i - 3) : n;
      records += R"({"serialNumber": "R-)" + n + R"(", "barcode": {"message": "B-)" + message + "\"}}\n";
    } else {
      records += R"({"serialNumber": "R-)" + n + "\"" + (i % 75 == 2 ? R"(, "voided": "yes")" : "") + "}\n";
    }
  }
  return records;
}

// Killed with SIGKILL at five points and resumed each time (--skip-existing, the same --issued),
// a batch ends as one uninterrupted run: the same error report, the same completed overrides for
// what was given, the same bytes for every pass whose values were given; a generated serial and
// barcode for every other record, drawn once: one pass per record, no value twice.
TEST_F(BatchHostileTest, KilledAndResumedRunsEqualOneRun) {
  const std::string model = GeneratingModel(dir_);
  testing::WriteFile(dir_ + "/records.ndjson", MixedRecords());
  auto command = [&](const std::string& run) {
    fs::create_directories(dir_ + "/" + run);
    return "SOURCE_DATE_EPOCH=1700000000 " + tool_ + " batch -j 2 --skip-existing --deterministic --model " + model +
           " --records " + dir_ + "/records.ndjson --out-dir " + dir_ + "/" + run + "/out --issued " + dir_ + "/" +
           run + "/issued.ndjson --completed " + dir_ + "/" + run + "/completed.ndjson --errors " + dir_ + "/" +
           run + "/errors.ndjson" + signing_;
  };
  ASSERT_EQ(testing::RunCommand(command("whole")).exit_code, 1);
  // Each run is killed once it has stored a few more passes, at five points across the batch.
  int killed = 0;
  for (const char* passes : {"70", "160", "250", "330", "450"}) {
    CommandResult r = testing::RunCommand(
        "(" + command("killed") + " >/dev/null 2>&1 & pid=$!; n=0; while [ $(ls " + dir_ + "/killed/out 2>/dev/null | wc -l)"
        " -lt " + passes + " ] && kill -0 $pid 2>/dev/null && [ $n -lt 4000 ]; do sleep 0.005; n=$((n+1)); done; "
        "kill -9 $pid 2>/dev/null && echo killed; wait $pid; true)");
    if (r.out.find("killed") != std::string::npos) ++killed;
  }
  EXPECT_GE(killed, 4);  // a run may end before its kill: it is resumed all the same
  CommandResult last = testing::RunCommand(command("killed"));
  ASSERT_EQ(last.exit_code, 1) << last.out;
  int built = 0, errors = 0, skipped = 0;
  ASSERT_EQ(std::sscanf(last.out.c_str(), "batch: %d passes, %d errors, %d skipped", &built, &errors, &skipped), 3) << last.out;
  EXPECT_EQ(errors, 48);
  EXPECT_EQ(built + skipped, 552);  // every pass stored once, by one run or another

  EXPECT_EQ(testing::ReadFile(dir_ + "/killed/errors.ndjson"), testing::ReadFile(dir_ + "/whole/errors.ndjson"));
  const std::vector<std::string> whole = Lines(testing::ReadFile(dir_ + "/whole/completed.ndjson"));
  const std::vector<std::string> resumed = Lines(testing::ReadFile(dir_ + "/killed/completed.ndjson"));
  ASSERT_EQ(resumed.size(), whole.size());
  ASSERT_EQ(whole.size(), 552u);  // 600 less 40 repeated messages and 8 bad values
  std::set<std::string> serials, messages;
  for (size_t i = 0; i < whole.size(); ++i) {
    rapidjson::Document a, b;
    a.Parse(whole[i].c_str());
    b.Parse(resumed[i].c_str());
    ASSERT_TRUE(a.IsObject() && b.IsObject()) << resumed[i];
    const std::string serial = b["serialNumber"].GetString();
    const std::string message = b["barcode"]["message"].GetString();
    serials.insert(serial);
    messages.insert(message);
    const std::string pass = testing::ReadFile(dir_ + "/killed/out/" + serial + ".pkpass");
    ASSERT_FALSE(pass.empty()) << serial;
    if (serial.starts_with("R-") && message.starts_with("B-")) {  // all given: the same bytes
      EXPECT_EQ(resumed[i], whole[i]);
      EXPECT_EQ(pass, testing::ReadFile(dir_ + "/whole/out/" + serial + ".pkpass")) << serial;
    } else {  // the same record, its generated values its own
      EXPECT_EQ(b.HasMember("fields"), a.HasMember("fields")) << resumed[i];
      EXPECT_EQ(serial.starts_with("R-"), std::string(a["serialNumber"].GetString()).starts_with("R-"));
    }
  }
  EXPECT_EQ(serials.size(), 552u);
  EXPECT_EQ(messages.size(), 552u);
  EXPECT_EQ(Lines(testing::RunCommand("ls " + dir_ + "/killed/out").out).size(), 552u);  // one pass a record
}

// A split batch whose shards share --issued refuses exactly the records one whole run refuses,
// though the shards run at once and a message is given again across shards, after a record
// that fails for another reason.
TEST_F(BatchHostileTest, ShardsSharingIssuedRefuseWhatOneRunRefuses) {
  std::string records;
  for (int i = 1; i <= 90; ++i) {
    const std::string message = i % 7 == 0 ? std::to_string(i - 6) : std::to_string(i);
    records += R"({"serialNumber": "S-)" + std::to_string(i) + R"(", "barcode": {"message": "M-)" + message + "\"}" +
               (i % 13 == 1 ? R"(, "voided": "yes")" : "") + "}\n";
  }
  testing::WriteFile(dir_ + "/records.ndjson", records);
  const std::string model = dir_ + "/unique.pass";
  fs::copy(testing::ModelDir("coffee.pass"), model, fs::copy_options::recursive);
  testing::WriteFile(model + "/model.json", R"({"barcodeValues": {"unique": true}})");
  auto command = [&](const std::string& out, const std::string& extra) {
    return tool_ + " batch --model " + model + " --records " + dir_ + "/records.ndjson --out-dir " + dir_ + "/" + out +
           signing_ + " " + extra;
  };
  ASSERT_EQ(testing::RunCommand(command("one", "--errors " + dir_ + "/one.ndjson")).exit_code, 1);
  CommandResult shards = testing::RunCommand(
      "(" + command("split", "--shard 0/3 --issued " + dir_ + "/issued.ndjson --errors " + dir_ + "/e0.ndjson") + " & " +
      command("split", "--shard 1/3 --issued " + dir_ + "/issued.ndjson --errors " + dir_ + "/e1.ndjson") + " & " +
      command("split", "--shard 2/3 --issued " + dir_ + "/issued.ndjson --errors " + dir_ + "/e2.ndjson") + " & wait)");
  ASSERT_EQ(shards.exit_code, 0) << shards.out;
  auto refused = [](const std::string& report) {
    std::set<std::string> lines;
    for (const std::string& line : Lines(report)) lines.insert(line);
    return lines;
  };
  std::set<std::string> split;
  for (const char* e : {"/e0.ndjson", "/e1.ndjson", "/e2.ndjson"}) {
    const std::set<std::string> part = refused(testing::ReadFile(dir_ + e));
    split.insert(part.begin(), part.end());
  }
  const std::set<std::string> one = refused(testing::ReadFile(dir_ + "/one.ndjson"));
  EXPECT_EQ(one.size(), 18u);  // 12 repeated messages and 7 bad values, one record both
  EXPECT_EQ(split, one);
  EXPECT_EQ(testing::RunCommand("ls " + dir_ + "/split").out, testing::RunCommand("ls " + dir_ + "/one").out);
}

// Single builds sharing --issued: the build whose message an earlier build holds is refused,
// naming the holder, and nothing is written for it; the same serial builds again.
TEST_F(BatchHostileTest, BuildsSharingIssuedRefuseARepeatedMessage) {
  const std::string model = dir_ + "/unique.pass";
  fs::copy(testing::ModelDir("coffee.pass"), model, fs::copy_options::recursive);
  testing::WriteFile(model + "/model.json", R"({"barcodeValues": {"unique": true}})");
  auto build = [&](int serial, int message) {
    testing::WriteFile(dir_ + "/o.json", R"({"serialNumber": "B-)" + std::to_string(serial) +
                                             R"(", "barcode": {"message": "M-)" + std::to_string(message) + "\"}}");
    return testing::RunCommand(tool_ + " build --model " + model + " --overrides " + dir_ + "/o.json --issued " + dir_ +
                               "/issued.ndjson -o " + dir_ + "/B-" + std::to_string(serial) + ".pkpass" + signing_);
  };
  std::vector<int> refused;
  for (int i = 1; i <= 30; ++i) {
    CommandResult r = build(i, i % 10 == 0 ? i - 7 : i);
    if (r.exit_code != 0) {
      refused.push_back(i);
      EXPECT_EQ(r.exit_code, 1);
      EXPECT_THAT(r.out, HasSubstr("overrides:/barcode/message: error: the barcode message \"M-" + std::to_string(i - 7) +
                                   "\" is issued to the pass \"B-" + std::to_string(i - 7) + "\" already"));
      EXPECT_FALSE(fs::exists(dir_ + "/B-" + std::to_string(i) + ".pkpass"));
    }
  }
  EXPECT_EQ(refused, (std::vector<int>{10, 20, 30}));
  EXPECT_EQ(build(3, 3).exit_code, 0);  // a rebuild holds its own message
  EXPECT_EQ(Lines(testing::ReadFile(dir_ + "/issued.ndjson")).size(), 1u + 27u);  // the rebuild adds nothing
}

// --skip-existing reports the passes it keeps in --completed and in their families' bundles:
// re-running a finished batch gives the same report and the same bundles, not empty ones.
TEST_F(BatchHostileTest, ARerunReportsAndBundlesTheKeptPasses) {
  std::string records;
  for (int i = 1; i <= 6; ++i) {
    records += Record("K-" + std::to_string(i), std::string(R"(, "bundleId": ")") + (i <= 3 ? "a" : "b") + "\"");
  }
  const std::string flags = "--skip-existing --deterministic --bundle-by bundleId --completed " + dir_ + "/completed.ndjson";
  ASSERT_EQ(Batch(records, flags).exit_code, 0);
  const std::string completed = testing::ReadFile(dir_ + "/completed.ndjson");
  const std::string bundle = testing::ReadFile(dir_ + "/out/a.pkpasses");
  EXPECT_EQ(Lines(completed).size(), 6u);
  CommandResult again = Batch(records, flags);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_THAT(again.out, HasSubstr("batch: 0 passes, 0 errors, 6 skipped"));
  EXPECT_EQ(testing::ReadFile(dir_ + "/completed.ndjson"), completed);
  EXPECT_EQ(testing::ReadFile(dir_ + "/out/a.pkpasses"), bundle);
  EXPECT_EQ(testing::RunCommand("unzip -Z1 " + dir_ + "/out/b.pkpasses").out, "K-4.pkpass\nK-5.pkpass\nK-6.pkpass\n");
}

// A resume of a model that generates serials needs the journal of the serials drawn: without
// it, every record without a serial would get a second pass.
TEST_F(BatchHostileTest, ResumingGeneratedSerialsNeedsTheJournal) {
  testing::WriteFile(dir_ + "/none.ndjson", "");
  CommandResult r = testing::RunCommand(tool_ + " batch --skip-existing --model " + GeneratingModel(dir_) + " --records " +
                                        dir_ + "/none.ndjson --out-dir " + dir_ + "/out" + signing_);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.out, HasSubstr("--skip-existing with a model that generates serial numbers needs --issued FILE"));
}

// A --completed that cannot be written stops the batch at once: no pass is built whose
// generated values could not be reported.
TEST_F(BatchHostileTest, ACompletedReportThatFailsStopsTheBatch) {
  std::string records;
  for (int i = 0; i < 60; ++i) records += Record("C-" + std::to_string(i), R"(, "fields": [{"key": "name", "value": ")" + std::string(40, 'x') + "\"}]");
  fs::create_directories(dir_ + "/reports");
  testing::WriteFile(dir_ + "/records.ndjson", records);
  CommandResult r = testing::RunCommand("trap '' XFSZ; ulimit -f 2; " + tool_ + " batch -j 1 --model " +
                                        testing::ModelDir("coffee.pass") + " --records " + dir_ + "/records.ndjson --out-dir " +
                                        dir_ + "/reports --completed " + dir_ + "/reports/completed.ndjson" + signing_);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_THAT(r.out, HasSubstr("the batch stopped: cannot write "));
  EXPECT_THAT(Lines(testing::RunCommand("ls " + dir_ + "/reports").out), ElementsAre());
}

}  // namespace
}  // namespace pkpass
