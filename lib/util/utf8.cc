#include "util/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>

#include "pkpass/diagnostic.h"

namespace pkpass {

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  auto at = static_cast<std::int32_t>(i);
  UChar32 c;
  U8_NEXT(bytes, at, length, c);
  i = static_cast<size_t>(at);
  return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

bool IsValidUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t at = 0; at < length;) {
    if (bytes[at] < 0x80) {  // ASCII, the common case
      ++at;
      continue;
    }
    UChar32 c;
    U8_NEXT(bytes, at, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::string out;
  out.reserve(text.size() + 8);
  for (std::int32_t at = 0; at < length;) {
    const std::int32_t start = at;
    UChar32 c;
    U8_NEXT(bytes, at, length, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    } else {
      out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(at - start)));
    }
  }
  return out;
}

}  // namespace pkpass
