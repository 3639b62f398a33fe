#include "validate/validator.h"

#include "validate/rules.h"

namespace pkpass {

void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags) {
  CheckIdentity(pass, signer, diags);
  CheckPackage(pass, diags);
}

}  // namespace pkpass
