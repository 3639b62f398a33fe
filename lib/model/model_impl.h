// The compiled model shared by every pass built from it: immutable after CompileModel but for
// what passes share, found once on first use.
#ifndef PKPASS_MODEL_MODEL_IMPL_H_
#define PKPASS_MODEL_MODEL_IMPL_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zip/zip_format.h"
#include "image/png_inspector.h"
#include "model/model_config.h"
#include "model/strings_file.h"
#include "pkpass/model.h"
#include "util/json.h"

namespace pkpass {

// One file of the model that goes into every pass, with what every pass would otherwise
// recompute.
struct ModelFile {
  std::string bytes;
  std::string sha1_hex;  // lowercase, for manifest.json
  bool compress = false;  // deflate in the archive (text); PNGs are stored
  std::optional<PngInfo> png;  // for images: what InspectPng found
  std::optional<StringsFile> strings;  // for every xx.lproj/pass.strings: what ReadStringsFile found
  ArchiveForm archived;        // CRC-32 and deflated bytes, computed once
};

class ValidationMemo;

struct Model::Impl {
  rapidjson::Document pass_json;  // the defaults; an object
  size_t pass_json_bytes = 0;      // its size as written, for the buffer a pass's is written in
  ModelConfig config;              // from model.json
  std::map<std::string, ModelFile> files;  // sorted by path: manifest and archive order follow
  // What every pass shares, found on first use, the only things set after CompileModel: what
  // validating pass.json reported, for incremental validation (MemoOf, validate/memo.h), and
  // whether its dates stay as they are in its zone (resolve/local_dates.cc).
  mutable std::once_flag memo_once;
  mutable std::shared_ptr<const ValidationMemo> memo;
  mutable std::once_flag dates_once;
  mutable bool dates_settled = false;
  // PNG sets derived from passes' own images (resolve/images.h), by the SHA-1 of the source, its
  // type and scale: a batch whose records name one upload decodes and resamples it once. At most
  // kMaxDerivedSets, emptied when full.
  static constexpr size_t kMaxDerivedSets = 64;
  mutable std::mutex derived_mutex;
  mutable std::map<std::string, std::shared_ptr<const std::vector<std::pair<std::string, std::string>>>> derived;
};

// Limits on what a model may hold; each refusal is a model-too-large diagnostic.
inline constexpr size_t kMaxModelFileBytes = 16u << 20;
inline constexpr size_t kMaxModelBytes = 64u << 20;
inline constexpr size_t kMaxModelFiles = 512;
inline constexpr size_t kMaxPassJsonBytes = 1u << 20;

}  // namespace pkpass

#endif  // PKPASS_MODEL_MODEL_IMPL_H_
