// JsonPointer: an RFC 6901 pointer built structurally, one reference token at a time, so that
// keys holding "/" or "~" are escaped ("a/b" -> "/a~1b"). A value type.
#ifndef PKPASS_UTIL_JSON_POINTER_H_
#define PKPASS_UTIL_JSON_POINTER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/json.h"

namespace pkpass {

class JsonPointer {
 public:
  JsonPointer() = default;  // the whole document: ""

  // Returns this pointer extended by the object key `key`, escaped.
  JsonPointer Child(std::string_view key) const;
  // Returns this pointer extended by the array index `index`.
  JsonPointer Child(size_t index) const;

  const std::string& str() const { return text_; }
  bool operator==(const JsonPointer&) const = default;

 private:
  explicit JsonPointer(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// Returns the place of `pointer` in `doc` in document order: for each reference token, the index
// of the member or element it names. A token naming nothing sorts after every existing sibling
// and ends the key. Sorting these keys puts pointers into one document in document order.
std::vector<size_t> DocumentPosition(const rapidjson::Value& doc, std::string_view pointer);

}  // namespace pkpass

#endif  // PKPASS_UTIL_JSON_POINTER_H_
