#include "keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "hex.h"

namespace pkpass::serve {

Result<std::string> NewApiKey() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::CryptoError("no random bytes for a key");
  unsigned char text[33];
  EVP_EncodeBlock(text, bytes, sizeof bytes);
  OPENSSL_cleanse(bytes, sizeof bytes);
  std::string key(reinterpret_cast<char*>(text), 32);
  OPENSSL_cleanse(text, sizeof text);
  for (char& c : key) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return key;
}

std::string KeyHash(std::string_view key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  return Hex(digest, sizeof digest);
}

Result<std::string> AddApiKey(Store& store, std::string_view name, std::int64_t now) {
  Result<std::string> key = NewApiKey();
  if (!key.ok()) return key.status();
  const std::string hash = KeyHash(*key);
  if (Status s = store.AddKey(StoredKey{hash.substr(0, 12), std::string(name), hash, now, false}); !s.ok()) return s;
  return key;
}

Result<std::optional<std::string>> KeyCache::Authenticate(std::string_view presented) {
  if (presented.empty()) return std::optional<std::string>();
  const std::string hash = KeyHash(presented);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(hash);
    if (it != entries_.end() && it->second.expires > now) return it->second.id;
  }
  Result<std::optional<StoredKey>> found = store_.FindKey(hash);
  if (!found.ok()) return found.status();
  std::optional<std::string> id;
  // The store matched on the hash; compare again in constant time so that no answer depends on
  // how much of a guess was right.
  if (*found && (*found)->hash.size() == hash.size() &&
      CRYPTO_memcmp((*found)->hash.data(), hash.data(), hash.size()) == 0) {
    id = (*found)->id;
  }
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[hash] = Entry{id, now + lifetime_};
  return id;
}

}  // namespace pkpass::serve
