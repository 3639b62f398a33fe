#include "emit/archive_writer.h"

#include <zip.h>

#include <ctime>
#include <memory>

namespace pkpass {
namespace {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using UniqueSource = std::unique_ptr<zip_source_t, SourceFree>;

struct DosTime {
  zip_uint16_t time;
  zip_uint16_t date;
};

DosTime ToDosTime(std::int64_t seconds) {
  const std::int64_t kDosEpoch = 315532800;  // 1980-01-01T00:00:00Z
  const std::time_t t = static_cast<std::time_t>(seconds < kDosEpoch ? kDosEpoch : seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {static_cast<zip_uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2)),
          static_cast<zip_uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday)};
}

Status ZipFailure(std::string_view what, zip_error_t* error) {
  return Status::ArchiveError(std::string(what) + ": " + zip_error_strerror(error));
}

// Returns the bytes an in-memory zip source holds.
Result<std::string> SourceBytes(zip_source_t* src) {
  if (zip_source_open(src) < 0) return ZipFailure("cannot reopen the archive", zip_source_error(src));
  std::string out;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) out.reserve(st.size);
  char buf[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  const bool failed = n < 0;
  zip_source_close(src);
  if (failed) return ZipFailure("cannot read the archive", zip_source_error(src));
  return out;
}

}  // namespace

Result<std::string> WriteArchive(const std::vector<BundleFile>& files, std::int64_t mtime) {
  zip_error_t error;
  zip_error_init(&error);
  UniqueSource src(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (src == nullptr) return ZipFailure("cannot create the archive", &error);
  zip_t* za = zip_open_from_source(src.get(), ZIP_TRUNCATE, &error);
  if (za == nullptr) return ZipFailure("cannot create the archive", &error);
  zip_source_keep(src.get());  // zip_close would free it otherwise; the bytes are read after

  const DosTime dos = ToDosTime(mtime);
  for (const BundleFile& f : files) {
    zip_source_t* data = zip_source_buffer(za, f.bytes.data(), f.bytes.size(), 0);
    const std::string name(f.path);
    const zip_int64_t index =
        data == nullptr ? -1 : zip_file_add(za, name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (data != nullptr) zip_source_free(data);
      Status s = ZipFailure("cannot add " + name, zip_get_error(za));
      zip_discard(za);
      return s;
    }
    const auto idx = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(za, idx, f.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) < 0 ||
        zip_file_set_dostime(za, idx, dos.time, dos.date, 0) < 0) {
      Status s = ZipFailure("cannot set up " + name, zip_get_error(za));
      zip_discard(za);
      return s;
    }
  }
  if (zip_close(za) < 0) {
    Status s = ZipFailure("cannot write the archive", zip_get_error(za));
    zip_discard(za);
    return s;
  }
  return SourceBytes(src.get());
}

}  // namespace pkpass
