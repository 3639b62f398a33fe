// UTF-8 checks over untrusted bytes, on ICU's decoder (U8_NEXT): linear, never reading past the
// end of the input.
#ifndef PKPASS_UTIL_UTF8_H_
#define PKPASS_UTIL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace pkpass {

// Returns whether `s` is well-formed UTF-8 (no overlong form, surrogate or value past U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Returns the code point at byte `i` of `s` and moves `i` past it; an ill-formed sequence gives
// U+FFFD and moves `i` past the bytes ICU takes as one error.
char32_t DecodeUtf8(std::string_view s, size_t& i);

}  // namespace pkpass

#endif  // PKPASS_UTIL_UTF8_H_
