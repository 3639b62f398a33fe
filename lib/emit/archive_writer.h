// The .pkpass archive: a ZIP (through libzip) with every file at the root, in the order given,
// PNGs stored and JSON deflated, every entry stamped with one modification time.
#ifndef PKPASS_EMIT_ARCHIVE_WRITER_H_
#define PKPASS_EMIT_ARCHIVE_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "emit/bundle.h"
#include "pkpass/status.h"

namespace pkpass {

// Returns the ZIP holding `files` in order, each with the modification time `mtime` (seconds
// since the Unix epoch, written as a UTC MS-DOS date; before 1980 becomes 1980-01-01).
// kArchiveError when libzip fails.
Result<std::string> WriteArchive(const std::vector<BundleFile>& files, std::int64_t mtime);

}  // namespace pkpass

#endif  // PKPASS_EMIT_ARCHIVE_WRITER_H_
