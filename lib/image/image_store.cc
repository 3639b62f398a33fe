#include "pkpass/image_store.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "pkpass/files.h"
#include "util/json.h"
#include "util/safe_path.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

// Opens `path` beneath the folder `dir_fd` for reading: in one step with openat2
// (RESOLVE_BENEATH: links may be followed while they stay inside), or, where the kernel has no
// openat2, a component at a time with O_NOFOLLOW, so that no link is followed at all. Returns
// the descriptor, or -1 with errno set (EXDEV or ELOOP for a way out).
int OpenBeneath(int dir_fd, const std::string& path) {
  struct open_how how;
  std::memset(&how, 0, sizeof(how));
  how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = syscall(SYS_openat2, dir_fd, path.c_str(), &how, sizeof(how));
  if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  int at = dir_fd;
  Fd held;  // the folder reached so far, below dir_fd
  size_t begin = 0;
  for (;;) {
    const size_t slash = path.find('/', begin);
    const std::string part = path.substr(begin, slash == std::string::npos ? std::string::npos : slash - begin);
    if (slash == std::string::npos) return openat(at, part.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    const int next = openat(at, part.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (next < 0) return -1;
    Fd previous{held.fd};
    held.fd = at = next;
    begin = slash + 1;
  }
}

std::string LimitMessage(std::string_view name, std::uint64_t size, size_t max_bytes) {
  return std::string(name) + " is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes);
}

}  // namespace

Result<std::string> DirectoryImageStore::Read(std::string_view path, size_t max_bytes) const {
  const std::string name(path);
  Fd dir{open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd < 0) return Status::NotFound("the image directory " + dir_ + " does not exist");
  if (!IsSafeRelativePath(name) || name.back() == '/') {
    return Status::InvalidArgument(name + " leads outside the image directory " + dir_);
  }
  Fd file{OpenBeneath(dir.fd, name)};
  if (file.fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound("there is no " + name + " in the image directory " + dir_);
    if (errno == EXDEV || errno == ELOOP) {
      return Status::InvalidArgument(name + " leads outside the image directory " + dir_);
    }
    return Status::IoError("cannot open " + name + ": " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(file.fd, &st) != 0) return Status::IoError("cannot read " + name + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(name + " is not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) return Status::IoError(LimitMessage(name, size, max_bytes));
  std::string bytes(size, '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = read(file.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("cannot read " + name + ": " + std::strerror(errno));
    if (n == 0) return Status::IoError("cannot read " + name + ": it shrank while being read");
    done += static_cast<size_t>(n);
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
  if (it->second.size() > max_bytes) return Status::IoError(LimitMessage(path, it->second.size(), max_bytes));
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

Result<FileMapImageFetcher> FileMapImageFetcher::Parse(std::string_view json, std::string dir) {
  rapidjson::Document doc;
  Diagnostics diags;
  if (!ParseJsonObject(json, "image map", kMaxMapBytes, doc, diags)) {
    const Diagnostic& first = *diags.begin();
    return Status::InvalidArgument("the image map is not a JSON object from image URLs to files: " +
                                   first.message + (first.pointer.empty() ? "" : " at " + first.pointer));
  }
  auto has_control = [](std::string_view s) {
    for (const unsigned char c : s) {
      if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
  };
  FileMapImageFetcher map(std::move(dir));
  for (const auto& m : doc.GetObject()) {
    const std::string url(StringOf(m.name));
    if (url.empty() || has_control(url)) {
      return Status::InvalidArgument("the image map's URL \"" + ToValidUtf8(url) + "\" is empty or has a control character");
    }
    const std::string file = m.value.IsString() ? std::string(StringOf(m.value)) : "";
    if (!IsSafeRelativePath(file) || file.back() == '/') {
      return Status::InvalidArgument("the file of " + url + " must be a path inside the map's folder, "
                                     "with no control character");
    }
    map.files_.emplace(url, file);
  }
  return map;
}

Result<std::string> FileMapImageFetcher::Fetch(std::string_view url, size_t max_bytes) const {
  auto it = files_.find(url);
  if (it == files_.end()) return Status::NotFound("the image map has no file for " + std::string(url));
  return store_.Read(it->second, max_bytes);
}

std::vector<std::string> FileMapImageFetcher::Files() const {
  std::vector<std::string> files;
  for (const auto& [url, file] : files_) files.push_back(dir_ + "/" + file);
  return files;
}

Result<FileMapImageFetcher> FileMapImageFetcher::Load(const std::string& path) {
  Result<std::string> text = ReadInput(path);
  if (!text.ok()) return text.status();
  NoteInputPath(path);
  const size_t slash = path.rfind('/');
  Result<FileMapImageFetcher> map =
      Parse(*text, slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
  if (!map.ok()) return Status::InvalidArgument(path + ": " + map.status().message());
  for (const std::string& file : map->Files()) NoteInputPath(file);
  return map;
}

}  // namespace pkpass
