#include "util/json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <utility>
#include <vector>

#include "pkpass/diagnostic_codes.h"
#include "util/json_pointer.h"

namespace pkpass {
namespace {

// Numbers are read as their text and converted here (Limiter::RawNumber): RapidJSON 1.1's own
// conversion either rounds 17-digit doubles wrongly or, with kParseFullPrecisionFlag, calls
// __builtin_clzll(0) on a zero with an exponent ("0e99").
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag |
                                 rapidjson::kParseValidateEncodingFlag;

// The power of ten of a number's leading digit ("123.4" 2, "0.05e3" 1); numbers RapidJSON's reader
// checked, so the syntax is JSON's. Saturates far beyond any double's range.
long DecimalMagnitude(std::string_view text) {
  size_t i = text.starts_with('-') ? 1 : 0;
  long integer_digits = 0, leading_zeros = 0;
  bool fraction = false, nonzero = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') {
      fraction = true;
    } else if (!nonzero && text[i] == '0') {
      leading_zeros += fraction ? 1 : 0;
    } else {
      nonzero = true;
      integer_digits += fraction ? 0 : 1;
    }
  }
  if (!nonzero) return LONG_MIN / 2;  // zero
  long magnitude = integer_digits > 0 ? integer_digits - 1 : -(leading_zeros + 1);
  if (i < text.size()) {
    std::string_view exponent = text.substr(i + 1);
    const bool negative = exponent.starts_with('-');
    if (exponent.starts_with('-') || exponent.starts_with('+')) exponent.remove_prefix(1);
    long e = 0;
    if (std::from_chars(exponent.data(), exponent.data() + exponent.size(), e).ec != std::errc()) e = LONG_MAX / 4;
    magnitude += negative ? -std::min(e, LONG_MAX / 4) : std::min(e, LONG_MAX / 4);
  }
  return magnitude;
}

// Forwards SAX events to a Document, refusing nesting deeper than kMaxJsonDepth and objects
// with more than kMaxJsonObjectKeys keys, as soon as the reader reaches them.
class Limiter {
 public:
  explicit Limiter(rapidjson::Document& doc) : doc_(doc) {}
  bool too_deep() const { return too_deep_; }
  bool too_many_keys() const { return too_many_keys_; }

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  // A number as the shortest exact type RapidJSON would give it (int, unsigned, int64, uint64,
  // else double), the double correctly rounded (std::from_chars). Past a double's range it is
  // refused (number_too_big); below it, it is zero.
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const std::string_view text(s, n);
    if (text.find_first_of(".eE") == std::string_view::npos) {
      if (text.starts_with('-')) {
        int64_t i = 0;
        if (std::from_chars(s, s + n, i).ec == std::errc()) {
          return i >= INT_MIN ? doc_.Int(static_cast<int>(i)) : doc_.Int64(i);
        }
      } else {
        uint64_t u = 0;
        if (std::from_chars(s, s + n, u).ec == std::errc()) {
          return u <= UINT_MAX ? doc_.Uint(static_cast<unsigned>(u)) : doc_.Uint64(u);
        }
      }
    }
    double d = 0;
    const std::from_chars_result read = std::from_chars(s, s + n, d);
    if (read.ec == std::errc::result_out_of_range) {
      if (DecimalMagnitude(text) > 0) {
        number_too_big_ = true;
        return false;
      }
      d = text.starts_with('-') ? -0.0 : 0.0;
    } else if (read.ec != std::errc() || read.ptr != s + n) {
      return false;  // RapidJSON's reader checked the syntax: not reached
    }
    return doc_.Double(d);
  }
  bool number_too_big() const { return number_too_big_; }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (++keys_[depth_] > kMaxJsonObjectKeys) too_many_keys_ = true;
    return !too_many_keys_ && doc_.Key(s, n, copy);
  }
  bool StartObject() { return Enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { --depth_; return doc_.EndObject(n); }
  bool StartArray() { return Enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { --depth_; return doc_.EndArray(n); }

 private:
  bool Enter() {
    if (++depth_ > kMaxJsonDepth) too_deep_ = true;
    if (!too_deep_) keys_[depth_] = 0;
    return !too_deep_;
  }
  rapidjson::Document& doc_;
  size_t depth_ = 0;
  size_t keys_[kMaxJsonDepth + 1] = {};  // keys of the open object at each depth
  bool too_deep_ = false;
  bool too_many_keys_ = false;
  bool number_too_big_ = false;
};

// Runs the reader for Document::Populate, so the document is built in one iterative pass.
struct Generator {
  std::string_view text;
  rapidjson::ParseResult result;
  bool too_deep = false;
  bool too_many_keys = false;
  bool number_too_big = false;

  bool operator()(rapidjson::Document& doc) {
    Limiter limiter(doc);
    rapidjson::MemoryStream stream(text.data(), text.size());
    rapidjson::Reader reader;
    result = reader.Parse<kParseFlags>(stream, limiter);
    too_deep = limiter.too_deep();
    too_many_keys = limiter.too_many_keys();
    number_too_big = limiter.number_too_big();
    return !result.IsError();
  }
};

// Returns "line L, column C" of byte `offset` in `text`.
std::string Position(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Adds json-duplicate-key, in document order, for every key below `v` that its object names a
// second time. Each object's keys are sorted once: n log n in the number of keys. Depth is
// bounded by kMaxJsonDepth, so the recursion is too.
void CheckDuplicateKeys(const rapidjson::Value& v, std::string_view file, const JsonPointer& at,
                        Diagnostics& diags) {
  if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) CheckDuplicateKeys(v[i], file, at.Child(i), diags);
    return;
  }
  if (!v.IsObject()) return;
  std::vector<std::pair<std::string_view, size_t>> keys;  // key, position in the object
  keys.reserve(v.MemberCount());
  for (const auto& m : v.GetObject()) keys.emplace_back(StringOf(m.name), keys.size());
  std::sort(keys.begin(), keys.end());
  std::vector<bool> repeated(keys.size(), false);
  for (size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].first == keys[i - 1].first) repeated[keys[i].second] = true;
  }
  size_t i = 0;
  for (const auto& m : v.GetObject()) {
    const std::string_view key = StringOf(m.name);
    if (repeated[i++]) {
      diags.Error(codes::kJsonDuplicateKey, std::string(file), at.Child(key).str(),
                  "the key \"" + std::string(key) + "\" appears more than once in this object");
    }
    CheckDuplicateKeys(m.value, file, at.Child(key), diags);
  }
}

}  // namespace

bool ParseJson(std::string_view text, std::string_view file, size_t max_bytes,
               rapidjson::Document& doc, Diagnostics& diags) {
  if (text.size() > max_bytes) {
    diags.Error(codes::kJsonTooLarge, std::string(file), "",
                "the document is " + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(max_bytes));
    return false;
  }
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Generator generator{text, {}, false, false, false};
  doc.Populate(generator);
  if (generator.too_many_keys) {
    diags.Error(codes::kJsonTooManyKeys, std::string(file), "",
                "an object has more than " + std::to_string(kMaxJsonObjectKeys) + " keys at " +
                    Position(text, generator.result.Offset()));
    return false;
  }
  if (generator.too_deep) {
    diags.Error(codes::kJsonTooDeep, std::string(file), "",
                "objects and arrays are nested more than " + std::to_string(kMaxJsonDepth) +
                    " levels deep at " + Position(text, generator.result.Offset()));
    return false;
  }
  if (generator.result.IsError()) {
    const rapidjson::ParseErrorCode code =
        generator.number_too_big ? rapidjson::kParseErrorNumberTooBig : generator.result.Code();
    const bool encoding = code == rapidjson::kParseErrorStringInvalidEncoding;
    diags.Error(encoding ? codes::kJsonEncoding : codes::kJsonSyntax, std::string(file), "",
                std::string(encoding ? "invalid UTF-8" : "not valid JSON") + " at " +
                    Position(text, generator.result.Offset()) + ": " +
                    rapidjson::GetParseError_En(code));
    return false;
  }
  const size_t before = diags.error_count();
  CheckDuplicateKeys(doc, file, JsonPointer(), diags);
  return diags.error_count() == before;
}

bool ParseJsonObject(std::string_view text, std::string_view file, size_t max_bytes,
                     rapidjson::Document& doc, Diagnostics& diags) {
  if (!ParseJson(text, file, max_bytes, doc, diags)) return false;
  if (!doc.IsObject()) {
    diags.Error(codes::kJsonNotObject, std::string(file), "",
                "the document must be a JSON object, not " + std::string(JsonTypeName(doc)));
    return false;
  }
  return true;
}

const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  const rapidjson::Value name(rapidjson::StringRef(key.data(), key.size()));
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

rapidjson::Value* Member(rapidjson::Value& object, std::string_view key) {
  return const_cast<rapidjson::Value*>(Member(std::as_const(object), key));
}

bool JsonWriter::Double(double d) {
  if (!std::isfinite(d)) return false;  // JSON has no such number
  char text[40];
  const std::to_chars_result end = std::to_chars(text, text + sizeof(text) - 2, d);
  size_t size = static_cast<size_t>(end.ptr - text);
  if (std::string_view(text, size).find_first_of(".e") == std::string_view::npos) {
    text[size++] = '.';
    text[size++] = '0';
  }
  return RawValue(text, size, rapidjson::kNumberType);
}

std::string WriteJson(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool HasJsonType(const rapidjson::Value& v, unsigned types) {
  switch (v.GetType()) {
    case rapidjson::kStringType: return (types & kJsonString) != 0;
    case rapidjson::kNumberType: return (types & kJsonNumber) != 0;
    case rapidjson::kTrueType:
    case rapidjson::kFalseType: return (types & kJsonBool) != 0;
    case rapidjson::kObjectType: return (types & kJsonObject) != 0;
    case rapidjson::kArrayType: return (types & kJsonArray) != 0;
    case rapidjson::kNullType: return false;
  }
  return false;
}

std::string JsonTypesName(unsigned types) {
  static constexpr std::pair<unsigned, std::string_view> kNames[] = {
      {kJsonString, "a string"}, {kJsonNumber, "a number"}, {kJsonBool, "a boolean"},
      {kJsonObject, "an object"}, {kJsonArray, "an array"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((types & bit) == 0) continue;
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view JsonTypeName(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "a value";
}

}  // namespace pkpass
