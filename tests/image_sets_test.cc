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
  return R"({"formatVersion":1,"passTypeIdentifier":"pass.com.example.images","teamIdentifier":"TEAM123456",)"
         R"("serialNumber":"S-1","organizationName":"Example","description":"Images",)"
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
  EXPECT_THAT(small->notes, ::testing::ElementsAre(HasSubstr("the 200x100 image was enlarged 563% for @3x and will "
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

}  // namespace
}  // namespace pkpass
