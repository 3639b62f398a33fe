#include "util/color.h"

namespace pkpass {
namespace {

void SkipSpaces(std::string_view s, size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
}

// Reads a decimal integer 0-255 at `pos`.
bool Component(std::string_view s, size_t& pos, int& value) {
  SkipSpaces(s, pos);
  const size_t start = pos;
  value = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 3) {
    value = value * 10 + (s[pos++] - '0');
  }
  SkipSpaces(s, pos);
  return pos > start && value <= 255;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> NormalizeColor(std::string_view s) {
  int rgb[3];
  if (s.size() == 7 || s.size() == 4) {
    if (s[0] != '#') return std::nullopt;
    const bool shorthand = s.size() == 4;
    for (int i = 0; i < 3; ++i) {
      const int hi = HexDigit(s[shorthand ? 1 + i : 1 + 2 * i]);
      const int lo = HexDigit(s[shorthand ? 1 + i : 2 + 2 * i]);
      if (hi < 0 || lo < 0) return std::nullopt;
      rgb[i] = hi * 16 + lo;
    }
  } else {
    size_t pos = 0;
    if (!s.starts_with("rgb(")) return std::nullopt;
    pos = 4;
    for (int i = 0; i < 3; ++i) {
      if (!Component(s, pos, rgb[i])) return std::nullopt;
      if (i < 2 && (pos >= s.size() || s[pos++] != ',')) return std::nullopt;
    }
    if (pos + 1 != s.size() || s[pos] != ')') return std::nullopt;
  }
  return "rgb(" + std::to_string(rgb[0]) + ", " + std::to_string(rgb[1]) + ", " +
         std::to_string(rgb[2]) + ")";
}

}  // namespace pkpass
