// SHA-1 through OpenSSL, as manifest.json requires.
#ifndef PKPASS_UTIL_SHA1_H_
#define PKPASS_UTIL_SHA1_H_

#include <string>
#include <string_view>

namespace pkpass {

// Returns the 40 lowercase hex digits of the SHA-1 of `bytes`.
std::string Sha1Hex(std::string_view bytes);

}  // namespace pkpass

#endif  // PKPASS_UTIL_SHA1_H_
