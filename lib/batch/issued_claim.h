// How a pass claims what it was issued, the one rule builds and batches share.
#ifndef PKPASS_BATCH_ISSUED_CLAIM_H_
#define PKPASS_BATCH_ISSUED_CLAIM_H_

#include "pkpass/diagnostic.h"
#include "pkpass/issued.h"

namespace pkpass {

// Claims `pass` (its serial, record and barcode messages) in `issued`. When another pass holds
// one of the messages: with `unique` (model.json's barcodeValues "unique"), barcode-duplicate in
// `diags` and false; else the pass is recorded without its messages (they may be shared) and
// true. An error of `issued` is returned as it is.
Result<bool> ClaimIssuedPass(IssuedValues& issued, IssuedPass pass, bool unique, Diagnostics& diags);

}  // namespace pkpass

#endif  // PKPASS_BATCH_ISSUED_CLAIM_H_
