// pkpass-build verify: a signed .pkpass or .pkpasses checked as Wallet would. Flags and text: commands.cc.
#include <iostream>

#include "cli.h"
#include "commands.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/verify.h"

namespace pkpass::cli {

int RunVerify(const Invocation& in) {
  if (in.flags.positional().size() != 1) return UsageError("verify needs one FILE.pkpass");
  if (in.flags.Get("--trust-root").has_value() == in.flags.Has("--no-trust-root")) {
    return UsageError("verify needs --trust-root PEM (Apple's root, or your test root), or "
                      "--no-trust-root to check the signature without its chain");
  }
  VerifyOptions options;
  options.strict = in.flags.Has("--strict");
  options.skip_chain_check = in.flags.Has("--no-trust-root");
  Result<std::string> root = ReadOptionalInput(in.flags, "--trust-root");
  if (!root.ok()) return Report(in.format, root.status(), Diagnostics());
  options.trust_root_pem = std::move(*root);
  const bool bundle = in.flags.positional()[0].ends_with(".pkpasses");
  // One byte past the limit is read, so that Verify reports an oversize pass as its problem.
  Result<std::string> bytes =
      ReadInputPrefix(in.flags.positional()[0], (bundle ? kMaxBundleBytes : kMaxArchiveBytes) + 1);
  if (!bytes.ok()) return Report(in.format, bytes.status(), Diagnostics());
  Diagnostics diags;
  const Status status = bundle ? VerifyBundle(*bytes, options, diags) : Verify(*bytes, options, diags);
  if (status.ok() && in.format == Format::kText) {
    std::cout << in.flags.positional()[0]
              << (options.skip_chain_check ? ": signature intact; its chain was not checked\n"
                                           : ": verified\n");
  }
  return Report(in.format, status, diags);
}

}  // namespace pkpass::cli
