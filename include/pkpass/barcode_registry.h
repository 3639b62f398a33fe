// BarcodeRegistry: the barcode values issued in one batch, so that generated values never repeat
// within it. It keeps a 64-bit hash of each value, not the value (about 40 bytes an entry): two
// values with the same hash count as one, which at worst makes a generator draw again.
// Thread-safe: one registry may serve every worker of a batch.
#ifndef PKPASS_BARCODE_REGISTRY_H_
#define PKPASS_BARCODE_REGISTRY_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "pkpass/export.h"

namespace pkpass {

class PKPASS_EXPORT BarcodeRegistry {
 public:
  // Records `value`; returns false when it had been recorded already.
  bool Claim(std::string_view value);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_set<std::uint64_t> issued_;  // hashes of the values; guarded by mu_
};

}  // namespace pkpass

#endif  // PKPASS_BARCODE_REGISTRY_H_
