// CompactHashMap: an open-addressed table from 64-bit keys that are hashes already (uniformly
// spread) to 32-bit values, for the sets a batch keeps per record (serials, barcode values):
// 12 bytes a slot (8 for a table made without values), at most 3/4 of the slots full, and the
// table grows by half, so 16 to 24 bytes an entry (11 to 16 without values), against 40 to 64
// for a node-based std::unordered_map; while it grows, the old table is held too. Linear
// probing; the key 0 is stored as 1, so keys 0 and 1 count as one. Not thread-safe.
#ifndef PKPASS_UTIL_COMPACT_HASH_H_
#define PKPASS_UTIL_COMPACT_HASH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace pkpass {

class CompactHashMap {
 public:
  // A table without values (a set) keeps only its keys; its values read as 0.
  explicit CompactHashMap(bool with_values = true) : with_values_(with_values) {}

  // Returns the value of `key`, or nullopt when it is absent.
  std::optional<std::uint32_t> Find(std::uint64_t key) const;
  // Adds `key` with `value` and returns nullopt; when `key` is present already, changes nothing
  // and returns its value.
  std::optional<std::uint32_t> Insert(std::uint64_t key, std::uint32_t value);
  size_t size() const { return size_; }

 private:
  size_t SlotOf(std::uint64_t key) const;  // where `key` is, or the empty slot it would take
  void Grow();

  std::vector<std::uint64_t> keys_;  // 0: empty; 64 * 1.5^n slots (or none)
  std::vector<std::uint32_t> values_;  // empty without values
  size_t size_ = 0;
  bool with_values_;
};

}  // namespace pkpass

#endif  // PKPASS_UTIL_COMPACT_HASH_H_
