#include "model/model_paths.h"

#include <array>

#include "schema/vocabulary.h"

namespace pkpass {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

bool HasUnsafeByte(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '\\' || c == ':') return true;
  }
  return false;
}

}  // namespace

bool IsJunkName(std::string_view name) {
  return name == ".DS_Store" || name == "__MACOSX" || name == "Thumbs.db" ||
         name == "desktop.ini" || name.starts_with("._") || name.ends_with("~") ||
         name.ends_with(".swp");
}

bool IsLprojName(std::string_view name) {
  if (!name.ends_with(".lproj")) return false;
  name.remove_suffix(6);
  // language[-script][-region]: 2-3 letters, then 2-8 alphanumerics per subtag.
  size_t i = 0;
  while (i < name.size() && IsAsciiAlpha(name[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < name.size()) {
    if (name[i] != '-' && name[i] != '_') return false;
    const size_t start = ++i;
    while (i < name.size() && IsAsciiAlnum(name[i])) ++i;
    if (i - start < 2 || i - start > 8) return false;
  }
  return true;
}

bool ParseImageName(std::string_view file_name, std::string_view* base, int* scale) {
  if (!file_name.ends_with(".png")) return false;
  std::string_view stem = file_name.substr(0, file_name.size() - 4);
  int s = 1;
  if (stem.ends_with("@2x")) {
    s = 2;
  } else if (stem.ends_with("@3x")) {
    s = 3;
  }
  if (s != 1) stem.remove_suffix(3);
  for (const schema::Image& image : schema::Images()) {
    const std::string_view known = image.type;
    if (stem == known) {
      if (base != nullptr) *base = known;
      if (scale != nullptr) *scale = s;
      return true;
    }
  }
  return false;
}

PathKind ClassifyModelPath(std::string_view path) {
  if (path.empty() || path.front() == '/' || HasUnsafeByte(path)) return PathKind::kUnsafe;
  const size_t slash = path.find('/');
  std::string_view dir, name = path;
  if (slash != std::string_view::npos) {
    dir = path.substr(0, slash);
    name = path.substr(slash + 1);
    if (IsJunkName(dir)) return PathKind::kJunk;
    if (name.find('/') != std::string_view::npos || !IsLprojName(dir)) return PathKind::kUnsafe;
  }
  if (name.empty() || name == "." || name == "..") return PathKind::kUnsafe;
  if (IsJunkName(name)) return PathKind::kJunk;
  if (dir.empty()) {
    if (name == "pass.json") return PathKind::kPassJson;
    if (name == "model.json") return PathKind::kModelJson;
    if (name == "personalization.json") return PathKind::kPassFile;
  } else if (name == "pass.strings") {
    return PathKind::kPassFile;
  }
  return ParseImageName(name) ? PathKind::kPassFile : PathKind::kUnknown;
}

}  // namespace pkpass
