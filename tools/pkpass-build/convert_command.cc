// pkpass-build convert: a vendor payload as native overrides. Flags and text: commands.cc.
#include "cli.h"
#include "commands.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunConvert(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  const PayloadFormat from = in.from;
  if (!flags.Get("--from") || flags.positional().size() != 1) {
    return UsageError("convert needs --from FORMAT and one payload file (or - for standard input)");
  }
  Result<std::string> payload = ReadInput(flags.positional().front());
  if (!payload.ok()) return Report(format, payload.status(), Diagnostics());
  Diagnostics diags;
  Inputs inputs;
  if (Exit exit = inputs.Load(in, /*sign=*/false)) return *exit;
  diags.Append(inputs.diags);
  Result<ImportedPayload> imported = ImportPayload(from, *payload, inputs.model_if_given(), diags);
  if (!imported.ok()) return Report(format, imported.status(), diags);
  return ReportOverrides(format, imported->overrides(), diags);
}

}  // namespace pkpass::cli
