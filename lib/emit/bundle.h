// BundleFile: one file of a pass as the emit stages see it.
#ifndef PKPASS_EMIT_BUNDLE_H_
#define PKPASS_EMIT_BUNDLE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "zip/zip_format.h"

namespace pkpass {

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
