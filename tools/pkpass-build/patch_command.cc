// pkpass-build patch and reset: updates of a stored pass, printed as its new overrides. Flags and text: commands.cc.
#include "cli.h"
#include "commands.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/import.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"

namespace pkpass::cli {
int RunPatch(const Invocation& in) {
  const auto stored_path = in.flags.Get("--overrides");
  if (!stored_path || in.flags.positional().size() != 1) {
    return UsageError("patch needs --overrides STORED.json and one patch file (or - for standard input)");
  }
  Result<std::string> stored = ReadInput(*stored_path);
  if (!stored.ok()) return Report(in.format, stored.status(), Diagnostics());
  Result<std::string> patch = ReadInput(in.flags.positional().front());
  if (!patch.ok()) return Report(in.format, patch.status(), Diagnostics());
  Inputs inputs;
  if (Exit exit = inputs.Load(in, /*sign=*/false)) return *exit;
  Diagnostics& diags = inputs.diags;
  // The vendor's update body, whose problems are reported for the file "patch". The pass it names
  // must be the stored one.
  Result<ImportedUpdate> update = ImportUpdate(in.from, *patch, inputs.model_if_given(), "patch", diags);
  if (!update.ok()) return Report(in.format, update.status(), diags);
  Diagnostics ignored;
  Result<ParsedOverrides> base = ParsedOverrides::Parse(*stored, ignored);
  const std::optional<std::string_view> serial = base.ok() ? base->serial_number() : std::nullopt;
  if (update->serial && serial && *update->serial != *serial) {
    diags.Error(codes::kPatchInvalid, "patch", "",
                "the update names the pass \"" + *update->serial + "\", and the stored overrides are \"" +
                    std::string(*serial) + "\"'s");
  }
  if (diags.has_errors()) return Report(in.format, Status::InvalidPass("the update cannot be applied"), diags);
  return ReportOverrides(in.format, PatchOverrides(*stored, update->patch, diags), diags);
}

int RunReset(const Invocation& in) {
  const std::vector<std::string>& words = in.flags.positional();
  const auto stored_path = in.flags.Get("--overrides");
  const std::string what = words.empty() ? "" : words.front();
  const size_t needed = what == "attribute" || what == "field" ? 2 : what == "field-attribute" ? 3 : 0;
  if (!stored_path || needed == 0 || words.size() != needed) {
    return UsageError("reset takes attribute NAME, field KEY or field-attribute KEY ATTRIBUTE, "
                      "and --overrides STORED.json");
  }
  Result<std::string> stored = ReadInput(*stored_path);
  if (!stored.ok()) return Report(in.format, stored.status(), Diagnostics());
  Diagnostics diags;
  if (what == "attribute") return ReportOverrides(in.format, ResetAttribute(*stored, words[1], diags), diags);
  if (what == "field") return ReportOverrides(in.format, ResetField(*stored, words[1], diags), diags);
  return ReportOverrides(in.format, ResetFieldAttribute(*stored, words[1], words[2], diags), diags);
}

}  // namespace pkpass::cli
