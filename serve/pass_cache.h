// Built passes kept by (passId, tag), so that downloading a pass again costs no signature. Least
// recently used passes go first once the cache holds `max_bytes`. Thread-safe.
#ifndef PKPASS_SERVE_PASS_CACHE_H_
#define PKPASS_SERVE_PASS_CACHE_H_

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace pkpass::serve {

class PassCache {
 public:
  explicit PassCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The bytes of pass `id` at `tag`, or null.
  std::shared_ptr<const std::string> Get(std::string_view id, std::int64_t tag);
  // Keeps `bytes` as pass `id` at `tag`, replacing an older tag's.
  void Put(const std::string& id, std::int64_t tag, std::shared_ptr<const std::string> bytes);

 private:
  struct Entry {
    std::int64_t tag;
    std::shared_ptr<const std::string> bytes;
    std::list<std::string>::iterator use;
  };
  const size_t max_bytes_;
  std::mutex mu_;
  size_t bytes_ = 0;
  std::list<std::string> uses_;  // most recent first
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_PASS_CACHE_H_
