// A 64-bit hash that is the same on every machine and in every release, for what must agree
// between processes: which shard a serial or a barcode value belongs to.
#ifndef PKPASS_UTIL_STABLE_HASH_H_
#define PKPASS_UTIL_STABLE_HASH_H_

#include <cstdint>
#include <string_view>

namespace pkpass {

// Returns the first 8 bytes of the SHA-256 of `bytes`, big-endian.
std::uint64_t StableHash64(std::string_view bytes);

}  // namespace pkpass

#endif  // PKPASS_UTIL_STABLE_HASH_H_
