// The archive writer gives the bytes libzip gives for the same files, order and time.
#include "emit/archive_writer.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <random>

#include "testing/archive.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

// The reference: the same files written through libzip, stored or deflated at its defaults.
std::string WriteWithLibzip(const std::vector<BundleFile>& files, std::int64_t mtime) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_source_keep(src);
  const std::time_t t = static_cast<std::time_t>(mtime);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const auto dos_time = static_cast<zip_uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  const auto dos_date = static_cast<zip_uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  for (const BundleFile& f : files) {
    zip_source_t* data = zip_source_buffer(za, f.bytes.data(), f.bytes.size(), 0);
    const zip_int64_t index = zip_file_add(za, std::string(f.path).c_str(), data, ZIP_FL_ENC_UTF_8);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(index), f.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    zip_file_set_dostime(za, static_cast<zip_uint64_t>(index), dos_time, dos_date, 0);
  }
  zip_close(za);
  zip_source_open(src);
  std::string out;
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  return out;
}

TEST(ArchiveWriterTest, MatchesLibzipByteForByte) {
  std::mt19937 random(42);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "word" + std::to_string(random() % 5000) + " ";
  const std::string png = testing::MakePng(375, 144);
  const std::string json = R"({"formatVersion":1,"description":"A pass","serialNumber":"S-1"})";
  const std::string strings = "\"member\" = \"MEMBER\";\n";
  const std::string empty;
  const std::string signature = png.substr(0, 1900);
  std::vector<BundleFile> files = {{"pass.json", json, "", true},
                                   {"en.lproj/pass.strings", strings, "", true},
                                   {"personalization.json", text, "", true},
                                   {"strip@2x.png", png, "", false},
                                   {"empty.txt", empty, "", true},
                                   {"signature", signature, "", false}};
  Result<std::string> ours = WriteArchive(files, 1700000000);
  ASSERT_THAT(ours, testing::IsOk());
  EXPECT_EQ(*ours, WriteWithLibzip(files, 1700000000));
  // Cached archive forms give the same bytes.
  std::vector<ArchiveForm> forms;
  for (const BundleFile& f : files) forms.push_back(MakeArchiveForm(f.bytes, f.compress));
  for (size_t i = 0; i < files.size(); ++i) files[i].archived = &forms[i];
  Result<std::string> cached = WriteArchive(files, 1700000000);
  ASSERT_THAT(cached, testing::IsOk());
  EXPECT_EQ(*cached, *ours);
  // Laid out in pieces, the stored PNG and the cached deflated forms are viewed, not copied, and
  // the pieces joined are the archive; laid out again in the same buffers, the same.
  ArchivePieces pieces;
  for (int round = 0; round < 2; ++round) {
    ASSERT_THAT(LayOutArchive(files, 1700000000, pieces), testing::IsOk());
    EXPECT_EQ(pieces.size, ours->size());
    EXPECT_EQ(pieces.Join(), *ours);
    auto viewed = [&](const char* data) {
      return std::any_of(pieces.pieces.begin(), pieces.pieces.end(),
                         [&](std::string_view p) { return p.data() == data; });
    };
    EXPECT_TRUE(viewed(png.data()));
    EXPECT_TRUE(viewed(forms[2].data.data()));  // personalization.json, deflated
  }
}

TEST(ArchiveWriterTest, ReadsBackWithEveryEntry) {
  const std::string png = testing::MakePng(29, 29);
  Result<std::string> zip = WriteArchive({{"pass.json", "{}", "", true}, {"icon.png", png, "", false}}, 0);
  ASSERT_THAT(zip, testing::IsOk());
  const auto entries = testing::ReadEntries(*zip);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "pass.json");
  EXPECT_EQ(entries[0].bytes, "{}");
  EXPECT_TRUE(entries[0].compressed);
  EXPECT_EQ(entries[1].bytes, png);
  EXPECT_FALSE(entries[1].compressed);
}

}  // namespace
}  // namespace pkpass
