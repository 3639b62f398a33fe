#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "pkpass/batch.h"

namespace pkpass {

NdjsonRecords::NdjsonRecords(int fd) : fd_(fd), buffer_(1 << 16, '\0') {}
NdjsonRecords::~NdjsonRecords() = default;

Result<RecordSource::Next> NdjsonRecords::Read(std::string& line, size_t& number) {
  line.clear();
  bool too_long = false;
  for (;;) {
    if (begin_ == end_ && !Fill()) {
      if (!error_.empty()) return Status::IoError("cannot read the records: " + error_);
      if (line.empty() && !too_long && !partial_) return Next::kEnd;
      partial_ = false;
      number = ++lines_;
      return too_long ? Next::kTooLong : Next::kRecord;
    }
    const char* start = buffer_.data() + begin_;
    const size_t available = end_ - begin_;
    const char* newline = static_cast<const char*>(std::memchr(start, '\n', available));
    const size_t take = newline != nullptr ? static_cast<size_t>(newline - start) : available;
    if (std::memchr(start, '\0', take) != nullptr) {
      number = ++lines_;
      return Status::InvalidArgument("line " + std::to_string(number) +
                                     " of the records holds a NUL byte: they are not NDJSON text");
    }
    if (!too_long && line.size() + take > kMaxRecordBytes) {
      too_long = true;
      line.clear();
      line.shrink_to_fit();
    }
    if (!too_long) line.append(start, take);
    begin_ += take + (newline != nullptr ? 1 : 0);
    partial_ = newline == nullptr;
    if (newline != nullptr) {
      partial_ = false;
      number = ++lines_;
      return too_long ? Next::kTooLong : Next::kRecord;
    }
  }
}

bool NdjsonRecords::Fill() {
  for (;;) {
    const ssize_t n = read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error_ = std::strerror(errno);
    if (n <= 0) return false;
    begin_ = 0;
    end_ = static_cast<size_t>(n);
    bytes_.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    return true;
  }
}

}  // namespace pkpass
