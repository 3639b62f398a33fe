#include <gtest/gtest.h>

#include <sys/resource.h>

#include <filesystem>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "testing/files.h"
#include "testing/matchers.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::StatusIs;

constexpr char kPassJson[] = R"({"formatVersion": 1, "generic": {}})";

// Copies the coffee model into a fresh folder a test may spoil.
std::string CopyOfCoffee() {
  const std::string dir = testing::MakeTempDir("model") + "/coffee.pass";
  fs::copy(testing::ModelDir("coffee.pass"), dir, fs::copy_options::recursive);
  return dir;
}

TEST(ModelLoaderTest, LoadsImagesAndLocalisationFolders) {
  Diagnostics diags;
  Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), diags);
  ASSERT_THAT(model, IsOk());
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
  EXPECT_THAT(model->file_names(),
              ElementsAre("en.lproj/pass.strings", "fr.lproj/pass.strings", "icon.png",
                          "icon@2x.png", "icon@3x.png", "logo.png", "logo@2x.png", "logo@3x.png",
                          "strip.png", "strip@2x.png", "strip@3x.png"));
}

// Makes `path` a sparse file of `size` bytes: no disk, and no memory unless it is read.
void Sparse(const std::string& path, std::uintmax_t size) {
  testing::WriteFile(path, "");
  fs::resize_file(path, size);
}

// Peak resident memory of this process, in KiB.
long PeakRssKib() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The limits are checked on the listing: 80 sparse files of 16 MiB (1.25 GiB, which the loader
// once read whole before refusing) are refused without one byte of them being read.
TEST(ModelLoaderTest, RefusesAModelOverItsLimitsFromTheListing) {
  const std::string dir = CopyOfCoffee();
  for (int i = 0; i < 80; ++i) Sparse(dir + "/f" + std::to_string(i) + ".png", 16u << 20);
  const long before = PeakRssKib();
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_LT(PeakRssKib() - before, 64 * 1024);
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelTooLarge, "", ""));
  EXPECT_THAT(diags.items()[0].message, ::testing::StartsWith("the model's files are 1342"));
}

TEST(ModelLoaderTest, RefusesAFileOverItsLimitFromTheListing) {
  const std::string dir = CopyOfCoffee();
  Sparse(dir + "/background.png", (16u << 20) + 1);
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelTooLarge, "background.png", ""));
}

TEST(ModelLoaderTest, RefusesTooManyFilesFromTheListing) {
  const std::string dir = CopyOfCoffee();
  for (int i = 0; i < 600; ++i) testing::WriteFile(dir + "/f" + std::to_string(i) + ".txt", "");
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelTooLarge, "", ""));
  EXPECT_EQ(diags.items().back().message, "the model has more than 512 files");
}

TEST(ModelLoaderTest, MissingDirectoryIsNotFound) {
  Diagnostics diags;
  EXPECT_THAT(Model::Load("/nonexistent/model.pass", diags), StatusIs(StatusCode::kNotFound));
}

TEST(ModelLoaderTest, RefusesSymlink) {
  const std::string dir = CopyOfCoffee();
  fs::create_symlink("/etc/passwd", dir + "/thumbnail.png");
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelSymlink, "thumbnail.png", ""));
}

TEST(ModelLoaderTest, RefusesJunkFilesAndFolders) {
  const std::string dir = CopyOfCoffee();
  testing::WriteFile(dir + "/.DS_Store", "junk");
  fs::create_directory(dir + "/__MACOSX");
  testing::WriteFile(dir + "/en.lproj/._pass.strings", "junk");
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelJunkFile, ".DS_Store", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelJunkFile, "__MACOSX", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelJunkFile, "en.lproj/._pass.strings", ""));
  EXPECT_EQ(diags.error_count(), 3u);
}

TEST(ModelLoaderTest, RefusesFoldersOtherThanLproj) {
  const std::string dir = CopyOfCoffee();
  fs::create_directories(dir + "/images");
  fs::create_directories(dir + "/en.lproj/nested");
  Diagnostics diags;
  EXPECT_THAT(Model::Load(dir, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelPathUnsafe, "images", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelPathUnsafe, "en.lproj/nested", ""));
}

TEST(ModelLoaderTest, LeavesOutUnknownFilesWithWarning) {
  const std::string dir = CopyOfCoffee();
  testing::WriteFile(dir + "/README.txt", "notes");
  Diagnostics diags;
  Result<Model> model = Model::Load(dir, diags);
  ASSERT_THAT(model, IsOk());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].severity, Severity::kWarning);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelFileIgnored, "README.txt", ""));
  EXPECT_EQ(model->file_names().size(), 11u);
}

struct PathCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const PathCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  const char* path;
  std::string_view code;
};

class ModelPathTest : public ::testing::TestWithParam<PathCase> {};

TEST_P(ModelPathTest, RefusesUnsafeNamesInMemory) {
  const PathCase& c = GetParam();
  Diagnostics diags;
  EXPECT_THAT(Model::FromFiles({{"pass.json", kPassJson}, {c.path, "x"}}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(c.code, c.path, ""));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ModelPathTest,
    ::testing::Values(PathCase{"DotDot", "../icon.png", codes::kModelPathUnsafe},
                      PathCase{"LprojDotDot", "en.lproj/../../icon.png", codes::kModelPathUnsafe},
                      PathCase{"Absolute", "/etc/icon.png", codes::kModelPathUnsafe},
                      PathCase{"Backslash", "en.lproj\\icon.png", codes::kModelPathUnsafe},
                      PathCase{"ControlCharacter", "icon\n.png", codes::kModelPathUnsafe},
                      PathCase{"NotLproj", "images/icon.png", codes::kModelPathUnsafe},
                      PathCase{"MacOsxFolder", "__MACOSX/icon.png", codes::kModelJunkFile},
                      PathCase{"DsStore", "en.lproj/.DS_Store", codes::kModelJunkFile}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ModelLoaderTest, RequiresPassJson) {
  Diagnostics diags;
  EXPECT_THAT(Model::FromFiles({{"icon.png", "x"}}, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelPassJsonMissing, "pass.json", ""));
}

TEST(ModelLoaderTest, ReportsMalformedPassJsonAndModelJson) {
  Diagnostics diags;
  EXPECT_THAT(Model::FromFiles({{"pass.json", "{\"a\": 1,}"}, {"model.json", "[]"}}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonSyntax, "pass.json", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonNotObject, "model.json", ""));
}

TEST(ModelLoaderTest, RefusesOversizeFile) {
  Diagnostics diags;
  EXPECT_THAT(Model::FromFiles({{"pass.json", kPassJson}, {"strip.png", std::string(17u << 20, 'x')}},
                               diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelTooLarge, "strip.png", ""));
}

}  // namespace
}  // namespace pkpass
