#include "util/compact_hash.h"

namespace pkpass {
namespace {

std::uint64_t Stored(std::uint64_t key) { return key == 0 ? 1 : key; }

__extension__ using Uint128 = unsigned __int128;  // GCC's and Clang's

}  // namespace

size_t CompactHashMap::SlotOf(std::uint64_t key) const {
  // The key's home slot is its fraction key / 2^64 of the table (Lemire's multiply-shift), so
  // the table need not be a power of two; then the next slots, wrapping around.
  const size_t capacity = keys_.size();
  size_t i = static_cast<size_t>((static_cast<Uint128>(key) * capacity) >> 64);
  while (keys_[i] != 0 && keys_[i] != key) {
    if (++i == capacity) i = 0;
  }
  return i;
}

std::optional<std::uint32_t> CompactHashMap::Find(std::uint64_t key) const {
  if (keys_.empty()) return std::nullopt;
  const size_t i = SlotOf(Stored(key));
  if (keys_[i] == 0) return std::nullopt;
  return with_values_ ? values_[i] : 0;
}

std::optional<std::uint32_t> CompactHashMap::Insert(std::uint64_t key, std::uint32_t value) {
  if (4 * (size_ + 1) > 3 * keys_.size()) Grow();
  key = Stored(key);
  const size_t i = SlotOf(key);
  if (keys_[i] != 0) return with_values_ ? values_[i] : 0;
  keys_[i] = key;
  if (with_values_) values_[i] = value;
  ++size_;
  return std::nullopt;
}

void CompactHashMap::Grow() {
  std::vector<std::uint64_t> keys = std::move(keys_);
  std::vector<std::uint32_t> values = std::move(values_);
  const size_t capacity = keys.empty() ? 64 : keys.size() + keys.size() / 2;
  keys_.assign(capacity, 0);
  if (with_values_) values_.assign(capacity, 0);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == 0) continue;
    const size_t j = SlotOf(keys[i]);
    keys_[j] = keys[i];
    if (with_values_) values_[j] = values[i];
  }
}

}  // namespace pkpass
