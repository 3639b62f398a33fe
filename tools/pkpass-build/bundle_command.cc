// pkpass-build bundle -o FAMILY.pkpasses A.pkpass B.pkpass ... [--deterministic] [--format text|json]
// Puts signed passes into one .pkpasses download (pkpass/bundle.h), within Apple's limits of 10
// passes and 150 MB; each pass keeps its file name. SOURCE_DATE_EPOCH stamps the entries.
#include <ctime>
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/bundle.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass::cli {

int RunBundle(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"-o"};
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  Format format;
  BuildOptions options;
  if (!flags.Parse(args, valued, {"--deterministic"}, error) || !ParseFormat(flags, format, error) ||
      !ParseBuildOptions(flags, options, error)) {
    return UsageError(error);
  }
  const auto out = flags.Get("-o");
  if (!out || flags.positional().empty() || !out->ends_with(".pkpasses")) {
    return UsageError("bundle needs -o NAME.pkpasses and the .pkpass files to put in it");
  }
  std::vector<std::pair<std::string, std::string>> passes;
  for (const std::string& path : flags.positional()) {
    Result<std::string> bytes = ReadInput(path);
    if (!bytes.ok()) return Report(format, bytes.status(), Diagnostics());
    passes.emplace_back(path.substr(path.rfind('/') + 1), std::move(*bytes));
  }
  if (Status target = CheckOutputPath(*out); !target.ok()) return UsageError(target.message());
  Result<std::string> bundle = MakeBundle(passes, options.timestamp.value_or(std::time(nullptr)));
  if (!bundle.ok()) {
    Diagnostics diags;
    diags.Error(codes::kBundleInvalid, *out, "", bundle.status().message());
    return Report(format, Status::InvalidPass(bundle.status().message()), diags);
  }
  if (Status written = WriteFileAtomically(*out, *bundle); !written.ok()) {
    return Report(format, written, Diagnostics());
  }
  if (format == Format::kText) {
    std::cout << "wrote " << *out << " (" << passes.size() << " passes, " << bundle->size() << " bytes)\n";
  }
  return Report(format, Status::Ok(), Diagnostics(), {{"output", *out}});
}

}  // namespace pkpass::cli
