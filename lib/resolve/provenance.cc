#include "resolve/provenance.h"

#include <utility>
#include <vector>

namespace pkpass {
namespace {

// Whether the pointer `outer` is `inner` or one of its ancestors: a prefix ending at a token
// boundary.
bool Covers(std::string_view outer, std::string_view inner) {
  return inner.starts_with(outer) && (inner.size() == outer.size() || inner[outer.size()] == '/');
}

}  // namespace

void Provenance::Record(const JsonPointer& resolved, std::string file, const JsonPointer& source) {
  sources_[resolved.str()] = SourceLocation{std::move(file), source.str()};
  Touch(resolved.view());
}

void Provenance::Touch(std::string_view resolved) {
  // Past a few dozen, every value counts as touched: Untouched stays linear in the pass.
  if (touched_.size() < kMaxTouched) {
    touched_.emplace_back(resolved);
  } else {
    all_touched_ = true;
  }
}

bool Provenance::Untouched(std::string_view resolved) const {
  if (all_touched_) return false;
  for (const std::string& t : touched_) {
    if (Covers(t, resolved) || Covers(resolved, t)) return false;
  }
  return true;
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

void Provenance::EraseElement(std::string_view array, size_t index, size_t size) {
  Touch(array);
  auto element = [&](size_t i) { return std::string(array) + "/" + std::to_string(i); };
  const std::string removed = element(index);
  std::erase_if(sources_, [&](const auto& entry) { return Covers(removed, entry.first); });
  for (size_t i = index + 1; i < size; ++i) {
    const std::string from = element(i);
    const std::string to = element(i - 1);
    const SourceLocation whole = Locate(from);  // the element's own source, model or input
    std::vector<std::pair<std::string, SourceLocation>> moved;
    for (auto it = sources_.begin(); it != sources_.end();) {
      if (!Covers(from, it->first)) {
        ++it;
        continue;
      }
      moved.emplace_back(to + it->first.substr(from.size()), std::move(it->second));
      it = sources_.erase(it);
    }
    sources_[to] = whole;
    for (auto& [key, source] : moved) sources_[key] = std::move(source);
  }
}

}  // namespace pkpass
