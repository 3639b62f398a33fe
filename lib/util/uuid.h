// Random UUIDs (RFC 9562 version 4) from OpenSSL's CSPRNG.
#ifndef PKPASS_UTIL_UUID_H_
#define PKPASS_UTIL_UUID_H_

#include <optional>
#include <string>

namespace pkpass {

// Returns a new version 4 UUID in lowercase ("8-4-4-4-12" hex digits), or nullopt when the CSPRNG
// fails.
std::optional<std::string> NewUuid();

}  // namespace pkpass

#endif  // PKPASS_UTIL_UUID_H_
