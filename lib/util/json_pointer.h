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
  JsonPointer() {}  // the whole document: ""
  JsonPointer(const JsonPointer& other) { Assign(other.view()); }
  JsonPointer& operator=(const JsonPointer& other) {
    if (this != &other) Assign(other.view());
    return *this;
  }

  // Returns this pointer extended by the object key `key`, escaped.
  JsonPointer Child(std::string_view key) const;
  // Returns this pointer extended by the array index `index`.
  JsonPointer Child(size_t index) const;

  // The pointer's text. A pointer of up to kInline bytes is held inline: making one, as the
  // validator does for every value it visits, allocates nothing until its text is asked for
  // as a string, which happens when a diagnostic is reported.
  std::string_view view() const { return long_.empty() ? std::string_view(inline_, size_) : long_; }
  std::string str() const { return std::string(view()); }
  bool operator==(const JsonPointer& other) const { return view() == other.view(); }

 private:
  static constexpr size_t kInline = 80;

  // Sets the text to `text`.
  void Assign(std::string_view text);
  // Sets the text to `prefix` + "/" + `token` escaped (RFC 6901: "~" as "~0", "/" as "~1").
  void Join(std::string_view prefix, std::string_view token, bool escape);

  char inline_[kInline];  // the first size_ bytes are the text, when long_ is empty
  size_t size_ = 0;
  std::string long_;  // the text, when longer than kInline
};

// Returns the place of `pointer` in `doc` in document order: for each reference token, the index
// of the member or element it names. A token naming nothing sorts after every existing sibling
// and ends the key. Sorting these keys puts pointers into one document in document order.
std::vector<size_t> DocumentPosition(const rapidjson::Value& doc, std::string_view pointer);

}  // namespace pkpass

#endif  // PKPASS_UTIL_JSON_POINTER_H_
