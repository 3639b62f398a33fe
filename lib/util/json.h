// Strict JSON parsing for every untrusted document (pass.json, model.json, overrides,
// manifest.json): RFC 8259 only, UTF-8 validated, a UTF-8 BOM stripped, size and depth capped,
// parsed iteratively so nesting cannot overflow the stack, keys per object capped, duplicate keys
// refused. Every check is n log n at most in the document's size.
#ifndef PKPASS_UTIL_JSON_H_
#define PKPASS_UTIL_JSON_H_

#ifndef RAPIDJSON_HAS_STDSTRING
#define RAPIDJSON_HAS_STDSTRING 1
#endif
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"

namespace pkpass {

inline constexpr size_t kMaxJsonDepth = 64;

// The chunk size of the memory pools of documents made per pass (rapidjson's default: 64 KB).
inline constexpr size_t kJsonChunkBytes = 8 * 1024;
// The most keys one object may have: far more than any pass.json dictionary, userInfo or
// manifest needs, and few enough that a per-key lookup over one object stays cheap.
inline constexpr size_t kMaxJsonObjectKeys = 4096;

// Parses `text` into `doc`. On any problem adds an error for `file` (json-too-large,
// json-syntax, json-encoding, json-too-deep, json-too-many-keys, or json-duplicate-key for each
// repeated key) and returns false.
bool ParseJson(std::string_view text, std::string_view file, size_t max_bytes,
               rapidjson::Document& doc, Diagnostics& diags);

// As ParseJson, and also requires the top level to be an object (json-not-object).
bool ParseJsonObject(std::string_view text, std::string_view file, size_t max_bytes,
                     rapidjson::Document& doc, Diagnostics& diags);

// Returns a string value's bytes. REQUIRES: v.IsString().
inline std::string_view StringOf(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

// Returns the member `key` of `object`, or nullptr when it is absent or `object` is not an
// object. `key` need not be NUL-terminated.
const rapidjson::Value* Member(const rapidjson::Value& object, std::string_view key);
rapidjson::Value* Member(rapidjson::Value& object, std::string_view key);

// Returns `v` as compact JSON, keys in document order. REQUIRES: nesting within what ParseJson
// accepts (the writer recurses).
std::string WriteJson(const rapidjson::Value& v);

// RapidJSON's compact writer, but for numbers with a fraction: the shortest text that reads back
// as the same double (std::to_chars), where RapidJSON's Grisu2 may give 17 digits
// (121.55269329999999 for 121.5526933). Whole doubles keep ".0" as RapidJSON writes them.
class JsonWriter : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using rapidjson::Writer<rapidjson::StringBuffer>::Writer;
  bool Double(double d);
};

// JSON types, as a bit set.
enum JsonTypes : unsigned {
  kJsonString = 1u << 0,
  kJsonNumber = 1u << 1,
  kJsonBool = 1u << 2,
  kJsonObject = 1u << 3,
  kJsonArray = 1u << 4,
  kJsonAny = kJsonString | kJsonNumber | kJsonBool | kJsonObject | kJsonArray,
};

// Returns whether `v` has one of the types in `types` (null has none).
bool HasJsonType(const rapidjson::Value& v, unsigned types);

// Returns "a string or a number" for `types`, for messages.
std::string JsonTypesName(unsigned types);

// Returns the number of characters (code points) of the UTF-8 string `s`.
size_t Utf8Length(std::string_view s);

// Returns "a string", "a number", "an object", ... for messages.
std::string_view JsonTypeName(const rapidjson::Value& v);

}  // namespace pkpass

#endif  // PKPASS_UTIL_JSON_H_
