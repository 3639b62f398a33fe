#include "resolve/provenance.h"

namespace pkpass {

void Provenance::Record(const JsonPointer& resolved, std::string file, const JsonPointer& source) {
  sources_[resolved.str()] = SourceLocation{std::move(file), source.str()};
}

SourceLocation Provenance::Locate(std::string_view resolved_pointer) const {
  std::string_view prefix = resolved_pointer;
  while (!sources_.empty()) {
    auto it = sources_.find(prefix);
    if (it != sources_.end()) {
      return {it->second.file,
              it->second.pointer + std::string(resolved_pointer.substr(prefix.size()))};
    }
    const size_t slash = prefix.rfind('/');
    if (slash == std::string_view::npos) break;
    prefix = prefix.substr(0, slash);
  }
  return {"pass.json", std::string(resolved_pointer)};
}

}  // namespace pkpass
