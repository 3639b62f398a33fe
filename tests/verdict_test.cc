// One verdict: `validate` and `build` give every golden case and every seed example (the seed-*
// cases, payloads as the vendors print them) the same exit code and the same diagnostics, with
// and without --model-serial, and for an update the patched overrides too.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;


// The JSON of `v`, compact.
std::string Compact(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return buffer.GetString();
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class VerdictTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr);
    tool_ = tool;
    dir_ = testing::MakeTempDir("verdict");
    testing::WriteFile(dir_ + "/nfc-signer.pem", testing::Pki().nfc_signer_pem);
  }

  // Runs `command` with --format json; returns the exit code and the diagnostics as compact JSON.
  std::pair<int, std::string> Verdict(const std::string& command) {
    CommandResult r = testing::RunCommand("SOURCE_DATE_EPOCH=1700000000 " + tool_ + " " + command + " --format json");
    rapidjson::Document doc;
    doc.Parse(r.out.c_str());
    if (!doc.IsObject() || !doc.HasMember("diagnostics")) return {r.exit_code, "not JSON: " + r.out};
    return {r.exit_code, Compact(doc["diagnostics"])};
  }

  std::string tool_, dir_;
};

TEST_P(VerdictTest, ValidateAndBuildAgree) {
  const std::string dir = testing::FixturesDir() + "/cases/" + GetParam();
  const std::string model = testing::ModelDir(Trimmed(testing::ReadFile(dir + "/model")));
  const std::string from = testing::FileExists(dir + "/from") ? Trimmed(testing::ReadFile(dir + "/from")) : "pass2u";
  std::string inputs = " --model " + model + " --image-dir " + testing::FixturesDir() + "/images";
  if (testing::FileExists(dir + "/image-map.json")) {
    // The map names files of fixtures/images: it is read beside copies of them.
    fs::copy(testing::FixturesDir() + "/images", dir_ + "/images");
    testing::WriteFile(dir_ + "/images/map.json", testing::ReadFile(dir + "/image-map.json"));
    inputs += " --image-map " + dir_ + "/images/map.json";
  }
  const std::string pki = testing::PkiDir();
  const std::string signing = " --cert " + (testing::FileExists(dir + "/nfc") ? dir_ + "/nfc-signer.pem" : pki + "/signer.pem") +
                              " --key " + pki + "/signer.key --wwdr " + pki + "/wwdr.pem";
  // The payloads: the case's overrides as written and, for an update, the stored overrides it
  // patches (made by convert and patch, as a server would keep them).
  std::vector<std::pair<std::string, std::string>> payloads = {{from, dir + "/overrides.json"}};
  if (testing::FileExists(dir + "/patch.json")) {
    CommandResult stored = testing::RunCommand(tool_ + " convert --from " + from + " --model " + model + " " + dir +
                                               "/overrides.json --format json");
    rapidjson::Document doc;
    doc.Parse(stored.out.c_str());
    if (doc.IsObject() && doc.HasMember("overrides")) {
      testing::WriteFile(dir_ + "/stored.json", Compact(doc["overrides"]));
      CommandResult patched = testing::RunCommand(tool_ + " patch --overrides " + dir_ + "/stored.json --from " + from +
                                                  " --model " + model + " " + dir + "/patch.json --format json");
      doc.Parse(patched.out.c_str());
      if (doc.IsObject() && doc.HasMember("overrides")) {
        testing::WriteFile(dir_ + "/patched.json", Compact(doc["overrides"]));
        payloads.emplace_back("pass2u", dir_ + "/patched.json");
      }
    }
  }
  for (const auto& [format, file] : payloads) {
    for (const std::string serial : {"", " --model-serial"}) {
      const std::string args = inputs + " --from " + format + " --overrides " + file + serial;
      const auto validated = Verdict("validate" + args);
      const auto built = Verdict("build" + args + signing + " -o " + dir_ + "/out.pkpass");
      EXPECT_EQ(validated.first, built.first) << file << serial << "\nvalidate: " << validated.second
                                              << "\nbuild: " << built.second;
      EXPECT_EQ(validated.second, built.second) << file << serial;
      EXPECT_TRUE(validated.first == 0 || validated.first == 1) << validated.second;
      EXPECT_EQ(testing::FileExists(dir_ + "/out.pkpass"), built.first == 0) << file << serial;
      fs::remove(dir_ + "/out.pkpass");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, VerdictTest, ::testing::ValuesIn(testing::CaseNames()), [](const auto& p) {
  std::string name = p.param;
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
});

}  // namespace
}  // namespace pkpass
