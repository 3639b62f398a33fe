// BarcodeRegistry: the barcode values issued in one batch, so that generated values never repeat
// within it. Thread-safe: one registry may serve every worker of a batch.
#ifndef PKPASS_BARCODE_REGISTRY_H_
#define PKPASS_BARCODE_REGISTRY_H_

#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "pkpass/export.h"

namespace pkpass {

class PKPASS_EXPORT BarcodeRegistry {
 public:
  // Records `value`; returns false when it had been recorded already.
  bool Claim(std::string_view value);
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::set<std::string, std::less<>> issued_;  // guarded by mu_
};

}  // namespace pkpass

#endif  // PKPASS_BARCODE_REGISTRY_H_
