// Lowercase hexadecimal encoding.
#ifndef PKPASS_UTIL_HEX_H_
#define PKPASS_UTIL_HEX_H_

#include <string>
#include <string_view>

namespace pkpass {

// Returns the lowercase hex of `bytes`, two digits a byte.
inline std::string LowerHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0xF];
  }
  return out;
}

}  // namespace pkpass

#endif  // PKPASS_UTIL_HEX_H_
