// Independent checks of a built .pkpass: entries read with libzip in archive order, the
// signature checked by the openssl command line, every manifest entry re-hashed.
#ifndef PKPASS_TESTS_TESTING_ARCHIVE_H_
#define PKPASS_TESTS_TESTING_ARCHIVE_H_

#include <string>
#include <utility>
#include <vector>

namespace pkpass::testing {

struct ArchiveEntry {
  std::string name;
  std::string bytes;
  bool compressed = false;
  long mtime = 0;  // the modification time as libzip reads it
};

// Returns the entries of the ZIP `bytes` in archive order; fails the test when it is unreadable.
std::vector<ArchiveEntry> ReadEntries(const std::string& bytes);

// Returns the content of entry `name`, or "" when absent.
std::string EntryBytes(const std::vector<ArchiveEntry>& entries, const std::string& name);

// Runs `openssl cms -verify -binary -inform DER -content manifest.json -purpose any` against
// the test PKI root (or the PEM file `root`); returns openssl's output when it fails, "" when it verifies.
std::string OpenSslVerifyFailure(const std::vector<ArchiveEntry>& entries, const std::string& root = "");

// Returns "" when manifest.json lists every entry but manifest.json and signature with the
// right SHA-1 and nothing else, else a description of the first difference.
std::string ManifestFailure(const std::vector<ArchiveEntry>& entries);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_TESTING_ARCHIVE_H_
