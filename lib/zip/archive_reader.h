// Reading an untrusted ZIP: entry names checked before anything is extracted, entry count and
// sizes capped before decompression, only stored and deflated entries, CRCs checked by libzip.
#ifndef PKPASS_ZIP_ARCHIVE_READER_H_
#define PKPASS_ZIP_ARCHIVE_READER_H_

#include <map>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "pkpass/status.h"

namespace pkpass {

inline constexpr size_t kMaxArchiveEntries = 1024;
inline constexpr size_t kMaxArchiveEntryBytes = 16u << 20;
inline constexpr size_t kMaxArchiveTotalBytes = 64u << 20;

// What an archive may hold: a pass's limits by default.
struct ArchiveLimits {
  size_t bytes;        // the archive itself
  size_t entries;
  size_t entry_bytes;  // one entry, expanded
  size_t total_bytes;  // every entry, expanded
};
ArchiveLimits PassArchiveLimits();

// Reads the files of the archive `bytes` (within `limits`) into `files`, keyed by entry
// name; directory entries are skipped. Every entry's name, method and size is checked on the
// central directory before any entry is expanded. Returns false, with archive-invalid,
// archive-entry-unsafe or archive-entry-unsupported diagnostics, when the archive cannot be read
// safely; nothing is decompressed past the limits.
bool ReadArchive(std::string_view bytes, std::map<std::string, std::string>& files,
                 Diagnostics& diags, const ArchiveLimits& limits = PassArchiveLimits());

// Returns the file `name` of the archive `bytes` (stored or deflated, at most `max_bytes` once
// expanded) without reading the others. kInvalidArgument when the archive cannot be read or has
// no such file within the limits.
Result<std::string> ReadArchiveEntry(std::string_view bytes, const std::string& name,
                                     size_t max_bytes);

}  // namespace pkpass

#endif  // PKPASS_ZIP_ARCHIVE_READER_H_
