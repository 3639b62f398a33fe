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
#include <vector>

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

// Files under a directory. A path is opened beneath the directory in one step (openat2 with
// RESOLVE_BENEATH; where the kernel lacks it, component by component without following links),
// so a symbolic link that leads outside, even one swapped in while it is read, is refused; the
// size is checked on the opened file, before it is read.
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

// Images the overrides name by URL ({"type": "strip", "url": "https://..."}, as the event-ticket
// API, Airship and Passcreator send them). pkpass never touches the network: the caller fetches,
// from a cache, a CDN client or a map of local files, and pkpass checks what it gets as any
// image. Fetch may be called from several threads at once.
class PKPASS_EXPORT ImageFetcher {
 public:
  virtual ~ImageFetcher() = default;
  // Returns the bytes behind `url`, an http or https URL. kNotFound when the fetcher has nothing
  // for it; kIoError when it is larger than `max_bytes` (then not fetched) or cannot be had.
  virtual Result<std::string> Fetch(std::string_view url, size_t max_bytes) const = 0;
};

// URLs answered from memory. Fill it before sharing it between threads.
class PKPASS_EXPORT MemoryImageFetcher : public ImageFetcher {
 public:
  // Answers `url` with `bytes`.
  void Add(std::string url, std::string bytes) { files_[std::move(url)] = std::move(bytes); }
  Result<std::string> Fetch(std::string_view url, size_t max_bytes) const override;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

// URLs answered by files under a folder, from a JSON map {"https://…/strip.png": "strip.png"}.
// Each file is read through a DirectoryImageStore on the folder.
class PKPASS_EXPORT FileMapImageFetcher : public ImageFetcher {
 public:
  // The most bytes a map may have, checked before it is parsed.
  static constexpr size_t kMaxMapBytes = 1u << 20;
  // Reads the map `json` (at most kMaxMapBytes, parsed iteratively with pkpass's strict JSON
  // parser: no duplicate URL, depth and keys capped), whose files are relative to `dir`. Each URL
  // and each file is a non-empty string with no control character; a file is a relative path that
  // stays inside `dir`. kInvalidArgument naming the first problem otherwise.
  static Result<FileMapImageFetcher> Parse(std::string_view json, std::string dir);
  // Reads the map file `path` (ReadInput, pkpass/files.h), whose files are relative to its folder,
  // and notes it and its files as inputs of this run. kInvalidArgument, naming the file, when it
  // is no such map.
  static Result<FileMapImageFetcher> Load(const std::string& path);
  Result<std::string> Fetch(std::string_view url, size_t max_bytes) const override;

  // The files the map names, joined to its folder, in the order of their URLs.
  std::vector<std::string> Files() const;

 private:
  explicit FileMapImageFetcher(std::string dir) : dir_(dir), store_(std::move(dir)) {}
  std::string dir_;
  DirectoryImageStore store_;
  std::map<std::string, std::string, std::less<>> files_;  // URL -> file
};

}  // namespace pkpass

#endif  // PKPASS_IMAGE_STORE_H_
