// pkpass-build validate: the verdict build would give, without signing. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunValidate(const Invocation& in) {
  if (!in.flags.Get("--model") || !in.positional().empty()) return UsageError("validate needs --model DIR");
  Inputs inputs;
  if (Exit exit = inputs.Note(in)) return *exit;
  Result<std::string> payload = ReadOptionalInput(in.flags, "--overrides");
  if (!payload.ok()) return Report(in.format, payload.status(), Diagnostics());
  if (Exit exit = inputs.Load(in, /*sign=*/false)) return *exit;
  Diagnostics& diags = inputs.diags;
  ValidateOptions options = inputs.validate(in.flags);
  options.require_serial = !in.flags.Has("--model-serial");
  // Without --overrides the model is validated as a template: what each pass supplies may be
  // missing. With them, the one pass they make is.
  std::optional<ImportedPayload> imported;
  Status status;
  if (!in.flags.Get("--overrides")) {
    status = inputs.model().Validate(options, diags);
  } else if (Result<ParsedOverrides> overrides = ImportFrom(in.from, *payload, inputs.model(), imported, diags);
             !overrides.ok()) {
    status = overrides.status();
  } else {
    status = inputs.model().Resolve(*overrides, options, diags).status();
    if (imported) imported->PointIntoPayload(diags);
  }
  if (status.ok() && in.format == Format::kText) std::cout << "valid\n";
  return Report(in.format, status, diags);
}

}  // namespace pkpass::cli
