// Small X.509 helpers shared by the signer, the CMS code and verification.
#ifndef PKPASS_SIGN_X509_UTIL_H_
#define PKPASS_SIGN_X509_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pkpass/status.h"
#include "util/openssl_ptr.h"

namespace pkpass {

// Parses one certificate in PEM (the first of the file) or DER. `what` names it in errors; a
// private key or a certificate request given in its place (and no certificate) is named so.
Result<UniqueX509> ParseCertificate(std::string_view bytes, std::string_view what);

// Parses a PEM private key, encrypted with `password` when it is encrypted (never prompted for).
// kInvalidArgument for what is no PEM private key (naming a certificate or a request given in its
// place) or an encrypted key without a password; kCryptoError for a wrong password.
Result<UniqueEvpPkey> ParsePrivateKey(std::string_view pem, std::string_view password);

// Returns the first subject entry of `nid` (NID_userId, NID_organizationalUnitName) as UTF-8,
// or "" when the subject has none.
std::string SubjectEntry(const X509* cert, int nid);

// Returns the subject as a one-line string, "CN=..., OU=..., O=...".
std::string SubjectLine(const X509* cert);

// Returns `t` in seconds since the Unix epoch, or INT64_MIN when unreadable.
std::int64_t Asn1TimeToEpoch(const ASN1_TIME* t);

// Returns `seconds` as "YYYY-MM-DDThh:mm:ssZ".
std::string FormatUtc(std::int64_t seconds);

}  // namespace pkpass

#endif  // PKPASS_SIGN_X509_UTIL_H_
