// PNG inspection and the image and localisation rules.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>

#include "image/png_inspector.h"
#include "model/model_loader.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/image_store.h"
#include "pkpass/model.h"
#include "resolve/resolver.h"
#include "testing/resolved.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "util/sha1.h"
#include "validate/validator.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::MakePng;

TEST(PngInspectorTest, ReadsDimensions) {
  const PngInfo info = InspectPng(MakePng(375, 144));
  EXPECT_EQ(info.problem, PngInfo::Problem::kNone) << info.detail;
  EXPECT_EQ(info.width, 375u);
  EXPECT_EQ(info.height, 144u);
}

TEST(PngInspectorTest, ZeroLengthIsNotPng) {
  EXPECT_EQ(InspectPng("").problem, PngInfo::Problem::kNotPng);
}

TEST(PngInspectorTest, JpegRenamedIsNotPng) {
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01", 13) + std::string(100, '\0');
  EXPECT_EQ(InspectPng(jpeg).problem, PngInfo::Problem::kNotPng);
}

TEST(PngInspectorTest, TruncatedIsCorrupt) {
  const std::string png = MakePng(90, 90);
  for (size_t keep : {size_t{8}, size_t{20}, size_t{40}, png.size() / 2, png.size() - 13}) {
    const PngInfo info = InspectPng(png.substr(0, keep));
    EXPECT_EQ(info.problem, PngInfo::Problem::kCorrupt) << keep;
    EXPECT_FALSE(info.detail.empty());
  }
}

TEST(PngInspectorTest, BadCrcInImageDataIsCorrupt) {
  std::string png = MakePng(90, 90);
  const size_t idat = png.find("IDAT");
  png[idat + 10] ^= 0x55;
  EXPECT_EQ(InspectPng(png).problem, PngInfo::Problem::kCorrupt);
}

TEST(PngInspectorTest, DecompressionBombIsRefusedBeforeDecoding) {
  const std::string bomb = testing::MakeBlankPng(20000, 20000);
  ASSERT_LT(bomb.size(), 1u << 20);  // a small file claiming 400 million pixels
  const PngInfo info = InspectPng(bomb);
  EXPECT_EQ(info.problem, PngInfo::Problem::kTooLarge);
  EXPECT_EQ(info.width, 20000u);
  EXPECT_EQ(info.height, 20000u);
}

// Found by the png fuzzer: a chunk declaring 1.9 GB in a file of a few hundred bytes had libpng
// allocate and clear that much (its size limit only warns) before finding the file too short.
TEST(PngInspectorTest, AChunkDeclaringMoreThanTheFileHoldsAllocatesNothing) {
  const std::string png = testing::MakePng(2, 2);
  const size_t after_ihdr = 8 + 8 + 13 + 4;
  for (const char* type : {"zTXt", "iCCP", "tEXt", "eXIf"}) {
    const std::string bomb = png.substr(0, after_ihdr) + std::string("\x75\x00\x00\x24", 4) + type +
                             "Comment" + png.substr(after_ihdr);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    const PngInfo info = InspectPng(bomb);
    getrusage(RUSAGE_SELF, &after);
    EXPECT_EQ(info.problem, PngInfo::Problem::kCorrupt) << type;
    EXPECT_EQ(info.detail, "the file ends before the image does") << type;
    EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 64 * 1024) << type;  // KiB
  }
}

// Four of the largest images fill the pixel budget; the fifth is not decoded.
TEST(PngInspectorTest, ImagesPastThePixelBudgetAreNotDecoded) {
  PixelBudget budget;
  for (int i = 0; i < 4; ++i) {
    const PngInfo info = InspectPng(testing::MakeBlankPng(4096, 4096), &budget);
    EXPECT_EQ(info.problem, PngInfo::Problem::kNone) << i;
  }
  EXPECT_EQ(budget.pixels, 0u);
  const PngInfo info = InspectPng(testing::MakeBlankPng(1, 1), &budget);
  EXPECT_EQ(info.problem, PngInfo::Problem::kOverBudget);
  EXPECT_EQ(info.detail, "decoding its 1 pixels would pass the limit of 67108864 decoded pixels "
                         "for all the images together");
}

// One image copied into every localisation folder is decoded once and counts once.
TEST(ImageInspectorTest, IdenticalFilesAreDecodedOnce) {
  ImageInspector images;
  const std::string big = testing::MakeBlankPng(4096, 4096);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(images.Inspect(big, Sha1Hex(big)).problem, PngInfo::Problem::kNone) << i;
  }
  const std::string other = testing::MakeBlankPng(4096, 4095);
  EXPECT_EQ(images.Inspect(other, Sha1Hex(other)).problem, PngInfo::Problem::kNone);
}

constexpr char kPassJson[] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.a",
  "teamIdentifier": "T1", "serialNumber": "S", "organizationName": "O", "description": "D",
  "%STYLE%": {}})";

// Validates a pass of `style` holding `files` (icons added unless given) and `overrides`.
Diagnostics ValidateFiles(std::map<std::string, std::string> files, std::string_view style = "eventTicket",
                          std::string_view overrides = "{}", bool icons = true) {
  std::string pass_json = kPassJson;
  pass_json.replace(pass_json.find("%STYLE%"), 7, style);
  if (icons) files.merge(testing::IconFiles());
  files["pass.json"] = pass_json;
  Diagnostics diags;
  auto model = CompileModel(files, diags);
  if (model == nullptr) return diags;
  rapidjson::Document doc;
  doc.Parse(overrides.data(), overrides.size());
  ResolvedPass pass;
  Resolve(*model, doc, {}, pass, diags);
  Validate(pass, nullptr, diags);
  return diags;
}

TEST(ImageRulesTest, WellSizedImagesPass) {
  EXPECT_TRUE(ValidateFiles({{"logo.png", MakePng(160, 50)}, {"logo@2x.png", MakePng(320, 100)},
                             {"strip.png", MakePng(375, 98)}, {"strip@3x.png", MakePng(1125, 294)}})
                  .empty());
}

TEST(ImageRulesTest, BrokenImagesAreErrorsInTheirFiles) {
  const std::string png = MakePng(90, 90);
  Diagnostics diags = ValidateFiles({{"thumbnail.png", png.substr(0, png.size() / 2)},
                                     {"background.png", "\xFF\xD8\xFF\xE0 not a png"},
                                     {"logo.png", ""},
                                     {"footer.png", testing::MakeBlankPng(20000, 20000)}});
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageCorrupt, "thumbnail.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageNotPng, "background.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageNotPng, "logo.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageTooLarge, "footer.png", ""));
}

TEST(ImageRulesTest, IconIsRequiredAndWantedAtEveryScale) {
  EXPECT_THAT(ValidateFiles({}, "eventTicket", "{}", false),
              HasDiagnosticIn(codes::kIconMissing, "icon.png", ""));
  Diagnostics diags = ValidateFiles({{"icon@2x.png", MakePng(58, 58)}}, "eventTicket", "{}", false);
  EXPECT_EQ(diags.error_count(), 0u);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kIconScaleMissing, "icon.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kIconScaleMissing, "icon@3x.png", ""));
}

TEST(ImageRulesTest, SizesOffAppleRecommendationWarn) {
  Diagnostics diags = ValidateFiles({{"logo.png", MakePng(200, 50)}, {"strip.png", MakePng(375, 123)}});
  EXPECT_EQ(diags.error_count(), 0u);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageSize, "logo.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageSize, "strip.png", ""));
  EXPECT_EQ(diags.size(), 2u) << FormatText(diags);
  // A 38-point icon (Apple's 2026 size) and a 375x123 store card strip are accepted.
  Diagnostics icon_2026 = ValidateFiles({{"icon.png", MakePng(38, 38)}, {"icon@2x.png", MakePng(76, 76)},
                                         {"icon@3x.png", MakePng(114, 114)}, {"strip.png", MakePng(375, 123)}},
                                        "storeCard");
  EXPECT_TRUE(icon_2026.empty()) << FormatText(icon_2026);
}

TEST(ImageRulesTest, ScaledVariantsMatchTheBase) {
  Diagnostics diags = ValidateFiles({{"logo.png", MakePng(100, 40)}, {"logo@2x.png", MakePng(150, 60)}});
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageScaleMismatch, "logo@2x.png", ""));
}

TEST(ImageRulesTest, StyleDecidesWhichImagesShow) {
  EXPECT_THAT(ValidateFiles({{"strip.png", MakePng(375, 123)}}, "generic"),
              HasDiagnosticIn(codes::kImageNotForStyle, "strip.png", ""));
  EXPECT_THAT(ValidateFiles({{"thumbnail.png", MakePng(90, 90)}}, "storeCard"),
              HasDiagnosticIn(codes::kImageNotForStyle, "thumbnail.png", ""));
  EXPECT_THAT(ValidateFiles({{"footer.png", MakePng(286, 15)}}, "coupon"),
              HasDiagnosticIn(codes::kImageNotForStyle, "footer.png", ""));
  EXPECT_TRUE(ValidateFiles({{"footer.png", MakePng(286, 15)}}, "boardingPass",
                            R"({"transitType": "PKTransitTypeAir"})").empty());
}

TEST(ImageRulesTest, EventTicketStripExcludesBackgroundAndThumbnail) {
  Diagnostics diags = ValidateFiles({{"strip.png", MakePng(375, 98)}, {"background.png", MakePng(180, 220)}});
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageStripConflict, "strip.png", ""));
}

TEST(ImageRulesTest, PerPassImagesPointIntoOverridesAndKeepUploadLimits) {
  MemoryImageStore store;
  const std::string big = store.AddPng(MakePng(1100, 10));
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.a", "teamIdentifier": "T1",
      "serialNumber": "S", "organizationName": "O", "description": "D", "eventTicket": {}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, testing::IsOk());
  const std::string overrides = R"({"images": [{"type": "icon"}, {"type": "thumbnail", "hex": ")" + big +
                                R"("}, {"type": "logo", "data": "bm90IGEgcG5n"}]})";
  EXPECT_THAT(testing::ResolveJson(*model, overrides, {.image_store = &store}, diags),
              testing::StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageUploadTooLarge, "overrides", "/images/1"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageNotPng, "overrides", "/images/2"));
}

std::string Utf16Le(std::u16string_view text) {
  std::string out = "\xFF\xFE";
  for (char16_t c : text) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}

TEST(LocalizationRulesTest, MatchingFoldersPass) {
  EXPECT_TRUE(ValidateFiles({{"en.lproj/pass.strings", "/* labels */\n\"member\" = \"MEMBER\";\n"},
                             {"fr.lproj/pass.strings", Utf16Le(u"\"member\" = \"MEMBRE \u00E9\";")},
                             {"en.lproj/logo.png", MakePng(160, 50)},
                             {"fr.lproj/logo.png", MakePng(160, 50)}})
                  .empty());
}

TEST(LocalizationRulesTest, FoldersMustAgree) {
  Diagnostics diags = ValidateFiles({{"en.lproj/pass.strings", "\"a\" = \"A\";\n\"b\" = \"B\";"},
                                     {"fr.lproj/pass.strings", "\"a\" = \"A\";"},
                                     {"de.lproj/logo.png", MakePng(160, 50)}});
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kLprojStringsDiffer, "fr.lproj/pass.strings", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kLprojStringsDiffer, "de.lproj/pass.strings", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kLprojImagesDiffer, "en.lproj", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kLprojImagesDiffer, "fr.lproj", ""));
  EXPECT_EQ(diags.size(), 4u) << FormatText(diags);
}

// A folder's report names its first ten missing keys and counts the rest: reporting stays linear
// in what the folders hold, however many keys one lacks.
TEST(LocalizationRulesTest, NamesTenMissingKeysAndCountsTheRest) {
  std::string strings;
  for (int i = 0; i < 50000; ++i) strings += "\"k" + std::to_string(100000 + i) + "\" = \"v\";\n";
  std::map<std::string, std::string> files = {{"en.lproj/pass.strings", strings}};
  for (int i = 0; i < 200; ++i) {  // "aa" to "hr", none of them "en"
    const std::string language = {static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
    if (language != "en") files[language + ".lproj/pass.strings"] = "\"k100003\" = \"v\";";
  }
  Diagnostics diags = ValidateFiles(files);
  EXPECT_EQ(diags.size(), 199u);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kLprojStringsDiffer, "ah.lproj/pass.strings", ""));
  EXPECT_EQ(diags.items()[0].message,
            "every pass.strings needs the same keys; this one lacks k100000, k100001, k100002, "
            "k100004, k100005, k100006, k100007, k100008, k100009, k100010 and 49989 more");
}

TEST(LocalizationRulesTest, StringsSyntaxAndEncoding) {
  Diagnostics bad = ValidateFiles({{"en.lproj/pass.strings", "\"a\" = \"A\"\n\"b\" = \"B\";"}});
  ASSERT_EQ(bad.size(), 1u) << FormatText(bad);
  EXPECT_THAT(bad, HasDiagnosticIn(codes::kStringsSyntax, "en.lproj/pass.strings", ""));
  EXPECT_THAT(bad.items()[0].message, ::testing::HasSubstr("line 2"));
  Diagnostics utf8 = ValidateFiles({{"fr.lproj/pass.strings", "\"a\" = \"\xC3\xA9t\xC3\xA9\";"}});
  ASSERT_EQ(utf8.size(), 1u) << FormatText(utf8);
  EXPECT_THAT(utf8, HasDiagnosticIn(codes::kStringsEncoding, "fr.lproj/pass.strings", ""));
}

TEST(LocalizationRulesTest, TopLevelImageHidesLocalisedOnes) {
  Diagnostics diags = ValidateFiles({{"logo.png", MakePng(160, 50)}, {"en.lproj/logo.png", MakePng(160, 50)}});
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageTopAndLproj, "en.lproj/logo.png", ""));
}

// Pass2U's recommended sizes for its uploads are @2x pixels (icon 58x58, thumbnail 180x180): a
// per-pass image given without a scale is checked at @2x, one given with "scale": 1 at @1x.
TEST(ImageRulesTest, AnUnscaledPerPassImageIsSizedForTwoX) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample",
      "teamIdentifier": "T", "serialNumber": "S-1", "organizationName": "Org", "description": "Card",
      "generic": {}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, testing::IsOk()) << FormatText(diags);
  MemoryImageStore store;
  const std::string hex = store.AddPng(testing::MakePng(180, 180));
  auto size_warnings = [&](const std::string& scale) {
    Diagnostics found;
    Result<std::string> pass = testing::ResolveJson(*model, 
        R"({"images": [{"type": "icon"}, {"type": "thumbnail", "hex": ")" + hex + "\"" + scale + "}]}",
        {.image_store = &store}, found);
    EXPECT_THAT(pass, testing::IsOk()) << FormatText(found);
    std::string warnings;
    for (const Diagnostic& d : found) {
      if (d.code == codes::kImageSize) warnings += d.file + ":" + d.pointer + " " + d.message + "\n";
    }
    return warnings;
  };
  EXPECT_EQ(size_warnings(""), "");
  EXPECT_EQ(size_warnings(R"(, "scale": 2)"), "");
  EXPECT_EQ(size_warnings(R"(, "scale": 1)"),
            "overrides:/images/1 thumbnail.png: the image is 180x180 pixels; Apple recommends at most 90x90 for a "
            "thumbnail at @1x; Wallet scales and crops it\n");
}

}  // namespace
}  // namespace pkpass
