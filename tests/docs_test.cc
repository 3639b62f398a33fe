// The code blocks of README.md and docs/*.md, so that no example can go stale: each block says
// what it is, shell blocks run against the built tool (a document's blocks in order, in one
// folder holding the fixtures and a throwaway identity in id/), JSON blocks parse, and C++ blocks
// are whole programs that tests/CMakeLists.txt builds and runs as docs_example_N.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "testing/files.h"

namespace pkpass {
namespace {

struct Block {
  std::string file;
  size_t line = 0;  // of the opening fence
  std::string info;
  std::string body;
};

// The fenced blocks of the markdown file `path`.
std::vector<Block> BlocksOf(const std::string& path) {
  std::vector<Block> blocks;
  std::istringstream in(testing::ReadFile(path));
  std::string line;
  std::optional<Block> open;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (!line.starts_with("```")) {
      if (open) open->body += line + "\n";
      continue;
    }
    if (open) {
      blocks.push_back(std::move(*open));
      open.reset();
    } else {
      open = Block{path, number, line.substr(3), ""};
    }
  }
  EXPECT_FALSE(open.has_value()) << path << ": a block is never closed";
  return blocks;
}

std::vector<std::string> Documents() {
  std::vector<std::string> files = {std::string(PKPASS_SOURCE_DIR) + "/README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PKPASS_SOURCE_DIR) + "/docs")) {
    if (entry.path().extension() == ".md") files.push_back(entry.path().string());
  }
  std::sort(files.begin() + 1, files.end());
  return files;
}

bool ParsesAsJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  return !doc.HasParseError() && (doc.IsObject() || doc.IsArray());
}

class DocsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    ASSERT_NE(tool, nullptr) << "PKPASS_BUILD_TOOL is not set";
    tool_dir_ = std::filesystem::path(tool).parent_path().string();
    dir_ = testing::MakeTempDir("docs");
    std::filesystem::create_directory_symlink(testing::FixturesDir(), dir_ + "/fixtures");
    const testing::CommandResult identity = Run("pkpass-build dev-identity --out-dir id");
    ASSERT_EQ(identity.exit_code, 0) << identity.out;
  }

  testing::CommandResult Run(const std::string& script) {
    testing::WriteFile(dir_ + "/block.sh", script);
    return testing::RunCommand("cd " + dir_ + " && PATH=" + tool_dir_ + ":$PATH sh -e block.sh 2>&1");
  }

  std::string tool_dir_, dir_;
};

TEST_P(DocsTest, EveryBlockRuns) {
  const std::vector<Block> blocks = BlocksOf(GetParam());
  for (size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    const std::string where = b.file + ":" + std::to_string(b.line);
    if (b.info == "sh" && b.file.ends_with("/README.md") && i == 0) {
      // The two commands: CI runs the second; both are the project's scripts.
      EXPECT_EQ(b.body.substr(0, b.body.find(' ')), "bash") << where;
      EXPECT_TRUE(b.body.starts_with("bash scripts/demo.sh ")) << where;
      EXPECT_NE(b.body.find("\nbash scripts/test.sh "), std::string::npos) << where;
      EXPECT_THAT(testing::ReadFile(std::string(PKPASS_SOURCE_DIR) + "/.ci/run"), ::testing::HasSubstr("bash scripts/test.sh"));
    } else if (b.info == "sh") {
      const testing::CommandResult r = Run(b.body);
      EXPECT_EQ(r.exit_code, 0) << where << "\n" << b.body << "\n" << r.out;
    } else if (b.info == "json") {
      EXPECT_TRUE(ParsesAsJson(b.body)) << where << "\n" << b.body;
    } else if (b.info == "ndjson") {
      std::istringstream lines(b.body);
      for (std::string line; std::getline(lines, line);) EXPECT_TRUE(ParsesAsJson(line)) << where << ": " << line;
    } else if (b.info != "cpp" && b.info != "text") {
      ADD_FAILURE() << where << ": a block is sh, cpp, json, ndjson or text, not \"" << b.info << "\"";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Docs, DocsTest, ::testing::ValuesIn(Documents()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

// tests/CMakeLists.txt built every C++ block as a docs_example_N test.
TEST(DocsExamplesTest, EveryCppBlockIsBuilt) {
  size_t blocks = 0;
  for (const std::string& file : Documents()) {
    for (const Block& b : BlocksOf(file)) blocks += b.info == "cpp";
  }
  EXPECT_EQ(blocks, static_cast<size_t>(PKPASS_DOC_EXAMPLES));
  EXPECT_GE(blocks, 2u);
}

}  // namespace
}  // namespace pkpass
