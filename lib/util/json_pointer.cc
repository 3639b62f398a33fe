#include "util/json_pointer.h"

namespace pkpass {

JsonPointer JsonPointer::Child(std::string_view key) const {
  std::string text = text_;
  text.reserve(text.size() + key.size() + 1);
  text.push_back('/');
  for (char c : key) {
    if (c == '~') {
      text += "~0";
    } else if (c == '/') {
      text += "~1";
    } else {
      text.push_back(c);
    }
  }
  return JsonPointer(std::move(text));
}

JsonPointer JsonPointer::Child(size_t index) const {
  return JsonPointer(text_ + "/" + std::to_string(index));
}

}  // namespace pkpass
