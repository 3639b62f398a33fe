// The rule areas of the validator, one function each, run in this order by Validate().
#ifndef PKPASS_VALIDATE_RULES_H_
#define PKPASS_VALIDATE_RULES_H_

#include "pkpass/diagnostic.h"
#include "resolve/resolved_pass.h"
#include "validate/validator.h"

namespace pkpass {

// Standard keys (spec §9 rules 10, 11) and the style key (rule 12).
void CheckIdentity(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags);

// The package's files: an icon at some scale (spec §9 rule 2).
void CheckPackage(const ResolvedPass& pass, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_VALIDATE_RULES_H_
