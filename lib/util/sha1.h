// SHA-1 through OpenSSL, as manifest.json requires, and the digests fetched once for the hot path.
#ifndef PKPASS_UTIL_SHA1_H_
#define PKPASS_UTIL_SHA1_H_

#include <openssl/evp.h>

#include <string>
#include <string_view>

namespace pkpass {

// Returns the 40 lowercase hex digits of the SHA-1 of `bytes`.
std::string Sha1Hex(std::string_view bytes);

// Returns OpenSSL's SHA-1 or SHA-256, fetched once per process: OpenSSL 3 looks an algorithm up,
// under a lock shared by every thread, each time EVP_sha1() or EVP_sha256() is used.
const EVP_MD* FetchedSha1();
const EVP_MD* FetchedSha256();

}  // namespace pkpass

#endif  // PKPASS_UTIL_SHA1_H_
