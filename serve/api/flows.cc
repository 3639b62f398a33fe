#include "api/flows.h"

#include <ctime>

namespace pkpass::serve {
namespace {

Outcome Refused(int status, std::string message, Diagnostics diags) {
  Outcome o;
  o.status = status;
  o.message = std::move(message);
  o.diags = std::move(diags);
  return o;
}

}  // namespace

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

Outcome CreateFromPayload(Passes& passes, PayloadFormat format, std::string_view vendor, std::string_view model_id,
                          std::string_view body) {
  const Model* model = passes.FindModel(vendor, model_id);
  if (!model) return Refused(404, "no model " + std::string(model_id), {});
  Diagnostics diags;
  Result<ImportedPayload> imported = ImportPayload(format, body, model, diags);
  if (!imported.ok() || diags.has_errors()) return Refused(400, "the pass is not valid", std::move(diags));
  Result<ParsedOverrides> overrides = imported->Parse(diags);
  if (!overrides.ok()) return Refused(400, "the pass is not valid", std::move(diags));
  Outcome o = passes.Create(vendor, model_id, std::move(*overrides), Now());
  imported->PointIntoPayload(o.diags);
  return o;
}

Outcome UpdateFromBody(Passes& passes, PayloadFormat format, const PassRef& ref, std::string_view body) {
  Outcome found = passes.Find(ref);
  if (!found.pass) return found;
  Diagnostics diags;
  Result<ImportedUpdate> update =
      ImportUpdate(format, body, passes.FindModel(found.pass->vendor, found.pass->model), "patch", diags);
  if (!update.ok() || diags.has_errors()) return Refused(400, "the update is not valid", std::move(diags));
  const std::string patch = update->patch;
  PassRef same = ref;
  same.id = found.pass->id;
  same.serial.clear();
  return passes.Update(
      same, [&patch](const std::string& stored, Diagnostics& d) { return PatchOverrides(stored, patch, d); }, Now());
}

Outcome ReplaceFromPayload(Passes& passes, PayloadFormat format, const PassRef& ref, std::string_view body) {
  Outcome found = passes.Find(ref);
  if (!found.pass) return found;
  Diagnostics diags;
  Result<ImportedPayload> imported =
      ImportPayload(format, body, passes.FindModel(found.pass->vendor, found.pass->model), diags);
  if (!imported.ok() || diags.has_errors()) return Refused(400, "the pass is not valid", std::move(diags));
  // The new document keeps the pass's serial: a replace names the same pass.
  const std::string serial = "{\"serialNumber\":" + [&] {
    std::string quoted = "\"";
    for (char c : found.pass->serial) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }() + "}";
  const std::string document = imported->overrides();
  PassRef same = ref;
  same.id = found.pass->id;
  same.serial.clear();
  Outcome o = passes.Update(
      same,
      [&](const std::string&, Diagnostics& d) { return PatchOverrides(document, serial, d); }, Now());
  imported->PointIntoPayload(o.diags);
  return o;
}

}  // namespace pkpass::serve
