// The "images" override: Pass2U's whole-set rule, and each image source.
#include "resolve/images.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "model/model_loader.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/image_store.h"
#include "resolve/resolver.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::HasDiagnosticIn;

constexpr char kPassJson[] = R"({"formatVersion": 1, "passTypeIdentifier": "p", "teamIdentifier": "T",
  "serialNumber": "S", "organizationName": "O", "description": "D", "eventTicket": {}})";

class ImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diags;
    model_ = CompileModel({{"pass.json", kPassJson}, {"icon.png", "icon1"}, {"icon@2x.png", "icon2"},
                           {"logo.png", "logo1"}, {"strip.png", "strip1"},
                           {"en.lproj/strip.png", "strip-en"},
                           {"en.lproj/pass.strings", "\"a\" = \"b\";"}},
                          diags);
    ASSERT_NE(model_, nullptr) << FormatText(diags);
    thumbnail_hex_ = store_.AddPng("thumbnail-bytes");
    store_.Add("people/jane.png", "jane-bytes");
    fetcher_.Add("https://cdn.example/strip.png", "strip-by-url");
  }

  // Resolves overrides whose "images" is `images`; returns the pass's file names.
  std::vector<std::string> Resolve(const std::string& images, const ImageStore* store,
                                   const ImageFetcher* fetcher = nullptr) {
    diags_ = Diagnostics();
    rapidjson::Document overrides;
    overrides.Parse((R"({"images": )" + images + "}").c_str());
    pass_ = std::make_unique<ResolvedPass>();
    pkpass::Resolve(*model_, overrides, {.image_store = store, .image_fetcher = fetcher}, *pass_,
                    diags_);
    std::vector<std::string> names;
    for (const auto& [path, file] : pass_->files) names.push_back(path);
    return names;
  }
  std::vector<std::string> Resolve(const std::string& images) {
    return Resolve(images, &store_, &fetcher_);
  }

  std::string Bytes(const std::string& path) const { return pass_->files.at(path)->bytes; }

  std::shared_ptr<const Model::Impl> model_;
  MemoryImageStore store_;
  MemoryImageFetcher fetcher_;
  std::string thumbnail_hex_;
  std::unique_ptr<ResolvedPass> pass_;
  Diagnostics diags_;
};

TEST_F(ImagesTest, AbsentImagesKeepTheModelsSet) {
  diags_ = Diagnostics();
  rapidjson::Document overrides(rapidjson::kObjectType);
  ResolvedPass pass;
  pkpass::Resolve(*model_, overrides, {}, pass, diags_);
  EXPECT_EQ(pass.files.size(), 6u);
}

TEST_F(ImagesTest, TypesNotListedAreLeftOutLocalisedCopiesToo) {
  EXPECT_THAT(Resolve(R"([{"type": "icon"}])"),
              ElementsAre("en.lproj/pass.strings", "icon.png", "icon@2x.png"));
  EXPECT_TRUE(diags_.empty()) << FormatText(diags_);
}

TEST_F(ImagesTest, EmptyListLeavesNoImages) {
  EXPECT_THAT(Resolve("[]"), ElementsAre("en.lproj/pass.strings"));
}

TEST_F(ImagesTest, HexReadsFromStoreAndReplacesModelImagesOfThatType) {
  EXPECT_THAT(Resolve(R"([{"type": "icon"}, {"type": "strip", "hex": ")" + thumbnail_hex_ + R"("}])"),
              ElementsAre("en.lproj/pass.strings", "icon.png", "icon@2x.png", "strip.png"));
  EXPECT_EQ(Bytes("strip.png"), "thumbnail-bytes");
  EXPECT_EQ(pass_->files.at("strip.png")->sha1_hex, thumbnail_hex_);
  EXPECT_EQ(pass_->own_file_sources.at("strip.png"), "/images/1");
}

TEST_F(ImagesTest, UppercaseHexIsAccepted) {
  std::string upper = thumbnail_hex_;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Resolve(R"([{"type": "thumbnail", "hex": ")" + upper + R"("}])");
  EXPECT_TRUE(diags_.empty()) << FormatText(diags_);
}

TEST_F(ImagesTest, ScaleNamesTheVariant) {
  Resolve(R"([{"type": "thumbnail", "scale": 2, "path": "people/jane.png"},
              {"type": "thumbnail", "scale": 3, "data": "amFuZS1ieXRlcw=="}])");
  EXPECT_TRUE(diags_.empty()) << FormatText(diags_);
  EXPECT_EQ(Bytes("thumbnail@2x.png"), "jane-bytes");
  EXPECT_EQ(Bytes("thumbnail@3x.png"), "jane-bytes");
}

struct ImageRefusal {
  friend void PrintTo(const ImageRefusal& c, std::ostream* os) { *os << c.name; }
  const char* name;
  std::string images;
  std::string_view code;
  const char* pointer;
};

class ImageRefusalTest : public ImagesTest, public ::testing::WithParamInterface<ImageRefusal> {};

TEST_P(ImageRefusalTest, PointsIntoOverrides) {
  Resolve(GetParam().images);
  EXPECT_THAT(diags_, HasDiagnosticIn(GetParam().code, "overrides", GetParam().pointer));
  EXPECT_EQ(diags_.error_count(), 1u) << FormatText(diags_);
}

constexpr char kWrongHex[] = "0000000000000000000000000000000000000000";

INSTANTIATE_TEST_SUITE_P(
    Refusals, ImageRefusalTest,
    ::testing::Values(
        ImageRefusal{"HexUnknown", R"([{"type": "icon", "hex": ")" + std::string(kWrongHex) + R"("}])",
                     codes::kImageNotFound, "/images/0/hex"},
        ImageRefusal{"HexNotHex", R"([{"type": "icon", "hex": "xyz"}])", codes::kOverrideValue,
                     "/images/0/hex"},
        ImageRefusal{"PathEscapes", R"([{"type": "icon", "path": "../secret.png"}])",
                     codes::kImagePathUnsafe, "/images/0/path"},
        ImageRefusal{"PathEscapesInside", R"([{"type": "icon", "path": "people/../../x.png"}])",
                     codes::kImagePathUnsafe, "/images/0/path"},
        ImageRefusal{"PathAbsolute", R"([{"type": "icon", "path": "/etc/passwd"}])",
                     codes::kImagePathUnsafe, "/images/0/path"},
        ImageRefusal{"PathMissing", R"([{"type": "icon", "path": "people/john.png"}])",
                     codes::kImageNotFound, "/images/0/path"},
        ImageRefusal{"DataNotBase64", R"([{"type": "icon", "data": "***"}])",
                     codes::kImageDataInvalid, "/images/0/data"},
        ImageRefusal{"TwoSources", R"([{"type": "icon", "data": "aWNvbg==", "path": "a.png"}])",
                     codes::kImageSourceConflict, "/images/0/path"},
        ImageRefusal{"UnknownType", R"([{"type": "banner", "data": "aWNvbg=="}])",
                     codes::kImageTypeUnknown, "/images/0/type"},
        ImageRefusal{"NoType", R"([{"data": "aWNvbg=="}])", codes::kImageTypeUnknown,
                     "/images/0/type"},
        ImageRefusal{"BadScale", R"([{"type": "icon", "scale": 4, "data": "aWNvbg=="}])",
                     codes::kOverrideValue, "/images/0/scale"},
        ImageRefusal{"Duplicate", R"([{"type": "logo", "data": "bG9nbw=="}, {"type": "logo", "data": "bG9nbw=="}])",
                     codes::kImageDuplicate, "/images/1"},
        ImageRefusal{"KeepAndReplace", R"([{"type": "logo"}, {"type": "logo", "data": "bG9nbw=="}])",
                     codes::kImageDuplicate, "/images/1"},
        ImageRefusal{"KeepWhatModelLacks", R"([{"type": "footer"}])", codes::kImageNotInModel,
                     "/images/0/type"},
        ImageRefusal{"UnknownKey", R"([{"type": "icon", "href": "https://x"}])",
                     codes::kOverrideKeyUnknown, "/images/0/href"},
        ImageRefusal{"UrlUnmapped", R"([{"type": "icon", "url": "https://cdn.example/icon.png"}])",
                     codes::kImageUrlUnmapped, "/images/0/url"},
        ImageRefusal{"UrlNotHttp", R"([{"type": "icon", "url": "file:///etc/passwd"}])",
                     codes::kOverrideValue, "/images/0/url"},
        ImageRefusal{"UrlAndData", R"([{"type": "icon", "data": "aWNvbg==", "url": "https://x"}])",
                     codes::kImageSourceConflict, "/images/0/url"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST_F(ImagesTest, UrlIsAskedOfTheFetcher) {
  EXPECT_THAT(Resolve(R"([{"type": "icon"}, {"type": "strip", "url": "https://cdn.example/strip.png"}])"),
              ElementsAre("en.lproj/pass.strings", "icon.png", "icon@2x.png", "strip.png"));
  EXPECT_TRUE(diags_.empty()) << FormatText(diags_);
  EXPECT_EQ(Bytes("strip.png"), "strip-by-url");
  EXPECT_EQ(pass_->own_file_sources.at("strip.png"), "/images/1");
  Resolve(R"([{"type": "strip", "url": "https://cdn.example/strip.png"}])", &store_, nullptr);
  EXPECT_THAT(diags_, HasDiagnosticIn(codes::kImageUrlUnmapped, "overrides", "/images/0/url"));
}

TEST_F(ImagesTest, HexMustBeTheFilesSha1) {
  MemoryImageStore store;
  store.Add(std::string(kWrongHex) + ".png", "not what the name says");
  Resolve(R"([{"type": "icon", "hex": ")" + std::string(kWrongHex) + R"("}])", &store);
  EXPECT_THAT(diags_, HasDiagnosticIn(codes::kImageHashMismatch, "overrides", "/images/0/hex"));
}

TEST_F(ImagesTest, StoreIsRequiredForHexAndPath) {
  Resolve(R"([{"type": "icon", "path": "people/jane.png"}])", nullptr);
  EXPECT_THAT(diags_, HasDiagnosticIn(codes::kImageStoreMissing, "overrides", "/images/0/path"));
  Resolve(R"([{"type": "icon", "data": "aWNvbg=="}])", nullptr);
  EXPECT_TRUE(diags_.empty()) << FormatText(diags_);
}

TEST(DirectoryImageStoreTest, ReadsInsideAndRefusesLinksLeadingOut) {
  const std::string dir = testing::MakeTempDir("images");
  fs::create_directories(dir + "/store/sub");
  testing::WriteFile(dir + "/store/sub/a.png", "a");
  testing::WriteFile(dir + "/outside.png", "secret");
  fs::create_symlink(dir + "/outside.png", dir + "/store/link.png");
  fs::create_symlink("sub/a.png", dir + "/store/inner-link.png");
  const DirectoryImageStore store(dir + "/store");
  Result<std::string> inside = store.Read("sub/a.png", 100);
  ASSERT_THAT(inside, testing::IsOk());
  EXPECT_EQ(*inside, "a");
  EXPECT_THAT(store.Read("inner-link.png", 100), testing::IsOk());
  EXPECT_THAT(store.Read("link.png", 100),
              testing::StatusIs(StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("leads outside the image directory")));
  EXPECT_THAT(store.Read("sub", 100), testing::StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store.Read("nope.png", 100), testing::StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store.Read("sub/a.png", 0), testing::StatusIs(StatusCode::kIoError));
}

}  // namespace
}  // namespace pkpass
