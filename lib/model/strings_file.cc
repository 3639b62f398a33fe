#include "model/strings_file.h"

#include <map>
#include <optional>

#include "util/utf8.h"

namespace pkpass {
namespace {

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Returns UTF-16 text (after its byte order mark) as UTF-8, or nullopt when it is malformed.
std::optional<std::string> Utf16ToUtf8(std::string_view bytes, bool big_endian) {
  if (bytes.size() % 2 != 0) return std::nullopt;
  std::string out;
  auto unit = [&](size_t i) {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<char16_t>(big_endian ? (a << 8) | b : (b << 8) | a);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return std::nullopt;
      const char16_t low = unit(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return std::nullopt;
    }
    AppendUtf8(out, c);
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  // Reads every statement into `file`; returns "" or the first error.
  std::string Parse(StringsFile& file) {
    while (SkipSpaceAndComments(), pos_ < text_.size()) {
      std::string key, value;
      if (!Token(key)) return Where("a quoted key");
      SkipSpaceAndComments();
      if (!Take('=')) return Where("\"=\"");
      SkipSpaceAndComments();
      if (!Token(value)) return Where("a quoted value");
      SkipSpaceAndComments();
      if (!Take(';')) return Where("\";\"");
      file.keys.insert(key);
      file.entries.emplace_back(std::move(key), std::move(value));
    }
    return error_;
  }

 private:
  std::string Where(std::string_view expected) {
    if (!error_.empty()) return error_;
    size_t line = 1;
    for (size_t i = 0; i < pos_ && i < text_.size(); ++i) line += text_[i] == '\n';
    return "line " + std::to_string(line) + ": expected " + std::string(expected);
  }

  bool Take(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (text_.substr(pos_, 2) == "/*") {
        const size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          error_ = Where("the end of a /* comment */");
          pos_ = text_.size();
          return;
        }
        pos_ = end + 2;
      } else if (text_.substr(pos_, 2) == "//") {
        const size_t end = text_.find('\n', pos_);
        pos_ = end == std::string_view::npos ? text_.size() : end + 1;
      } else {
        return;
      }
    }
  }

  // Reads a quoted string (escapes kept as written) or an unquoted word.
  bool Token(std::string& out) {
    if (Take('"')) {
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) out.push_back(text_[pos_++]);
        out.push_back(text_[pos_++]);
      }
      return Take('"');
    }
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '_' || text_[pos_] == '.' || text_[pos_] == '-')) {
      out.push_back(text_[pos_++]);
    }
    return !out.empty();
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

StringsFile ReadStringsFile(std::string_view bytes) {
  StringsFile file;
  std::string text;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    file.utf16 = true;
    std::optional<std::string> utf8 = Utf16ToUtf8(bytes.substr(2), bytes[0] == '\xFE');
    if (!utf8) {
      file.error = "the file is not valid UTF-16";
      return file;
    }
    text = std::move(*utf8);
  } else {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (!IsValidUtf8(bytes)) {
      file.error = "the file is neither UTF-16 with a byte order mark nor UTF-8";
      return file;
    }
    text = std::string(bytes);
  }
  for (char c : text) file.non_ascii |= static_cast<unsigned char>(c) >= 0x80;
  file.error = Parser(text).Parse(file);
  return file;
}

std::string EscapeStringsToken(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string MergeStrings(const StringsFile* base,
                         const std::vector<std::pair<std::string, std::string>>& own) {
  std::map<std::string_view, std::string_view> replaced;  // own key -> own value
  for (const auto& [key, value] : own) replaced[key] = value;
  std::string text;
  auto line = [&text](std::string_view key, std::string_view value) {
    text += '"';
    text += key;
    text += "\" = \"";
    text += value;
    text += "\";\n";
  };
  if (base != nullptr) {
    for (const auto& [key, value] : base->entries) {
      auto own_value = replaced.find(key);
      if (own_value == replaced.end()) {
        line(key, value);
      } else {
        line(key, own_value->second);
        replaced.erase(own_value);  // written in base's place
      }
    }
  }
  for (const auto& [key, value] : own) {
    if (replaced.erase(key) != 0) line(key, value);
  }
  std::string utf16 = "\xFF\xFE";
  utf16.reserve(2 + 2 * text.size());
  auto unit = [&utf16](char32_t u) {
    utf16.push_back(static_cast<char>(u & 0xFF));
    utf16.push_back(static_cast<char>(u >> 8));
  };
  for (size_t i = 0; i < text.size();) {
    const char32_t c = DecodeUtf8(text, i);
    if (c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
  return utf16;
}

}  // namespace pkpass
