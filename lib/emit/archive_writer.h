// The .pkpass archive (PKWARE APPNOTE 6.3): a ZIP with every file at the root, in the order
// given, each file stored or deflated as its BundleFile says (a pass deflates only its model's
// text files, once, when the model loads), every entry stamped with one modification time.
//
// The bytes are those libzip writes for the same files (a test holds the two writers to it):
// version made by 0x033F (UNIX), version needed 20 (deflate) or 10 (stored), general purpose
// flag 0x2 (level 9) on deflated entries and 0x800 for a non-ASCII name, sizes and CRC in the
// local header (no data descriptor), no extra fields, external attributes 0100666 << 16, then
// the central directory and the end record. No ZIP64: an archive over 4 GiB is refused.
// pkpass writes the archive itself rather than through libzip because libzip sets up zlib anew
// for every deflated entry of every pass (most of a pass's time besides its signature); here the
// model's files arrive already in archive form and one zlib stream per thread is reused.
#ifndef PKPASS_EMIT_ARCHIVE_WRITER_H_
#define PKPASS_EMIT_ARCHIVE_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "emit/bundle.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/status.h"

namespace pkpass {

// Returns the ZIP holding `files` in order, each with the modification time `mtime` (seconds
// since the Unix epoch, written as a UTC MS-DOS date; before 1980 becomes 1980-01-01).
// kArchiveError when the archive would need ZIP64 or compression fails.
Result<std::string> WriteArchive(const std::vector<BundleFile>& files, std::int64_t mtime);

// The same archive as WriteArchive's, laid out in `out` (ArchivePieces, pkpass/prepared_pass.h):
// headers in its scratch buffer, the files' bytes (or their ArchiveForm's) by view. The views
// into `files` stay valid as long as the files' bytes and forms do.
Status LayOutArchive(const std::vector<BundleFile>& files, std::int64_t mtime, ArchivePieces& out);

}  // namespace pkpass

#endif  // PKPASS_EMIT_ARCHIVE_WRITER_H_
