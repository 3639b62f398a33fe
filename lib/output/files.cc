#include "pkpass/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace pkpass {
namespace {

// The process's umask, read once before main, while no other thread can create a file.
const mode_t kUmask = [] {
  const mode_t mask = umask(0);
  umask(mask);
  return mask;
}();

std::mutex inputs_mu;
std::set<std::pair<dev_t, ino_t>> inputs;  // guarded by inputs_mu

bool IsInput(const struct stat& st) {
  std::lock_guard<std::mutex> lock(inputs_mu);
  return inputs.contains({st.st_dev, st.st_ino});
}

std::string Errno(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

std::string_view KindOf(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

// Returns OK when `st`, what stands at `path`, may be replaced by an output.
Status Replaceable(const struct stat& st, const std::string& path) {
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument(path + " is " + std::string(KindOf(st.st_mode)) +
                                   "; pkpass-build writes only regular files");
  }
  if (IsInput(st)) {
    return Status::InvalidArgument(path + " is an input of this run; it is not overwritten");
  }
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Writes every piece in order, resuming after short writes, IOV_MAX pieces a call at most.
Status WriteAllV(int fd, std::span<const std::string_view> pieces) {
  std::vector<iovec> iov;
  iov.reserve(std::min<size_t>(pieces.size(), IOV_MAX));
  size_t next = 0, skip = 0;  // the first piece not fully written, and its bytes written
  while (next < pieces.size()) {
    iov.clear();
    for (size_t i = next; i < pieces.size() && iov.size() < IOV_MAX; ++i) {
      const size_t from = i == next ? skip : 0;
      if (pieces[i].size() == from) continue;
      iov.push_back({const_cast<char*>(pieces[i].data()) + from, pieces[i].size() - from});
    }
    if (iov.empty()) break;
    const ssize_t n = writev(fd, iov.data(), static_cast<int>(iov.size()));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::strerror(errno));
    }
    size_t left = static_cast<size_t>(n) + skip;
    while (next < pieces.size() && left >= pieces[next].size()) left -= pieces[next++].size();
    skip = left;
  }
  return Status::Ok();
}

std::string Join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

}  // namespace

void NoteInput(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  std::lock_guard<std::mutex> lock(inputs_mu);
  inputs.insert({st.st_dev, st.st_ino});
}

void NoteInputPath(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  std::lock_guard<std::mutex> lock(inputs_mu);
  inputs.insert({st.st_dev, st.st_ino});
}

Status CheckOutputPath(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::IoError(Errno("cannot inspect", path));
  }
  return Replaceable(st, path);
}

AtomicFile::AtomicFile(int dir_fd, std::string dir_path, std::string name, unsigned mode, int fd,
                       std::string temp_name)
    : dir_fd_(dir_fd), dir_path_(std::move(dir_path)), name_(std::move(name)), mode_(mode),
      fd_(fd), temp_name_(std::move(temp_name)) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : dir_fd_(other.dir_fd_), dir_path_(std::move(other.dir_path_)),
      name_(std::move(other.name_)), mode_(other.mode_), fd_(std::exchange(other.fd_, -1)),
      temp_name_(std::move(other.temp_name_)) {
  other.temp_name_.clear();
}

AtomicFile::~AtomicFile() {
  if (fd_ < 0) return;
  close(fd_);
  if (!temp_name_.empty()) unlinkat(dir_fd_, temp_name_.c_str(), 0);
}

Result<AtomicFile> AtomicFile::Create(int dir_fd, std::string dir_path, std::string name,
                                      unsigned mode) {
  mode &= ~static_cast<unsigned>(kUmask);
  const int fd = openat(dir_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd >= 0) return AtomicFile(dir_fd, std::move(dir_path), std::move(name), mode, fd, "");
  // No O_TMPFILE here: a named temporary file beside the output, renamed into place.
  std::string temp = Join(dir_path, name) + ".tmp.XXXXXX";
  const int named = mkstemp(temp.data());
  if (named < 0) return Status::IoError(Errno("cannot create a file in", dir_path));
  fcntl(named, F_SETFD, FD_CLOEXEC);
  std::string temp_name = temp.substr(temp.rfind('/') + 1);
  return AtomicFile(dir_fd, std::move(dir_path), std::move(name), mode, named, std::move(temp_name));
}

Status AtomicFile::Append(std::string_view bytes) {
  Status written = WriteAll(fd_, bytes);
  if (!written.ok()) return Status::IoError("cannot write " + Join(dir_path_, name_) + ": " + written.message());
  return Status::Ok();
}

Status AtomicFile::Append(std::span<const std::string_view> pieces) {
  Status written = WriteAllV(fd_, pieces);
  if (!written.ok()) return Status::IoError("cannot write " + Join(dir_path_, name_) + ": " + written.message());
  return Status::Ok();
}

Status AtomicFile::Commit(bool durable) {
  const std::string path = Join(dir_path_, name_);
  // An unnamed file was created with its mode less the umask; a named one (mkstemp) as 0600.
  if ((!temp_name_.empty() && fchmod(fd_, static_cast<mode_t>(mode_)) != 0) ||
      (durable && fsync(fd_) != 0)) {
    return Status::IoError(Errno("cannot write", path));
  }
  if (temp_name_.empty()) {
    // Linked by descriptor where allowed (CAP_DAC_READ_SEARCH), which saves a lookup through
    // /proc (bench/publish_bench, way 3 against way 0); else through /proc. Neither replaces.
    bool linked = linkat(fd_, "", dir_fd_, name_.c_str(), AT_EMPTY_PATH) == 0;
    if (!linked && errno != EEXIST) {
      const std::string self = "/proc/self/fd/" + std::to_string(fd_);
      linked = linkat(AT_FDCWD, self.c_str(), dir_fd_, name_.c_str(), AT_SYMLINK_FOLLOW) == 0;
    }
    if (!linked && errno != EEXIST) return Status::IoError(Errno("cannot write", path));
    if (linked) {
      close(std::exchange(fd_, -1));
      return Status::Ok();
    }
  }
  return Replace();
}

Status AtomicFile::Replace() {
  const std::string path = Join(dir_path_, name_);
  struct stat st;
  if (fstatat(dir_fd_, name_.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (Status replaceable = Replaceable(st, path); !replaceable.ok()) return replaceable;
  } else if (errno != ENOENT) {
    return Status::IoError(Errno("cannot inspect", path));
  }
  if (temp_name_.empty()) {  // an unnamed file: give it a temporary name to rename from
    static std::atomic<unsigned> counter{0};
    const std::string temp = name_ + ".tmp." + std::to_string(getpid()) + "." +
                             std::to_string(counter++);
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    if (linkat(fd_, "", dir_fd_, temp.c_str(), AT_EMPTY_PATH) != 0 &&
        linkat(AT_FDCWD, self.c_str(), dir_fd_, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      return Status::IoError(Errno("cannot write", path));
    }
    temp_name_ = temp;
  }
  if (renameat(dir_fd_, temp_name_.c_str(), dir_fd_, name_.c_str()) != 0) {
    return Status::IoError(Errno("cannot write", path));
  }
  temp_name_.clear();
  close(std::exchange(fd_, -1));
  return Status::Ok();
}

OutputDir::OutputDir(std::string path)
    : path_(std::move(path)), fd_(open(path_.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC)),
      error_(fd_ < 0 ? errno : 0) {}

OutputDir::~OutputDir() {
  if (fd_ >= 0) close(fd_);
}

Status OutputDir::status() const {
  if (fd_ >= 0) return Status::Ok();
  return Status::IoError("cannot open the folder " + path_ + ": " + std::strerror(error_));
}

Result<AtomicFile> OutputDir::Create(const std::string& name, unsigned mode) const {
  if (Status opened = status(); !opened.ok()) return opened;
  return AtomicFile::Create(fd_, path_, name, mode);
}

Result<std::uint64_t> OutputDir::Size(const std::string& name) const {
  if (Status opened = status(); !opened.ok()) return opened;
  struct stat st;
  const std::string path = Join(path_, name);
  if (fstatat(fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    return Status::IoError(Errno("cannot inspect", path));
  }
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is " + std::string(KindOf(st.st_mode)));
  return static_cast<std::uint64_t>(st.st_size);
}

Result<std::string> OutputDir::Read(const std::string& name, size_t max_bytes) const {
  if (Status opened = status(); !opened.ok()) return opened;
  const std::string path = Join(path_, name);
  const int fd = openat(fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    if (errno == ELOOP) return Status::InvalidArgument(path + " is a symbolic link");
    return Status::IoError(Errno("cannot open", path));
  }
  struct stat st;
  std::string bytes;
  Status status;
  if (fstat(fd, &st) != 0) {
    status = Status::IoError(Errno("cannot inspect", path));
  } else if (!S_ISREG(st.st_mode)) {
    status = Status::InvalidArgument(path + " is " + std::string(KindOf(st.st_mode)));
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    status = Status::IoError(path + " is larger than " + std::to_string(max_bytes) + " bytes");
  } else {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (status.ok() && done < bytes.size()) {
      const ssize_t n = read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) status = Status::IoError(n < 0 ? Errno("cannot read", path) : path + " shrank while being read");
      if (n > 0) done += static_cast<size_t>(n);
    }
  }
  close(fd);
  if (!status.ok()) return status;
  return bytes;
}

Status OutputDir::Write(const std::string& name, std::string_view bytes, unsigned mode,
                        bool durable) const {
  Result<AtomicFile> file = Create(name, mode);
  if (!file.ok()) return file.status();
  if (Status written = file->Append(bytes); !written.ok()) return written;
  return file->Commit(durable);
}

Status OutputDir::Write(const std::string& name, std::span<const std::string_view> pieces,
                        unsigned mode, bool durable) const {
  Result<AtomicFile> file = Create(name, mode);
  if (!file.ok()) return file.status();
  if (Status written = file->Append(pieces); !written.ok()) return written;
  return file->Commit(durable);
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes, unsigned mode,
                           bool durable) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return OutputDir(".").Write(path, bytes, mode, durable);
  return OutputDir(slash == 0 ? "/" : path.substr(0, slash))
      .Write(path.substr(slash + 1), bytes, mode, durable);
}

Result<std::string> ReadInputPrefix(const std::string& path, size_t max_bytes) {
  const bool standard_input = path == "-";
  const std::string name = standard_input ? "standard input" : path;
  const int fd = standard_input ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound("cannot open " + path + ": " + std::strerror(error));
    return Status::IoError("cannot open " + path + ": " + std::strerror(error));
  }
  NoteInput(fd);
  // Read in chunks up to the cap, so that /dev/zero or a huge file is refused, not swallowed.
  std::string data;
  Status status;
  char chunk[1 << 16];
  while (data.size() < max_bytes) {
    const ssize_t n = read(fd, chunk, std::min(sizeof(chunk), max_bytes - data.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = Status::IoError("cannot read " + name + ": " + std::strerror(errno));
    if (n <= 0) break;
    data.append(chunk, static_cast<size_t>(n));
  }
  if (!standard_input) close(fd);
  if (!status.ok()) return status;
  return data;
}

Result<std::string> ReadInput(const std::string& path) {
  Result<std::string> data = ReadInputPrefix(path, kMaxInputBytes + 1);
  if (data.ok() && data->size() > kMaxInputBytes) {
    return Status::InvalidArgument((path == "-" ? std::string("standard input") : path) +
                                   " is larger than " + std::to_string(kMaxInputBytes >> 20) +
                                   " MiB");
  }
  return data;
}

namespace {

// Returns where `path` would be written: its folder, by device and inode once it exists (else
// its normal absolute path), and its name; two paths of one place name one file.
std::pair<std::string, std::string> PlaceOf(const std::string& path) {
  const std::filesystem::path normal = std::filesystem::absolute(path).lexically_normal();
  const auto identity = [](const std::filesystem::path& dir) {
    struct stat st;
    if (stat(dir.c_str(), &st) == 0) return "#" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    return dir.string();
  };
  return {identity(normal.parent_path()), normal.filename().string()};
}

}  // namespace

Status CheckOutputPaths(const std::vector<std::pair<std::string_view, std::optional<std::string>>>& outputs,
                        const std::string& pass_folder) {
  const std::string folder = pass_folder.empty() ? "" : PlaceOf(pass_folder + "/x").first;
  std::map<std::pair<std::string, std::string>, std::string_view> taken;
  for (const auto& [flag, path] : outputs) {
    if (!path) continue;
    if (Status target = CheckOutputPath(*path); !target.ok()) return target;
    const auto place = PlaceOf(*path);
    if (place.first == folder && (place.second.ends_with(".pkpass") || place.second.ends_with(".pkpasses"))) {
      return Status::InvalidArgument(std::string(flag) + " " + *path + " would replace a pass or bundle of " +
                                     pass_folder);
    }
    // One file: the same folder and name, or (once it exists) the same device and inode.
    struct stat st;
    const auto file = stat(path->c_str(), &st) == 0
                          ? std::make_pair("#" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino), std::string())
                          : place;
    if (const auto [it, added] = taken.emplace(file, flag); !added) {
      return Status::InvalidArgument(std::string(it->second) + " and " + std::string(flag) + " name one file, " + *path);
    }
  }
  return Status::Ok();
}

Result<std::string> ReadSecret(const std::optional<std::string>& env_var, const std::optional<std::string>& file) {
  if (env_var && file) return Status::InvalidArgument("give the secret's environment variable or its file, not both");
  if (env_var) {
    const char* value = std::getenv(env_var->c_str());
    if (value == nullptr || *value == '\0') {
      return Status::InvalidArgument("the environment variable " + *env_var +
                                     (value == nullptr ? " is not set" : " is empty"));
    }
    return std::string(value);
  }
  if (!file) return std::string();
  Result<std::string> secret = ReadInput(*file);
  if (!secret.ok()) return secret.status();
  while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) secret->pop_back();
  if (secret->empty()) return Status::InvalidArgument("the password file " + *file + " is empty");
  return secret;
}

}  // namespace pkpass
