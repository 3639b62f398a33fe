// The server's Handler: routes a request to the API whose path it is, authenticates its
// x-api-key, applies the key's rate limit, and runs the route's work on the pool, answering 503
// with Retry-After when the pool's queue is full. /healthz needs no key. Thread-safe.
#ifndef PKPASS_SERVE_APP_H_
#define PKPASS_SERVE_APP_H_

#include <memory>
#include <vector>

#include "api/api.h"
#include "http/server.h"
#include "keys.h"
#include "passes.h"
#include "push/outbox.h"
#include "rate_limiter.h"
#include "work_pool.h"

namespace pkpass::serve {

struct AppOptions {
  // Build threads; 0: three per core. A build ends by waiting for the store's commit (an
  // fsync, shared by the builds committing together), so one per core would leave cores idle.
  size_t workers = 0;
  size_t queue = 0;           // requests waiting for a worker; 0: 64 per worker
  double rate = 100;          // requests a second per key (Pass2U's limit)
  double burst = 100;         // and the burst above it
  size_t cache_bytes = 64u << 20;  // built passes kept for downloads
  // How long a key's check is remembered: a revoked key works this much longer at most.
  std::chrono::seconds key_cache{5};
  // The server's address as clients reach it, for the links answers carry
  // ("https://passes.example.com"). Required.
  std::string public_url;
  // Answers images that bodies name by URL. Not owned; may be null (then such images are refused).
  const ImageFetcher* image_fetcher = nullptr;
  // Apple's web service (api/webservice.h): every pass carries webServiceURL (public_url) and
  // its own authenticationToken. An http:// public_url is taken for development only.
  bool web_service = true;
  // What changes owe outside: pushes on updates, Pass2U's webhooks (passes.h: PassServices;
  // web_service_url and jobs_added are the App's to set).
  PassServices services;
  // Runs the outbox's deliveries in this instance (push/outbox.h), with these options; unset,
  // jobs wait for an instance that does.
  std::optional<DeliveryOptions> deliveries;
  // One JSON line per event that is not a request: a device's log entries, deliveries.
  std::function<void(const std::string&)> log;
};

// The API key a request presents: its x-api-key header; else its Authorization header as
// "Bearer KEY", "Basic base64(user:KEY)" (or base64(KEY:)), or the bare key (Passcreator's form).
std::string PresentedKey(const Request& request);

class App : public Handler {
 public:
  App(Store& store, const Signer& signer, const ModelTable& models, const AppOptions& options);
  ~App() override;

  size_t BodyLimit(const Request& head) const override;
  void Handle(Request request, std::function<void(Response)> respond) override;

 private:
  // The route for the request's method and path, or nullopt (404).
  std::optional<Route> Find(const Request& head) const;

  Store& store_;
  Passes passes_;
  KeyCache keys_;
  RateLimiter limiter_;
  std::vector<std::unique_ptr<Api>> apis_;
  std::unique_ptr<Deliveries> deliveries_;
  WorkPool pool_;  // last: its workers stop before what they use goes
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_APP_H_
