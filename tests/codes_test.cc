// The table of diagnostic codes against the sources: every code the header names is in the table,
// documented, emitted by the library or the tool with the severity the table gives, and
// expected by some test or golden file.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "pkpass/diagnostic_codes.h"
#include "testing/files.h"

namespace pkpass {
namespace {

// The text of every file under `dir` (of the source tree) whose name ends in one of `suffixes`,
// keyed by path, leaving out the files named in `skip`.
std::map<std::string, std::string> Sources(const std::string& dir, const std::set<std::string>& suffixes,
                                           const std::set<std::string>& skip = {}) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(PKPASS_SOURCE_DIR) + "/" + dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || skip.contains(name)) continue;
    for (const std::string& suffix : suffixes) {
      if (name.ends_with(suffix)) out[entry.path().string()] = testing::ReadFile(entry.path().string());
    }
  }
  return out;
}

// Whether `text` names `code` as a whole word ("json-syntax" but not "json-syntax-x").
bool MentionsCode(const std::string& text, const std::string& code) {
  const auto part = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  for (size_t at = text.find(code); at != std::string::npos; at = text.find(code, at + 1)) {
    const size_t end = at + code.size();
    if ((at == 0 || !part(text[at - 1])) && (end == text.size() || !part(text[end]))) return true;
  }
  return false;
}

// The constants of the header: name -> code.
std::map<std::string, std::string> HeaderConstants() {
  const std::string header = testing::ReadFile(std::string(PKPASS_SOURCE_DIR) + "/include/pkpass/diagnostic_codes.h");
  const std::regex constant(R"re(std::string_view (k\w+) = "([a-z0-9-]+)";)re");
  std::map<std::string, std::string> out;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), constant); it != std::sregex_iterator(); ++it) {
    out[(*it)[1]] = (*it)[2];
  }
  return out;
}

TEST(CodesTest, TableHoldsEveryCodeOnceWithItsMeaning) {
  const std::map<std::string, std::string> constants = HeaderConstants();
  std::set<std::string> header_codes;
  for (const auto& [name, code] : constants) header_codes.insert(code);
  std::set<std::string> table_codes;
  const std::set<std::string_view> areas = {"report", "json", "model", "overrides", "batch", "pass", "fields",
                                            "relevance", "semantics", "barcodes", "signing", "images",
                                            "localization", "import", "archive"};
  for (const CodeInfo& row : Codes()) {
    EXPECT_TRUE(table_codes.insert(std::string(row.code)).second) << row.code << " is in the table twice";
    EXPECT_TRUE(areas.contains(row.area)) << row.code << ": area " << row.area;
    EXPECT_GT(row.meaning.size(), 10u) << row.code;
    EXPECT_TRUE(row.meaning.ends_with(".")) << row.code << ": " << row.meaning;
    EXPECT_EQ(row.meaning.find("--"), std::string_view::npos) << row.code << " names a flag: " << row.meaning;
    EXPECT_EQ(FindCode(row.code), &row);
  }
  EXPECT_EQ(table_codes, header_codes);
  EXPECT_EQ(FindCode("no-such-code"), nullptr);
  EXPECT_EQ(Codes().size(), 155u);
}

// Installed headers speak of the library only: no tool flags, no documents outside the repository.
TEST(CodesTest, PublicHeadersNameNoFlagsAndNoOutsideDocuments) {
  for (const auto& [path, text] : Sources("include/pkpass", {".h"})) {
    EXPECT_EQ(text.find("spec §"), std::string::npos) << path;
    EXPECT_EQ(text.find("DESIGN.md"), std::string::npos) << path;
  }
}

TEST(CodesTest, EveryCodeIsEmittedWithTheTablesSeverity) {
  std::map<std::string, std::string> sources = Sources("lib", {".cc", ".h"}, {"diagnostic_codes.cc"});
  sources.merge(Sources("tools", {".cc", ".h"}));
  for (const auto& [name, code] : HeaderConstants()) {
    bool used = false, as_error = false, as_warning = false;
    for (const auto& [path, text] : sources) {
      used = used || text.find("codes::" + name) != std::string::npos;
      as_error = as_error || std::regex_search(text, std::regex("Error\\(\\s*codes::" + name + "\\b"));
      as_warning = as_warning || std::regex_search(text, std::regex("Warning\\(\\s*codes::" + name + "\\b"));
    }
    EXPECT_TRUE(used) << code << " is emitted nowhere";
    const CodeInfo* row = FindCode(code);
    ASSERT_NE(row, nullptr) << code;
    if (as_warning && !as_error) {
      EXPECT_EQ(row->severity, Severity::kWarning) << code;
    } else if (as_error && !as_warning) {
      EXPECT_EQ(row->severity, Severity::kError) << code;
    } else if (as_error && as_warning) {
      EXPECT_NE(row->meaning.find("warning"), std::string_view::npos) << code << " is both: say when it is which";
    }
  }
}

TEST(CodesTest, EveryCodeIsExpectedBySomeTest) {
  std::map<std::string, std::string> tests = Sources("tests", {".cc", ".sh", ".json", ".ndjson", ".txt"},
                                                     {"codes_test.cc"});
  tests.merge(Sources("fixtures", {".json", ".ndjson", ".txt"}));
  for (const auto& [name, code] : HeaderConstants()) {
    bool expected = false;
    for (const auto& [path, text] : tests) {
      expected = expected || MentionsCode(text, code) || text.find("codes::" + name) != std::string::npos;
    }
    EXPECT_TRUE(expected) << code << " is expected by no test";
  }
}

}  // namespace
}  // namespace pkpass
