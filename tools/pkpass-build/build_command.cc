// pkpass-build build: one signed pass. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunBuild(const Invocation& in) {
  const auto out = in.flags.Get("-o");
  if (!in.flags.Get("--model") || !out || !in.positional().empty()) {
    return UsageError("build needs --model DIR, the signing flags and -o OUT.pkpass");
  }
  BuildOptions options;
  std::string error;
  if (!ParseBuildOptions(in.flags, options, error)) return UsageError(error);
  Inputs inputs;
  if (Exit exit = inputs.Note(in)) return *exit;
  Result<std::string> payload = ReadOptionalInput(in.flags, "--overrides");
  if (!payload.ok()) return Report(in.format, payload.status(), Diagnostics());
  // Checked now, with every input noted, and again as the file is put in place.
  if (Status outputs = CheckOutputPaths({{"-o", out}, {"--issued", in.flags.Get("--issued")}}); !outputs.ok()) {
    return UsageError(outputs.message());
  }
  if (Exit exit = inputs.Load(in, /*sign=*/true)) return *exit;
  if (Exit exit = inputs.OpenIssued(in)) return *exit;
  Diagnostics& diags = inputs.diags;
  options.validate = inputs.validate(in.flags);
  // The model's serial is a template value: two passes with it replace each other on a phone.
  options.validate.require_serial = !in.flags.Has("--model-serial");
  options.issued = inputs.journal();
  std::optional<ImportedPayload> imported;
  Result<ParsedOverrides> overrides = ImportFrom(in.from, *payload, inputs.model(), imported, diags);
  if (!overrides.ok()) return Report(in.format, overrides.status(), diags);
  Result<std::string> pkpass = inputs.model().Build(*overrides, inputs.signer(), options, diags);
  if (imported) imported->PointIntoPayload(diags);
  if (!pkpass.ok()) return Report(in.format, pkpass.status(), diags);
  if (inputs.journal() != nullptr) {
    if (Status synced = inputs.journal()->Sync(); !synced.ok()) return Report(in.format, synced, diags);
  }
  if (Status written = WriteFileAtomically(*out, *pkpass); !written.ok()) return Report(in.format, written, diags);
  // What the build generated is printed, to be stored for later updates of the pass.
  std::map<std::string, std::string> extra = {{"output", *out}};
  if (overrides->completed()) extra["completedOverrides"] = overrides->ToJson();
  if (in.format == Format::kText) {
    std::cout << "wrote " << *out << " (" << pkpass->size() << " bytes)\n";
    if (overrides->completed()) std::cout << "completed overrides: " << extra["completedOverrides"] << "\n";
  }
  return Report(in.format, Status::Ok(), diags, extra);
}

}  // namespace pkpass::cli
