// pkpass-build validate --model DIR [--overrides FILE|-] [--image-dir DIR] [--image-map FILE] [--strict]
//                       [--format text|json]
// Without --overrides, validates the model as a template (Model::Validate); with them, the pass
// they make (Model::Resolve).
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunValidate(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--model", "--overrides", "--image-dir", "--image-map"};
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  Format format;
  if (!flags.Parse(args, valued, {"--strict"}, error) || !ParseFormat(flags, format, error)) {
    return UsageError(error);
  }
  const auto model_dir = flags.Get("--model");
  if (!model_dir || !flags.positional().empty()) return UsageError("validate needs --model DIR");
  Result<std::string> overrides = ReadOptionalInput(flags, "--overrides");
  if (!overrides.ok()) return Report(format, overrides.status(), Diagnostics());
  Diagnostics diags;
  Result<Model> model = Model::Load(*model_dir, diags);
  if (!model.ok()) return Report(format, model.status(), diags);
  const std::optional<DirectoryImageStore> images = ImageStoreFlag(flags);
  Result<std::optional<ImageMap>> urls = ImageMapFlag(flags);
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(format, urls.status(), Diagnostics());
  }
  const ValidateOptions options{.strict = flags.Has("--strict"),
                                .image_store = images ? &*images : nullptr,
                                .image_fetcher = *urls ? &**urls : nullptr};
  // Without --overrides the model is validated as a template: what each pass supplies may be
  // missing. With them, the one pass they make is.
  const Status status = flags.Get("--overrides") ? model->Resolve(*overrides, options, diags).status()
                                                 : model->Validate(options, diags);
  if (status.ok() && format == Format::kText) std::cout << "valid\n";
  return Report(format, status, diags);
}

}  // namespace pkpass::cli
