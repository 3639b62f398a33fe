// API keys: made from OpenSSL's CSPRNG, shown once, stored as their SHA-256, and checked against
// the store through a short-lived cache so that a request costs no query, while a revoked key
// stops working within the cache's lifetime on every instance.
#ifndef PKPASS_SERVE_KEYS_H_
#define PKPASS_SERVE_KEYS_H_

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace pkpass::serve {

// A new key: 24 random bytes as 32 characters of base64url, the length Pass2U's keys have.
Result<std::string> NewApiKey();

// The hex SHA-256 of `key`, as stored.
std::string KeyHash(std::string_view key);

// Adds a key named `name` to `store`; returns the key, which is not kept anywhere.
Result<std::string> AddApiKey(Store& store, std::string_view name, std::int64_t now);

// Which key a request's x-api-key is, if any. Thread-safe.
class KeyCache {
 public:
  KeyCache(Store& store, std::chrono::seconds lifetime) : store_(store), lifetime_(lifetime) {}

  // The id of the live key `presented` is, or nullopt (no such key, revoked, or empty);
  // a store error is returned as such.
  Result<std::optional<std::string>> Authenticate(std::string_view presented);

 private:
  struct Entry {
    std::optional<std::string> id;  // nullopt: known not to be a key
    std::chrono::steady_clock::time_point expires;
  };
  static constexpr size_t kMaxEntries = 4096;  // bounded: wrong keys cannot grow it without end

  Store& store_;
  const std::chrono::seconds lifetime_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // by hash
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_KEYS_H_
