// Images from any upload: decoding each format pkpass reads, the PNG sets a style needs made from
// a JPEG and from a 2048x2048 PNG (compared with a golden file by dimensions and pixel statistics,
// and validated as a model's images with no warning), uploads stored by SHA-1, and the refusal
// of oversized and corrupt images before decoding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "image/raster.h"
#include "pkpass/images.h"
#include "pkpass/model.h"
#include "testing/files.h"
#include "testing/images.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/archive.h"
#include "testing/test_pki.h"
#include <openssl/evp.h>
#include "pkpass/signer.h"
#include "pkpass/image_store.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

using ::testing::HasSubstr;

bool Updating() {
  const char* v = std::getenv("PKPASS_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

TEST(DecodeImageTest, ReadsEveryFormatWithItsPixels) {
  const Raster pattern = testing::TestPattern(64, 48);
  const testing::PixelStats want = testing::StatsOf(pattern);
  struct Case {
    std::string bytes;
    ImageFormat format;
    int tolerance;  // JPEG is lossy, GIF has 252 colours
  };
  for (const Case& c : {Case{EncodePng(pattern), ImageFormat::kPng, 0},
                        Case{testing::EncodeJpeg(pattern), ImageFormat::kJpeg, 3},
                        Case{testing::EncodeBmp(pattern), ImageFormat::kBmp, 0},
                        Case{testing::EncodeGif(pattern), ImageFormat::kGif, 12}}) {
    SCOPED_TRACE(std::string(ImageFormatName(c.format)));
    const DecodedImage decoded = DecodeImage(c.bytes);
    ASSERT_EQ(decoded.problem, PngInfo::Problem::kNone) << decoded.detail;
    EXPECT_EQ(decoded.format, c.format);
    const testing::PixelStats got = testing::StatsOf(decoded.raster);
    EXPECT_EQ(got.width, 64u);
    EXPECT_EQ(got.height, 48u);
    EXPECT_NEAR(got.r, want.r, c.tolerance);
    EXPECT_NEAR(got.g, want.g, c.tolerance);
    EXPECT_NEAR(got.b, want.b, c.tolerance);
    EXPECT_EQ(got.a, 255);
  }
}

// A header claiming `side` x `side` pixels over a few bytes of data.
std::string JpegHeader(std::uint16_t width, std::uint16_t height) {
  std::string jpeg = "\xFF\xD8";
  jpeg += std::string("\xFF\xC0\x00\x11\x08", 5);
  jpeg.push_back(static_cast<char>(height >> 8));
  jpeg.push_back(static_cast<char>(height & 0xff));
  jpeg.push_back(static_cast<char>(width >> 8));
  jpeg.push_back(static_cast<char>(width & 0xff));
  jpeg += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
  jpeg += std::string(64, '\0');
  return jpeg;
}

std::string GifHeader(std::uint16_t width, std::uint16_t height) {
  std::string gif = "GIF89a";
  gif.push_back(static_cast<char>(width & 0xff));
  gif.push_back(static_cast<char>(width >> 8));
  gif.push_back(static_cast<char>(height & 0xff));
  gif.push_back(static_cast<char>(height >> 8));
  gif += std::string("\x80\x00\x00", 3) + std::string(6, '\0') + ",";
  gif += std::string(4, '\0');
  gif.push_back(static_cast<char>(width & 0xff));
  gif.push_back(static_cast<char>(width >> 8));
  gif.push_back(static_cast<char>(height & 0xff));
  gif.push_back(static_cast<char>(height >> 8));
  gif += std::string("\x00\x02\x02\x4c\x01\x00;", 7);
  return gif;
}

TEST(DecodeImageTest, RefusesBombsFromTheirHeader) {
  const std::string png = testing::MakePngHeaderOnly(100000, 100000);
  for (const auto& [name, bytes, detail] :
       {std::tuple{"PNG", png, "100000x100000"},
        std::tuple{"JPEG", JpegHeader(65500, 65500), "65500x65500"},
        std::tuple{"GIF", GifHeader(65535, 65535), "65535x65535"}}) {
    SCOPED_TRACE(name);
    const DecodedImage decoded = DecodeImage(bytes);
    EXPECT_EQ(decoded.problem, PngInfo::Problem::kTooLarge);
    EXPECT_THAT(decoded.detail, HasSubstr("the image is " + std::string(detail) + " pixels; the limit is 4096"));
    EXPECT_TRUE(decoded.raster.rgba.empty());
    Result<ImageSet> set = MakeImageSet(bytes, {"logo", ""});
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(DecodeImageTest, ShareOfThePixelBudgetIsTakenBeforeDecoding) {
  PixelBudget budget{1000};
  const DecodedImage decoded = DecodeImage(testing::EncodeJpeg(testing::TestPattern(40, 30)), &budget);
  EXPECT_EQ(decoded.problem, PngInfo::Problem::kOverBudget);
  EXPECT_EQ(budget.pixels, 1000u);
  EXPECT_EQ(DecodeImage(testing::EncodeGif(testing::TestPattern(20, 30)), &budget).problem, PngInfo::Problem::kNone);
  EXPECT_EQ(budget.pixels, 400u);
}

TEST(DecodeImageTest, RefusesAHuffmanTableOfMoreThan256Symbols) {
  // stb_image 2.27 writes past its table for such a JPEG (found by fuzz/jpeg_fuzzer.cc).
  std::string jpeg = testing::EncodeJpeg(testing::TestPattern(16, 16));
  const size_t dht = jpeg.find("\xFF\xC4");
  ASSERT_NE(dht, std::string::npos);
  for (size_t k = 1; k <= 16; ++k) jpeg[dht + 4 + k] = '\x20';
  const DecodedImage decoded = DecodeImage(jpeg);
  EXPECT_EQ(decoded.problem, PngInfo::Problem::kCorrupt);
  EXPECT_EQ(decoded.detail, "the JPEG header is malformed: a Huffman table has more than 256 symbols");
  // Before the frame header, where reading the header alone meets it; and cut short, where stb
  // reads the missing counts as zeros.
  const std::string early = std::string("\xFF\xD8\xFF\xC4\x00\x13\x00", 7) + std::string(16, '\x20');
  EXPECT_EQ(DecodeImage(early).detail, "the JPEG header is malformed: a Huffman table has more than 256 symbols");
  EXPECT_EQ(DecodeImage(early.substr(0, 20)).detail,
            "the JPEG header is malformed: a Huffman table has more than 256 symbols");
}

TEST(DecodeImageTest, FuzzersFindingsAreHandled) {
  const std::string dir = testing::FixturesDir() + "/images/regressions";
  size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    // Refused, or decoded as garbage within its dimensions, as stb decodes a damaged JPEG.
    const DecodedImage decoded = DecodeImage(testing::ReadFile(entry.path().string()));
    if (entry.path().filename().string().starts_with("jpeg-huffman")) {
      EXPECT_EQ(decoded.problem, PngInfo::Problem::kCorrupt) << entry.path();
    } else if (decoded.problem == PngInfo::Problem::kNone) {
      EXPECT_EQ(decoded.raster.rgba.size(), size_t{decoded.raster.width} * decoded.raster.height * 4);
    }
    ++seen;
  }
  EXPECT_GE(seen, 1u);
}

TEST(DecodeImageTest, ReportsCorruptAndUnknownData) {
  std::string gif = testing::EncodeGif(testing::TestPattern(8, 8)).substr(0, 20);
  EXPECT_EQ(DecodeImage(gif).problem, PngInfo::Problem::kCorrupt);
  EXPECT_THAT(DecodeImage(gif).detail, HasSubstr("the GIF is truncated or corrupt"));
  const DecodedImage text = DecodeImage("<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  EXPECT_EQ(text.problem, PngInfo::Problem::kNotPng);
  EXPECT_EQ(text.detail, "the file is no PNG, JPEG, GIF or BMP image");
}

// The pass.json of a model of `style` with no image of its own.
std::string PassJson(const std::string& style) {
  return R"({"formatVersion":1,"passTypeIdentifier":")" + std::string(testing::kPassTypeId) +
         R"(","teamIdentifier":")" + testing::kTeamId + R"(","serialNumber":"S-1","organizationName":"Example","description":"Images",)"
         R"("barcodes":[{"format":"PKBarcodeFormatQR","message":"M","messageEncoding":"iso-8859-1"}],")" +
         style + R"(":{)" + (style == "boardingPass" ? R"("transitType":"PKTransitTypeAir")" : "") + "}}";
}

struct StyleCase {
  std::string name;  // the golden file's name
  std::string style;
  std::vector<std::string> types;
};

class ImageSetGoldenTest : public ::testing::TestWithParam<StyleCase> {};

TEST_P(ImageSetGoldenTest, JpegAndLargePngMakeSetsThatValidateWithNoWarning) {
  const StyleCase& c = GetParam();
  static const std::map<std::string, std::string> sources = {
      {"photo.jpg", testing::EncodeJpeg(testing::TestPattern(1200, 800))},
      {"square.png", EncodePng(testing::TestPattern(2048, 2048, /*disc=*/true))}};
  std::string golden;
  for (const auto& [source, bytes] : sources) {
    std::map<std::string, std::string> files = {{"pass.json", PassJson(c.style)}};
    for (const std::string& type : c.types) {
      Result<ImageSet> set = MakeImageSet(bytes, {type, c.style});
      ASSERT_TRUE(set.ok()) << type << ": " << set.status().message();
      ASSERT_EQ(set->files.size(), 3u);
      for (const ImageSetFile& f : set->files) {
        const testing::PixelStats stats = testing::StatsOfPng(f.png);
        EXPECT_EQ(stats.width, f.width);
        EXPECT_EQ(stats.height, f.height);
        golden += source + " " + f.name + " " + stats.str() + "\n";
        files[f.name] = f.png;
      }
      for (const std::string& note : set->notes) golden += source + " " + type + " note: " + note + "\n";
    }
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_TRUE(model.ok()) << model.status().message() << "\n" << FormatText(diags);
    ASSERT_TRUE(model->Validate({}, diags).ok()) << FormatText(diags);
    EXPECT_EQ(diags.size(), 0u) << source << ":\n" << FormatText(diags);
  }
  const std::string path = testing::FixturesDir() + "/images/derived/" + c.name + ".txt";
  if (Updating()) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    testing::WriteFile(path, golden);
    return;
  }
  ASSERT_TRUE(testing::FileExists(path)) << path << " is missing; run with PKPASS_UPDATE_GOLDENS=1";
  EXPECT_EQ(golden, testing::ReadFile(path));
}

INSTANTIATE_TEST_SUITE_P(
    EveryStyle, ImageSetGoldenTest,
    ::testing::Values(StyleCase{"boardingPass", "boardingPass", {"icon", "logo", "footer"}},
                      StyleCase{"coupon", "coupon", {"icon", "logo", "strip"}},
                      StyleCase{"eventTicket", "eventTicket", {"icon", "logo", "background", "thumbnail"}},
                      StyleCase{"eventTicket-strip", "eventTicket", {"icon", "logo", "strip"}},
                      StyleCase{"generic", "generic", {"icon", "logo", "thumbnail"}},
                      StyleCase{"storeCard", "storeCard", {"icon", "logo", "strip"}}),
    [](const auto& param) {
      std::string name = param.param.name;
      std::erase(name, '-');
      return name;
    });

TEST(ImageSetTest, FitsCropsAndPadsAsWalletShows) {
  const std::string wide = testing::EncodeJpeg(testing::TestPattern(1200, 300));
  Result<ImageSet> logo = MakeImageSet(wide, {"logo", ""});
  ASSERT_TRUE(logo.ok()) << logo.status().message();
  EXPECT_EQ(logo->source_format, "JPEG");
  // 4:1 inside 160x50 points: the width decides.
  EXPECT_EQ(testing::StatsOfPng(logo->files[0].png).str().substr(0, 6), "160x40");
  EXPECT_EQ(logo->files[1].name, "logo@2x.png");
  EXPECT_EQ(logo->files[1].width, 320u);
  EXPECT_EQ(logo->files[1].height, 80u);
  EXPECT_EQ(logo->files[2].width, 480u);
  EXPECT_TRUE(logo->notes.empty());
  Result<ImageSet> thumb = MakeImageSet(wide, {"thumbnail", "generic"});
  ASSERT_TRUE(thumb.ok());
  // 4:1 fits as 90x23 and is padded to 3:2, the widest shape Wallet shows whole.
  EXPECT_EQ(thumb->files[0].width, 90u);
  EXPECT_EQ(thumb->files[0].height, 60u);
  EXPECT_THAT(thumb->notes, ::testing::ElementsAre(HasSubstr("centred on a transparent 270x180 canvas")));
  Result<ImageSet> strip = MakeImageSet(wide, {"strip", "eventTicket"});
  ASSERT_TRUE(strip.ok());
  EXPECT_EQ(strip->files[2].width, 1125u);
  EXPECT_EQ(strip->files[2].height, 294u);
  EXPECT_THAT(strip->notes, ::testing::ElementsAre("cropped to Apple's 375x98 shape as Wallet would: 52 pixels of "
                                                   "the source's width left out, half from each side"));
  Result<ImageSet> small = MakeImageSet(testing::EncodeJpeg(testing::TestPattern(200, 100)), {"strip", "coupon"});
  ASSERT_TRUE(small.ok());
  EXPECT_THAT(small->notes, ::testing::ElementsAre(HasSubstr("the 200x100 image was enlarged to 563% for @3x and will "
                                                             "look soft; give one of at least 1125x563 pixels"),
                                                   HasSubstr("23 pixels of the source's height left out")));
  Result<ImageSet> icon = MakeImageSet(testing::EncodeGif(testing::TestPattern(50, 100)), {"icon", ""});
  ASSERT_TRUE(icon.ok());
  EXPECT_EQ(icon->source_format, "GIF");
  const Raster icon3 = DecodeImage(icon->files[2].png).raster;
  EXPECT_EQ(icon3.width, 87u);
  EXPECT_EQ(icon3.height, 87u);
  EXPECT_EQ(icon3.rgba[3], 0) << "the corner is transparent padding";
  EXPECT_EQ(icon3.rgba[(43 * 87 + 43) * 4 + 3], 255) << "the centre is the image";
}

TEST(ImageSetTest, SaysWhatItNeeds) {
  const std::string jpeg = testing::EncodeJpeg(testing::TestPattern(100, 100));
  Result<ImageSet> no_style = MakeImageSet(jpeg, {"strip", ""});
  ASSERT_FALSE(no_style.ok());
  EXPECT_THAT(no_style.status().message(), HasSubstr("the size of a strip image depends on the pass style"));
  Result<ImageSet> unknown = MakeImageSet(jpeg, {"banner", ""});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("\"banner\" is no image of a pass"));
  Result<ImageSet> hidden = MakeImageSet(jpeg, {"strip", "boardingPass"});
  ASSERT_TRUE(hidden.ok());
  EXPECT_THAT(hidden->notes, ::testing::Contains(HasSubstr("a boardingPass does not show a strip image")));
  EXPECT_EQ(hidden->files[0].height, 123u);
  Result<ImageSet> too_big = MakeImageSet(std::string(kMaxUploadImageBytes + 1, 'x'), {"logo", ""});
  ASSERT_FALSE(too_big.ok());
  EXPECT_THAT(too_big.status().message(), HasSubstr("bytes; the limit is 16777216"));
}

TEST(StoreImageTest, StoresPngsAsTheyAreAndConvertsTheRest) {
  const std::string dir = testing::MakeTempDir("store-image");
  const std::string png = EncodePng(testing::TestPattern(30, 20));
  Result<std::string> hex = StoreImage(png, dir);
  ASSERT_TRUE(hex.ok()) << hex.status().message();
  EXPECT_EQ(*hex, Sha1Hex(png));
  EXPECT_EQ(testing::ReadFile(dir + "/" + *hex + ".png"), png);
  Result<std::string> from_jpeg = StoreImage(testing::EncodeJpeg(testing::TestPattern(30, 20)), dir);
  ASSERT_TRUE(from_jpeg.ok());
  const std::string stored = testing::ReadFile(dir + "/" + *from_jpeg + ".png");
  EXPECT_EQ(Sha1Hex(stored), *from_jpeg);
  EXPECT_EQ(SniffImageFormat(stored), ImageFormat::kPng);
  EXPECT_EQ(testing::StatsOfPng(stored).width, 30u);
  Result<std::string> junk = StoreImage("GIF89a", dir);
  ASSERT_FALSE(junk.ok());
  EXPECT_THAT(junk.status().message(), HasSubstr("the GIF header is malformed"));
}

std::string EncodeBase64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// The names and sizes of a set's images in `files`, "logo.png 160x40", in path order.
std::vector<std::string> ImagesOf(const std::map<std::string, std::string>& files, const std::string& type) {
  std::vector<std::string> out;
  for (const auto& [path, bytes] : files) {
    if (path.starts_with(type + ".") || path.starts_with(type + "@")) {
      const testing::PixelStats stats = testing::StatsOfPng(bytes);
      out.push_back(path + " " + std::to_string(stats.width) + "x" + std::to_string(stats.height));
    }
  }
  return out;
}

// The files of the pass `model` builds with `overrides`, signed by the test PKI.
std::map<std::string, std::string> BuiltFiles(const Model& model, const std::string& overrides,
                                              const ValidateOptions& validate, Diagnostics& diags) {
  const testing::TestPki& pki = testing::Pki();
  Result<Signer> signer = Signer::FromPem(pki.signer_pem, pki.signer_key_pem, pki.wwdr_pem);
  EXPECT_TRUE(signer.ok());
  BuildOptions options;
  options.validate = validate;
  options.timestamp = 1700000000;  // the same bytes for the same inputs
  Result<std::string> archive = model.Build(overrides, *signer, options, diags);
  std::map<std::string, std::string> files;
  if (!archive.ok()) {
    ADD_FAILURE() << archive.status().message() << "\n" << FormatText(diags);
    return files;
  }
  for (const testing::ArchiveEntry& entry : testing::ReadEntries(*archive)) files[entry.name] = entry.bytes;
  return files;
}

TEST(DeriveModelImagesTest, OneLargeImageOrAJpegBecomesTheSetWhenTheModelAsks) {
  std::map<std::string, std::string> files = {
      {"pass.json", PassJson("storeCard")},
      {"icon.png", EncodePng(testing::TestPattern(2048, 2048, true))},
      {"logo.jpg", testing::EncodeJpeg(testing::TestPattern(1200, 300))},
      {"strip@2x.png", EncodePng(testing::TestPattern(750, 288))},
      {"strip@3x.png", EncodePng(testing::TestPattern(1125, 432))}};
  // Without derive: the JPEG is left out, saying how to have it, and the lone icon is off size.
  Diagnostics plain;
  Result<Model> as_is = Model::FromFiles(files, plain);
  ASSERT_TRUE(as_is.ok()) << FormatText(plain);
  ASSERT_TRUE(as_is->Validate({}, plain).ok());
  EXPECT_THAT(FormatText(plain), HasSubstr("logo.jpg: warning: \"logo.jpg\" is a JPEG file and Wallet shows PNG images "
                                           "only; it is left out of passes. Convert it, or have pkpass make the PNG set "
                                           "(model.json \"images\": {\"derive\": true}, or --derive-images) "
                                           "[model-file-ignored]"));
  EXPECT_THAT(FormatText(plain), HasSubstr("icon.png: warning: the image is 2048x2048 pixels; Apple recommends 29x29"));
  for (const bool by_model_json : {false, true}) {
    SCOPED_TRACE(by_model_json ? "model.json" : "LoadOptions");
    std::map<std::string, std::string> with = files;
    LoadOptions options;
    if (by_model_json) {
      with["model.json"] = R"({"images": {"derive": true}})";
    } else {
      options.derive_images = true;
    }
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(with, diags, options);
    ASSERT_TRUE(model.ok()) << FormatText(diags);
    ASSERT_TRUE(model->Validate({}, diags).ok());
    EXPECT_EQ(diags.size(), 0u) << FormatText(diags);
    EXPECT_THAT(model->file_names(),
                ::testing::ElementsAre("icon.png", "icon@2x.png", "icon@3x.png", "logo.png", "logo@2x.png",
                                       "logo@3x.png", "strip@2x.png", "strip@3x.png"));
    Diagnostics built;
    const std::map<std::string, std::string> pass = BuiltFiles(*model, "", {}, built);
    EXPECT_THAT(ImagesOf(pass, "icon"), ::testing::ElementsAre("icon.png 29x29", "icon@2x.png 58x58", "icon@3x.png 87x87"));
    EXPECT_THAT(ImagesOf(pass, "logo"), ::testing::ElementsAre("logo.png 160x40", "logo@2x.png 320x80", "logo@3x.png 480x120"));
    // The designer's own two strips are kept as they are.
    EXPECT_EQ(pass.at("strip@2x.png"), files.at("strip@2x.png"));
  }
  Diagnostics bad;
  std::map<std::string, std::string> corrupt = files;
  corrupt["logo.jpg"] = corrupt["logo.jpg"].substr(0, 40);
  EXPECT_FALSE(Model::FromFiles(corrupt, bad, {.derive_images = true}).ok());
  EXPECT_THAT(FormatText(bad), HasSubstr("logo.jpg: error: cannot derive logo images from it: the JPEG header is "
                                         "malformed: unknown image type [image-corrupt]"));
}

TEST(DerivePassImagesTest, AnUploadWithoutScaleBecomesTheSetAndAJpegIsConverted) {
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = PassJson("storeCard");
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_TRUE(model.ok()) << FormatText(diags);
  MemoryImageStore store;
  // Pass2U's recommended 320x100 logo, uploaded as a PNG without a scale.
  const std::string hex = store.AddPng(EncodePng(testing::TestPattern(320, 100)));
  const std::string strip = EncodeBase64(testing::EncodeJpeg(testing::TestPattern(800, 400)));
  const std::string overrides = R"({"images": [{"type": "icon"}, {"type": "logo", "hex": ")" + hex +
                                R"("}, {"type": "strip", "data": ")" + strip + R"(", "scale": 2}]})";
  // As uploaded: the logo serves every scale as it is, and the JPEG strip is refused.
  Diagnostics plain;
  EXPECT_FALSE(model->Resolve(*ParsedOverrides::Parse(overrides, plain), {.image_store = &store}, plain).ok());
  EXPECT_THAT(FormatText(plain), HasSubstr("overrides:/images/2: error: strip@2x.png: a JPEG image, and Wallet shows "
                                           "PNGs only: convert it, or have pkpass make the PNG set (--derive-images, or "
                                           "model.json \"images\": {\"derive\": true}) [image-not-png]"));
  // Derived: the logo becomes its three scales and the strip a PNG of its scale's size.
  Diagnostics derived;
  const std::map<std::string, std::string> pass =
      BuiltFiles(*model, overrides, {.image_store = &store, .derive_images = true}, derived);
  EXPECT_EQ(derived.size(), 0u) << FormatText(derived);
  EXPECT_THAT(ImagesOf(pass, "logo"), ::testing::ElementsAre("logo.png 160x50", "logo@2x.png 320x100", "logo@3x.png 480x150"));
  EXPECT_THAT(ImagesOf(pass, "strip"), ::testing::ElementsAre("strip@2x.png 750x288"));
  EXPECT_THAT(ImagesOf(pass, "icon"), ::testing::ElementsAre("icon.png 29x29", "icon@2x.png 58x58", "icon@3x.png 87x87"));
  // A second pass takes the sets derived for the first (the model keeps them by the source's
  // SHA-1): the same bytes.
  Diagnostics again;
  EXPECT_EQ(BuiltFiles(*model, overrides, {.image_store = &store, .derive_images = true}, again), pass);
  // Pass2U's recommended 320x100 logo, as uploaded, is no size warning: it serves every scale.
  EXPECT_THAT(FormatText(plain), ::testing::Not(HasSubstr("logo")));
}

TEST(ImageCommandTest, WritesTheSetAndStoresUploads) {
  const char* tool = std::getenv("PKPASS_BUILD_TOOL");
  if (tool == nullptr) GTEST_SKIP() << "the tool is not built";
  const std::string dir = testing::MakeTempDir("image-command");
  testing::WriteFile(dir + "/upload.jpg", testing::EncodeJpeg(testing::TestPattern(1200, 800)));
  testing::CommandResult r = testing::RunCommand(std::string(tool) + " image " + dir +
                                                 "/upload.jpg --type logo --style storeCard -o " + dir + "/set");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, dir + "/upload.jpg: JPEG 1200x800\n  wrote " + dir + "/set/logo.png 75x50\n  wrote " + dir +
                       "/set/logo@2x.png 150x100\n  wrote " + dir + "/set/logo@3x.png 225x150\n");
  EXPECT_EQ(testing::StatsOfPng(testing::ReadFile(dir + "/set/logo@3x.png")).str().substr(0, 7), "225x150");
  r = testing::RunCommand(std::string(tool) + " image " + dir + "/upload.jpg --type strip --style coupon -o " + dir +
                          "/set --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr(R"("source":{"format":"JPEG","width":1200,"height":800},"files":[{"name":"strip.png",)"
                               R"("width":375,"height":144,)"));
  EXPECT_THAT(r.out, HasSubstr(R"("notes":["cropped to Apple's 375x144 shape as Wallet would)"));
  r = testing::RunCommand(std::string(tool) + " image add " + dir + "/upload.jpg --image-dir " + dir + "/store");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ASSERT_EQ(r.out.size(), 41u) << r.out;
  const std::string hex = r.out.substr(0, 40);
  EXPECT_EQ(Sha1Hex(testing::ReadFile(dir + "/store/" + hex + ".png")), hex);
  // Refusals: a bomb's header, and a type whose size needs the style.
  testing::WriteFile(dir + "/bomb.png", testing::MakePngHeaderOnly(100000, 100000));
  r = testing::RunCommand(std::string(tool) + " image " + dir + "/bomb.png --type icon -o " + dir + "/bomb");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "pkpass-build: " + dir + "/bomb.png: the image is 100000x100000 pixels; the limit is 4096 a side\n");
  EXPECT_FALSE(testing::FileExists(dir + "/bomb/icon.png"));
  r = testing::RunCommand(std::string(tool) + " image " + dir + "/upload.jpg --type strip -o " + dir + "/x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("the size of a strip image depends on the pass style"));
}

}  // namespace
}  // namespace pkpass
