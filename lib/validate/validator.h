// Validation of a resolved pass: every problem is collected, none stops the others, and each
// points at the input it came from (see resolve/provenance.h).
#ifndef PKPASS_VALIDATE_VALIDATOR_H_
#define PKPASS_VALIDATE_VALIDATOR_H_

#include <string_view>

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

// The identity of the certificate that will sign the pass.
struct SignerIdentity {
  std::string_view pass_type_identifier;  // certificate UID
  std::string_view team_identifier;       // certificate OU
  bool nfc_enabled = false;               // an NFC-enabled Pass Type ID certificate
};

// Adds a diagnostic for every rule `pass` breaks. With `signer`, also checks that pass.json's
// passTypeIdentifier and teamIdentifier are the certificate's, and that a pass with nfc has an
// NFC-enabled certificate.
void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_VALIDATOR_H_
