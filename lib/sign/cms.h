// The pass signature (Apple, "PassKit Package Format Reference", Package Structure): a detached
// CMS SignedData in DER over the exact bytes of manifest.json, with one
// SignerInfo identified by issuer and serial number, signed attributes contentType,
// messageDigest and signingTime (UTCTime) and nothing else, and the certificates of the signer
// and of the WWDR intermediate. RSA PKCS#1 v1.5 is deterministic, so a fixed signing time gives
// fixed bytes.
#ifndef PKPASS_SIGN_CMS_H_
#define PKPASS_SIGN_CMS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pkpass/model.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass {

// Returns the signature of `manifest` by `signer` at `signing_time` (seconds since the epoch),
// checked before it is returned: its signed messageDigest is the digest of `manifest`, and
// OpenSSL has checked the RSA result against the public key as part of signing. kCryptoError
// when OpenSSL fails or the check does.
Result<std::string> SignManifest(std::string_view manifest, const Signer::Impl& signer,
                                 Digest digest, std::int64_t signing_time);

}  // namespace pkpass

#endif  // PKPASS_SIGN_CMS_H_
