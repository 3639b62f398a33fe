// pkpass-build convert --from FORMAT [--model DIR] FILE|- [--format text|json]
// Prints the native overrides a vendor payload makes (text: the JSON on stdout, problems on
// stderr; json: {"ok", "overrides", "diagnostics"}). With --model, the payload's names go
// through the model's payloadFields and the model's images are kept beside URL images.
#include <iostream>

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
  std::optional<Model> model;
  if (const auto dir = flags.Get("--model")) {
    Result<Model> loaded = Model::Load(*dir, diags);
    if (!loaded.ok()) return Report(format, loaded.status(), diags);
    model.emplace(std::move(*loaded));
  }
  Result<ImportedPayload> imported = ImportPayload(from, *payload, model ? &*model : nullptr, diags);
  if (!imported.ok()) return Report(format, imported.status(), diags);
  if (format == Format::kText) {
    std::cout << imported->overrides() << "\n";
    return Report(format, Status::Ok(), diags);
  }
  return Report(format, Status::Ok(), diags, {}, {{"overrides", imported->overrides()}});
}

}  // namespace pkpass::cli
