#include "pass_cache.h"

namespace pkpass::serve {

std::shared_ptr<const std::string> PassCache::Get(std::string_view id, std::int64_t tag) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.tag != tag) return nullptr;
  uses_.splice(uses_.begin(), uses_, it->second.use);
  return it->second.bytes;
}

void PassCache::Put(const std::string& id, std::int64_t tag, std::shared_ptr<const std::string> bytes) {
  if (bytes->size() > max_bytes_) return;
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    if (it->second.tag > tag) return;  // a newer build is in already
    bytes_ -= it->second.bytes->size();
    uses_.erase(it->second.use);
    entries_.erase(it);
  }
  bytes_ += bytes->size();
  uses_.push_front(id);
  entries_.emplace(id, Entry{tag, std::move(bytes), uses_.begin()});
  while (bytes_ > max_bytes_ && !uses_.empty()) {
    auto last = entries_.find(uses_.back());
    bytes_ -= last->second.bytes->size();
    entries_.erase(last);
    uses_.pop_back();
  }
}

}  // namespace pkpass::serve
