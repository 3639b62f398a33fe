#include "validate/validator.h"

#include "validate/rules.h"

namespace pkpass {

void Validate(const ResolvedPass& pass, const SignerIdentity* signer, Diagnostics& diags) {
  const Checker check(pass, diags);
  CheckIdentity(check, signer);
  CheckKeys(check);
  CheckFields(check);
  CheckRelevance(check);
  CheckBarcodes(check);
  CheckSemantics(check);
  CheckPersonalization(check, diags);
  CheckImages(check);
  CheckLocalization(check);
}

}  // namespace pkpass
