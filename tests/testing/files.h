// File and process helpers for tests: fixtures, temp folders, running commands.
#ifndef PKPASS_TESTS_TESTING_FILES_H_
#define PKPASS_TESTS_TESTING_FILES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pkpass::testing {

// The source tree's fixtures/ folder.
std::string FixturesDir();
// The model folder fixtures/models/<name>.
std::string ModelDir(std::string_view name);
// The golden cases: the folders of fixtures/cases/, sorted.
std::vector<std::string> CaseNames();

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, std::string_view bytes);
bool FileExists(const std::string& path);

// Returns every file under `dir`, keyed by "/"-separated relative path.
std::map<std::string, std::string> ReadTree(const std::string& dir);

// Returns a new empty folder under the test temp dir, removed with what it holds when the test
// process ends (unless PKPASS_KEEP_TEST_DIRS is set).
std::string MakeTempDir(std::string_view tag);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr, interleaved
};
// Runs `command` through /bin/sh and returns its exit code and output.
CommandResult RunCommand(const std::string& command);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_FILES_H_
