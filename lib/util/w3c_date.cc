#include "util/w3c_date.h"

namespace pkpass {
namespace {

// Reads `n` digits at `pos` into `value`; advances `pos`.
bool Digits(std::string_view s, size_t& pos, int n, int& value) {
  if (pos + static_cast<size_t>(n) > s.size()) return false;
  value = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos++];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

DateCheck ParseW3cDate(std::string_view s, W3cDateParts& parts) {
  size_t pos = 0;
  int year, month, day, hour, minute, second = 0;
  if (!Digits(s, pos, 4, year) || !Expect(s, pos, '-') || !Digits(s, pos, 2, month) ||
      !Expect(s, pos, '-') || !Digits(s, pos, 2, day) || !Expect(s, pos, 'T') ||
      !Digits(s, pos, 2, hour) || !Expect(s, pos, ':') || !Digits(s, pos, 2, minute)) {
    return DateCheck::kInvalid;
  }
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, second)) return DateCheck::kInvalid;
    if (pos < s.size() && s[pos] == '.') {
      const size_t start = ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return DateCheck::kInvalid;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return DateCheck::kInvalid;
  }
  parts = {year, month, day, hour, minute, second, 0, pos};
  if (pos == s.size()) return DateCheck::kNoOffset;
  if (s[pos] == 'Z') return pos + 1 == s.size() ? DateCheck::kValid : DateCheck::kInvalid;
  if (s[pos] != '+' && s[pos] != '-') return DateCheck::kInvalid;
  const int sign = s[pos] == '+' ? 1 : -1;
  ++pos;
  int offset_hours, offset_minutes;
  if (!Digits(s, pos, 2, offset_hours) || !Expect(s, pos, ':') ||
      !Digits(s, pos, 2, offset_minutes) || pos != s.size() || offset_hours > 23 ||
      offset_minutes > 59) {
    return DateCheck::kInvalid;
  }
  parts.offset_minutes = sign * (offset_hours * 60 + offset_minutes);
  return DateCheck::kValid;
}

DateCheck CheckW3cDate(std::string_view s) {
  W3cDateParts parts;
  return ParseW3cDate(s, parts);
}

std::optional<int64_t> W3cDateSeconds(std::string_view s) {
  W3cDateParts p;
  if (ParseW3cDate(s, p) != DateCheck::kValid) return std::nullopt;
  return ((DaysFromCivil(p.year, p.month, p.day) * 24 + p.hour) * 60 + p.minute -
          p.offset_minutes) * 60 + p.second;
}

}  // namespace pkpass
