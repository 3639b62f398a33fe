// Reading an untrusted ZIP: entry names checked before anything is extracted, entry count and
// sizes capped before decompression, CRCs checked by libzip.
#ifndef PKPASS_VERIFY_ARCHIVE_READER_H_
#define PKPASS_VERIFY_ARCHIVE_READER_H_

#include <map>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"

namespace pkpass {

inline constexpr size_t kMaxArchiveEntries = 1024;
inline constexpr size_t kMaxArchiveEntryBytes = 16u << 20;
inline constexpr size_t kMaxArchiveTotalBytes = 64u << 20;

// Reads the files of the archive `bytes` into `files`, keyed by entry name; directory entries
// are skipped. Returns false, with archive-invalid or archive-entry-unsafe diagnostics, when the
// archive cannot be read safely; nothing is decompressed past the limits.
bool ReadArchive(std::string_view bytes, std::map<std::string, std::string>& files,
                 Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VERIFY_ARCHIVE_READER_H_
