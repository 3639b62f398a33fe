// pkpass-build convert: a vendor payload as native overrides. Flags and text: commands.cc.
#include "cli.h"
#include "commands.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunConvert(const Invocation& in) {
  if (!in.flags.Get("--from") || in.flags.positional().size() != 1) {
    return UsageError("convert needs --from FORMAT and one payload file (or - for standard input)");
  }
  Result<std::string> payload = ReadInput(in.flags.positional().front());
  if (!payload.ok()) return Report(in.format, payload.status(), Diagnostics());
  Inputs inputs;
  if (Exit exit = inputs.Load(in, /*sign=*/false)) return *exit;
  Diagnostics& diags = inputs.diags;
  Result<ImportedPayload> imported = ImportPayload(in.from, *payload, inputs.model_if_given(), diags);
  if (!imported.ok()) return Report(in.format, imported.status(), diags);
  return ReportOverrides(in.format, imported->overrides(), diags);
}

}  // namespace pkpass::cli
