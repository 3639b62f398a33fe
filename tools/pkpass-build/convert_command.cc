// pkpass-build convert --from FORMAT [--model DIR] FILE|- [--format text|json]
// Prints the native overrides a vendor payload makes (text: the JSON on stdout, problems on
// stderr; json: {"ok", "overrides", "diagnostics"}). With --model, the payload's names go
// through the model's payloadFields and the model's images are kept beside URL images.
#include "cli.h"
#include "commands.h"
#include "pkpass/import.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunConvert(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--from", "--model"};
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  Format format;
  PayloadFormat from;
  if (!flags.Parse(args, valued, {}, error) || !ParseFormat(flags, format, error) ||
      !ParseFrom(flags, from, error)) {
    return UsageError(error);
  }
  if (!flags.Get("--from") || flags.positional().size() != 1) {
    return UsageError("convert needs --from FORMAT and one payload file (or - for standard input)");
  }
  Result<std::string> payload = ReadInput(flags.positional().front());
  if (!payload.ok()) return Report(format, payload.status(), Diagnostics());
  Diagnostics diags;
  Result<std::optional<Model>> model = OptionalModelFlag(flags, diags);
  if (!model.ok()) return Report(format, model.status(), diags);
  Result<ImportedPayload> imported = ImportPayload(from, *payload, *model ? &**model : nullptr, diags);
  if (!imported.ok()) return Report(format, imported.status(), diags);
  return ReportOverrides(format, imported->overrides(), diags);
}

}  // namespace pkpass::cli
