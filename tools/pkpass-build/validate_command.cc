// pkpass-build validate --model DIR [--overrides FILE|-] [--from FORMAT] [--image-dir DIR]
//                       [--image-map FILE] [--model-serial] [--strict]
//                       [--format text|json]
// Without --overrides, validates the model as a template (Model::Validate); with them, the pass
// they make (Model::Resolve), with the checks `build` makes and the same flags that change a
// verdict: what validate calls valid, build builds (with a signer for the model's identifiers),
// and both report the same diagnostics, the payload's and the pass's in one report.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunValidate(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--model", "--overrides", "--from", "--image-dir", "--image-map"};
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  Format format;
  PayloadFormat from;
  if (!flags.Parse(args, valued, {"--strict", "--model-serial"}, error) || !ParseFormat(flags, format, error) ||
      !ParseFrom(flags, from, error)) {
    return UsageError(error);
  }
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
