// Inputs made to amplify work or escape a folder, met by the library: each is refused with its
// diagnostic, within its budget, before the work it would multiply.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <zlib.h>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/image_store.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "pkpass/verify.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/resolved.h"
#include "testing/test_pki.h"
#include "util/time_zone.h"

namespace pkpass {
namespace {

using testing::IsOk;
using testing::Pki;
using testing::StatusIs;
using ::testing::HasSubstr;

// Returns `png` with a private ancillary chunk of `bytes` bytes before its image data: a file
// that large whose pixels are small.
std::string Padded(const std::string& png, size_t bytes) {
  const size_t at = 8 + 25;  // signature, IHDR
  std::string chunk(4, '\0');
  chunk[0] = static_cast<char>(bytes >> 24);
  chunk[1] = static_cast<char>(bytes >> 16);
  chunk[2] = static_cast<char>(bytes >> 8);
  chunk[3] = static_cast<char>(bytes);
  std::string body = "zzPd" + std::string(bytes, 'x');
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  chunk += body;
  for (int shift : {24, 16, 8, 0}) chunk.push_back(static_cast<char>(crc >> shift));
  return png.substr(0, at) + chunk + png.substr(at);
}

// An image fetcher that counts what it is asked for.
class CountingFetcher : public ImageFetcher {
 public:
  explicit CountingFetcher(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<std::string> Fetch(std::string_view, size_t max_bytes) const override {
    ++calls;
    if (bytes_.size() > max_bytes) return Status::IoError("larger than " + std::to_string(max_bytes));
    return bytes_;
  }
  mutable std::atomic<int> calls{0};

 private:
  std::string bytes_;
};

constexpr char kPassJson[] = R"({
  "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "DEVTEAM001",
  "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
  "storeCard": {"primaryFields": [{"key": "name", "label": "Name", "value": "Jane"}]}
})";

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
    ASSERT_THAT(signer, IsOk());
    signer_ = std::make_unique<Signer>(*signer);
    std::map<std::string, std::string> files = testing::IconFiles();
    files["pass.json"] = kPassJson;
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_THAT(model, IsOk()) << FormatText(diags);
    model_ = std::make_unique<Model>(*model);
  }

  // Builds the pass; returns the archive, or "" with the errors in errors_.
  std::string Build(const std::string& overrides, const ImageFetcher* fetcher = nullptr) {
    Diagnostics diags;
    BuildOptions options{.timestamp = 1700000000};
    options.validate.image_fetcher = fetcher;
    Result<std::string> pkpass = model_->Build(overrides, *signer_, options, diags);
    errors_ = testing::ErrorsOf(diags);
    return pkpass.ok() ? *pkpass : "";
  }

  std::unique_ptr<Signer> signer_;
  std::unique_ptr<Model> model_;
  std::string errors_;
};

// 40 languages name one 2 MB background: it is fetched once, and the copies stop at the 24 MiB
// one pass's own images may hold, before the 80 MB they would make.
TEST_F(HostileTest, LocalisedImagesAreReadOncePerSourceAndBudgeted) {
  CountingFetcher fetcher(Padded(testing::MakePng(180, 220), 2'000'000));
  std::string overrides = R"({"localizations": {)";
  for (int i = 0; i < 40; ++i) {
    overrides += std::string(i ? "," : "") + "\"en-R" + std::to_string(10 + i) +
                 R"(": {"images": [{"type": "background", "url": "https://cdn.example/bg.png"}]})";
  }
  overrides += "}}";
  EXPECT_EQ(Build(overrides, &fetcher), "");
  EXPECT_EQ(errors_, "pass-too-large at overrides:/localizations/en-R22/images/0");
  EXPECT_EQ(fetcher.calls, 1);
  // Three languages fit: one fetch, three copies in the pass.
  CountingFetcher small(Padded(testing::MakePng(180, 220), 100'000));
  const std::string three = Build(R"({"localizations": {
      "en": {"images": [{"type": "background", "url": "https://cdn.example/bg.png"}]},
      "de": {"images": [{"type": "background", "url": "https://cdn.example/bg.png"}]},
      "fr": {"images": [{"type": "background", "url": "https://cdn.example/bg.png"}]}}})", &small);
  ASSERT_NE(three, "") << errors_;
  EXPECT_EQ(small.calls, 1);
  EXPECT_EQ(testing::EntryBytes(testing::ReadEntries(three), "fr.lproj/background.png").size(), 100'000u + 12 +
            testing::MakePng(180, 220).size());
}

// 1,030 language folders of strings make a pass of more files than verify reads: refused at
// build, as verify would refuse it.
TEST_F(HostileTest, APassOfMoreFilesThanVerifyReadsIsNotBuilt) {
  std::string overrides = R"({"localizations": {)";
  for (int i = 0; i < 1030; ++i) {
    const std::string region = {static_cast<char>('A' + i / 26 % 26), static_cast<char>('A' + i % 26)};
    overrides += std::string(i ? "," : "") + "\"" + (i < 676 ? "en" : "fr") + "-" + region +
                 R"(": {"strings": {"Name": "N"}})";
  }
  overrides += "}}";
  EXPECT_EQ(Build(overrides), "");
  EXPECT_EQ(errors_, "pass-too-large at :");
}

// Passcreator's localizedRelevantText is keyed by the location's text, once per language: a
// 300 KB text in 200 languages would write 60 MB of overrides and their origins. The import
// stops at its budget and refuses the payload as too large.
TEST(HostileImportTest, ARepeatedTextStopsAtTheImportBudget) {
  const std::string text(300'000, 'a');
  std::string languages;
  for (int i = 0; i < 200; ++i) {
    const std::string region = {static_cast<char>('A' + i / 26), static_cast<char>('A' + i % 26)};
    languages += std::string(i ? "," : "") + "\"en-" + region + "\": \"b\"";
  }
  const std::string payload = R"({"data": {"userProvidedId": "P-1", "locations": [{"latitude": 1, "longitude": 2, "relevantText": ")" +
                              text + R"(", "localizedRelevantText": {)" + languages + "}}]}}";
  Diagnostics diags;
  Result<ImportedPayload> imported = ImportPayload(PayloadFormat::kPasscreator, payload, nullptr, diags);
  EXPECT_EQ(testing::ErrorsOf(diags), "json-too-large at overrides:");
  ASSERT_TRUE(imported.ok());
  EXPECT_EQ(imported->overrides(), "{}");  // what was written is dropped, never a part of it
}

// The image map is read by the strict parser: 200,000 "[" are refused without recursion, a URL
// given twice is refused rather than one of them winning, and so is a control character.
TEST(FileMapImageFetcherTest, RefusesWhatIsNoMap) {
  EXPECT_THAT(FileMapImageFetcher::Parse(std::string(200'000, '['), "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("nested more than 64 levels deep")));
  EXPECT_THAT(FileMapImageFetcher::Parse(R"({"https://a/x.png": "x.png", "https://a/x.png": "y.png"})", "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("more than once")));
  EXPECT_THAT(FileMapImageFetcher::Parse(R"({"https://a/x.png": "x\u0007.png"})", "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("must be a path inside the map's folder")));
  EXPECT_THAT(FileMapImageFetcher::Parse(R"({"https://a/\nx.png": "x.png"})", "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("control character")));
  EXPECT_THAT(FileMapImageFetcher::Parse(R"({"https://a/x.png": "../x.png"})", "."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("inside the map's folder")));
  Result<FileMapImageFetcher> map = FileMapImageFetcher::Parse(R"({"https://a/x.png": "img/x.png"})", "/srv/m");
  ASSERT_THAT(map, IsOk());
  EXPECT_EQ(map->Files(), std::vector<std::string>{"/srv/m/img/x.png"});
}

// A store's file is opened beneath its folder: a link that stays inside is read, one that leads
// out is refused, and a folder is no image.
TEST(DirectoryImageStoreTest, OpensBeneathItsFolder) {
  namespace fs = std::filesystem;
  const std::string dir = testing::MakeTempDir("store");
  fs::create_directories(dir + "/in/sub");
  testing::WriteFile(dir + "/in/sub/a.png", "inside");
  testing::WriteFile(dir + "/secret", "outside");
  fs::create_symlink("sub/a.png", dir + "/in/link.png");
  fs::create_symlink("../secret", dir + "/in/out.png");
  fs::create_directory_symlink("..", dir + "/in/up");
  const DirectoryImageStore store(dir + "/in");
  EXPECT_EQ(*store.Read("sub/a.png", 100), "inside");
  EXPECT_EQ(*store.Read("link.png", 100), "inside");
  EXPECT_THAT(store.Read("out.png", 100), StatusIs(StatusCode::kInvalidArgument, HasSubstr("leads outside")));
  EXPECT_THAT(store.Read("up/secret", 100), StatusIs(StatusCode::kInvalidArgument, HasSubstr("leads outside")));
  EXPECT_THAT(store.Read("sub", 100), StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a regular file")));
  EXPECT_THAT(store.Read("none.png", 100), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store.Read("sub/a.png", 3), StatusIs(StatusCode::kIoError, HasSubstr("the limit is 3")));
}

// A report keeps the first diagnostics of a record and counts the rest.
TEST(FirstDiagnosticsTest, KeepsTheFirstAndCountsTheRest) {
  Diagnostics many;
  for (int i = 0; i < 30; ++i) many.Error(codes::kOverrideType, "overrides", "/" + std::to_string(i), std::string(2000, 'm'));
  const Diagnostics first = FirstDiagnostics(many, 20, 100);
  ASSERT_EQ(first.size(), 21u);
  EXPECT_EQ(first.items()[19].pointer, "/19");
  EXPECT_EQ(first.items()[19].message, std::string(100, 'm') + "\u2026");
  EXPECT_EQ(first.items()[20].code, codes::kDiagnosticsOmitted);
  EXPECT_EQ(first.items()[20].message, "and 10 more");
  EXPECT_EQ(first.error_count(), 21u);
  EXPECT_EQ(FirstDiagnostics(first, 30, 100).size(), 21u);
}

// "localtime" is the host's zone, not a place's: the same pass would say another time elsewhere.
TEST(TimeZoneTest, TheHostsZoneIsNoZone) {
  EXPECT_FALSE(IsZoneName("localtime"));
  EXPECT_FALSE(IsZoneName("posixrules"));
  EXPECT_FALSE(IsZoneName("right/Europe/Berlin"));
  EXPECT_TRUE(IsZoneName("Europe/Berlin"));
  EXPECT_EQ(InZone("localtime", {2025, 1, 1, 12, 0, 0}).kind, ZonedTime::Kind::kUnknownZone);
}

}  // namespace
}  // namespace pkpass
