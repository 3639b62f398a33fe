// pkpass-build bundle: signed passes into one .pkpasses. Flags and text: commands.cc.
#include <ctime>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass::cli {

int RunBundle(const Invocation& in) {
  BuildOptions options;
  std::string error;
  if (!ParseBuildOptions(in.flags, options, error)) return UsageError(error);
  const auto out = in.flags.Get("-o");
  if (!out || in.flags.positional().empty() || !out->ends_with(".pkpasses")) {
    return UsageError("bundle needs -o NAME.pkpasses and the .pkpass files to put in it");
  }
  std::vector<std::pair<std::string, std::string>> passes;
  for (const std::string& path : in.flags.positional()) {
    Result<std::string> bytes = ReadInput(path);
    if (!bytes.ok()) return Report(in.format, bytes.status(), Diagnostics());
    passes.emplace_back(path.substr(path.rfind('/') + 1), std::move(*bytes));
  }
  if (Status target = CheckOutputPath(*out); !target.ok()) return UsageError(target.message());
  Result<std::string> bundle = MakeBundle(passes, options.timestamp.value_or(std::time(nullptr)));
  if (!bundle.ok()) {
    Diagnostics diags;
    diags.Error(codes::kBundleInvalid, *out, "", bundle.status().message());
    return Report(in.format, Status::InvalidPass(bundle.status().message()), diags);
  }
  if (Status written = WriteFileAtomically(*out, *bundle); !written.ok()) {
    return Report(in.format, written, Diagnostics());
  }
  if (in.format == Format::kText) {
    std::cout << "wrote " << *out << " (" << passes.size() << " passes, " << bundle->size() << " bytes)\n";
  }
  return Report(in.format, Status::Ok(), Diagnostics(), {{"output", *out}});
}

}  // namespace pkpass::cli
