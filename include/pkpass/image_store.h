// ImageStore: where the images named by overrides come from, the offline form of Pass2U's
// "Upload pass image": {"type": "thumbnail", "hex": "<sha1>"} names the file "<sha1>.png", and
// {"path": "..."} a file by its path. Implementations must be safe to read from several threads
// at once; both provided here are.
#ifndef PKPASS_IMAGE_STORE_H_
#define PKPASS_IMAGE_STORE_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

class PKPASS_EXPORT ImageStore {
 public:
  virtual ~ImageStore() = default;
  // Returns the bytes of the file at `path`, a relative "/"-separated path that pkpass has
  // already checked has no "..", no absolute start and no backslash. kNotFound when there is no
  // such file; kInvalidArgument when it is not a regular file inside the store; kIoError when it
  // is larger than `max_bytes` (it is then not read) or cannot be read (with the reason).
  virtual Result<std::string> Read(std::string_view path, size_t max_bytes) const = 0;
};

// Files under a directory. Symbolic links that lead outside the directory are refused.
class PKPASS_EXPORT DirectoryImageStore : public ImageStore {
 public:
  explicit DirectoryImageStore(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override;

 private:
  std::string dir_;
};

// Files held in memory. Fill it before sharing it between threads.
class PKPASS_EXPORT MemoryImageStore : public ImageStore {
 public:
  // Stores `bytes` under `path`.
  void Add(std::string path, std::string bytes) { files_[std::move(path)] = std::move(bytes); }
  // Stores `bytes` under "<sha1>.png", as Pass2U's upload does, and returns the SHA-1 hex.
  std::string AddPng(std::string bytes);
  Result<std::string> Read(std::string_view path, size_t max_bytes) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace pkpass

#endif  // PKPASS_IMAGE_STORE_H_
