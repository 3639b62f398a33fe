// Base64 decoding through OpenSSL.
#ifndef PKPASS_UTIL_BASE64_H_
#define PKPASS_UTIL_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace pkpass {

// Returns the bytes `text` encodes (standard alphabet, padding, line breaks allowed), or nullopt
// when it is not base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace pkpass

#endif  // PKPASS_UTIL_BASE64_H_
