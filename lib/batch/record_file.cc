// RecordFile (pkpass/batch.h): a records file or standard input, as NDJSON or CSV.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "pkpass/batch.h"
#include "pkpass/files.h"

namespace pkpass {

struct RecordFile::Impl {
  std::string path;
  int fd = -1;
  std::uint64_t size = 0;
  std::optional<NdjsonRecords> ndjson;
  std::optional<CsvRecords> csv;

  ~Impl() {
    if (fd > STDIN_FILENO) close(fd);
  }
};

RecordFile::RecordFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RecordFile::~RecordFile() = default;

Result<std::unique_ptr<RecordFile>> RecordFile::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = path == "-" ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (impl->fd < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  NoteInput(impl->fd);
  struct stat st;
  if (fstat(impl->fd, &st) == 0 && S_ISREG(st.st_mode)) impl->size = static_cast<std::uint64_t>(st.st_size);
  return std::unique_ptr<RecordFile>(new RecordFile(std::move(impl)));
}

void RecordFile::Start(bool csv, const Model& model) {
  if (csv) {
    const std::string& path = impl_->path;
    impl_->csv.emplace(impl_->fd, model, path == "-" ? "records.csv" : path.substr(path.rfind('/') + 1));
  } else {
    impl_->ndjson.emplace(impl_->fd);
  }
}

RecordSource& RecordFile::source() {
  return impl_->csv ? static_cast<RecordSource&>(*impl_->csv) : *impl_->ndjson;
}

std::uint64_t RecordFile::size() const { return impl_->size; }

}  // namespace pkpass
