// BundleFile: one file of a pass as the emit stages see it.
#ifndef PKPASS_EMIT_BUNDLE_H_
#define PKPASS_EMIT_BUNDLE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace pkpass {

// A file's form inside the archive: its CRC-32 and the bytes stored for it (deflated or as is).
// The model's files carry theirs from loading, so a pass recompresses none of them.
struct ArchiveForm {
  std::string data;        // deflated bytes, or empty when the file is stored as is
  std::uint32_t crc32 = 0;
  bool deflated = false;
};

// Returns `bytes` in archive form: deflated (raw deflate, level 9, as libzip writes) when
// `compress`, else stored.
ArchiveForm MakeArchiveForm(std::string_view bytes, bool compress);

struct BundleFile {
  std::string_view path;      // relative to the archive root, "/"-separated
  std::string_view bytes;
  std::string_view sha1_hex;  // lowercase SHA-1 of `bytes`
  bool compress = false;      // deflate in the archive; else stored
  // The archive form computed in advance, or nullptr to compute it while writing.
  const ArchiveForm* archived = nullptr;
};

}  // namespace pkpass

#endif  // PKPASS_EMIT_BUNDLE_H_
