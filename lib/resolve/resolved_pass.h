// ResolvedPass: a model's defaults with one pass's overrides applied, ready to validate and emit.
#ifndef PKPASS_RESOLVE_RESOLVED_PASS_H_
#define PKPASS_RESOLVE_RESOLVED_PASS_H_

#include <map>
#include <set>
#include <string>

#include "model/model_impl.h"
#include "model/model_loader.h"
#include "pkpass/diagnostic.h"
#include "resolve/provenance.h"
#include "util/json.h"
#include "schema/pass_fields.h"

namespace pkpass {

struct ResolvedPass {
  const Model::Impl* model = nullptr;  // not owned; outlives the pass
  bool allow_http_web_service = false;  // ValidateOptions::allow_http_web_service
  // pass_json's memory, in small chunks: one pass's few KB of JSON then never make the heap
  // grow and shrink by rapidjson's default 64 KB chunks, which on several threads costs every
  // core a TLB flush each time the heap is trimmed. Not movable: pass_json points to it.
  rapidjson::MemoryPoolAllocator<> json_memory{kJsonChunkBytes};
  rapidjson::Document pass_json{&json_memory};  // an object
  Provenance provenance;
  // The pass's files but pass.json, by path, sorted: the model's (less the image types the
  // overrides leave out) and the overrides' own images, which own_files holds.
  std::map<std::string, const ModelFile*> files;
  std::map<std::string, ModelFile> own_files;
  // For each of own_files, the pointer of its "images" entry in the overrides.
  std::map<std::string, std::string> own_file_sources;
  // The pass's own images given without a "scale": one file for every scale, sized as Pass2U
  // recommends, in @2x pixels (icon 58x58, strip 750x288, ...).
  std::set<std::string, std::less<>> unscaled_images;
  // Inspects own_files' images: they share one pixel budget, whichever override names them.
  ImageInspector image_inspector;
  // The bytes of own_files' images so far, every copy counted (one per language that has it):
  // no image is read or copied past kMaxOwnImageBytes (resolve/images.h) in all.
  size_t own_image_bytes = 0;
  // The bytes read for each image source ("path\0a/b.png", "url\0https://..."), so a source that
  // several languages name is read once.
  std::map<std::string, std::string, std::less<>> read_sources;
  // True when the model is validated alone, as a template: keys each pass's overrides may supply
  // are then only warned about when the model lacks them (Checker::Missing).
  bool is_model = false;
  // The pointers of the dates ResolveLocalDates refused (resolve/local_dates.h): the validator
  // says nothing more about them.
  std::set<std::string, std::less<>> refused_dates;

  // Adds a diagnostic about the resolved value at `resolved` (a pointer into pass_json), placed
  // at the input it came from.
  void Report(Diagnostics& diags, Severity severity, std::string_view code,
              const JsonPointer& resolved, std::string message) const;
};

}  // namespace pkpass

#endif  // PKPASS_RESOLVE_RESOLVED_PASS_H_
