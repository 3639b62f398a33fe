#include "util/keyed_hash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>

namespace pkpass {

KeyedHash::KeyedHash() {
  if (RAND_bytes(key_, sizeof(key_)) != 1) std::abort();
  mac_ = EVP_MAC_fetch(nullptr, "SIPHASH", nullptr);
  ctx_ = mac_ != nullptr ? EVP_MAC_CTX_new(mac_) : nullptr;
}

KeyedHash::~KeyedHash() {
  EVP_MAC_CTX_free(ctx_);
  EVP_MAC_free(mac_);
  OPENSSL_cleanse(key_, sizeof(key_));
}

std::uint64_t KeyedHash::operator()(std::string_view bytes) {
  size_t size = 8;
  OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size), OSSL_PARAM_construct_end()};
  unsigned char out[8] = {};
  size_t written = 0;
  if (ctx_ == nullptr || EVP_MAC_init(ctx_, key_, sizeof(key_), params) != 1 ||
      EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) != 1 ||
      EVP_MAC_final(ctx_, out, &written, sizeof(out)) != 1) {
    std::abort();  // SipHash is in OpenSSL 3's default provider; without it nothing is safe
  }
  std::uint64_t h;
  std::memcpy(&h, out, sizeof(out));
  return h;
}

}  // namespace pkpass
