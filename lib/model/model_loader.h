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
// read. kNotFound when `dir` is not a directory, kIoError when a read fails.
Status ReadModelDirectory(std::string_view dir, std::map<std::string, std::string>& files,
                          Diagnostics& diags);

// Returns the file at `path` with its hash, compression and (for "*.png") inspection filled in.
ModelFile MakePassFile(std::string_view path, std::string bytes);

// Compiles `files` into a model. Returns nullptr, with the reasons in `diags`, when the files
// do not make a model (no pass.json, a bad name, a file too large, malformed JSON).
std::shared_ptr<const Model::Impl> CompileModel(const std::map<std::string, std::string>& files,
                                                Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_MODEL_MODEL_LOADER_H_
