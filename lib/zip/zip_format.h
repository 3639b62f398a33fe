// The ZIP format as passes use it (PKWARE APPNOTE 6.3, without ZIP64): the record signatures and
// fixed sizes both the writer (emit/) and the reader (zip/archive_reader) name, and a file's form
// inside an archive.
#ifndef PKPASS_ZIP_ZIP_FORMAT_H_
#define PKPASS_ZIP_ZIP_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pkpass::zip {

inline constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
inline constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
inline constexpr std::uint32_t kEndOfCentralDirectorySignature = 0x06054b50;

// The fixed part of each record, before its name.
inline constexpr size_t kLocalHeaderBytes = 30;
inline constexpr size_t kCentralHeaderBytes = 46;
inline constexpr size_t kEndOfCentralDirectoryBytes = 22;  // the smallest ZIP, an empty one

// Limits of a ZIP without ZIP64.
inline constexpr size_t kMaxEntries = 0xFFFF;
inline constexpr size_t kMaxNameBytes = 0xFFFF;

// General purpose flags and the "version needed" of stored and deflated entries.
inline constexpr std::uint16_t kFlagMaximumCompression = 0x2;
inline constexpr std::uint16_t kFlagUtf8 = 0x800;
inline constexpr std::uint16_t kVersionStored = 10;
inline constexpr std::uint16_t kVersionDeflated = 20;

}  // namespace pkpass::zip

namespace pkpass {

// A file's form inside the archive: its CRC-32 and the bytes stored for it (deflated or as is).
// The model's files carry theirs from loading, so a pass recompresses none of them.
struct ArchiveForm {
  std::string data;        // deflated bytes, or empty when the file is stored as is
  std::uint32_t crc32 = 0;
  bool deflated = false;
};

// Returns `bytes` in archive form: deflated (raw deflate, level 9, as libzip writes) when
// `compress`, else stored. Defined by the writer (emit/archive_writer.cc).
ArchiveForm MakeArchiveForm(std::string_view bytes, bool compress);

}  // namespace pkpass

#endif  // PKPASS_ZIP_ZIP_FORMAT_H_
