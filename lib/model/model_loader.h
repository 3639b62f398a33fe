// Loading a model: from a directory (refusing symlinks and junk) or from files in memory, then
// compiling it into a Model::Impl.
#ifndef PKPASS_MODEL_MODEL_LOADER_H_
#define PKPASS_MODEL_MODEL_LOADER_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "model/model_impl.h"
#include "pkpass/diagnostic.h"
#include "pkpass/status.h"

namespace pkpass {

// Reads the files of the model directory `dir` into `files`, keyed by "/"-separated relative
// path. Symlinks, junk, nested folders and non-regular files get an error diagnostic and are not
// read. The model's limits (kMaxModelFiles, kMaxModelFileBytes, kMaxModelBytes) are checked on
// the directory listing, before any file is read: over them, model-too-large and nothing is
// read. kNotFound when `dir` is not a directory, kIoError (with the system's reason) when a
// listing or a read fails.
Status ReadModelDirectory(std::string_view dir, std::map<std::string, std::string>& files,
                          Diagnostics& diags);

// Inspects the PNGs of one model, archive or pass against one PixelBudget. Bytes it has
// inspected already (the same SHA-1, e.g. one image copied into every .lproj) are not decoded
// again. Not thread-safe: one per compilation.
class ImageInspector {
 public:
  PngInfo Inspect(std::string_view bytes, const std::string& sha1_hex);
  // What is left of the budget, for other decodes of the same model.
  PixelBudget& budget() { return budget_; }

 private:
  PixelBudget budget_;
  std::map<std::string, PngInfo> seen_;  // by SHA-1
};

// Returns the file at `path` with its hash, compression and (for "*.png") inspection filled in.
ModelFile MakePassFile(std::string_view path, std::string bytes, ImageInspector& images);

// Compiles `files` into a model. Returns nullptr, with the reasons in `diags`, when the files
// do not make a model (no pass.json, a bad name, a file too large, malformed JSON).
// `derive_images` derives image sets as model.json's "images": {"derive": true} does
// (model/derived_images.h).
std::shared_ptr<const Model::Impl> CompileModel(const std::map<std::string, std::string>& files,
                                                Diagnostics& diags, bool derive_images = false);

}  // namespace pkpass

#endif  // PKPASS_MODEL_MODEL_LOADER_H_
