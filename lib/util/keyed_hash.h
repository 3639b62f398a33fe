// KeyedHash: 64-bit SipHash-2-4 (OpenSSL's) under a key drawn from OpenSSL's CSPRNG for each
// instance. Tables of a batch's values (serials, barcode messages) keep these hashes instead of
// the values: nobody can craft two inputs that collide, and by chance two of a million collide
// with a probability of about 3 in 10^8. Thread-compatible: one instance per thread at a time.
#ifndef PKPASS_UTIL_KEYED_HASH_H_
#define PKPASS_UTIL_KEYED_HASH_H_

#include <cstdint>
#include <string_view>

#include <openssl/evp.h>

namespace pkpass {

class KeyedHash {
 public:
  KeyedHash();
  ~KeyedHash();
  KeyedHash(const KeyedHash&) = delete;
  KeyedHash& operator=(const KeyedHash&) = delete;

  std::uint64_t operator()(std::string_view bytes);

 private:
  unsigned char key_[16];
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
};

}  // namespace pkpass

#endif  // PKPASS_UTIL_KEYED_HASH_H_
