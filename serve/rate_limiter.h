// Per-key token buckets: each key may make `rate` requests a second, with bursts of `burst`.
// Thread-safe.
#ifndef PKPASS_SERVE_RATE_LIMITER_H_
#define PKPASS_SERVE_RATE_LIMITER_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace pkpass::serve {

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Takes a token from `key`'s bucket at `now`: 0 when the request may go on, else the whole
  // seconds to wait (at least 1) before a token is there, for Retry-After.
  int Admit(std::string_view key, std::chrono::steady_clock::time_point now);

 private:
  void Prune(std::chrono::steady_clock::time_point now);

  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  const double rate_;
  const double burst_;
  std::mutex mu_;
  // One per live key and per client address of the public routes; the addresses' buckets that
  // are full again are dropped when the map grows past kMaxBuckets, so that it stays bounded.
  std::map<std::string, Bucket, std::less<>> buckets_;
  static constexpr size_t kMaxBuckets = 100000;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_RATE_LIMITER_H_
