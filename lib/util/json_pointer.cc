#include "util/json_pointer.h"

#include <algorithm>
#include <cstdint>

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

std::vector<size_t> DocumentPosition(const rapidjson::Value& doc, std::string_view pointer) {
  std::vector<size_t> position;
  const rapidjson::Value* node = &doc;
  while (!pointer.empty() && pointer.front() == '/') {
    pointer.remove_prefix(1);
    const size_t end = std::min(pointer.find('/'), pointer.size());
    std::string token;
    for (size_t i = 0; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        token.push_back(pointer[++i] == '1' ? '/' : '~');
      } else {
        token.push_back(pointer[i]);
      }
    }
    pointer.remove_prefix(end);
    size_t index = SIZE_MAX;
    if (node->IsObject()) {
      size_t i = 0;
      for (auto m = node->MemberBegin(); m != node->MemberEnd(); ++m, ++i) {
        if (StringOf(m->name) == token) {
          index = i;
          node = &m->value;
          break;
        }
      }
    } else if (node->IsArray() && !token.empty() &&
               token.find_first_not_of("0123456789") == std::string::npos && token.size() < 10) {
      const size_t i = std::stoul(token);
      if (i < node->Size()) {
        index = i;
        node = &(*node)[static_cast<rapidjson::SizeType>(i)];
      }
    }
    position.push_back(index);
    if (index == SIZE_MAX) break;
  }
  return position;
}

}  // namespace pkpass
