// Lower-case hex, the form hashes and ids take in the store and on the wire.
#ifndef PKPASS_SERVE_HEX_H_
#define PKPASS_SERVE_HEX_H_

#include <cstddef>
#include <string>

namespace pkpass::serve {

inline std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    hex += kHex[bytes[i] >> 4];
    hex += kHex[bytes[i] & 15];
  }
  return hex;
}

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_HEX_H_
