#include "validate/memo.h"

namespace pkpass {

const std::vector<Diagnostic>* ValidationMemo::Find(MemoRule rule, std::string_view resolved) const {
  const auto unit = units_.find(resolved);
  if (unit == units_.end()) return nullptr;
  const std::optional<std::vector<Diagnostic>>& kept = unit->second[static_cast<size_t>(rule)];
  return kept ? &*kept : nullptr;
}

void ValidationMemo::Keep(MemoRule rule, std::string_view resolved, const Diagnostics& diags, size_t first) {
  auto unit = units_.find(resolved);
  if (unit == units_.end()) unit = units_.emplace(std::string(resolved), Kept()).first;
  unit->second[static_cast<size_t>(rule)].emplace(diags.items().begin() + static_cast<std::ptrdiff_t>(first),
                                                  diags.items().end());
}

}  // namespace pkpass
