// Issued values (include/pkpass/issued.h): an index of keyed hashes shared by the in-memory
// registry and the journal, and the journal's file: read under an exclusive flock, appended a
// line a claim.
#include "pkpass/issued.h"

#include "batch/issued_claim.h"
#include "pkpass/diagnostic_codes.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/compact_hash.h"
#include "util/json.h"
#include "util/keyed_hash.h"
#include "util/stable_hash.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

constexpr char kHeader[] = "{\"pkpass-issued\":1}\n";
// The longest line: a pass's values (a barcode message may be as long as an overrides
// document) with room to spare.
constexpr size_t kMaxLineBytes = 4u << 20;

// Which pass holds each value, as keyed hashes: entry numbers from 0 in the order passes were
// recorded. The first holder of a value keeps it.
class IssuedIndex {
 public:
  std::optional<std::uint32_t> Barcode(std::string_view value) { return barcodes_.Find(Key('b', value)); }
  std::optional<std::uint32_t> Record(std::uint64_t record, std::string_view digest) {
    return records_.Find(RecordKey(record, digest));
  }
  size_t size() const { return serials_.size(); }

  // What a claim of `pass` meets: the first value an entry of another serial holds, with that
  // entry; else whether everything it claims is recorded for its serial already (a rebuild, a
  // resume), so that claiming it again adds nothing.
  struct Verdict {
    std::optional<std::pair<std::string, std::uint32_t>> conflict;
    bool known = false;
  };
  Verdict Check(const IssuedPass& pass) {
    const std::uint64_t own = Key('s', pass.serial);
    Verdict verdict;
    verdict.known = by_serial_.Find(own).has_value();
    for (const auto& [kind, values] : {std::pair<char, const std::vector<std::string>*>{'b', &pass.barcodes},
                                       {'n', &pass.nfc}}) {
      for (const std::string& v : *values) {
        const std::optional<std::uint32_t> e = (kind == 'b' ? barcodes_ : nfc_).Find(Key(kind, v));
        if (e && serials_[*e] != own) return {std::make_pair(v, *e), false};
        verdict.known = verdict.known && e.has_value();
      }
    }
    if (verdict.known && pass.record != 0) {
      const std::optional<std::uint32_t> e = Record(pass.record, pass.digest);
      verdict.known = e && serials_[*e] == own;
    }
    return verdict;
  }

  // Adds `pass` as the next entry.
  void Add(const IssuedPass& pass) {
    const auto entry = static_cast<std::uint32_t>(serials_.size());
    serials_.push_back(Key('s', pass.serial));
    by_serial_.Insert(serials_.back(), entry);
    for (const std::string& v : pass.barcodes) barcodes_.Insert(Key('b', v), entry);
    for (const std::string& v : pass.nfc) nfc_.Insert(Key('n', v), entry);
    if (pass.record != 0) records_.Insert(RecordKey(pass.record, pass.digest), entry);
  }

 private:
  std::uint64_t RecordKey(std::uint64_t record, std::string_view digest) {
    return Key('r', std::to_string(record) + ":" + std::string(digest));
  }
  std::uint64_t Key(char kind, std::string_view value) {
    std::string tagged(1, kind);
    tagged += value;
    return hash_(tagged);
  }

  KeyedHash hash_;
  CompactHashMap barcodes_, nfc_, records_, by_serial_;
  std::vector<std::uint64_t> serials_;  // entry -> SerialKey
};

// Returns `pass` as a journal line, with its newline.
std::string Line(const IssuedPass& pass) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto string = [&w](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("serial");
  string(pass.serial);
  for (const auto& [key, values] : {std::pair<const char*, const std::vector<std::string>*>{"barcodes", &pass.barcodes},
                                    {"nfc", &pass.nfc}}) {
    w.Key(key);
    w.StartArray();
    for (const std::string& v : *values) string(v);
    w.EndArray();
  }
  if (pass.record != 0) {
    w.Key("record");
    w.Uint64(pass.record);
    w.Key("digest");
    string(pass.digest);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// Reads a journal line into an IssuedPass with rapidjson's iterative SAX reader (a journal is
// read whole by every process that opens it, so no document is built): an object of "serial",
// "barcodes" and "nfc" (arrays of strings), and optionally "record" and "digest"; anything else
// makes the line malformed.
class LineReader : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, LineReader> {
 public:
  explicit LineReader(IssuedPass& pass) : pass_(pass) {}

  bool StartObject() { return depth_++ == 0; }
  bool EndObject(rapidjson::SizeType) { return --depth_ == 0; }
  bool StartArray() {
    if (depth_ != 1 || (key_ != "barcodes" && key_ != "nfc") || list_ != nullptr) return false;
    list_ = key_ == "barcodes" ? &pass_.barcodes : &pass_.nfc;
    return See(key_ == "barcodes" ? kBarcodes : kNfc);
  }
  bool EndArray(rapidjson::SizeType) {
    list_ = nullptr;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key_.assign(s, n);
    return depth_ == 1;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (list_ != nullptr) {
      list_->emplace_back(s, n);
      return true;
    }
    if (depth_ != 1 || (key_ != "serial" && key_ != "digest") || !See(key_ == "serial" ? kSerial : kDigest)) {
      return false;
    }
    (key_ == "serial" ? pass_.serial : pass_.digest).assign(s, n);
    return true;
  }
  bool Uint(unsigned n) { return Uint64(n); }
  bool Uint64(std::uint64_t n) {
    if (depth_ != 1 || list_ != nullptr || key_ != "record" || n == 0 || !See(kRecord)) return false;
    pass_.record = n;
    return true;
  }
  bool Default() { return false; }  // any other value

  bool complete() const {
    constexpr unsigned kNeeded = kSerial | kBarcodes | kNfc;
    return (seen_ & kNeeded) == kNeeded && ((seen_ & kRecord) != 0) == ((seen_ & kDigest) != 0);
  }

 private:
  enum : unsigned { kSerial = 1, kBarcodes = 2, kNfc = 4, kRecord = 8, kDigest = 16 };
  // Notes `key` as seen; false when it was already (a key given twice).
  bool See(unsigned key) {
    if ((seen_ & key) != 0) return false;
    seen_ |= key;
    return true;
  }

  IssuedPass& pass_;
  int depth_ = 0;
  std::string key_;
  std::vector<std::string>* list_ = nullptr;
  unsigned seen_ = 0;  // the keys read, as bits
};

// Reads a journal line; false when it is not one.
bool ParseLine(std::string_view text, IssuedPass& pass) {
  LineReader handler(pass);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  return !reader.Parse<kFlags>(stream, handler).IsError() && handler.complete();
}

std::string Errno(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

}  // namespace

Result<bool> ClaimIssuedPass(IssuedValues& issued, IssuedPass pass, bool unique, Diagnostics& diags) {
  PKPASS_ASSIGN_OR_RETURN(std::optional<IssuedConflict> conflict, issued.Claim(pass));
  if (!conflict) return true;
  if (unique) {
    diags.Error(codes::kBarcodeDuplicate, "overrides", "/barcode/message",
                "the barcode message \"" + conflict->value + "\" is issued to the pass \"" + conflict->holder +
                    "\" already; model.json's barcodeValues asks for unique values");
    return false;
  }
  pass.barcodes.clear();
  PKPASS_ASSIGN_OR_RETURN(conflict, issued.Claim(pass));
  return true;
}

std::string RecordDigest(std::string_view record) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t h = StableHash64(record);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kHex[h & 15];
  return out;
}

// --- In memory ------------------------------------------------------------------------------

struct MemoryIssuedValues::Impl {
  IssuedIndex index;
  std::vector<IssuedPass> passes;  // by entry
};

MemoryIssuedValues::MemoryIssuedValues() : impl_(std::make_unique<Impl>()) {}
MemoryIssuedValues::~MemoryIssuedValues() = default;

Result<std::string> MemoryIssuedValues::BarcodeHolder(std::string_view barcode) {
  const auto entry = impl_->index.Barcode(barcode);
  return entry ? impl_->passes[*entry].serial : std::string();
}

Result<std::optional<IssuedConflict>> MemoryIssuedValues::Claim(const IssuedPass& pass) {
  const IssuedIndex::Verdict verdict = impl_->index.Check(pass);
  if (verdict.conflict) {
    return std::optional<IssuedConflict>(IssuedConflict{verdict.conflict->first, impl_->passes[verdict.conflict->second].serial});
  }
  if (verdict.known) return std::optional<IssuedConflict>();
  impl_->index.Add(pass);
  impl_->passes.push_back(pass);
  return std::optional<IssuedConflict>();
}

Result<std::optional<IssuedPass>> MemoryIssuedValues::ForRecord(std::uint64_t record, std::string_view digest) {
  const auto entry = impl_->index.Record(record, digest);
  if (!entry) return std::optional<IssuedPass>();
  return std::optional<IssuedPass>(impl_->passes[*entry]);
}

// --- The journal ----------------------------------------------------------------------------

struct IssuedJournal::Impl {
  std::string path;
  int fd = -1;
  std::uint64_t read_to = 0;            // the journal's bytes indexed so far: whole lines
  std::vector<std::uint64_t> offsets;   // entry -> where its line starts
  IssuedIndex index;

  ~Impl() {
    if (fd >= 0) close(fd);
  }

  // Holds the journal's exclusive lock for a scope.
  struct Lock {
    explicit Lock(int fd) : fd_(fd), ok_(flock(fd, LOCK_EX) == 0) {}
    ~Lock() {
      if (ok_) flock(fd_, LOCK_UN);
    }
    bool ok() const { return ok_; }
    int fd_;
    bool ok_;
  };

  // Indexes what other processes appended since the last read. Under the lock: a line without
  // its newline at the end was left by a writer that died, and is cut off.
  Status CatchUp() {
    struct stat st;
    if (fstat(fd, &st) != 0) return Status::IoError(Errno("cannot inspect", path));
    const auto size = static_cast<std::uint64_t>(st.st_size);
    std::string buffer;
    std::uint64_t at = read_to;
    while (at < size) {
      const size_t want = static_cast<size_t>(std::min<std::uint64_t>(size - at, 1u << 20));
      const size_t had = buffer.size();
      buffer.resize(had + want);
      const ssize_t n = pread(fd, buffer.data() + had, want, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) {
        buffer.resize(had);
        continue;
      }
      if (n <= 0) return Status::IoError(n < 0 ? Errno("cannot read", path) : path + " shrank while being read");
      buffer.resize(had + static_cast<size_t>(n));
      at += static_cast<std::uint64_t>(n);
      size_t begin = 0;
      for (size_t end; (end = buffer.find('\n', begin)) != std::string::npos; begin = end + 1) {
        PKPASS_RETURN_IF_ERROR(Index(std::string_view(buffer).substr(begin, end - begin)));
        read_to += end - begin + 1;
      }
      buffer.erase(0, begin);
      if (buffer.size() > kMaxLineBytes) {
        return Status::InvalidArgument(path + " has a line longer than " + std::to_string(kMaxLineBytes) + " bytes");
      }
    }
    if (read_to < size && ftruncate(fd, static_cast<off_t>(read_to)) != 0) {
      return Status::IoError(Errno("cannot cut the unfinished last line of", path));
    }
    return Status::Ok();
  }

  // Indexes the line that starts at read_to.
  Status Index(std::string_view line) {
    if (read_to == 0) {
      if (std::string_view(kHeader).substr(0, sizeof(kHeader) - 2) == line) return Status::Ok();
      return Status::InvalidArgument(path + " is not a pkpass issued journal: its first line is not " +
                                     std::string(kHeader, sizeof(kHeader) - 2));
    }
    IssuedPass pass;
    if (!ParseLine(line, pass)) {
      return Status::InvalidArgument(path + ": the line at byte " + std::to_string(read_to) +
                                     " is not a claim {\"serial\", \"barcodes\", \"nfc\"}");
    }
    offsets.push_back(read_to);
    index.Add(pass);
    return Status::Ok();
  }

  // Reads back entry `entry`'s line.
  Result<IssuedPass> Read(std::uint32_t entry) {
    const std::uint64_t begin = offsets[entry];
    const std::uint64_t end = entry + 1 < offsets.size() ? offsets[entry + 1] : read_to;
    std::string line(static_cast<size_t>(end - begin), '\0');
    const ssize_t n = pread(fd, line.data(), line.size(), static_cast<off_t>(begin));
    if (n != static_cast<ssize_t>(line.size())) return Status::IoError(Errno("cannot read", path));
    IssuedPass pass;
    if (!ParseLine(std::string_view(line).substr(0, line.size() - 1), pass)) {
      return Status::InvalidArgument(path + " changed under this process at byte " + std::to_string(begin));
    }
    return pass;
  }

  // Appends `text` whole at the end. Under the lock.
  Status Append(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Status::IoError(Errno("cannot write", path));
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }
};

IssuedJournal::IssuedJournal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IssuedJournal::~IssuedJournal() = default;

Result<std::unique_ptr<IssuedJournal>> IssuedJournal::Open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->fd = open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (impl->fd < 0) return Status::IoError(Errno("cannot open the issued journal", path));
  struct stat st;
  if (fstat(impl->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::InvalidArgument(path + " is not a regular file: it cannot be the issued journal");
  }
  Impl::Lock lock(impl->fd);
  if (!lock.ok()) return Status::IoError(Errno("cannot lock", path));
  if (fstat(impl->fd, &st) != 0) return Status::IoError(Errno("cannot inspect", path));
  if (st.st_size == 0) {
    PKPASS_RETURN_IF_ERROR(impl->Append(kHeader));
    if (fdatasync(impl->fd) != 0) return Status::IoError(Errno("cannot sync", path));
  }
  PKPASS_RETURN_IF_ERROR(impl->CatchUp());
  return std::unique_ptr<IssuedJournal>(new IssuedJournal(std::move(impl)));
}

Result<std::string> IssuedJournal::BarcodeHolder(std::string_view barcode) {
  Impl& impl = *impl_;
  {
    Impl::Lock lock(impl.fd);
    if (!lock.ok()) return Status::IoError(Errno("cannot lock", impl.path));
    PKPASS_RETURN_IF_ERROR(impl.CatchUp());
  }
  const auto entry = impl.index.Barcode(barcode);
  if (!entry) return std::string();
  Result<IssuedPass> holder = impl.Read(*entry);
  if (!holder.ok()) return holder.status();
  return holder->serial;
}

Result<std::optional<IssuedConflict>> IssuedJournal::Claim(const IssuedPass& pass) {
  Impl& impl = *impl_;
  Impl::Lock lock(impl.fd);
  if (!lock.ok()) return Status::IoError(Errno("cannot lock", impl.path));
  PKPASS_RETURN_IF_ERROR(impl.CatchUp());
  const IssuedIndex::Verdict verdict = impl.index.Check(pass);
  if (verdict.conflict) {
    Result<IssuedPass> holder = impl.Read(verdict.conflict->second);
    if (!holder.ok()) return holder.status();
    return std::optional<IssuedConflict>(IssuedConflict{verdict.conflict->first, holder->serial});
  }
  if (verdict.known) return std::optional<IssuedConflict>();
  const std::string line = Line(pass);
  if (line.size() > kMaxLineBytes) return Status::InvalidArgument("a pass's values are past the journal's line limit");
  PKPASS_RETURN_IF_ERROR(impl.Append(line));
  impl.offsets.push_back(impl.read_to);
  impl.read_to += line.size();
  impl.index.Add(pass);
  return std::optional<IssuedConflict>();
}

Result<std::optional<IssuedPass>> IssuedJournal::ForRecord(std::uint64_t record, std::string_view digest) {
  const auto entry = impl_->index.Record(record, digest);
  if (!entry) return std::optional<IssuedPass>();
  Result<IssuedPass> pass = impl_->Read(*entry);
  if (!pass.ok()) return pass.status();
  return std::optional<IssuedPass>(std::move(*pass));
}

Status IssuedJournal::Sync() {
  if (fdatasync(impl_->fd) != 0) return Status::IoError(Errno("cannot sync", impl_->path));
  return Status::Ok();
}

size_t IssuedJournal::size() const { return impl_->index.size(); }

}  // namespace pkpass
