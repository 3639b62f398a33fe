#include "model/model_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "image/raster.h"
#include "model/derived_images.h"
#include "model/model_paths.h"
#include "schema/vocabulary.h"
#include "pkpass/diagnostic_codes.h"
#include "util/sha1.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;

// A regular file found in the listing, to be read once the listing is within the limits.
struct Listed {
  std::string rel;  // "/"-separated path relative to the model root
  fs::path path;
  std::uintmax_t size;
};

std::string SystemError(std::string_view what, const fs::path& path, int error) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(error);
}

// Lists the entries of `dir` sorted by name, so diagnostics come in a fixed order. A folder with
// more entries than a model may hold files is not listed further (`too_many` set).
Status SortedEntries(const fs::path& dir, std::vector<fs::directory_entry>& entries,
                     bool& too_many) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (entries.size() == kMaxModelFiles * 2) {
      too_many = true;
      return Status::Ok();
    }
    entries.push_back(*it);
  }
  if (ec) return Status::IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return Status::Ok();
}

// Lists the regular files of `dir` (the model root when `prefix` is empty, else one .lproj
// folder) into `listed`, with their sizes from the directory's metadata; reads nothing.
Status ListLevel(const fs::path& dir, const std::string& prefix, std::vector<Listed>& listed,
                 bool& too_many, Diagnostics& diags) {
  std::vector<fs::directory_entry> entries;
  PKPASS_RETURN_IF_ERROR(SortedEntries(dir, entries, too_many));
  for (const fs::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    const std::string rel = prefix + name;
    std::error_code ec;
    const fs::file_status st = entry.symlink_status(ec);
    if (ec) return Status::IoError("cannot stat " + entry.path().string() + ": " + ec.message());
    if (IsJunkName(name)) {
      diags.Error(codes::kModelJunkFile, rel, "",
                  "\"" + rel + "\" is not part of a pass; remove it from the model");
    } else if (fs::is_symlink(st)) {
      diags.Error(codes::kModelSymlink, rel, "",
                  "\"" + rel + "\" is a symbolic link; a model holds regular files only");
    } else if (fs::is_directory(st)) {
      if (prefix.empty() && IsLprojName(name)) {
        PKPASS_RETURN_IF_ERROR(ListLevel(entry.path(), rel + "/", listed, too_many, diags));
      } else {
        diags.Error(codes::kModelPathUnsafe, rel, "",
                    "\"" + rel + "\" is a folder; a model holds only files and xx.lproj folders");
      }
    } else if (!fs::is_regular_file(st)) {
      diags.Error(codes::kModelPathUnsafe, rel, "", "\"" + rel + "\" is not a regular file");
    } else {
      const std::uintmax_t size = entry.file_size(ec);
      if (ec) return Status::IoError("cannot stat " + entry.path().string() + ": " + ec.message());
      listed.push_back({rel, entry.path(), size});
    }
    if (too_many || listed.size() > kMaxModelFiles) {
      too_many = true;
      return Status::Ok();
    }
  }
  return Status::Ok();
}

// Adds model-too-large and returns false when `listed` is over the model's limits.
bool WithinLimits(const std::vector<Listed>& listed, bool too_many, Diagnostics& diags) {
  if (too_many) {
    diags.Error(codes::kModelTooLarge, "", "",
                "the model has more than " + std::to_string(kMaxModelFiles) + " files");
    return false;
  }
  std::uintmax_t total = 0;
  for (const Listed& file : listed) {
    total += file.size;
    if (file.size > kMaxModelFileBytes) {
      diags.Error(codes::kModelTooLarge, file.rel, "",
                  "\"" + file.rel + "\" is " + std::to_string(file.size) +
                      " bytes; the limit is " + std::to_string(kMaxModelFileBytes));
      return false;
    }
  }
  if (total > kMaxModelBytes) {
    diags.Error(codes::kModelTooLarge, "", "",
                "the model's files are " + std::to_string(total) + " bytes; the limit is " +
                    std::to_string(kMaxModelBytes));
    return false;
  }
  return true;
}

// Reads `file`, which must still be a regular file of at most its listed size (a file that
// grew since it was listed is refused, not read on).
Status ReadListed(const Listed& file, std::string& out) {
  const int fd = open(file.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::IoError(SystemError("cannot open", file.path, errno));
  struct stat st;
  Status status;
  if (fstat(fd, &st) != 0) {
    status = Status::IoError(SystemError("cannot stat", file.path, errno));
  } else if (!S_ISREG(st.st_mode) || static_cast<std::uintmax_t>(st.st_size) > file.size) {
    status = Status::IoError("cannot read " + file.path.string() + ": it changed while the model was loading");
  } else {
    out.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = read(fd, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        status = Status::IoError(n < 0 ? SystemError("cannot read", file.path, errno)
                                       : "cannot read " + file.path.string() + ": it shrank while the model was loading");
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
  close(fd);
  return status;
}

}  // namespace

PngInfo ImageInspector::Inspect(std::string_view bytes, const std::string& sha1_hex) {
  auto seen = seen_.find(sha1_hex);
  if (seen != seen_.end()) return seen->second;
  PngInfo info = InspectPng(bytes, &budget_);
  seen_.emplace(sha1_hex, info);
  return info;
}

ModelFile MakePassFile(std::string_view path, std::string bytes, ImageInspector& images) {
  ModelFile file;
  file.sha1_hex = Sha1Hex(bytes);
  file.compress = !path.ends_with(".png");
  if (!file.compress) file.png = images.Inspect(bytes, file.sha1_hex);
  if (path.ends_with("/pass.strings")) file.strings = ReadStringsFile(bytes);
  file.archived = MakeArchiveForm(bytes, file.compress);
  file.bytes = std::move(bytes);
  return file;
}

Status ReadModelDirectory(std::string_view dir, std::map<std::string, std::string>& files,
                          Diagnostics& diags) {
  const fs::path root{std::string(dir)};
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return Status::NotFound("model directory " + root.string() + " does not exist");
  }
  std::vector<Listed> listed;
  bool too_many = false;
  PKPASS_RETURN_IF_ERROR(ListLevel(root, "", listed, too_many, diags));
  if (!WithinLimits(listed, too_many, diags)) return Status::Ok();
  for (const Listed& file : listed) {
    std::string bytes;
    PKPASS_RETURN_IF_ERROR(ReadListed(file, bytes));
    files.emplace(file.rel, std::move(bytes));
  }
  return Status::Ok();
}

std::shared_ptr<const Model::Impl> CompileModel(const std::map<std::string, std::string>& files,
                                                Diagnostics& diags, bool derive_images) {
  auto model = std::make_shared<Model::Impl>();
  rapidjson::Document model_json(rapidjson::kObjectType);
  const size_t errors_before = diags.error_count();
  size_t total = 0;
  if (files.size() > kMaxModelFiles) {
    diags.Error(codes::kModelTooLarge, "", "",
                "the model has " + std::to_string(files.size()) + " files; the limit is " +
                    std::to_string(kMaxModelFiles));
    return nullptr;
  }
  bool has_pass_json = false;
  ImageInspector images;
  std::vector<std::string> image_sources;  // images in another format than PNG
  for (const auto& [path, bytes] : files) {
    total += bytes.size();
    if (bytes.size() > kMaxModelFileBytes || total > kMaxModelBytes) {
      diags.Error(codes::kModelTooLarge, path, "",
                  "the model is larger than the limit of " + std::to_string(kMaxModelBytes) +
                      " bytes, or this file than " + std::to_string(kMaxModelFileBytes));
      return nullptr;
    }
    switch (ClassifyModelPath(path)) {
      case PathKind::kPassJson:
        has_pass_json = true;
        model->pass_json_bytes = bytes.size();
        ParseJsonObject(bytes, path, kMaxPassJsonBytes, model->pass_json, diags);
        break;
      case PathKind::kModelJson:
        ParseJsonObject(bytes, path, kMaxPassJsonBytes, model_json, diags);
        break;
      case PathKind::kPassFile:
        model->files.emplace(path, MakePassFile(path, bytes, images));
        break;
      case PathKind::kJunk:
        diags.Error(codes::kModelJunkFile, path, "",
                    "\"" + path + "\" is not part of a pass; remove it from the model");
        break;
      case PathKind::kUnsafe:
        diags.Error(codes::kModelPathUnsafe, path, "",
                    "\"" + path + "\" is not a safe file name inside a model");
        break;
      case PathKind::kUnknown:
        if (ParseImageSourceName(std::string_view(path).substr(path.rfind('/') + 1))) {
          image_sources.push_back(path);  // a JPEG, GIF or BMP image: derived, or reported below
        } else {
          diags.Warning(codes::kModelFileIgnored, path, "",
                        "\"" + path + "\" is not a pass file pkpass knows; it is left out of passes");
        }
        break;
    }
  }
  if (!has_pass_json) {
    diags.Error(codes::kModelPassJsonMissing, "pass.json", "", "the model has no pass.json");
  } else if (model->pass_json.IsObject() && model_json.IsObject()) {
    ReadModelConfig(model_json, model->pass_json, model->config, diags);
  }
  if (derive_images || model->config.derive_images) {
    std::map<std::string, std::string> sources;
    for (const auto& [path, bytes] : files) {
      if (ParseImageSourceName(std::string_view(path).substr(path.rfind('/') + 1))) sources.emplace(path, bytes);
    }
    DeriveModelImages(sources, schema::StyleOf(model->pass_json), images, model->files, diags);
  } else {
    for (const std::string& path : image_sources) {
      diags.Warning(codes::kModelFileIgnored, path, "",
                    "\"" + path + "\" is a " + std::string(ImageFormatName(SniffImageFormat(files.at(path)))) +
                        " file and Wallet shows PNG images only; it is left out of passes. Convert it, or have "
                        "pkpass make the PNG set (model.json \"images\": {\"derive\": true}, or --derive-images)");
    }
  }
  if (diags.error_count() != errors_before) return nullptr;
  return model;
}

}  // namespace pkpass
