#include "pkpass/image_store.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "util/sha1.h"

namespace pkpass {

namespace fs = std::filesystem;

Result<std::string> DirectoryImageStore::Read(std::string_view path, size_t max_bytes) const {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(dir_, ec);
  if (ec || !fs::is_directory(root, ec)) {
    return Status::NotFound("the image directory " + dir_ + " does not exist");
  }
  const std::string name(path);
  const fs::path target = fs::canonical(root / name, ec);
  if (ec) return Status::NotFound("there is no " + name + " in the image directory " + dir_);
  const std::string prefix = root.string() + "/";
  if (target.string().compare(0, prefix.size(), prefix) != 0) {
    return Status::InvalidArgument(name + " leads outside the image directory " + dir_);
  }
  if (!fs::is_regular_file(target, ec)) {
    return Status::InvalidArgument(name + " is not a regular file");
  }
  const auto size = fs::file_size(target, ec);
  if (ec) return Status::IoError("cannot read " + name + ": " + ec.message());
  if (size > max_bytes) {
    return Status::IoError(name + " is " + std::to_string(size) + " bytes; the limit is " +
                           std::to_string(max_bytes));
  }
  errno = 0;
  std::ifstream in(target, std::ios::binary);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) {
    return Status::IoError("cannot read " + name + ": " +
                           (errno != 0 ? std::strerror(errno) : "it shrank while being read"));
  }
  return bytes;
}

std::string MemoryImageStore::AddPng(std::string bytes) {
  std::string hex = Sha1Hex(bytes);
  files_[hex + ".png"] = std::move(bytes);
  return hex;
}

Result<std::string> MemoryImageStore::Read(std::string_view path, size_t max_bytes) const {
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound("there is no " + std::string(path) + " in the image store");
  if (it->second.size() > max_bytes) {
    return Status::IoError(std::string(path) + " is " + std::to_string(it->second.size()) +
                           " bytes; the limit is " + std::to_string(max_bytes));
  }
  return it->second;
}

Result<std::string> MemoryImageFetcher::Fetch(std::string_view url, size_t max_bytes) const {
  auto it = files_.find(url);
  if (it == files_.end()) return Status::NotFound("nothing is known at " + std::string(url));
  if (it->second.size() > max_bytes) {
    return Status::IoError(std::string(url) + " is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return it->second;
}

}  // namespace pkpass
