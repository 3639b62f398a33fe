// Golden fixtures: fixtures/cases/<case>/{model, overrides.json[, patch.json][, nfc][, from]
// [, image-map.json]} -> expected/{pass.json, manifest.json, every xx.lproj/pass.strings,
// diagnostics.txt, diagnostics.json[, overrides.json]}, byte-exact in deterministic mode; images
// come from fixtures/images/ (fixtures/cases/README.md). The signature carries a key
// made at test time, so it is verified with openssl instead of compared.
// PKPASS_UPDATE_GOLDENS=1 rewrites the expected files for review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "pkpass/image_store.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"
#include "util/json.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using testing::IsOk;


bool Updating() {
  const char* v = std::getenv("PKPASS_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

// Compares `actual` with the golden file `path` (absent when `actual` is nullopt), or rewrites it.
void ExpectGolden(const std::string& path, const std::optional<std::string>& actual) {
  if (Updating()) {
    if (actual) {
      fs::create_directories(fs::path(path).parent_path());
      testing::WriteFile(path, *actual);
    } else {
      fs::remove(path);
    }
    return;
  }
  if (!actual) {
    EXPECT_FALSE(testing::FileExists(path)) << path << " exists but the case produced no such file";
    return;
  }
  ASSERT_TRUE(testing::FileExists(path)) << path << " is missing; run with PKPASS_UPDATE_GOLDENS=1";
  EXPECT_EQ(*actual, testing::ReadFile(path)) << "differs from " << path;
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedFiles) {
  const std::string dir = testing::FixturesDir() + "/cases/" + GetParam();
  std::string model_name = testing::ReadFile(dir + "/model");
  while (!model_name.empty() && std::isspace(static_cast<unsigned char>(model_name.back()))) {
    model_name.pop_back();
  }
  // A case whose folder has a file "nfc" is signed with the NFC-enabled certificate.
  const bool nfc = testing::FileExists(dir + "/nfc");
  Result<Signer> signer = Signer::FromPem(nfc ? testing::Pki().nfc_signer_pem : testing::Pki().signer_pem,
                                          testing::Pki().signer_key_pem, testing::Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  Diagnostics diags;
  Result<Model> model = Model::Load(testing::ModelDir(model_name), diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  diags = Diagnostics();  // each case's expectations start after the model loads
  // A case with a file "from" holds payloads in that vendor's format: each is imported first,
  // and the native overrides are a golden file too.
  std::optional<PayloadFormat> from;
  if (testing::FileExists(dir + "/from")) {
    std::string name = testing::ReadFile(dir + "/from");
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    from = PayloadFormatNamed(name);
    ASSERT_TRUE(from.has_value()) << name;
  }
  std::optional<ImportedPayload> imported;
  // The patch's problems are reported for the file "patch", as PatchOverrides reports them.
  auto read_payload = [&](const std::string& path, const std::string& file) -> std::string {
    const std::string text = testing::ReadFile(path);
    if (!from) return text;
    Diagnostics found;
    Result<ImportedPayload> result = ImportPayload(*from, text, &*model, found);
    for (Diagnostic d : found) {
      d.file = file;
      diags.Add(std::move(d));
    }
    if (!result.ok()) return "";
    imported.emplace(std::move(*result));
    return imported->overrides();
  };
  std::string overrides = read_payload(dir + "/overrides.json", "overrides");
  if (testing::FileExists(dir + "/patch.json")) {
    const std::string patch = read_payload(dir + "/patch.json", "patch");
    Result<std::string> patched = PatchOverrides(overrides, patch, diags);
    ASSERT_THAT(patched, IsOk()) << FormatText(diags);
    overrides = *patched;
    imported.reset();  // the patched document is both payloads': its pointers stay native
  }
  const DirectoryImageStore images(testing::FixturesDir() + "/images");
  // image-map.json maps URLs to files of fixtures/images, as --image-map does.
  MemoryImageFetcher urls;
  if (testing::FileExists(dir + "/image-map.json")) {
    rapidjson::Document map;
    map.Parse(testing::ReadFile(dir + "/image-map.json").c_str());
    ASSERT_TRUE(map.IsObject());
    for (const auto& m : map.GetObject()) {
      urls.Add(std::string(StringOf(m.name)),
               testing::ReadFile(testing::FixturesDir() + "/images/" + std::string(StringOf(m.value))));
    }
  }
  BuildOptions options{.validate = {.image_store = &images, .image_fetcher = &urls}, .timestamp = 1700000000};
  // The same build validating every rule over the whole pass, for the verdict and the bytes the
  // incremental validation must equal.
  BuildOptions full_options = options;
  full_options.validate.full_validation = true;
  Diagnostics full_diags = diags;
  auto build = [&](const BuildOptions& with, Diagnostics& found) {
    Result<std::string> built = from && overrides.empty()
                                    ? Result<std::string>(Status::InvalidPass("the payload was refused"))
                                    : model->Build(overrides, *signer, with, found);
    if (imported) imported->PointIntoPayload(found);
    return built;
  };
  Result<std::string> pkpass = build(options, diags);
  Result<std::string> full = build(full_options, full_diags);
  EXPECT_EQ(FormatJson(full_diags), FormatJson(diags));
  EXPECT_EQ(full.ok() ? *full : full.status().ToString(), pkpass.ok() ? *pkpass : pkpass.status().ToString());

  std::optional<std::string> pass_json, manifest;
  if (pkpass.ok()) {
    const auto entries = testing::ReadEntries(*pkpass);
    pass_json = testing::EntryBytes(entries, "pass.json");
    manifest = testing::EntryBytes(entries, "manifest.json");
    for (const auto& entry : entries) {
      if (entry.name.ends_with(".lproj/pass.strings")) {
        ExpectGolden(dir + "/expected/" + entry.name, entry.bytes);
      }
    }
    EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "");
    EXPECT_EQ(testing::ManifestFailure(entries), "");
  } else {
    EXPECT_EQ(pkpass.status().code(), StatusCode::kInvalidPass) << pkpass.status().ToString();
  }
  ExpectGolden(dir + "/expected/pass.json", pass_json);
  ExpectGolden(dir + "/expected/manifest.json", manifest);
  ExpectGolden(dir + "/expected/diagnostics.txt", FormatText(diags));
  ExpectGolden(dir + "/expected/diagnostics.json", FormatJson(diags) + "\n");
  ExpectGolden(dir + "/expected/overrides.json",
               from && !overrides.empty() ? std::optional<std::string>(overrides + "\n") : std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(testing::CaseNames()),
                         [](const auto& p) {
                           std::string name = p.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace pkpass
