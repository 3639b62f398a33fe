#include <unistd.h>

#include <cerrno>
#include <atomic>
#include <cstring>
#include <string>

#include "pkpass/batch.h"

namespace pkpass {

// The reader's state: a buffer of the input and where the next line begins in it.
struct NdjsonRecords::Impl {
  int fd;
  std::string buffer = std::string(1 << 16, '\0');
  size_t begin = 0, end = 0;
  size_t lines = 0;
  bool partial = false;  // a line has begun and not ended
  std::string error;
  std::atomic<std::uint64_t> bytes{0};

  // Reads the next chunk into the buffer; false at the end of the input or on an error.
  bool Fill() {
    for (;;) {
      const ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = std::strerror(errno);
      if (n <= 0) return false;
      begin = 0;
      end = static_cast<size_t>(n);
      bytes.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
      return true;
    }
  }
};

NdjsonRecords::NdjsonRecords(int fd) : impl_(std::make_unique<Impl>()) { impl_->fd = fd; }
NdjsonRecords::~NdjsonRecords() = default;

std::uint64_t NdjsonRecords::bytes_read() const { return impl_->bytes.load(std::memory_order_relaxed); }

Result<RecordSource::Next> NdjsonRecords::Read(std::string& line, size_t& number) {
  Impl& r = *impl_;
  line.clear();
  bool too_long = false;
  for (;;) {
    if (r.begin == r.end && !r.Fill()) {
      if (!r.error.empty()) return Status::IoError("cannot read the records: " + r.error);
      if (line.empty() && !too_long && !r.partial) return Next::kEnd;
      r.partial = false;
      number = ++r.lines;
      return too_long ? Next::kTooLong : Next::kRecord;
    }
    const char* start = r.buffer.data() + r.begin;
    const size_t available = r.end - r.begin;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const size_t take = newline != nullptr ? static_cast<size_t>(newline - start) : available;
    if (std::memchr(start, '\0', take) != nullptr) {
      number = ++r.lines;
      return Status::InvalidArgument("line " + std::to_string(number) +
                                     " of the records holds a NUL byte: they are not NDJSON text");
    }
    if (!too_long && line.size() + take > kMaxRecordBytes) {
      too_long = true;
      line.clear();
      line.shrink_to_fit();
    }
    if (!too_long) line.append(start, take);
    r.begin += take + (newline != nullptr ? 1 : 0);
    r.partial = newline == nullptr;
    if (newline != nullptr) {
      r.partial = false;
      number = ++r.lines;
      return too_long ? Next::kTooLong : Next::kRecord;
    }
  }
}


}  // namespace pkpass
