#include "pkpass/verify.h"

#include <gtest/gtest.h>

#include "emit/archive_writer.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::Pki;
using testing::StatusIs;

// Returns a valid coffee pass.
std::string CoffeePass() {
  Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
  Diagnostics diags;
  Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), diags);
  Result<std::string> pkpass = model->Build("", *signer, {.timestamp = 1700000000}, diags);
  EXPECT_THAT(pkpass, IsOk());
  return *pkpass;
}

// Returns the archive `entries` zipped again, with `edit` applied to them first.
template <typename Edit>
std::string Rezip(const std::string& pkpass, Edit edit) {
  std::vector<testing::ArchiveEntry> entries = testing::ReadEntries(pkpass);
  edit(entries);
  std::vector<BundleFile> files;
  for (const auto& e : entries) files.push_back({e.name, e.bytes, "", false});
  Result<std::string> zip = WriteArchive(files, 1700000000);
  EXPECT_THAT(zip, IsOk());
  return *zip;
}

Status VerifyWithRoot(const std::string& pkpass, Diagnostics& diags) {
  return Verify(pkpass, {.trust_root_pem = Pki().root_pem}, diags);
}

TEST(VerifyTest, AcceptsOurPassAgainstTheTrustRoot) {
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(CoffeePass(), diags), IsOk());
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

TEST(VerifyTest, WarnsWhenNoTrustRootIsGiven) {
  Diagnostics diags;
  EXPECT_THAT(Verify(CoffeePass(), {}, diags), IsOk());
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureUntrusted, "signature", ""));
  EXPECT_EQ(diags.error_count(), 0u);
}

TEST(VerifyTest, RefusesAnotherRoot) {
  Diagnostics diags;
  EXPECT_THAT(Verify(CoffeePass(), {.trust_root_pem = Pki().foreign_wwdr_pem}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureUntrusted, "signature", ""));
}

TEST(VerifyTest, RefusesEditedPassJson) {
  const std::string tampered = Rezip(CoffeePass(), [](auto& entries) {
    entries[0].bytes.replace(entries[0].bytes.find("Bayroast"), 8, "Baycrest");
  });
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(tampered, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kManifestHashMismatch, "pass.json", ""));
  EXPECT_EQ(diags.error_count(), 1u) << FormatText(diags);
}

TEST(VerifyTest, RefusesEditedManifest) {
  const std::string tampered = Rezip(CoffeePass(), [](auto& entries) {
    for (auto& e : entries) {
      if (e.name == "manifest.json") e.bytes.replace(e.bytes.find(':') + 2, 1, "0");
    }
  });
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(tampered, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureInvalid, "signature", ""));
}

TEST(VerifyTest, RefusesMissingSignatureAndUnlistedFile) {
  const std::string tampered = Rezip(CoffeePass(), [](auto& entries) {
    std::erase_if(entries, [](const auto& e) { return e.name == "signature"; });
  });
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(tampered, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kArchiveFileMissing, "signature", ""));

  const std::string extra = Rezip(CoffeePass(), [](auto& entries) {
    entries.push_back({"thumbnail.png", "png", false, 0});
  });
  Diagnostics diags2;
  EXPECT_THAT(VerifyWithRoot(extra, diags2), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags2, HasDiagnosticIn(codes::kManifestFileUnlisted, "thumbnail.png", ""));
}

TEST(VerifyTest, RefusesPathTraversalEntry) {
  const std::string tampered = Rezip(CoffeePass(), [](auto& entries) {
    entries.push_back({"../evil.png", "png", false, 0});
  });
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(tampered, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kArchiveEntryUnsafe, "../evil.png", ""));
}

TEST(VerifyTest, RefusesRandomBytes) {
  Diagnostics diags;
  EXPECT_THAT(Verify(std::string(1000, '\x5A'), {}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kArchiveInvalid, "", ""));
}

}  // namespace
}  // namespace pkpass
