// pkpass-build verify: a signed .pkpass or .pkpasses checked as Wallet would. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/bundle.h"
#include "pkpass/verify.h"

namespace pkpass::cli {

int RunVerify(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  if (flags.positional().size() != 1) return UsageError("verify needs one FILE.pkpass");
  if (flags.Get("--trust-root").has_value() == flags.Has("--no-trust-root")) {
    return UsageError("verify needs --trust-root PEM (Apple's root, or your test root), or "
                      "--no-trust-root to check the signature without its chain");
  }
  VerifyOptions options;
  options.strict = flags.Has("--strict");
  options.skip_chain_check = flags.Has("--no-trust-root");
  Result<std::string> root = ReadOptionalInput(flags, "--trust-root");
  if (!root.ok()) return Report(format, root.status(), Diagnostics());
  options.trust_root_pem = std::move(*root);
  const bool bundle = flags.positional()[0].ends_with(".pkpasses");
  // One byte past the limit is read, so that Verify reports an oversize pass as its problem.
  Result<std::string> bytes =
      ReadInputPrefix(flags.positional()[0], (bundle ? kMaxBundleBytes : kMaxArchiveBytes) + 1);
  if (!bytes.ok()) return Report(format, bytes.status(), Diagnostics());
  Diagnostics diags;
  const Status status = bundle ? VerifyBundle(*bytes, options, diags) : Verify(*bytes, options, diags);
  if (status.ok() && format == Format::kText) {
    std::cout << flags.positional()[0]
              << (options.skip_chain_check ? ": signature intact; its chain was not checked\n"
                                           : ": verified\n");
  }
  return Report(format, status, diags);
}

}  // namespace pkpass::cli
