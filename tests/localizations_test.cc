// Per-pass localisation: the overrides' "localizations" write strings and images into the pass's
// xx.lproj folders, merged with the model's and checked by the localisation rules.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "model/strings_file.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/image_store.h"
#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "resolve/localizations.h"
#include "testing/archive.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using testing::IsOk;
using testing::Pki;

constexpr char kPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "DEVTEAM001",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
  "locations": [{"latitude": 48.1, "longitude": 11.5, "relevantText": "near"}],
  "storeCard": {"primaryFields": [{"key": "name", "label": "name_label", "value": "Jane"}]}
})";

// Returns a UTF-8 pass.strings text as the UTF-16LE bytes, with a byte order mark, the library
// writes.
std::string Utf16(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

class LocalizationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
    ASSERT_THAT(signer, IsOk());
    signer_ = std::make_unique<Signer>(*signer);
    std::map<std::string, std::string> files = testing::IconFiles();
    files["pass.json"] = kPassJson;
    files["en.lproj/pass.strings"] = "\"name_label\" = \"NAME\";\n\"near\" = \"Nearby\";\n";
    files["de.lproj/pass.strings"] = "\"name_label\" = \"NAME\";\n\"near\" = \"In der N\\u00e4he\";\n";
    files["background.png"] = testing::MakePng(180, 220);
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_THAT(model, IsOk()) << FormatText(diags);
    model_ = std::make_unique<Model>(*model);
    fetcher_.Add("https://cdn.example/bg-en.png", testing::MakePng(180, 220));
    fetcher_.Add("https://cdn.example/bg-de.png", testing::MakeBlankPng(180, 220));
  }

  // Builds the pass; returns its entries, or nothing with the errors in errors_.
  std::vector<testing::ArchiveEntry> Build(const std::string& overrides) {
    diags_ = Diagnostics();
    BuildOptions options{.timestamp = 1700000000};
    options.validate.image_fetcher = &fetcher_;
    Result<std::string> pkpass = model_->Build(overrides, *signer_, options, diags_);
    errors_ = testing::ErrorsOf(diags_);
    return pkpass.ok() ? testing::ReadEntries(*pkpass) : std::vector<testing::ArchiveEntry>{};
  }

  std::unique_ptr<Signer> signer_;
  std::unique_ptr<Model> model_;
  MemoryImageFetcher fetcher_;
  Diagnostics diags_;
  std::string errors_;
};

TEST_F(LocalizationsTest, StringsMergeWithTheModelsFolders) {
  const auto entries = Build(R"({"localizations": {
      "en": {"strings": {"near": "English Notification"}},
      "de": {"strings": {"near": "Deutsche Nachricht"}}}})");
  ASSERT_FALSE(entries.empty()) << errors_;
  EXPECT_EQ(testing::EntryBytes(entries, "en.lproj/pass.strings"),
            Utf16("\"name_label\" = \"NAME\";\n\"near\" = \"English Notification\";\n"));
  EXPECT_EQ(testing::EntryBytes(entries, "de.lproj/pass.strings"),
            Utf16("\"name_label\" = \"NAME\";\n\"near\" = \"Deutsche Nachricht\";\n"));
}

TEST_F(LocalizationsTest, AFolderTheModelLacksIsMadeAndChecked) {
  // es gets every key the others have: the pass is whole.
  auto entries = Build(R"({"localizations": {"es": {"strings": {"name_label": "NOMBRE", "near": "Cerca"}}}})");
  ASSERT_FALSE(entries.empty()) << errors_;
  EXPECT_EQ(testing::EntryBytes(entries, "es.lproj/pass.strings"),
            Utf16("\"name_label\" = \"NOMBRE\";\n\"near\" = \"Cerca\";\n"));
  // es lacks "near": the localisation rules refuse it, at the pass's entry.
  Build(R"({"localizations": {"es": {"strings": {"name_label": "NOMBRE"}}}})");
  EXPECT_EQ(errors_, "lproj-strings-differ at overrides:/localizations/es/strings");
}

TEST_F(LocalizationsTest, QuotesAndNewlinesAreEscaped) {
  const auto entries = Build(R"({"localizations": {"en": {"strings": {"near": "say \"hi\"\nnow \\ then"}}}})");
  ASSERT_FALSE(entries.empty()) << errors_;
  EXPECT_EQ(testing::EntryBytes(entries, "en.lproj/pass.strings"),
            Utf16("\"name_label\" = \"NAME\";\n\"near\" = \"say \\\"hi\\\"\\nnow \\\\ then\";\n"));
}

TEST_F(LocalizationsTest, ImagesPerLanguageReplaceTheTopLevelOne) {
  const auto entries = Build(R"({"localizations": {
      "en": {"images": [{"type": "background", "url": "https://cdn.example/bg-en.png"}]},
      "de": {"images": [{"type": "background", "url": "https://cdn.example/bg-de.png"}]}}})");
  ASSERT_FALSE(entries.empty()) << errors_;
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  EXPECT_EQ(std::count(names.begin(), names.end(), "background.png"), 0);
  EXPECT_EQ(testing::EntryBytes(entries, "en.lproj/background.png"), testing::MakePng(180, 220));
  EXPECT_EQ(testing::EntryBytes(entries, "de.lproj/background.png"), testing::MakeBlankPng(180, 220));
}

TEST_F(LocalizationsTest, ImagesMissingFromAFolderAreRefused) {
  Build(R"({"localizations": {"en": {"images": [{"type": "background", "url": "https://cdn.example/bg-en.png"}]}}})");
  EXPECT_EQ(errors_, "lproj-images-differ at de.lproj:");
}

TEST_F(LocalizationsTest, RefusesWhatIsNotALocalisation) {
  Build(R"({"localizations": {"xx": {"strings": {"near": "?"}}}})");
  EXPECT_EQ(errors_, "localization-language-unknown at overrides:/localizations/xx");
  Build(R"({"localizations": {"english": {}}})");
  EXPECT_EQ(errors_, "localization-language-unknown at overrides:/localizations/english");
  Build(R"({"localizations": {"en": {"strings": {"near": 3}, "colors": {}}}})");
  EXPECT_EQ(errors_, "override-type at overrides:/localizations/en/strings/near; "
                     "override-key-unknown at overrides:/localizations/en/colors");
  Build(R"({"localizations": {"en": {"images": [{"type": "background"}]}}})");
  EXPECT_EQ(errors_, "image-source-conflict at overrides:/localizations/en/images/0");
  Build(R"({"localizations": {"en": {"images": [{"type": "background", "url": "https://cdn.example/none.png"}]}}})");
  EXPECT_EQ(errors_, "image-url-unmapped at overrides:/localizations/en/images/0/url");
  Build(R"({"localizations": []})");
  EXPECT_EQ(errors_, "override-type at overrides:/localizations");
}

TEST(LanguageCodeTest, KnowsIso639WithScriptAndRegion) {
  EXPECT_TRUE(IsLanguageCode("en"));
  EXPECT_TRUE(IsLanguageCode("zh-Hans"));
  EXPECT_TRUE(IsLanguageCode("pt_BR"));
  EXPECT_TRUE(IsLanguageCode("haw"));
  EXPECT_FALSE(IsLanguageCode("xx"));
  EXPECT_FALSE(IsLanguageCode("EN"));
  EXPECT_FALSE(IsLanguageCode("en-"));
  EXPECT_FALSE(IsLanguageCode("../en"));
  EXPECT_FALSE(IsLanguageCode(""));
}

TEST(MergeStringsTest, OwnValuesReplaceInPlaceAndNewKeysFollow) {
  const StringsFile base = ReadStringsFile("\"a\" = \"1\";\n/* c */ \"b\" = \"2\";\n");
  EXPECT_EQ(MergeStrings(&base, {{"c", "3"}, {"a", "one"}}),
            Utf16("\"a\" = \"one\";\n\"b\" = \"2\";\n\"c\" = \"3\";\n"));
  EXPECT_EQ(MergeStrings(nullptr, {{"k", "\xC3\xA9"}}), std::string("\xFF\xFE\"\0k\0\"\0 \0=\0 \0\"\0\xE9\0\"\0;\0\n\0", 24));
}

}  // namespace
}  // namespace pkpass
