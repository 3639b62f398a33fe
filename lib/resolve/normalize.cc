#include "resolve/normalize.h"

#include "pkpass/diagnostic_codes.h"
#include "util/w3c_date.h"

namespace pkpass {
namespace {

constexpr std::string_view kColorKeys[] = {"foregroundColor", "backgroundColor", "labelColor",
                                           "stripColor", "footerBackgroundColor"};
constexpr std::string_view kRelevantDateKeys[] = {"date", "startDate", "endDate", "relevantDate"};

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

void CheckDate(const ResolvedPass& pass, const rapidjson::Value& value, const JsonPointer& at,
               std::string_view name, Diagnostics& diags) {
  const DateCheck check = value.IsString() ? CheckW3cDate(StringOf(value)) : DateCheck::kInvalid;
  if (check == DateCheck::kNoOffset) {
    pass.Report(diags, Severity::kError, codes::kDateTimezoneMissing, at,
                std::string(name) + " has no time zone: add \"Z\" or an offset such as \"+08:00\"");
  } else if (check == DateCheck::kInvalid) {
    pass.Report(diags, Severity::kError, codes::kDateInvalid, at,
                std::string(name) + " must be a date such as \"2018-12-31T23:00:15+08:00\"");
  }
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

void Normalize(ResolvedPass& pass, Diagnostics& diags) {
  rapidjson::Value& json = pass.pass_json;
  const JsonPointer root;
  for (std::string_view key : kColorKeys) {
    rapidjson::Value* value = Member(json, key);
    if (value == nullptr) continue;
    std::optional<std::string> rgb = value->IsString() ? NormalizeColor(StringOf(*value)) : std::nullopt;
    if (!rgb) {
      pass.Report(diags, Severity::kError, codes::kColorInvalid, root.Child(key),
                  std::string(key) + " must be rgb(r, g, b), #rrggbb or #rgb with components "
                  "0-255");
    } else if (*rgb != StringOf(*value)) {
      value->SetString(rgb->c_str(), static_cast<rapidjson::SizeType>(rgb->size()),
                       pass.pass_json.GetAllocator());
    }
  }
  for (std::string_view key : {"expirationDate", "relevantDate"}) {
    if (const rapidjson::Value* value = Member(json, key)) CheckDate(pass, *value, root.Child(key), key, diags);
  }
  const rapidjson::Value* dates = Member(json, "relevantDates");
  if (dates == nullptr || !dates->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < dates->Size(); ++i) {
    for (std::string_view key : kRelevantDateKeys) {
      if (const rapidjson::Value* value = Member((*dates)[i], key)) {
        CheckDate(pass, *value, root.Child("relevantDates").Child(i).Child(key), key, diags);
      }
    }
  }
}

}  // namespace pkpass
