// The tool's output files: written from pieces with writev, complete, with the umask's mode.
#include "pkpass/files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <string_view>
#include <vector>

#include "testing/files.h"
#include "testing/matchers.h"

namespace pkpass {
namespace {

TEST(OutputDirTest, WritesPiecesBeyondOneWritevInOrder) {
  const std::string dir = testing::MakeTempDir("output-file");
  // More pieces than one writev takes (IOV_MAX, 1024), empty ones among them, and one large
  // piece, so that the kernel may also write part of a call.
  std::vector<std::string> owned;
  for (int i = 0; i < 2500; ++i) owned.push_back(i % 7 == 0 ? "" : std::to_string(i) + ",");
  owned.push_back(std::string(3 << 20, 'z'));
  std::vector<std::string_view> pieces(owned.begin(), owned.end());
  std::string joined;
  for (std::string_view p : pieces) joined += p;

  const OutputDir out(dir);
  ASSERT_THAT(out.Write("a.pkpass", std::span<const std::string_view>(pieces)), testing::IsOk());
  EXPECT_EQ(testing::ReadFile(dir + "/a.pkpass"), joined);
  struct stat st;
  ASSERT_EQ(stat((dir + "/a.pkpass").c_str(), &st), 0);
  const mode_t mask = umask(0);
  umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666u & ~mask);
}

}  // namespace
}  // namespace pkpass
