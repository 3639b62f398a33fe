// Small X.509 helpers shared by the signer, the CMS code and verification.
#ifndef PKPASS_SIGN_X509_UTIL_H_
#define PKPASS_SIGN_X509_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pkpass/status.h"
#include "util/openssl_ptr.h"

namespace pkpass {

// Parses one certificate in PEM (the first of the file) or DER. `what` names it in errors.
Result<UniqueX509> ParseCertificate(std::string_view bytes, std::string_view what);

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
