#include "emit/archive_writer.h"
#include "internals.h"

#include <zlib.h>

#include <algorithm>
#include <ctime>
#include <limits>

namespace pkpass {
namespace {

constexpr std::uint16_t kVersionMadeBy = (3 << 8) | 63;  // UNIX, APPNOTE 6.3
constexpr std::uint32_t kExternalAttributes = 0100666u << 16;

// One deflate stream per thread, reset between uses, so a pass allocates no zlib state. Level 9
// and memory level 9 are libzip's, so the bytes match what libzip writes.
class Deflater {
 public:
  Deflater() {
    ok_ = deflateInit2(&stream_, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL,
                       Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Deflater() {
    if (ok_) deflateEnd(&stream_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  // Returns `in` deflated, or false on failure.
  bool Deflate(std::string_view in, std::string& out) {
    if (!ok_ || in.size() > std::numeric_limits<uInt>::max() || deflateReset(&stream_) != Z_OK) {
      return false;
    }
    const uLong bound = deflateBound(&stream_, static_cast<uLong>(in.size()));
    if (buffer_.size() < bound) buffer_.resize(bound);  // grows once; never zeroed per use
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(in.size());
    stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data());
    stream_.avail_out = static_cast<uInt>(bound);
    if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) return false;
    out.assign(buffer_.data(), bound - stream_.avail_out);
    return true;
  }

 private:
  z_stream stream_{};
  std::string buffer_;
  bool ok_ = false;
};

std::uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (!bytes.empty()) {
    const auto n = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), n);
    bytes.remove_prefix(n);
  }
  return static_cast<std::uint32_t>(crc);
}

struct DosTime {
  std::uint16_t time;
  std::uint16_t date;
};

DosTime ToDosTime(std::int64_t seconds) {
  const std::int64_t kDosEpoch = 315532800;  // 1980-01-01T00:00:00Z
  const std::time_t t = static_cast<std::time_t>(seconds < kDosEpoch ? kDosEpoch : seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2)),
          static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday)};
}

// Little-endian fields, written into a header buffer that is appended in one go.
class Header {
 public:
  void Put16(std::uint16_t v) {
    bytes_[size_++] = static_cast<char>(v & 0xFF);
    bytes_[size_++] = static_cast<char>(v >> 8);
  }
  void Put32(std::uint32_t v) {
    Put16(static_cast<std::uint16_t>(v & 0xFFFF));
    Put16(static_cast<std::uint16_t>(v >> 16));
  }
  void AppendTo(std::string& out) const { out.append(bytes_, size_); }

 private:
  char bytes_[zip::kCentralHeaderBytes];  // the largest fixed header: a central directory entry
  size_t size_ = 0;
};

// What the local and central headers of one entry share.
struct EntryHeader {
  std::string_view name;
  std::uint16_t version_needed;
  std::uint16_t flags;
  std::uint16_t method;
  std::uint32_t crc;
  std::uint32_t compressed_size;
  std::uint32_t size;
  std::uint32_t offset;
};

void PutCommon(Header& h, const EntryHeader& e, DosTime dos) {
  h.Put16(e.version_needed);
  h.Put16(e.flags);
  h.Put16(e.method);
  h.Put16(dos.time);
  h.Put16(dos.date);
  h.Put32(e.crc);
  h.Put32(e.compressed_size);
  h.Put32(e.size);
  h.Put16(static_cast<std::uint16_t>(e.name.size()));
  h.Put16(0);  // extra field length
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

ArchiveForm MakeArchiveForm(std::string_view bytes, bool compress) {
  ArchiveForm form;
  form.crc32 = Crc32(bytes);
  if (compress) {
    thread_local Deflater deflater;
    form.deflated = deflater.Deflate(bytes, form.data);
    if (!form.deflated) form.data.clear();
  }
  return form;
}

namespace {

// One archive being laid out into an ArchivePieces: the entries planned (Plan), then the local
// headers and data (Locals), then the central directory and its end (Directory). The pieces are
// noted as spans of the scratch buffer (base nullptr) or of the files' bytes, and turned into
// views (Finish) once the buffer has stopped growing.
class Layout {
 public:
  Layout(const std::vector<BundleFile>& files, std::int64_t mtime, ArchivePieces& out)
      : files_(files), dos_(ToDosTime(mtime)), out_(out), scratch_(Internals::Scratch(out)) {}

  // Gives each file its archive form (computed here when it has none in advance; the deflated
  // bytes are kept in the scratch buffer with the headers) and its headers' fields.
  Status Plan() {
    if (files_.size() > zip::kMaxEntries) return Status::ArchiveError("too many files for a ZIP without ZIP64");
    entries_.reserve(files_.size());
    for (const BundleFile& f : files_) {
      const ArchiveForm* form = f.archived;
      if (form == nullptr) {
        if (computed_.empty()) computed_.reserve(files_.size());
        computed_.push_back(MakeArchiveForm(f.bytes, f.compress));
        form = &computed_.back();
        scratch_size_ += form->data.size();
      }
      if (f.compress && !form->deflated) return Status::ArchiveError("cannot deflate " + std::string(f.path));
      const size_t stored = form->deflated ? form->data.size() : f.bytes.size();
      total_ += zip::kLocalHeaderBytes + zip::kCentralHeaderBytes + 2 * f.path.size() + stored;
      scratch_size_ += zip::kLocalHeaderBytes + zip::kCentralHeaderBytes + 2 * f.path.size();
      if (total_ > std::numeric_limits<std::uint32_t>::max() || f.path.size() > zip::kMaxNameBytes) {
        return Status::ArchiveError("the archive would need ZIP64, which passes do not use");
      }
      entries_.push_back({f.path, form->deflated ? zip::kVersionDeflated : zip::kVersionStored,
                          static_cast<std::uint16_t>((form->deflated ? zip::kFlagMaximumCompression : 0) |
                                                     (IsAscii(f.path) ? 0 : zip::kFlagUtf8)),
                          static_cast<std::uint16_t>(form->deflated ? Z_DEFLATED : 0), form->crc32,
                          static_cast<std::uint32_t>(stored), static_cast<std::uint32_t>(f.bytes.size()), 0});
    }
    return Status::Ok();
  }

  // Each file's local header and its stored bytes.
  void Locals() {
    spans_.reserve(2 * files_.size() + 1);
    scratch_.clear();
    scratch_.reserve(scratch_size_);
    size_t next_computed = 0;
    for (size_t i = 0; i < files_.size(); ++i) {
      EntryHeader& e = entries_[i];
      e.offset = static_cast<std::uint32_t>(offset_);
      const size_t begin = scratch_.size();
      Header h;
      h.Put32(zip::kLocalHeaderSignature);
      PutCommon(h, e, dos_);
      h.AppendTo(scratch_);
      scratch_.append(e.name);
      FromScratch(begin);
      std::string_view data = files_[i].bytes;
      if (files_[i].archived == nullptr) {
        const ArchiveForm& form = computed_[next_computed++];
        if (form.deflated) {
          const size_t at = scratch_.size();
          scratch_.append(form.data);
          FromScratch(at);
          data = {};
        }
      } else if (files_[i].archived->deflated) {
        data = files_[i].archived->data;
      }
      if (!data.empty()) spans_.push_back({data.data(), 0, data.size()});
      offset_ += zip::kLocalHeaderBytes + e.name.size() + e.compressed_size;
    }
  }

  // The central directory and its end record.
  void Directory() {
    const size_t directory_begin = scratch_.size();
    for (const EntryHeader& e : entries_) {
      Header h;
      h.Put32(zip::kCentralHeaderSignature);
      h.Put16(kVersionMadeBy);
      PutCommon(h, e, dos_);
      h.Put16(0);  // comment length
      h.Put16(0);  // disk number
      h.Put16(0);  // internal attributes
      h.Put32(kExternalAttributes);
      h.Put32(e.offset);
      h.AppendTo(scratch_);
      scratch_.append(e.name);
    }
    Header end;
    end.Put32(zip::kEndOfCentralDirectorySignature);
    end.Put16(0);  // this disk
    end.Put16(0);  // disk of the directory
    end.Put16(static_cast<std::uint16_t>(entries_.size()));
    end.Put16(static_cast<std::uint16_t>(entries_.size()));
    end.Put32(static_cast<std::uint32_t>(scratch_.size() - directory_begin));
    end.Put32(static_cast<std::uint32_t>(offset_));
    end.Put16(0);  // comment length
    end.AppendTo(scratch_);
    FromScratch(directory_begin);
  }

  void Finish() {
    out_.pieces.clear();
    out_.size = total_;
    for (const Span& s : spans_) {
      out_.pieces.emplace_back((s.base != nullptr ? s.base : scratch_.data()) + s.offset, s.size);
    }
  }

 private:
  struct Span {
    const char* base;
    size_t offset, size;
  };

  void FromScratch(size_t begin) { spans_.push_back({nullptr, begin, scratch_.size() - begin}); }

  const std::vector<BundleFile>& files_;
  const DosTime dos_;
  ArchivePieces& out_;
  std::string& scratch_;
  std::vector<ArchiveForm> computed_;
  std::vector<EntryHeader> entries_;
  std::vector<Span> spans_;
  size_t total_ = zip::kEndOfCentralDirectoryBytes, scratch_size_ = zip::kEndOfCentralDirectoryBytes;
  size_t offset_ = 0;
};

}  // namespace

Status LayOutArchive(const std::vector<BundleFile>& files, std::int64_t mtime, ArchivePieces& out) {
  Layout layout(files, mtime, out);
  if (Status planned = layout.Plan(); !planned.ok()) return planned;
  layout.Locals();
  layout.Directory();
  layout.Finish();
  return Status::Ok();
}

Result<std::string> WriteArchive(const std::vector<BundleFile>& files, std::int64_t mtime) {
  ArchivePieces pieces;
  if (Status laid_out = LayOutArchive(files, mtime, pieces); !laid_out.ok()) return laid_out;
  return pieces.Join();
}

std::string ArchivePieces::Join() const {
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) out.append(piece);
  return out;
}

}  // namespace pkpass
