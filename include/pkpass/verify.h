// Verify: checks a .pkpass archive as Wallet would: archive layout, manifest, signature, and the
// binding of the signing certificate to pass.json. A pure function; safe to call concurrently.
#ifndef PKPASS_VERIFY_H_
#define PKPASS_VERIFY_H_

#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// The largest .pkpass Verify reads, and so the largest a build writes.
inline constexpr size_t kMaxArchiveBytes = 64u << 20;

struct VerifyOptions {
  // PEM certificate(s) to trust as the root of the signer's chain (Apple Root CA, or a test
  // root). Required unless skip_chain_check is set.
  std::string trust_root_pem;
  // Turn every warning into an error.
  bool strict = false;
  // Check the signature without a trust root: the signer may then be anyone, and a
  // signature-untrusted warning says the chain was not checked. A deliberate choice, so that
  // "the signature is intact" is never mistaken for "the pass is trusted".
  bool skip_chain_check = false;
  // Accept an http:// webServiceURL, as ValidateOptions::allow_http_web_service does (a pass
  // served by a server under development or test). Default: false.
  bool allow_http_web_service = false;
};

// Checks `pkpass_bytes` (at most kMaxArchiveBytes) as Wallet would: the archive's layout and
// limits from its central directory before anything is decompressed; the manifest; the
// signature (SHA-1 or SHA-256) and the signer's chain; then, only when all of that holds, the
// contents: pass.json and every image. Returns OK when the pass is valid (warnings may be in
// `diags`), kInvalidPass when `diags` holds an error, kInvalidArgument for an unusable or
// missing trust root.
PKPASS_EXPORT Status Verify(std::string_view pkpass_bytes, const VerifyOptions& options,
                            Diagnostics& diags);

// Checks a .pkpasses bundle (pkpass/prepared_pass.h): a ZIP of at most kMaxBundlePasses files named
// *.pkpass at its root, at most kMaxBundleBytes, each checked with Verify. A problem in a pass is
// reported in that pass: its file is "NAME.pkpass/pass.json", or "NAME.pkpass" for the archive
// itself; a problem with the bundle is bundle-invalid. Returns as Verify does.
PKPASS_EXPORT Status VerifyBundle(std::string_view bundle_bytes, const VerifyOptions& options,
                                  Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VERIFY_H_
