// Validation of a resolved pass: every problem is collected, none stops the others, and each
// points at the input it came from (see resolve/provenance.h).
#ifndef PKPASS_VALIDATE_VALIDATOR_H_
#define PKPASS_VALIDATE_VALIDATOR_H_

#include <map>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"
#include "validate/memo.h"

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
// With `memo` (its model's, MemoOf in validate/memo.h), the rules that read one subtree replay
// what they reported of the model where the pass left that subtree untouched: the diagnostics are
// the same, in the same order, as without it. A model validated as a template (is_model) is
// always checked whole.
void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags,
              const ValidationMemo* memo = nullptr);

// Checks the files of a signed pass (pass.json, images, xx.lproj; no manifest or signature) by
// the rules a build applies. A pass is its model with the overrides applied, so its files are
// read as a model and resolved with no overrides: the same loader (limits, safe names, PNG
// inspection) and the same rules as Model::Build, which is why verify reaches below validation.
// `allow_http_web_service`: VerifyOptions::allow_http_web_service.
void ValidatePassFiles(const std::map<std::string, std::string>& files, const SignerIdentity* signer,
                       bool allow_http_web_service, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_VALIDATOR_H_
