// pkpass-build verify FILE.pkpass [--trust-root PEM] [--strict] [--format text|json]
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/verify.h"

namespace pkpass::cli {

int RunVerify(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--trust-root"};
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  Format format;
  if (!flags.Parse(args, valued, {"--strict"}, error) || !ParseFormat(flags, format, error)) {
    return UsageError(error);
  }
  if (flags.positional().size() != 1) return UsageError("verify needs one FILE.pkpass");
  VerifyOptions options;
  options.strict = flags.Has("--strict");
  Result<std::string> root = ReadOptionalInput(flags, "--trust-root");
  if (!root.ok()) return Report(format, root.status(), Diagnostics());
  options.trust_root_pem = std::move(*root);
  Result<std::string> bytes = ReadInput(flags.positional()[0]);
  if (!bytes.ok()) return Report(format, bytes.status(), Diagnostics());
  Diagnostics diags;
  const Status status = Verify(*bytes, options, diags);
  if (status.ok() && format == Format::kText) std::cout << flags.positional()[0] << ": verified\n";
  return Report(format, status, diags);
}

}  // namespace pkpass::cli
