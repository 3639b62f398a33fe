// .pkpasses bundles (pkpass/prepared_pass.h, VerifyBundle): Apple's limits of 10 passes and 150 MB,
// every pass checked, and a failing pass named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "emit/archive_writer.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "pkpass/verify.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/resolved.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using ::testing::HasSubstr;
using testing::IsOk;
using testing::Pki;
using testing::StatusIs;

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
    ASSERT_THAT(signer, IsOk());
    Diagnostics diags;
    Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), diags);
    ASSERT_THAT(model, IsOk());
    for (int i = 1; i <= 11; ++i) {
      Result<std::string> pass = model->Build(R"({"serialNumber": "F-)" + std::to_string(i) + "\"}",
                                              *signer, {.timestamp = 1700000000}, diags);
      ASSERT_THAT(pass, IsOk());
      passes_.emplace_back("F-" + std::to_string(i) + ".pkpass", std::move(*pass));
    }
    verify_.trust_root_pem = Pki().root_pem;
  }

  std::vector<std::pair<std::string, std::string>> First(size_t n) const {
    return {passes_.begin(), passes_.begin() + static_cast<std::ptrdiff_t>(n)};
  }

  std::vector<std::pair<std::string, std::string>> passes_;
  VerifyOptions verify_;
};

TEST_F(BundleTest, ThreePassesMakeABundleThatVerifies) {
  Result<std::string> bundle = MakeBundle(First(3), 1700000000);
  ASSERT_THAT(bundle, IsOk());
  const auto entries = testing::ReadEntries(*bundle);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "F-1.pkpass");
  EXPECT_EQ(entries[2].bytes, passes_[2].second);
  EXPECT_FALSE(entries[0].compressed);
  Diagnostics diags;
  EXPECT_THAT(VerifyBundle(*bundle, verify_, diags), IsOk()) << FormatText(diags);
  EXPECT_EQ(MakeBundle(First(3), 1700000000).value(), *bundle);  // the same passes, the same bytes
}

TEST_F(BundleTest, AppleLimitsAreNamed) {
  EXPECT_THAT(MakeBundle(First(11), 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "a bundle of 11 passes is past the limit of 10 (Apple: up to 10 passes or 150 MB)"));
  EXPECT_THAT(MakeBundle({}, 0), StatusIs(StatusCode::kInvalidArgument, "a bundle needs at least one pass"));
  std::vector<std::pair<std::string, std::string>> huge;
  for (int i = 0; i < 10; ++i) huge.emplace_back(std::to_string(i) + ".pkpass", "PK\x03\x04" + std::string(16u << 20, 'x'));
  EXPECT_THAT(MakeBundle(huge, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than 150000000 bytes (Apple: up to 10 passes or 150 MB)")));
  EXPECT_THAT(MakeBundle({{"../a.pkpass", passes_[0].second}}, 0), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeBundle({{"a.zip", passes_[0].second}}, 0), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(MakeBundle({{"a.pkpass", passes_[0].second}, {"a.pkpass", passes_[1].second}}, 0),
              StatusIs(StatusCode::kInvalidArgument, "\"a.pkpass\" is in the bundle twice"));
  EXPECT_THAT(MakeBundle({{"a.pkpass", "not a zip"}}, 0), StatusIs(StatusCode::kInvalidArgument));
}

// A bundle carries no pass Wallet would refuse, and no pass twice under two names.
TEST_F(BundleTest, APassTamperedOrGivenTwiceIsRefused) {
  std::string tampered = passes_[1].second;
  const size_t at = tampered.find("\"serialNumber\"");
  ASSERT_NE(at, std::string::npos);  // pass.json is stored, so its bytes can be changed in place
  tampered[at + 1] = 'S';
  EXPECT_THAT(MakeBundle({passes_[0], {"b.pkpass", tampered}}, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("b.pkpass is not a valid pass")));
  EXPECT_THAT(MakeBundle({passes_[0], {"again.pkpass", passes_[0].second}}, 0),
              StatusIs(StatusCode::kInvalidArgument, "again.pkpass is a pass the bundle has already"));
}

// A bundle of 11 passes made by hand, a tampered pass, and a stray file are each refused; the
// failing pass is named in its diagnostics' file.
TEST_F(BundleTest, VerifyNamesThePassThatFails) {
  auto zip = [](const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<BundleFile> entries;
    for (const auto& [name, bytes] : files) entries.push_back({name, bytes, "", false, nullptr});
    return WriteArchive(entries, 0).value();
  };
  Diagnostics diags;
  EXPECT_THAT(VerifyBundle(zip(First(11)), verify_, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(testing::ErrorsOf(diags), "bundle-invalid at :");
  std::vector<std::pair<std::string, std::string>> tampered = First(3);
  tampered[1].second = testing::ReadFile(testing::ModelDir("coffee.pass") + "/icon.png");
  diags = Diagnostics();
  EXPECT_THAT(VerifyBundle(zip(tampered), verify_, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(testing::ErrorsOf(diags), "archive-invalid at F-2.pkpass:");
  std::vector<std::pair<std::string, std::string>> stray = First(2);
  stray.emplace_back("notes.txt", "hello");
  diags = Diagnostics();
  EXPECT_THAT(VerifyBundle(zip(stray), verify_, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(testing::ErrorsOf(diags), "bundle-invalid at notes.txt:");
  diags = Diagnostics();
  EXPECT_THAT(VerifyBundle("PK", verify_, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(testing::ErrorsOf(diags), "bundle-invalid at :");
}

}  // namespace
}  // namespace pkpass
