// pkpass-build as a user runs it: exit codes, messages, files written or not.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <utility>
#include <vector>

#include "pkpass/diagnostic_codes.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::CommandResult;
using testing::PkiDir;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr) << "PKPASS_BUILD_TOOL is not set";
    tool_ = tool;
    dir_ = testing::MakeTempDir("cli");
    model_ = testing::ModelDir("coffee.pass");
  }

  CommandResult Run(const std::string& args, const std::string& env = "") {
    return testing::RunCommand(env + " " + tool_ + " " + args);
  }

  std::string Pem() const {
    return "--cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr " +
           PkiDir() + "/wwdr.pem";
  }

  std::string tool_, dir_, model_;
};

TEST_F(CliTest, BuildWritesPassThatVerifies) {
  const std::string out = dir_ + "/a.pkpass";
  CommandResult r = Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Independent tools: unzip lists every file at the root; openssl checks the signature.
  CommandResult list = testing::RunCommand("unzip -Z1 " + out);
  EXPECT_EQ(list.out,
            "pass.json\nen.lproj/pass.strings\nfr.lproj/pass.strings\nicon.png\nicon@2x.png\n"
            "icon@3x.png\nlogo.png\nlogo@2x.png\nlogo@3x.png\nstrip.png\nstrip@2x.png\n"
            "strip@3x.png\nmanifest.json\nsignature\n");
  ASSERT_EQ(testing::RunCommand("unzip -q " + out + " -d " + dir_ + "/x").exit_code, 0);
  CommandResult cms = testing::RunCommand(
      "openssl cms -verify -binary -inform DER -in " + dir_ + "/x/signature -content " + dir_ +
      "/x/manifest.json -CAfile " + PkiDir() + "/root.pem -purpose any -out /dev/null");
  EXPECT_EQ(cms.exit_code, 0) << cms.out;
  CommandResult verify = Run("verify " + out + " --trust-root " + PkiDir() + "/root.pem");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(verify.out, out + ": verified\n");
}

TEST_F(CliTest, SourceDateEpochMakesBuildsByteIdentical) {
  const std::string args = "build --deterministic --model-serial --model " + model_ + " " + Pem() + " -o ";
  ASSERT_EQ(Run(args + dir_ + "/a.pkpass", "SOURCE_DATE_EPOCH=1700000000").exit_code, 0);
  ASSERT_EQ(Run(args + dir_ + "/b.pkpass", "SOURCE_DATE_EPOCH=1700000000").exit_code, 0);
  EXPECT_EQ(testing::ReadFile(dir_ + "/a.pkpass"), testing::ReadFile(dir_ + "/b.pkpass"));
}

TEST_F(CliTest, DeterministicNeedsSourceDateEpoch) {
  CommandResult r = Run("build --deterministic --model-serial --model " + model_ + " " + Pem() + " -o " + dir_ +
                        "/a.pkpass", "env -u SOURCE_DATE_EPOCH");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(testing::FileExists(dir_ + "/a.pkpass"));
}

// Each refused identity: exit 3, one line naming the cause, and no file.
struct IdentityCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const IdentityCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  std::string flags;  // relative to the PKI folder, "@" standing for it
  std::string env;
  std::string message;
};

class CliIdentityTest : public CliTest, public ::testing::WithParamInterface<IdentityCase> {};

TEST_P(CliIdentityTest, RefusesWithOneLineAndNoFile) {
  std::string flags = GetParam().flags;
  for (size_t at; (at = flags.find('@')) != std::string::npos;) flags.replace(at, 1, PkiDir());
  const std::string out = dir_ + "/a.pkpass";
  CommandResult r = Run("build --model-serial --model " + model_ + " " + flags + " -o " + out, GetParam().env);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out, "pkpass-build: " + GetParam().message + "\n");
  EXPECT_FALSE(testing::FileExists(out));
  EXPECT_TRUE(fs::is_empty(dir_)) << "a temp file was left behind";
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, CliIdentityTest,
    ::testing::Values(
        IdentityCase{"Expired", "--cert @/expired.pem --key @/signer.key --wwdr @/wwdr.pem", "",
                     "the signer certificate expired on 2016-01-01T00:00:00Z"},
        IdentityCase{"WrongKey", "--cert @/signer.pem --key @/other.key --wwdr @/wwdr.pem", "",
                     "the private key does not match the signer certificate (UID = "
                     "pass.dev.pkpass.sample, CN = Pass Type ID: pass.dev.pkpass.sample, OU = "
                     "DEVTEAM001, O = pkpass tests, C = US): the certificate was made from the request "
                     "of another key; give the key its request was made with"},
        IdentityCase{"WrongIntermediate",
                     "--cert @/signer.pem --key @/signer.key --wwdr @/foreign-wwdr.pem", "",
                     "the WWDR certificate (C = US, O = pkpass tests, CN = Foreign WWDR) did not "
                     "issue the signer certificate, whose issuer is /C=US/O=pkpass tests/CN=Test "
                     "WWDR; use the intermediate that issued it"},
        IdentityCase{"WrongP12Password", "--p12 @/modern.p12 --p12-pass-env P --wwdr @/wwdr.pem",
                     "P=wrong", "wrong password for the .p12 file"},
        IdentityCase{"WrongKeyPassword",
                     "--cert @/signer.pem --key @/signer-encrypted.key --key-pass-env P "
                     "--wwdr @/wwdr.pem",
                     "P=wrong", "wrong password for the private key"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(CliTest, WrongIdentifierIsRejectedNamingBothValues) {
  const std::string model = dir_ + "/other.pass";
  fs::copy(model_, model, fs::copy_options::recursive);
  std::string pass = testing::ReadFile(model + "/pass.json");
  pass.replace(pass.find("pass.dev.pkpass.sample"), 22, "pass.com.example.other");
  testing::WriteFile(model + "/pass.json", pass);
  const std::string out = dir_ + "/a.pkpass";
  CommandResult r = Run("build --model-serial --model " + model + " " + Pem() + " -o " + out);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out,
            "pass.json:/passTypeIdentifier: error: passTypeIdentifier is "
            "\"pass.com.example.other\" but the signing certificate's UID is "
            "\"pass.dev.pkpass.sample\" [pass-type-id-mismatch]\n");
  EXPECT_FALSE(testing::FileExists(out));
}

TEST_F(CliTest, ReadsPasswordsFromEnvironmentOrFile) {
  const std::string key = "--cert " + PkiDir() + "/signer.pem --key " + PkiDir() +
                          "/signer-encrypted.key --wwdr " + PkiDir() + "/wwdr.pem";
  EXPECT_EQ(Run("build --model-serial --model " + model_ + " " + key + " --key-pass-env K -o " + dir_ + "/a.pkpass",
                std::string("K='") + testing::kKeyPassword + "'").exit_code, 0);
  testing::WriteFile(dir_ + "/password", std::string(testing::kKeyPassword) + "\n");
  EXPECT_EQ(Run("build --model-serial --model " + model_ + " " + key + " --key-pass-file " + dir_ +
                "/password -o " + dir_ + "/b.pkpass").exit_code, 0);
  CommandResult p12 = Run("build --model-serial --model " + model_ + " --p12 " + PkiDir() +
                          "/legacy.p12 --p12-pass-env P --wwdr " + PkiDir() + "/wwdr.der -o " +
                          dir_ + "/c.pkpass", std::string("P='") + testing::kP12Password + "'");
  EXPECT_EQ(p12.exit_code, 0) << p12.out;
}

TEST_F(CliTest, NoPasswordOnTheCommandLine) {
  CommandResult r = Run("build --model-serial --model " + model_ + " " + Pem() + " --key-pass secret -o " + dir_ +
                        "/a.pkpass");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("unknown option --key-pass"));
}

TEST_F(CliTest, ValidatePrintsJsonWithPointersIntoOverrides) {
  CommandResult r = Run("validate --model " + model_ + " --overrides - --format json",
                        "echo '{\"serialNumber\": \"V-1\", \"voided\": \"yes\"}' |");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_FALSE(doc["ok"].GetBool());
  ASSERT_EQ(doc["diagnostics"].Size(), 1u);
  const auto& d = doc["diagnostics"][0];
  EXPECT_STREQ(d["severity"].GetString(), "error");
  EXPECT_STREQ(d["code"].GetString(), "override-type");
  EXPECT_STREQ(d["file"].GetString(), "overrides");
  EXPECT_STREQ(d["pointer"].GetString(), "/voided");
}

TEST_F(CliTest, ValidateAcceptsGoodOverrides) {
  CommandResult r = Run("validate --model " + model_ + " --overrides " + testing::FixturesDir() +
                        "/cases/coffee-pass2u-create/overrides.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "valid\n");
}

// Without --overrides, validate checks the model as a template; with them, the pass they make.
TEST_F(CliTest, ValidateTakesAModelAsATemplate) {
  const std::string model = dir_ + "/template.pass";
  fs::create_directories(model);
  for (const char* icon : {"icon.png", "icon@2x.png", "icon@3x.png"}) {
    fs::copy_file(testing::ModelDir("coffee.pass") + "/" + icon, model + "/" + icon);
  }
  testing::WriteFile(model + "/pass.json", R"({"formatVersion": 1, "passTypeIdentifier": "pass.a",
      "teamIdentifier": "T1", "organizationName": "O", "description": "D",
      "generic": {"primaryFields": [{"key": "k", "value": "v"}]}})");
  CommandResult alone = Run("validate --model " + model);
  EXPECT_EQ(alone.exit_code, 0) << alone.out;
  EXPECT_THAT(alone.out, HasSubstr("valid\n"));
  EXPECT_THAT(alone.out, HasSubstr("pass.json:/serialNumber: warning: "));
  EXPECT_THAT(alone.out, HasSubstr("[model-key-per-pass]"));
  CommandResult pass = Run("validate --model " + model + " --overrides -", "echo '{}' |");
  EXPECT_EQ(pass.exit_code, 1) << pass.out;
  EXPECT_THAT(pass.out, HasSubstr("pass.json:/serialNumber: error: serialNumber is required [required-key-missing]"));
}

TEST_F(CliTest, BuildReadsImagesFromImageDir) {
  const std::string overrides = dir_ + "/o.json";
  testing::WriteFile(overrides, R"({"images": [{"type": "icon"}, {"type": "thumbnail",
      "hex": "1411db8899d109d2cf1c2cb167432b4e4bb1dfb3"}]})");
  const std::string out = dir_ + "/a.pkpass";
  CommandResult r = Run("build --model-serial --model " + model_ + " --overrides " + overrides + " --image-dir " +
                        testing::FixturesDir() + "/images " + Pem() + " -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(testing::RunCommand("unzip -Z1 " + out).out,
            "pass.json\nen.lproj/pass.strings\nfr.lproj/pass.strings\nicon.png\nicon@2x.png\n"
            "icon@3x.png\nthumbnail.png\nmanifest.json\nsignature\n");
  CommandResult missing = Run("validate --model " + model_ + " --overrides " + overrides);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("overrides:/images/1/hex: error: no image directory"));
}

TEST_F(CliTest, BuildFetchesUrlsFromTheImageMap) {
  const std::string overrides = dir_ + "/o.json";
  testing::WriteFile(overrides, R"({"images": [{"type": "icon"}, {"type": "thumbnail",
      "url": "https://cdn.example/people/jane.png"}]})");
  const std::string png = testing::ReadFile(testing::FixturesDir() +
                                            "/images/1411db8899d109d2cf1c2cb167432b4e4bb1dfb3.png");
  std::filesystem::create_directories(dir_ + "/cache");
  testing::WriteFile(dir_ + "/cache/jane.png", png);
  testing::WriteFile(dir_ + "/map.json", R"({"https://cdn.example/people/jane.png": "cache/jane.png"})");
  const std::string out = dir_ + "/a.pkpass";
  CommandResult r = Run("build --model-serial --model " + model_ + " --overrides " + overrides + " --image-map " +
                        dir_ + "/map.json " + Pem() + " -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(testing::RunCommand("unzip -p " + out + " thumbnail.png").out, png);
  CommandResult unmapped = Run("validate --model " + model_ + " --overrides " + overrides +
                               " --image-map " + dir_ + "/o.json");
  EXPECT_EQ(unmapped.exit_code, 2) << unmapped.out;  // the map's values must be files
  testing::WriteFile(dir_ + "/other.json", R"({"https://cdn.example/x.png": "cache/jane.png"})");
  CommandResult missing = Run("validate --model " + model_ + " --overrides " + overrides +
                              " --image-map " + dir_ + "/other.json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("overrides:/images/1/url: error: the image map has no file for "
                                     "https://cdn.example/people/jane.png [image-url-unmapped]"));
  testing::WriteFile(dir_ + "/escape.json", R"({"https://cdn.example/people/jane.png": "../jane.png"})");
  EXPECT_EQ(Run("validate --model " + model_ + " --overrides " + overrides + " --image-map " +
                dir_ + "/escape.json").exit_code, 2);
}

// convert prints the native overrides a vendor payload makes; with --model the payload's names
// go through the model's payloadFields.
TEST_F(CliTest, ConvertPrintsTheNativeOverrides) {
  const std::string payload = dir_ + "/p.json";
  testing::WriteFile(payload, R"({"pass-id": "E-1", "pass-data": {"event-custom-value-1": "5",
      "additional-image": "https://x/a.png"}})");
  CommandResult r = Run("convert --from eventticket --model " + testing::ModelDir("eventticket.pass") + " " + payload);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, R"({"serialNumber":"E-1","fields":[{"key":"gate","value":"5"}]})" "\n"
                   "overrides:/pass-data/additional-image: warning: additional-image is shown on Google "
                   "Pay passes only; left out [import-key-ignored]\n");
  CommandResult bare = Run("convert --from eventticket - --format json", "echo '{\"pass-id\": \"E-2\"}' |");
  ASSERT_EQ(bare.exit_code, 0) << bare.out;
  EXPECT_EQ(bare.out, R"({"ok":true,"overrides":{"serialNumber":"E-2"},"diagnostics":[]})" "\n");
  CommandResult refused = Run("convert --from airship " + payload);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("overrides:/pass-id: error: the Airship pass request has no such key [import-key-unknown]"));
  EXPECT_EQ(Run("convert --from wallet " + payload).exit_code, 2);
  EXPECT_EQ(Run("convert " + payload).exit_code, 2);
}

// build and validate --from read a vendor's payload; problems point into it as written.
TEST_F(CliTest, BuildAndValidateReadAPayloadFrom) {
  const std::string payload = dir_ + "/p.json";
  testing::WriteFile(payload, R"({"data": {"userProvidedId": "PC-9", "expirationDate": "2026-07-01 18:00",
      "backgroundColor": "#zzz"}})");
  const std::string model = testing::ModelDir("passcreator.pass");
  const std::string out = dir_ + "/pc.pkpass";
  CommandResult r = Run("build --from passcreator --model " + model + " --overrides " + payload + " " +
                        Pem() + " -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("overrides:/data/backgroundColor: warning: \"#zzz\" is not a hexadecimal colour"));
  const std::string pass_json = testing::RunCommand("unzip -p " + out + " pass.json").out;
  EXPECT_THAT(pass_json, HasSubstr(R"("serialNumber":"PC-9")"));
  EXPECT_THAT(pass_json, HasSubstr(R"("expirationDate":"2026-07-01T18:00:00+02:00")"));
  testing::WriteFile(payload, R"({"data": {"expirationDate": "2026-03-29 02:30"}})");
  CommandResult skipped = Run("validate --from passcreator --model " + model + " --overrides " + payload);
  EXPECT_EQ(skipped.exit_code, 1);
  EXPECT_THAT(skipped.out, HasSubstr("overrides:/data/expirationDate: error: "));
  EXPECT_THAT(skipped.out, HasSubstr("[date-local-nonexistent]"));
  EXPECT_EQ(Run("validate --from nowhere --model " + model + " --overrides " + payload).exit_code, 2);
}

// patch and reset print a stored pass's new overrides, exactly.
TEST_F(CliTest, PatchAndResetPrintTheNewOverrides) {
  const std::string stored = dir_ + "/stored.json";
  testing::WriteFile(stored, R"({"serialNumber": "A-1", "fields": [{"key": "name", "value": "Ann", "label": "N"}],
      "voided": false, "userInfo": {"tier": "gold", "since": 2020}})");
  CommandResult patched = Run("patch --overrides " + stored + " -",
                              R"(echo '{"fields": [{"key": "name", "value": "Bo"}], "voided": null, "userInfo": {"since": null}}' |)");
  ASSERT_EQ(patched.exit_code, 0) << patched.out;
  EXPECT_EQ(patched.out, R"({"serialNumber":"A-1","fields":[{"key":"name","value":"Bo","label":"N"}],"userInfo":{"tier":"gold"}})" "\n");
  testing::WriteFile(dir_ + "/update.json", R"({"data": {"expirationDate": "2055-12-31 00:00", "emailRecipient": "a@b.c"}})");
  CommandResult vendor = Run("patch --from passcreator --overrides " + stored + " " + dir_ + "/update.json");
  ASSERT_EQ(vendor.exit_code, 0) << vendor.out;
  EXPECT_EQ(vendor.out,
            R"({"serialNumber":"A-1","fields":[{"key":"name","value":"Ann","label":"N"}],"voided":false,)"
            R"("userInfo":{"tier":"gold","since":2020},"expirationDate":"2055-12-31 00:00"})" "\n"
            "patch:/data/emailRecipient: warning: pkpass makes the pass; sending it is the caller's; left out "
            "[import-key-ignored]\n");
  EXPECT_EQ(Run("reset attribute --overrides " + stored + " voided").out,
            R"({"serialNumber":"A-1","fields":[{"key":"name","value":"Ann","label":"N"}],"userInfo":{"tier":"gold","since":2020}})" "\n");
  EXPECT_EQ(Run("reset field --overrides " + stored + " name").out,
            R"({"serialNumber":"A-1","fields":[],"voided":false,"userInfo":{"tier":"gold","since":2020}})" "\n");
  EXPECT_EQ(Run("reset field-attribute --overrides " + stored + " name label --format json").out,
            R"({"ok":true,"overrides":{"serialNumber":"A-1","fields":[{"key":"name","value":"Ann"}],"voided":false,)"
            R"("userInfo":{"tier":"gold","since":2020}},"diagnostics":[]})" "\n");
  CommandResult broken = Run("patch --overrides " + stored + " -", "echo '[1]' |");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(broken.out, "patch: error: the document must be a JSON object, not an array [json-not-object]\n");
  EXPECT_EQ(Run("reset field --overrides " + stored).exit_code, 2);
  EXPECT_EQ(Run("patch " + stored).exit_code, 2);
}

// bundle writes a .pkpasses within Apple's limits; verify checks each of its passes.
TEST_F(CliTest, BundleAndVerifyAFamilysPasses) {
  std::string passes;
  for (int i = 1; i <= 11; ++i) {
    const std::string out = dir_ + "/T-" + std::to_string(i) + ".pkpass";
    ASSERT_EQ(Run("build --model-serial --model " + model_ + " --overrides - " + Pem() + " -o " + out,
                  "echo '{\"serialNumber\": \"T-" + std::to_string(i) + "\"}' |").exit_code, 0);
    if (i <= 3) passes += " " + out;
  }
  const std::string family = dir_ + "/family.pkpasses";
  CommandResult made = Run("bundle -o " + family + passes + " --deterministic", "SOURCE_DATE_EPOCH=1700000000");
  ASSERT_EQ(made.exit_code, 0) << made.out;
  EXPECT_THAT(made.out, ::testing::StartsWith("wrote " + family + " (3 passes, "));
  CommandResult verified = Run("verify " + family + " --trust-root " + PkiDir() + "/root.pem");
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_EQ(verified.out, family + ": verified\n");
  EXPECT_EQ(testing::RunCommand("unzip -Z1 " + family).out, "T-1.pkpass\nT-2.pkpass\nT-3.pkpass\n");
  std::string eleven;
  for (int i = 1; i <= 11; ++i) eleven += " " + dir_ + "/T-" + std::to_string(i) + ".pkpass";
  CommandResult refused = Run("bundle -o " + dir_ + "/all.pkpasses" + eleven);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.out, dir_ + "/all.pkpasses: error: a bundle of 11 passes is past the limit of 10 (Apple: "
                                "up to 10 passes or 150 MB) [bundle-invalid]\n");
  EXPECT_FALSE(testing::FileExists(dir_ + "/all.pkpasses"));
  EXPECT_EQ(Run("bundle -o " + dir_ + "/x.zip" + passes).exit_code, 2);
}

// Overrides without a serialNumber would give every pass the model's: refused, unless the model
// generates serials (a UUID, printed in the completed overrides) or --model-serial asks for it.
TEST_F(CliTest, BuildNeedsASerialOfItsOwn) {
  const std::string out = dir_ + "/s.pkpass";
  CommandResult refused = Run("build --overrides - --model " + model_ + " " + Pem() + " -o " + out,
                              "echo '{\"fields\": [{\"key\": \"name\", \"value\": \"Ann\"}]}' |");
  EXPECT_EQ(refused.exit_code, 1);
  const std::string expected = "overrides:/serialNumber: error: the overrides give no serialNumber, and the model's own "
                               "is a template value that every pass would share: give one, let model.json generate "
                               "them (\"serialNumbers\": {\"generate\": \"uuid\"}), or take the model's for a "
                               "single test pass [serial-from-model]\n";
  EXPECT_EQ(refused.out, expected);
  EXPECT_FALSE(testing::FileExists(out));
  // validate gives build's verdict, and takes the flag that changes it.
  CommandResult validated = Run("validate --overrides - --model " + model_,
                                "echo '{\"fields\": [{\"key\": \"name\", \"value\": \"Ann\"}]}' |");
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_EQ(validated.out, expected);
  EXPECT_EQ(Run("validate --model-serial --overrides - --model " + model_,
                "echo '{\"fields\": [{\"key\": \"name\", \"value\": \"Ann\"}]}' |").exit_code, 0);
  std::filesystem::copy(model_, dir_ + "/ids.pass");
  testing::WriteFile(dir_ + "/ids.pass/model.json", R"({"serialNumbers": {"generate": "uuid"}})");
  CommandResult generated = Run("build --model " + dir_ + "/ids.pass " + Pem() + " -o " + out + " --format json");
  ASSERT_EQ(generated.exit_code, 0) << generated.out;
  rapidjson::Document doc;
  doc.Parse(generated.out.c_str());
  rapidjson::Document completed;
  completed.Parse(doc["completedOverrides"].GetString());
  const std::string serial = completed["serialNumber"].GetString();
  EXPECT_EQ(serial.size(), 36u);
  EXPECT_EQ(serial[14], '4');  // a version 4 UUID
  EXPECT_THAT(testing::RunCommand("unzip -p " + out + " pass.json").out, HasSubstr("\"serialNumber\":\"" + serial + "\""));
}

TEST_F(CliTest, BuildReportsGeneratedBarcodeInCompletedOverrides) {
  CommandResult r = Run("build --model-serial --model " + testing::ModelDir("member.pass") + " --overrides - " +
                        Pem() + " -o " + dir_ + "/m.pkpass --format json",
                        "echo '{\"serialNumber\": \"M-7\"}' |");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("completedOverrides")) << r.out;
  rapidjson::Document completed;
  completed.Parse(doc["completedOverrides"].GetString());
  ASSERT_TRUE(completed.IsObject()) << r.out;
  EXPECT_STREQ(completed["serialNumber"].GetString(), "M-7");
  EXPECT_EQ(std::string(completed["barcode"]["message"].GetString()).size(), 8u);
}

// Hostile overrides: each ends in one diagnostic and exit 1, without a crash.
TEST_F(CliTest, HostileOverridesAreRejectedWithADiagnostic) {
  const struct {
    const char* name;
    std::string bytes;
    const char* code;
  } cases[] = {
      {"not-json", "serialNumber=7", "json-syntax"},
      {"not-object", "[1, 2, 3]", "json-not-object"},
      {"invalid-utf8", "{\"logoText\": \"\xC3\x28\"}", "json-encoding"},
      {"deep", std::string(100000, '[') + std::string(100000, ']'), "json-too-deep"},
      {"huge-string", "{\"logoText\": \"" + std::string(10u << 20, 'x') + "\"}", "json-too-large"},
  };
  for (const auto& c : cases) {
    const std::string path = dir_ + "/" + c.name + ".json";
    testing::WriteFile(path, c.bytes);
    CommandResult r = Run("validate --model " + model_ + " --overrides " + path + " --format json");
    EXPECT_EQ(r.exit_code, 1) << c.name << ": " << r.out.substr(0, 300);
    EXPECT_THAT(r.out, HasSubstr(std::string("\"code\":\"") + c.code + "\"")) << c.name;
  }
}

TEST_F(CliTest, StrictTurnsWarningsIntoErrors) {
  const std::string overrides = dir_ + "/o.json";
  testing::WriteFile(overrides, R"({"serialNumber": "S-1", "passcode": "1234"})");
  CommandResult lenient = Run("validate --model " + model_ + " --overrides " + overrides);
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out;
  EXPECT_THAT(lenient.out, HasSubstr("warning:"));
  CommandResult strict = Run("validate --strict --model " + model_ + " --overrides " + overrides);
  EXPECT_EQ(strict.exit_code, 1) << strict.out;
  EXPECT_THAT(strict.out, HasSubstr("overrides:/passcode: error:"));
}

TEST_F(CliTest, ValidateReportsEveryProblemOfABrokenModel) {
  CommandResult r = Run("validate --model " + testing::ModelDir("broken.pass") + " --overrides " +
                        testing::FixturesDir() + "/cases/broken-everything/overrides.json --format json");
  EXPECT_EQ(r.exit_code, 1);
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.out;
  EXPECT_EQ(doc["diagnostics"].Size(), 23u);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run("").exit_code, 2);
  EXPECT_EQ(Run("frobnicate").exit_code, 2);
  EXPECT_EQ(Run("build --model-serial --model " + model_).exit_code, 2);
  EXPECT_EQ(Run("validate --model " + model_ + " --format xml").exit_code, 2);
  EXPECT_EQ(Run("verify").exit_code, 2);
}

TEST_F(CliTest, MissingModelIsOperationalError) {
  CommandResult r = Run("validate --model " + dir_ + "/nope.pass");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "pkpass-build: model directory " + dir_ + "/nope.pass does not exist\n");
}

TEST_F(CliTest, VerifyRejectsNonArchive) {
  testing::WriteFile(dir_ + "/junk.pkpass", "not a zip");
  CommandResult r = Run("verify " + dir_ + "/junk.pkpass --no-trust-root --format json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("\"code\":\"archive-invalid\""));
}

TEST_F(CliTest, BuildReplacesAnExistingFileAndLeavesNothingElse) {
  testing::WriteFile(dir_ + "/a.pkpass", "old");
  CommandResult r = Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + dir_ + "/a.pkpass");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(Run("verify " + dir_ + "/a.pkpass --trust-root " + PkiDir() + "/root.pem").exit_code, 0);
  // A name without a folder goes to the current one.
  r = Run("build --model-serial --model " + model_ + " " + Pem() + " -o b.pkpass", "cd " + dir_ + " &&");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names, ::testing::ElementsAre("a.pkpass", "b.pkpass"));
}

// An input past the largest pass is the input's problem (exit 1), found after reading one byte
// more than the limit, not all of it.
TEST_F(CliTest, VerifyRefusesAnEndlessInput) {
  CommandResult r = Run("verify /dev/zero --no-trust-root");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "error: the archive is 67108865 bytes; the limit is 67108864 [archive-invalid]\n"
            "signature: warning: no trust root was given, so the certificate chain was not checked "
            "[signature-untrusted]\n");
}

TEST_F(CliTest, VerifyRefusesATrustRootWithNoCertificate) {
  testing::WriteFile(dir_ + "/root.pem", "no certificate here");
  testing::WriteFile(dir_ + "/junk.pkpass", "not a zip");
  CommandResult r = Run("verify " + dir_ + "/junk.pkpass --trust-root " + dir_ + "/root.pem");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "pkpass-build: the trust root holds no PEM certificate\n");
}

TEST_F(CliTest, DevIdentityKeyIsPrivateToItsOwner) {
  CommandResult r = Run("dev-identity --out-dir " + dir_ + "/id");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(fs::status(dir_ + "/id/signer.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  CommandResult build = Run("build --model-serial --model " + model_ + " --cert " + dir_ + "/id/signer.pem --key " +
                            dir_ + "/id/signer.key --wwdr " + dir_ + "/id/wwdr.pem -o " + dir_ +
                            "/a.pkpass");
  EXPECT_EQ(build.exit_code, 0) << build.out;
}

// --- Outputs: regular files, honouring the umask, never over an input ---------------------

unsigned ModeOf(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

TEST_F(CliTest, OutputsHonourTheUmask) {
  ASSERT_EQ(Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + dir_ + "/private.pkpass", "umask 077 &&").exit_code, 0);
  EXPECT_EQ(ModeOf(dir_ + "/private.pkpass"), 0600u);
  ASSERT_EQ(Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + dir_ + "/group.pkpass", "umask 027 &&").exit_code, 0);
  EXPECT_EQ(ModeOf(dir_ + "/group.pkpass"), 0640u);
  // Replacing a file gives the new file the mode of the umask too.
  ASSERT_EQ(Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + dir_ + "/group.pkpass", "umask 022 &&").exit_code, 0);
  EXPECT_EQ(ModeOf(dir_ + "/group.pkpass"), 0644u);
}

struct OutputCase {
  const char* name;
  const char* make;     // shell commands making OUT in the test folder
  const char* message;  // what the refusal says of OUT
};

class CliOutputTest : public CliTest, public ::testing::WithParamInterface<OutputCase> {};

// -o refuses what is not a regular file or a new name, and leaves it as it was.
TEST_P(CliOutputTest, RefusesWhatIsNotARegularFile) {
  const std::string out = dir_ + "/out";
  ASSERT_EQ(testing::RunCommand("cd " + dir_ + " && " + GetParam().make).exit_code, 0);
  struct stat before;
  ASSERT_EQ(lstat(out.c_str(), &before), 0);
  CommandResult r = Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "pkpass-build: " + out + " is " + GetParam().message +
                       "; pkpass-build writes only regular files\n(see pkpass-build --help)\n");
  struct stat after;
  ASSERT_EQ(lstat(out.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_mode, before.st_mode);
  EXPECT_EQ(testing::ReadFile(dir_ + "/target"), "kept");
}

INSTANTIATE_TEST_SUITE_P(
    Targets, CliOutputTest,
    ::testing::Values(OutputCase{"Symlink", "echo -n kept > target && ln -s target out", "a symbolic link"},
                      OutputCase{"Fifo", "echo -n kept > target && mkfifo out", "a FIFO"},
                      OutputCase{"Folder", "echo -n kept > target && mkdir out", "a folder"},
                      // As root, -o /dev/null would once have replaced the system's node.
                      OutputCase{"Device", "echo -n kept > target && (mknod out c 1 3 || ln -s /dev/null out)",
                                 getuid() == 0 ? "a device" : "a symbolic link"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(CliTest, OutputIsNeverAnInputOfTheRun) {
  const std::string overrides = dir_ + "/overrides.json";
  testing::WriteFile(overrides, "{}");
  CommandResult r = Run("build --model-serial --model " + model_ + " --overrides " + overrides + " " + Pem() + " -o " + overrides);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "pkpass-build: " + overrides + " is an input of this run; it is not overwritten\n"
                   "(see pkpass-build --help)\n");
  EXPECT_EQ(testing::ReadFile(overrides), "{}");
  const std::string model = dir_ + "/model.pass";
  fs::copy(model_, model, fs::copy_options::recursive);
  const std::string strings = testing::ReadFile(model + "/en.lproj/pass.strings");
  r = Run("build --model-serial --model " + model + " " + Pem() + " -o " + model + "/en.lproj/pass.strings");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(testing::ReadFile(model + "/en.lproj/pass.strings"), strings);
}

// --- verify: a decision on trust, and JSON whatever the archive names ----------------------

TEST_F(CliTest, VerifyNeedsATrustRootOrTheChoiceToGoWithout) {
  const std::string pass = dir_ + "/a.pkpass";
  ASSERT_EQ(Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + pass).exit_code, 0);
  CommandResult none = Run("verify " + pass);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.out, "pkpass-build: verify needs --trust-root PEM (Apple's root, or your test "
                      "root), or --no-trust-root to check the signature without its chain\n"
                      "(see pkpass-build --help)\n");
  EXPECT_EQ(Run("verify " + pass + " --no-trust-root --trust-root " + PkiDir() + "/root.pem").exit_code, 2);
  CommandResult unchecked = Run("verify " + pass + " --no-trust-root");
  EXPECT_EQ(unchecked.exit_code, 0);
  EXPECT_EQ(unchecked.out, pass + ": signature intact; its chain was not checked\n"
                           "signature: warning: no trust root was given, so the certificate chain "
                           "was not checked [signature-untrusted]\n");
  CommandResult trusted = Run("verify " + pass + " --trust-root " + PkiDir() + "/root.pem");
  EXPECT_EQ(trusted.exit_code, 0);
  EXPECT_EQ(trusted.out, pass + ": verified\n");
}

TEST_F(CliTest, VerifyJsonIsValidUtf8ForAnyEntryName) {
  const std::string pass = dir_ + "/a.pkpass";
  ASSERT_EQ(Run("build --model-serial --model " + model_ + " " + Pem() + " -o " + pass).exit_code, 0);
  // Rename icon.png to bytes FF FE and ".png" in the archive's headers (the same length as
  // "icon"), not in the stored manifest.json, where the name is followed by a quote.
  std::string bytes = testing::ReadFile(pass);
  for (size_t at = bytes.find("icon.png"); at != std::string::npos; at = bytes.find("icon.png", at + 1)) {
    if (bytes[at + 8] != '"') bytes.replace(at, 4, "\xFF\xFE\xFF\xFE");
  }
  testing::WriteFile(pass, bytes);
  CommandResult r = Run("verify " + pass + " --trust-root " + PkiDir() + "/root.pem --format json 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(r.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"file\":\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.png\""));
}

TEST_F(CliTest, VerifyOfAPassPastTheLimitIsTheInputsProblem) {
  const std::string pass = dir_ + "/big.pkpass";
  testing::WriteFile(pass, "");
  fs::resize_file(pass, (64u << 20) + 100);
  CommandResult r = Run("verify " + pass + " --trust-root " + PkiDir() + "/root.pem");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "error: the archive is 67108865 bytes; the limit is 67108864 [archive-invalid]\n");
}

// --- Inputs: each refusal names its reason -------------------------------------------------

TEST_F(CliTest, EmptyPasswordsAreNamed) {
  const std::string key = "--cert " + PkiDir() + "/signer.pem --key " + PkiDir() +
                          "/signer-encrypted.key --wwdr " + PkiDir() + "/wwdr.pem";
  CommandResult env = Run("build --model-serial --model " + model_ + " " + key + " --key-pass-env K -o " + dir_ + "/a.pkpass", "K=");
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_EQ(env.out, "pkpass-build: the environment variable K is empty\n(see pkpass-build --help)\n");
  testing::WriteFile(dir_ + "/pass", "\n");
  CommandResult file = Run("build --model-serial --model " + model_ + " " + key + " --key-pass-file " + dir_ + "/pass -o " + dir_ + "/a.pkpass");
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_EQ(file.out, "pkpass-build: the password file " + dir_ + "/pass is empty\n(see pkpass-build --help)\n");
  CommandResult p12 = Run("build --model-serial --model " + model_ + " --p12 " + PkiDir() + "/legacy.p12 --wwdr " +
                          PkiDir() + "/wwdr.pem -o " + dir_ + "/a.pkpass");
  EXPECT_EQ(p12.exit_code, 3);
  EXPECT_EQ(p12.out, "pkpass-build: the .p12 file is protected by a password and none was given "
                     "(use --p12-pass-env VAR or --p12-pass-file FILE)\n");
  EXPECT_FALSE(testing::FileExists(dir_ + "/a.pkpass"));
}

TEST_F(CliTest, WwdrFileIsOneCertificateOfTheRightCa) {
  const std::string chain = dir_ + "/chain.pem";
  testing::WriteFile(chain, testing::Pki().wwdr_pem + testing::Pki().root_pem);
  const std::string signer = "--cert " + PkiDir() + "/signer.pem --key " + PkiDir() + "/signer.key --wwdr ";
  CommandResult two = Run("build --model-serial --model " + model_ + " " + signer + chain + " -o " + dir_ + "/a.pkpass");
  EXPECT_EQ(two.exit_code, 3);
  EXPECT_EQ(two.out, "pkpass-build: the WWDR file holds 2 certificates; give only the intermediate "
                     "that issued the signer certificate, so that none is taken by chance\n");
  CommandResult impostor = Run("build --model-serial --model " + model_ + " " + signer + PkiDir() + "/impostor-wwdr.pem -o " + dir_ + "/a.pkpass");
  EXPECT_EQ(impostor.exit_code, 3);
  EXPECT_THAT(impostor.out, HasSubstr("has the name of the signer certificate's issuer, but its key "
                                      "did not sign the signer certificate: it is another CA of the same name"));
}

TEST_F(CliTest, AnInputThatCannotBeOpenedSaysWhy) {
  CommandResult r = Run("validate --model " + model_ + " --overrides " + dir_ + "/nope.json");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "pkpass-build: cannot open " + dir_ + "/nope.json: No such file or directory\n");
}

TEST_F(CliTest, AProblemOfNoFileIsPrintedWithoutAnEmptyName) {
  const std::string model = dir_ + "/model.pass";
  fs::copy(model_, model, fs::copy_options::recursive);
  for (int i = 0; i < 5; ++i) {
    testing::WriteFile(model + "/f" + std::to_string(i) + ".png", "");
    fs::resize_file(model + "/f" + std::to_string(i) + ".png", 15u << 20);
  }
  CommandResult r = Run("validate --model " + model);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, ::testing::StartsWith("error: the model's files are "));
  EXPECT_THAT(r.out, ::testing::EndsWith(" bytes; the limit is 67108864 [model-too-large]\n"));
}

// A reset of a name the stored overrides lack is a misspelt name: said, exit 1, nothing printed
// as the new overrides.
TEST_F(CliTest, ResetOfAnAbsentNameIsRefused) {
  const std::string stored = dir_ + "/stored.json";
  testing::WriteFile(stored, R"({"serialNumber": "S-1", "fields": [{"key": "name", "value": "Ann"}]})");
  CommandResult r = Run("reset attribute --overrides " + stored + " voidd");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "overrides:/voidd: error: the overrides have no attribute \"voidd\" to reset: is the name "
                   "misspelt? [reset-absent]\n");
  EXPECT_EQ(Run("reset field --overrides " + stored + " nmae").exit_code, 1);
  EXPECT_EQ(Run("reset field-attribute --overrides " + stored + " name label").exit_code, 1);
}

// A payload's errors and the pass's come in one report: a second run finds nothing new.
TEST_F(CliTest, PayloadAndBuildProblemsComeInOneReport) {
  const std::string payload = dir_ + "/p.json";
  testing::WriteFile(payload, R"({"data": {"userProvidedId": "PC-1", "voided": "perhaps",
      "expirationDate": "31.12.2055", "firstname": "Ann"}})");
  for (const std::string command : {"validate", "build"}) {
    CommandResult r = Run(command + " --model " + testing::ModelDir("passcreator.pass") +
                          " --from passcreator --overrides " + payload + " " +
                          (command == "build" ? Pem() + " -o " + dir_ + "/p.pkpass" : std::string()));
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_THAT(r.out, HasSubstr("overrides:/data/voided: error:")) << command;
    EXPECT_THAT(r.out, HasSubstr("overrides:/data/expirationDate: error: expirationDate must be a date written "
                                 "\"Y-m-d H:i\" in the pass's zone, such as \"2055-12-31 00:00\" [date-invalid]"))
        << command;
  }
  EXPECT_FALSE(testing::FileExists(dir_ + "/p.pkpass"));
}

// patch --from takes each vendor's update body, naming the stored pass by the vendor's id.
TEST_F(CliTest, PatchTakesEveryVendorsUpdateBody) {
  const std::string stored = dir_ + "/stored.json";
  testing::WriteFile(stored, R"({"serialNumber":"S-1","fields":[{"key":"gate","value":"5"}]})");
  struct Case {
    const char* from;
    const char* model;
    const char* body;
    const char* result;
  };
  const Case cases[] = {
      {"pass2u", "coffee.pass", R"({"passId": "S-1", "voided": true})",
       R"({"serialNumber":"S-1","fields":[{"key":"gate","value":"5"}],"voided":true})"},
      {"eventticket", "eventticket.pass",
       R"({"action": "updatepassdata", "pass-id": "S-1", "pass-data": {"event-custom-value-2": "B"}})",
       R"({"serialNumber":"S-1","fields":[{"key":"gate","value":"5"},{"key":"section","value":"B"}]})"},
      {"airship", "airship-event.pass", R"({"externalId": "S-1", "fields": {"Row": {"value": "7"}}})",
       R"({"serialNumber":"S-1","fields":[{"key":"gate","value":"5"},{"key":"Row","value":7}]})"},
      {"passcreator", "passcreator.pass", R"({"data": {"userProvidedId": "S-1", "firstname": "Ann"}})",
       R"({"serialNumber":"S-1","fields":[{"key":"gate","value":"5"},{"key":"firstname","value":"Ann"}]})"},
  };
  for (const Case& c : cases) {
    testing::WriteFile(dir_ + "/body.json", c.body);
    CommandResult r = Run(std::string("patch --from ") + c.from + " --model " + testing::ModelDir(c.model) +
                          " --overrides " + stored + " " + dir_ + "/body.json");
    EXPECT_EQ(r.exit_code, 0) << c.from << ": " << r.out;
    EXPECT_EQ(r.out, std::string(c.result) + "\n") << c.from;
  }
  // An update of another pass is refused.
  testing::WriteFile(dir_ + "/body.json", R"({"externalId": "S-2", "fields": {"Row": {"value": "7"}}})");
  CommandResult r = Run("patch --from airship --model " + testing::ModelDir("airship-event.pass") + " --overrides " +
                        stored + " " + dir_ + "/body.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("the update names the pass \"S-2\", and the stored overrides are \"S-1\"'s"));
}

// The roff of the man page as plain text: fonts dropped, escapes undone.
std::string Unroff(std::string text) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\\fI", ""}, {"\\fR", ""}, {"\\-", "-"}, {"\\&", ""}, {"\\e", "\\"}}) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

// Every command has --help, written from the same table as the man page the build installs.
TEST_F(CliTest, EveryCommandHasHelpThatMatchesTheManPage) {
  const CommandResult usage = Run("--help");
  ASSERT_EQ(usage.exit_code, 0) << usage.out;
  std::vector<std::string> names;
  std::istringstream lines(usage.out.substr(usage.out.find("commands:\n") + 10));
  for (std::string line; std::getline(lines, line) && !line.empty();) names.push_back(line.substr(2, line.find(' ', 2) - 2));
  EXPECT_EQ(names, (std::vector<std::string>{"build", "validate", "batch", "convert", "model", "patch", "reset",
                                             "bundle", "verify", "dev-identity", "identity", "image", "codes"}));
  const std::string man = Unroff(testing::ReadFile(tool_ + ".1"));
  for (const std::string& name : names) {
    const CommandResult help = Run(name + " --help");
    ASSERT_EQ(help.exit_code, 0) << name << ": " << help.out;
    ASSERT_TRUE(help.out.starts_with("usage: pkpass-build " + name + " ")) << help.out;
    const std::string synopsis = help.out.substr(20, help.out.find('\n') - 20);
    EXPECT_THAT(man, HasSubstr(".B pkpass-build " + name + "\n" + synopsis.substr(name.size() + 1) + "\n"));
    std::istringstream flags(help.out.substr(help.out.find("flags:\n") + 7));
    size_t count = 0;
    for (std::string line; std::getline(flags, line); ++count) {
      const size_t gap = line.find("  ", 2);
      const std::string flag = line.substr(2, gap - 2), text = line.substr(line.find_first_not_of(' ', gap));
      EXPECT_THAT(man, HasSubstr(".B " + flag + "\n" + text + "\n")) << name;
    }
    EXPECT_GT(count, 0u) << name;
    EXPECT_EQ(Run("help " + name).out, help.out);
  }
  const CommandResult unknown = Run("build --no-such-flag");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.out, "pkpass-build: unknown option --no-such-flag\n(see pkpass-build --help)\n");
}

TEST_F(CliTest, CodesListsEveryCodeAsJson) {
  const CommandResult r = Run("codes --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_TRUE(doc.IsArray()) << r.out;
  EXPECT_EQ(doc.Size(), Codes().size());
  EXPECT_EQ(std::string(doc[1]["code"].GetString()), "json-syntax");
  EXPECT_EQ(std::string(doc[1]["area"].GetString()), "json");
  EXPECT_EQ(std::string(doc[1]["severity"].GetString()), "error");
  const CommandResult text = Run("codes");
  EXPECT_THAT(text.out, HasSubstr("\nkey-unknown  warning  pass  A key pass.json does not define"));
}

}  // namespace
}  // namespace pkpass
