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

struct VerifyOptions {
  // PEM certificate(s) to trust as the root of the signer's chain (Apple Root CA, or a test
  // root). Default: empty; the chain is then not checked and a warning says so.
  std::string trust_root_pem;
  // Turn every warning into an error.
  bool strict = false;
};

// Checks `pkpass_bytes`. Returns OK when the pass is valid (warnings may be in `diags`),
// kInvalidPass when `diags` holds an error, kInvalidArgument for an unusable trust root.
PKPASS_EXPORT Status Verify(std::string_view pkpass_bytes, const VerifyOptions& options,
                            Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VERIFY_H_
