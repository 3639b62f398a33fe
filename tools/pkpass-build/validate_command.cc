// pkpass-build validate --model DIR [--overrides FILE|-] [--image-dir DIR] [--strict]
//                       [--format text|json]
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/model.h"

namespace pkpass::cli {

int RunValidate(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--model", "--overrides", "--image-dir"};
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
  Result<std::string> pass_json = model->Resolve(
      *overrides, {.strict = flags.Has("--strict"), .image_store = images ? &*images : nullptr}, diags);
  if (pass_json.ok() && format == Format::kText) std::cout << "valid\n";
  return Report(format, pass_json.status(), diags);
}

}  // namespace pkpass::cli
