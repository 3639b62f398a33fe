#include "model/model_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "model/model_paths.h"
#include "pkpass/diagnostic_codes.h"
#include "util/sha1.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

namespace fs = std::filesystem;

// Returns the entries of `dir` sorted by name, so diagnostics come in a fixed order.
Result<std::vector<fs::directory_entry>> SortedEntries(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) return Status::IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

Status ReadFileCapped(const fs::path& path, size_t limit, std::string& out, bool& too_large) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path.string());
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::IoError("cannot read " + path.string());
  too_large = static_cast<size_t>(size) > limit;
  if (too_large) return Status::Ok();
  out.resize(static_cast<size_t>(size));
  in.seekg(0);
  in.read(out.data(), size);
  if (!in) return Status::IoError("cannot read " + path.string());
  return Status::Ok();
}

// Reads the regular files of `dir` (the model root when `prefix` is empty, else one .lproj
// folder) into `files`.
Status ReadLevel(const fs::path& dir, const std::string& prefix,
                 std::map<std::string, std::string>& files, Diagnostics& diags) {
  Result<std::vector<fs::directory_entry>> entries = SortedEntries(dir);
  if (!entries.ok()) return entries.status();
  for (const fs::directory_entry& entry : *entries) {
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
        PKPASS_RETURN_IF_ERROR(ReadLevel(entry.path(), rel + "/", files, diags));
      } else {
        diags.Error(codes::kModelPathUnsafe, rel, "",
                    "\"" + rel + "\" is a folder; a model holds only files and xx.lproj folders");
      }
    } else if (!fs::is_regular_file(st)) {
      diags.Error(codes::kModelPathUnsafe, rel, "", "\"" + rel + "\" is not a regular file");
    } else {
      std::string bytes;
      bool too_large = false;
      Status s = ReadFileCapped(entry.path(), kMaxModelFileBytes, bytes, too_large);
      if (!s.ok()) return s;
      if (too_large) {
        diags.Error(codes::kModelTooLarge, rel, "",
                    "\"" + rel + "\" is larger than the limit of " +
                        std::to_string(kMaxModelFileBytes) + " bytes");
      } else {
        files.emplace(rel, std::move(bytes));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

ModelFile MakePassFile(std::string_view path, std::string bytes) {
  ModelFile file;
  file.sha1_hex = Sha1Hex(bytes);
  file.compress = !path.ends_with(".png");
  if (!file.compress) file.png = InspectPng(bytes);
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
  return ReadLevel(root, "", files, diags);
}

std::shared_ptr<const Model::Impl> CompileModel(const std::map<std::string, std::string>& files,
                                                Diagnostics& diags) {
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
        ParseJsonObject(bytes, path, kMaxPassJsonBytes, model->pass_json, diags);
        break;
      case PathKind::kModelJson:
        ParseJsonObject(bytes, path, kMaxPassJsonBytes, model_json, diags);
        break;
      case PathKind::kPassFile:
        model->files.emplace(path, MakePassFile(path, bytes));
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
        diags.Warning(codes::kModelFileIgnored, path, "",
                      "\"" + path + "\" is not a pass file pkpass knows; it is left out of passes");
        break;
    }
  }
  if (!has_pass_json) {
    diags.Error(codes::kModelPassJsonMissing, "pass.json", "", "the model has no pass.json");
  } else if (model->pass_json.IsObject() && model_json.IsObject()) {
    ReadModelConfig(model_json, model->pass_json, model->config, diags);
  }
  if (diags.error_count() != errors_before) return nullptr;
  return model;
}

}  // namespace pkpass
