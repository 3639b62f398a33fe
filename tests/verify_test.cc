// Verify on valid passes: ours, and passes made the way other tools make them (an `openssl smime`
// signature, SHA-1 or SHA-256, zipped by `zip -r`). The broken ones are in tamper_test.cc.
#include "pkpass/verify.h"

#include <gtest/gtest.h>

#include "pkpass/diagnostic_codes.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/passes.h"
#include "testing/test_pki.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::Pki;
using testing::StatusIs;

class VerifyOursTest : public ::testing::TestWithParam<Digest> {};

TEST_P(VerifyOursTest, AcceptsOurPassAgainstTheTrustRoot) {
  Diagnostics diags;
  EXPECT_THAT(Verify(testing::CoffeePass(GetParam()), {.trust_root_pem = Pki().root_pem}, diags),
              IsOk());
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

INSTANTIATE_TEST_SUITE_P(Digests, VerifyOursTest, ::testing::Values(Digest::kSha256, Digest::kSha1));

TEST(VerifyTest, NeedsATrustRootOrTheChoiceToGoWithout) {
  Diagnostics diags;
  EXPECT_THAT(Verify(testing::CoffeePass(), {}, diags),
              StatusIs(StatusCode::kInvalidArgument,
                       "no trust root was given: give one, or choose to skip the chain check"));
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

TEST(VerifyTest, WarnsWhenTheChainCheckIsSkipped) {
  Diagnostics diags;
  EXPECT_THAT(Verify(testing::CoffeePass(), {.trust_root_pem = "", .strict = false, .skip_chain_check = true}, diags), IsOk());
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureUntrusted, "signature", ""));
  EXPECT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_EQ(diags.error_count(), 0u);
}

TEST(VerifyTest, StrictMakesTheMissingTrustRootAnError) {
  Diagnostics diags;
  EXPECT_THAT(Verify(testing::CoffeePass(), {.trust_root_pem = "", .strict = true, .skip_chain_check = true}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureUntrusted, "signature", ""));
  EXPECT_EQ(diags.error_count(), 1u);
}

TEST(VerifyTest, RefusesATrustRootWithNoCertificate) {
  Diagnostics diags;
  EXPECT_THAT(Verify(testing::CoffeePass(), {.trust_root_pem = "not a certificate"}, diags),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

// A pass made by hand: the model's files, a manifest written as JSON.stringify would,
// `openssl smime -sign` and `zip -r` (which adds directory entries for the .lproj folders).
class VerifyOtherToolsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(VerifyOtherToolsTest, AcceptsAnOpenSslAndZipPass) {
  const std::string dir = testing::MakeTempDir("pipeline");
  const std::string pass_dir = dir + "/pass";
  ASSERT_EQ(testing::RunCommand("cp -r " + testing::ModelDir("coffee.pass") + " " + pass_dir)
                .exit_code, 0);
  std::string manifest = "{";
  for (const auto& [path, bytes] : testing::ReadTree(pass_dir)) {
    if (manifest.size() > 1) manifest += ",";
    manifest += "\"" + path + "\":\"" + Sha1Hex(bytes) + "\"";
  }
  manifest += "}";
  testing::WriteFile(pass_dir + "/manifest.json", manifest);
  testing::WriteFile(pass_dir + "/signature",
                     testing::OpenSslSign(manifest, "signer.pem", "wwdr.pem", GetParam()));
  const testing::CommandResult zip =
      testing::RunCommand("cd " + pass_dir + " && zip -q -r ../pass.pkpass .");
  ASSERT_EQ(zip.exit_code, 0) << zip.out;

  Diagnostics diags;
  EXPECT_THAT(Verify(testing::ReadFile(dir + "/pass.pkpass"), {.trust_root_pem = Pki().root_pem},
                     diags),
              IsOk());
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

INSTANTIATE_TEST_SUITE_P(Digests, VerifyOtherToolsTest, ::testing::Values("-md sha1", "-md sha256"));

}  // namespace
}  // namespace pkpass
