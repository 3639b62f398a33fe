// pkpass-build validate: the verdict build would give, without signing. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunValidate(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  const PayloadFormat from = in.from;
  const auto model_dir = flags.Get("--model");
  if (!model_dir || !flags.positional().empty()) return UsageError("validate needs --model DIR");
  Result<std::string> payload = ReadOptionalInput(flags, "--overrides");
  if (!payload.ok()) return Report(format, payload.status(), Diagnostics());
  Diagnostics diags;
  Result<Model> model = Model::Load(*model_dir, diags);
  if (!model.ok()) return Report(format, model.status(), diags);
  const std::optional<DirectoryImageStore> images = ImageStoreFlag(flags);
  Result<std::optional<FileMapImageFetcher>> urls = ImageMapFlag(flags);
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(format, urls.status(), Diagnostics());
  }
  const ValidateOptions options{.strict = flags.Has("--strict"),
                                .image_store = images ? &*images : nullptr,
                                .image_fetcher = *urls ? &**urls : nullptr,
                                .require_serial = !flags.Has("--model-serial")};
  // Without --overrides the model is validated as a template: what each pass supplies may be
  // missing. With them, the one pass they make is.
  std::optional<ImportedPayload> imported;
  Status status;
  if (!flags.Get("--overrides")) {
    status = model->Validate(options, diags);
  } else if (Result<std::string> overrides = ImportFrom(from, *payload, *model, imported, diags); !overrides.ok()) {
    status = overrides.status();
  } else {
    status = model->Resolve(*overrides, options, diags).status();
    if (imported) imported->PointIntoPayload(diags);
  }
  if (status.ok() && format == Format::kText) std::cout << "valid\n";
  return Report(format, status, diags);
}

}  // namespace pkpass::cli
