// BarcodeRegistry: the barcode values issued in one batch, so that generated values never repeat
// within it. It keeps a 64-bit hash of each value, not the value, in an open-addressed table
// (11 to 22 bytes an entry): two values with the same hash count as one, which at worst makes a
// generator draw again.
// Thread-safe: one registry may serve every worker of a batch.
#ifndef PKPASS_BARCODE_REGISTRY_H_
#define PKPASS_BARCODE_REGISTRY_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <memory>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

class IssuedValues;  // pkpass/issued.h

class PKPASS_EXPORT BarcodeRegistry {
 public:
  BarcodeRegistry();
  ~BarcodeRegistry();
  BarcodeRegistry(const BarcodeRegistry&) = delete;
  BarcodeRegistry& operator=(const BarcodeRegistry&) = delete;

  // Records `value`; returns false when it had been recorded already, or when the issued values
  // given to SetIssued have a holder for it (or cannot be read).
  bool Claim(std::string_view value);

  // Makes every later Claim also refuse a value `issued` has a holder for (barcode messages of
  // earlier runs, other shards, other builds). Not owned; null for none.
  void SetIssued(IssuedValues* issued) { issued_ = issued; }

  // Records the barcode messages of a pass issued already, given as its .pkpass archive (the
  // "message" of every "barcodes" entry and of "barcode" in its pass.json), so that no value
  // generated later repeats one: a batch that resumes over the passes of an earlier run learns
  // their values this way. Returns how many messages it read; kInvalidArgument when the bytes
  // hold no readable pass.json.
  Result<size_t> ClaimIssued(std::string_view pkpass_bytes);
  size_t size() const;

  // Makes this the registry of shard `shard` of a batch split `shards` ways (see SerialShard in
  // pkpass/serials.h): a value may then be generated here only when the first 8 bytes of its
  // SHA-256 are `shard` modulo `shards`, so no two shards ever generate the same value. Call
  // before generating. REQUIRES: shard < shards.
  void SetShard(std::uint32_t shard, std::uint32_t shards);
  // Returns whether a generated value may be `value` in this registry's shard (always, when the
  // batch is not split).
  bool InShard(std::string_view value) const;
  // The number of shards (1 when the batch is not split).
  std::uint32_t shards() const { return shards_; }

 private:
  struct Impl;
  mutable std::mutex mu_;
  std::unique_ptr<Impl> impl_;             // the hashes of the values; guarded by mu_
  std::uint32_t shard_ = 0, shards_ = 1;  // set before use, then only read
  IssuedValues* issued_ = nullptr;         // set before use; used under mu_
};

}  // namespace pkpass

#endif  // PKPASS_BARCODE_REGISTRY_H_
