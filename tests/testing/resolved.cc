#include "testing/resolved.h"

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace pkpass::testing {

std::string JsonAt(const std::string& json, const char* pointer) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  if (v == nullptr) return "<absent>";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v->Accept(w);
  return buffer.GetString();
}

std::string ErrorsOf(const Diagnostics& diags) {
  std::string errors;
  for (const Diagnostic& d : diags.items()) {
    if (d.severity != Severity::kError) continue;
    errors += (errors.empty() ? "" : "; ") + std::string(d.code) + " at " + d.file + ":" + d.pointer;
  }
  return errors;
}

Result<std::string> ResolveJson(const Model& model, std::string_view json, const ValidateOptions& options,
                                Diagnostics& diags) {
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(json, diags);
  if (!parsed.ok()) return parsed.status();
  return model.Resolve(*parsed, options, diags);
}

Result<std::string> CompleteJson(const Model& model, std::string_view json, const ValidateOptions& options,
                                 Diagnostics& diags) {
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(json, diags);
  if (!parsed.ok()) return parsed.status();
  Result<bool> added = model.Complete(*parsed, options);
  if (!added.ok()) return added.status();
  return *added ? parsed->ToJson() : std::string(json);
}

Result<PreparedPass> PrepareJson(const Model& model, std::string_view json, const Signer& signer,
                                 const BuildOptions& options, Diagnostics& diags) {
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(json, diags);
  if (!parsed.ok()) return parsed.status();
  Result<bool> added = model.Complete(*parsed, options.validate);
  if (!added.ok()) return added.status();
  return model.Prepare(*parsed, signer, options, diags);
}

}  // namespace pkpass::testing
