#include "zip/archive_reader.h"

#include <zip.h>

#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/verify.h"
#include "util/safe_path.h"
#include "zip/zip_format.h"

namespace pkpass {
namespace {

struct ZipClose {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

ArchiveLimits PassArchiveLimits() {
  return {kMaxArchiveBytes, kMaxArchiveEntries, kMaxArchiveEntryBytes, kMaxArchiveTotalBytes};
}

bool ReadArchive(std::string_view bytes, std::map<std::string, std::string>& files,
                 Diagnostics& diags, const ArchiveLimits& limits) {
  auto invalid = [&diags](std::string message) {
    diags.Error(codes::kArchiveInvalid, "", "", std::move(message));
    return false;
  };
  if (bytes.size() < zip::kEndOfCentralDirectoryBytes) {
    return invalid("not a ZIP archive: " + std::to_string(bytes.size()) + " bytes");
  }
  if (bytes.size() > limits.bytes) {
    return invalid("the archive is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                   std::to_string(limits.bytes));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) return invalid("cannot read the archive");
  std::unique_ptr<zip_t, ZipClose> za(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (za == nullptr) {
    zip_source_free(src);
    if (zip_error_code_zip(&error) == ZIP_ER_EXISTS) {  // libzip's check of the central directory
      zip_error_fini(&error);
      diags.Error(codes::kArchiveEntryUnsafe, "", "", "the archive holds an entry name twice");
      return false;
    }
    std::string message = "not a readable ZIP archive: ";
    message += zip_error_strerror(&error);
    zip_error_fini(&error);
    return invalid(message);
  }
  const zip_int64_t count = zip_get_num_entries(za.get(), 0);
  if (count < 0 || static_cast<size_t>(count) > limits.entries) {
    return invalid("the archive has " + std::to_string(count) + " entries; the limit is " +
                   std::to_string(limits.entries));
  }
  // First the central directory alone: names, methods and sizes, before any byte is expanded.
  std::vector<std::pair<zip_uint64_t, std::string>> to_read;  // index, name
  std::set<std::string> names;
  size_t total = 0;
  bool ok = true;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    if (zip_stat_index(za.get(), i, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_METHOD) ||
        !(st.valid & ZIP_STAT_ENCRYPTION_METHOD)) {
      return invalid("cannot read entry " + std::to_string(i));
    }
    const std::string name = st.name;
    if (!IsSafeRelativePath(name)) {
      diags.Error(codes::kArchiveEntryUnsafe, name, "",
                  "the entry name is absolute, has \"..\", a backslash or a control character");
      ok = false;
      continue;
    }
    if (name.back() == '/') continue;  // a directory entry
    if (!names.insert(name).second) {
      diags.Error(codes::kArchiveEntryUnsafe, name, "", "the archive holds this name twice");
      ok = false;
      continue;
    }
    if ((st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE) ||
        st.encryption_method != ZIP_EM_NONE) {
      diags.Error(codes::kArchiveEntryUnsupported, name, "",
                  st.encryption_method != ZIP_EM_NONE
                      ? std::string("the entry is encrypted; Wallet reads only plain entries")
                      : "the entry is compressed with method " + std::to_string(st.comp_method) +
                            "; Wallet reads only stored (0) and deflated (8) entries");
      ok = false;
      continue;
    }
    total += st.size;
    if (st.size > limits.entry_bytes || total > limits.total_bytes) {
      return invalid("\"" + name + "\" expands to " + std::to_string(st.size) +
                     " bytes; the limits are " + std::to_string(limits.entry_bytes) +
                     " per file and " + std::to_string(limits.total_bytes) + " in all");
    }
    to_read.emplace_back(i, name);
  }
  if (!ok) return false;
  for (const auto& [index, name] : to_read) {
    zip_stat_t st;
    zip_stat_index(za.get(), index, ZIP_FL_ENC_RAW, &st);
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(za.get(), index, 0));
    if (file == nullptr) {
      return invalid("cannot open \"" + name + "\": " + zip_strerror(za.get()));
    }
    std::string content(st.size, '\0');
    zip_int64_t got = content.empty() ? 0 : zip_fread(file.get(), content.data(), st.size);
    char extra;
    if (got != static_cast<zip_int64_t>(st.size) || zip_fread(file.get(), &extra, 1) != 0) {
      return invalid("cannot read \"" + name + "\": its data is corrupt or its size is wrong");
    }
    files.emplace(name, std::move(content));
  }
  return ok;
}

Result<std::string> ReadArchiveEntry(std::string_view bytes, const std::string& name,
                                     size_t max_bytes) {
  if (bytes.size() > kMaxArchiveBytes) return Status::InvalidArgument("the archive is too large");
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  std::unique_ptr<zip_t, ZipClose> za(
      src != nullptr ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr);
  if (za == nullptr) {
    if (src != nullptr) zip_source_free(src);
    zip_error_fini(&error);
    return Status::InvalidArgument("not a readable ZIP archive");
  }
  zip_stat_t st;
  if (zip_stat(za.get(), name.c_str(), ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
      !(st.valid & ZIP_STAT_COMP_METHOD) || st.size > max_bytes ||
      (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)) {
    return Status::InvalidArgument("the archive has no readable " + name);
  }
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(za.get(), st.index, 0));
  std::string content(st.size, '\0');
  char extra;
  if (file == nullptr ||
      (!content.empty() && zip_fread(file.get(), content.data(), st.size) != static_cast<zip_int64_t>(st.size)) ||
      zip_fread(file.get(), &extra, 1) != 0) {
    return Status::InvalidArgument("cannot read " + name + " in the archive");
  }
  return content;
}

}  // namespace pkpass
