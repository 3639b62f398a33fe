// Output files as pkpass writes them: regular files only, each written to an unnamed (O_TMPFILE) or
// temporary file and put in place complete, with the permission bits asked for less the umask,
// and never over a file this run reads. A refused or interrupted write leaves nothing at the
// file's name (at worst, on a file system without O_TMPFILE, a "*.tmp.*" file beside it).
#ifndef PKPASS_FILES_H_
#define PKPASS_FILES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// Permission bits for ordinary outputs and for secrets, before the umask.
inline constexpr unsigned kFileMode = 0666;
inline constexpr unsigned kSecretFileMode = 0600;

// Records that this run reads the regular file open on `fd`, or at `path`, so that no output
// replaces it. Thread-safe.
PKPASS_EXPORT void NoteInput(int fd);
PKPASS_EXPORT void NoteInputPath(const std::string& path);

// Returns OK when an output may be written at `path`: a new name, or a regular file this run does
// not read. kInvalidArgument, naming what is there, for a symbolic link, a folder, a device, a
// FIFO or a socket, or an input of this run.
PKPASS_EXPORT Status CheckOutputPath(const std::string& path);

// One output file being written into the folder open on `dir_fd` (whose path is `dir_path`),
// that appears at `name` only when committed. Move-only; discarded when destroyed uncommitted.
// REQUIRES: `dir_fd` stays open as long as the AtomicFile lives.
class PKPASS_EXPORT AtomicFile {
 public:
  // Starts the file. kIoError when the folder does not take a new file.
  static Result<AtomicFile> Create(int dir_fd, std::string dir_path, std::string name,
                                   unsigned mode = kFileMode);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  ~AtomicFile();

  // Appends `bytes`. kIoError with the system's reason (no space, I/O error, quota).
  Status Append(std::string_view bytes);
  // Appends the concatenation of `pieces` with writev, copying none of them. Errors as Append's.
  Status Append(std::span<const std::string_view> pieces);

  // Puts the file in place, replacing a regular file of that name; `durable` flushes it to disk
  // first. kInvalidArgument when `name` is something else than a regular file, or an input of
  // this run (the file is then discarded); kIoError when the system refuses.
  Status Commit(bool durable);

 private:
  AtomicFile(int dir_fd, std::string dir_path, std::string name, unsigned mode, int fd,
             std::string temp_name);
  Status Replace();  // Commit when `name_` exists

  int dir_fd_;
  std::string dir_path_;
  std::string name_;
  unsigned mode_;
  int fd_;
  std::string temp_name_;  // the temporary file's name; empty for an unnamed (O_TMPFILE) file
};

// A folder that files are written into as AtomicFile writes them, kept open so that writing many
// files costs no lookup of the folder's path.
class PKPASS_EXPORT OutputDir {
 public:
  explicit OutputDir(std::string path);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  // kIoError when the folder could not be opened.
  Status status() const;

  // Writes `bytes` to the file `name` (no "/") in this folder, as AtomicFile does.
  Status Write(const std::string& name, std::string_view bytes, unsigned mode = kFileMode,
               bool durable = true) const;
  // Writes the concatenation of `pieces` the same way.
  Status Write(const std::string& name, std::span<const std::string_view> pieces,
               unsigned mode = kFileMode, bool durable = true) const;
  Result<AtomicFile> Create(const std::string& name, unsigned mode = kFileMode) const;

  // The size of the regular file `name` (no "/") in this folder, not following a link: kNotFound
  // when there is none, kInvalidArgument for anything else at that name.
  Result<std::uint64_t> Size(const std::string& name) const;
  // Reads the regular file `name` as Size finds it, from the descriptor it opened (O_NOFOLLOW,
  // then fstat): kIoError when it is larger than `max_bytes` (then not read) or unreadable.
  Result<std::string> Read(const std::string& name, size_t max_bytes) const;

 private:
  std::string path_;
  int fd_;
  int error_;  // errno of a failed open, else 0
};

// Checks the outputs of one run, each named by what names it (a flag: "-o", "--errors") and its
// path, if given, before any work: each a place an output may go (CheckOutputPath), no two at
// one file, and, when `pass_folder` is given, none at a .pkpass or .pkpasses name inside it.
// kInvalidArgument naming the clash.
PKPASS_EXPORT Status CheckOutputPaths(
    const std::vector<std::pair<std::string_view, std::optional<std::string>>>& outputs,
    const std::string& pass_folder = "");

// The largest input ReadInput takes: no certificate, overrides document or .pkpass is larger.
inline constexpr size_t kMaxInputBytes = 64u << 20;

// Reads a whole file, or standard input for "-", of at most kMaxInputBytes: kInvalidArgument
// past it, read no further. The file is noted as an input of this run (NoteInput). kNotFound or
// kIoError with the system's reason.
PKPASS_EXPORT Result<std::string> ReadInput(const std::string& path);

// As ReadInput, but returns the first `max_bytes` of a larger input instead of refusing it.
PKPASS_EXPORT Result<std::string> ReadInputPrefix(const std::string& path, size_t max_bytes);

// Returns a secret (a password) given by the name of an environment variable or by a file (its
// trailing line ends dropped), never by a command line; "" when neither is given.
// kInvalidArgument when both are given, or the variable is unset or empty, or the file empty;
// the file's read errors otherwise.
PKPASS_EXPORT Result<std::string> ReadSecret(const std::optional<std::string>& env_var,
                                             const std::optional<std::string>& file);

// Writes `bytes` to `path` as OutputDir::Write does.
PKPASS_EXPORT Status WriteFileAtomically(const std::string& path, std::string_view bytes,
                           unsigned mode = kFileMode, bool durable = true);

}  // namespace pkpass

#endif  // PKPASS_FILES_H_
