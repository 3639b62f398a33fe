#include "util/json_pointer.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace pkpass {

void JsonPointer::Assign(std::string_view text) {
  if (text.size() <= kInline) {
    std::copy(text.begin(), text.end(), inline_);
    size_ = text.size();
    long_.clear();
  } else {
    long_.assign(text);
  }
}

void JsonPointer::Join(std::string_view prefix, std::string_view token, bool escape) {
  size_t size = prefix.size() + 1 + token.size();
  if (escape) size += static_cast<size_t>(std::count_if(token.begin(), token.end(), [](char c) { return c == '~' || c == '/'; }));
  std::string heap;
  char* out = inline_;
  if (size > kInline) {
    heap.resize(size);
    out = heap.data();
  }
  out = std::copy(prefix.begin(), prefix.end(), out);
  *out++ = '/';
  for (char c : token) {
    if (escape && (c == '~' || c == '/')) {
      *out++ = '~';
      *out++ = c == '~' ? '0' : '1';
    } else {
      *out++ = c;
    }
  }
  size_ = size <= kInline ? size : 0;
  long_ = std::move(heap);
}

JsonPointer JsonPointer::Child(std::string_view key) const {
  JsonPointer child;
  child.Join(view(), key, true);
  return child;
}

JsonPointer JsonPointer::Child(size_t index) const {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, index);
  JsonPointer child;
  child.Join(view(), std::string_view(digits, static_cast<size_t>(end - digits)), false);
  return child;
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
