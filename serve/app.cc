#include "app.h"

#include <thread>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "api/airship.h"
#include "api/download.h"
#include "api/eventticket.h"
#include "api/pass2u.h"
#include "api/passcreator.h"
#include "api/responses.h"
#include "api/webservice.h"

namespace pkpass::serve {
namespace {

PassServices Services(const AppOptions& options, std::unique_ptr<Deliveries>* deliveries) {
  PassServices services = options.services;
  if (options.web_service) services.web_service_url = options.public_url;
  services.jobs_added = [deliveries] {
    if (*deliveries) (*deliveries)->Wake();
  };
  return services;
}

size_t Workers(const AppOptions& options) {
  if (options.workers > 0) return options.workers;
  return 3 * static_cast<size_t>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

std::string PresentedKey(const Request& request) {
  if (std::string_view key = request.Header("x-api-key"); !key.empty()) return std::string(key);
  std::string_view auth = request.Header("authorization");
  if (auth.starts_with("Bearer ")) return std::string(auth.substr(7));
  if (!auth.starts_with("Basic ")) return std::string(auth);
  std::string_view b64 = auth.substr(6);
  if (b64.empty() || b64.size() > 1024 || b64.size() % 4 != 0) return "";
  std::string decoded(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return "";
  size_t size = static_cast<size_t>(n);
  for (size_t pad = b64.size(); pad > 0 && b64[pad - 1] == '='; --pad) --size;  // EVP_DecodeBlock counts padding
  decoded.resize(size);
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) return decoded;
  std::string password = decoded.substr(colon + 1);
  std::string user = decoded.substr(0, colon);
  OPENSSL_cleanse(decoded.data(), decoded.size());
  return password.empty() ? user : password;
}

App::App(Store& store, const Signer& signer, const ModelTable& models, const AppOptions& options)
    : store_(store),
      passes_(store, signer, models, options.cache_bytes, options.image_fetcher, Services(options, &deliveries_)),
      keys_(store, options.key_cache),
      limiter_(options.rate, options.burst),
      pool_(Workers(options), options.queue > 0 ? options.queue : 64 * Workers(options)) {
  apis_.push_back(std::make_unique<Pass2uApi>(passes_));
  apis_.push_back(std::make_unique<AirshipApi>(passes_, options.public_url));
  apis_.push_back(std::make_unique<PasscreatorApi>(passes_, options.public_url));
  apis_.push_back(std::make_unique<EventTicketApi>(passes_, options.public_url));
  apis_.push_back(std::make_unique<DownloadApi>(passes_, options.public_url));
  if (options.web_service) apis_.push_back(std::make_unique<WebServiceApi>(passes_, options.log));
  if (options.deliveries) {
    DeliveryOptions delivery = *options.deliveries;
    if (delivery.topic.empty()) delivery.topic = signer.pass_type_identifier();
    if (!delivery.log) delivery.log = options.log;
    deliveries_ = std::make_unique<Deliveries>(store, std::move(delivery));
  }
}

App::~App() = default;

std::optional<Route> App::Find(const Request& head) const {
  const std::vector<std::string> segments = PathSegments(head.Path());
  for (const auto& api : apis_) {
    if (std::optional<Route> route = api->Match(head.method, segments)) return route;
  }
  return std::nullopt;
}

size_t App::BodyLimit(const Request& head) const {
  const std::optional<Route> route = Find(head);
  return route && route->run ? route->body_limit : 0;
}

void App::Handle(Request request, std::function<void(Response)> respond) {
  if (request.Path() == "/healthz") {
    if (request.method != "GET") return respond(ErrorResponse(405, "GET only").Header("Allow", "GET"));
    Result<int> version = store_.SchemaVersion();
    if (!version.ok()) return respond(ErrorResponse(503, "the store does not answer"));
    return respond(JsonResponse(200, "{\"status\":\"ok\",\"schema\":" + std::to_string(*version) + "}"));
  }
  std::optional<Route> route = Find(request);
  if (!route) return respond(ErrorResponse(404, "no such resource"));
  if (!route->run) {
    std::string allow = route->allow;
    for (size_t at = allow.find(','); at != std::string::npos; at = allow.find(',', at + 2)) allow.insert(at + 1, " ");
    return respond(ErrorResponse(405, "this resource takes " + allow).Header("Allow", allow));
  }
  std::string bucket;
  if (route->open) {
    bucket = "peer " + request.peer;
  } else {
    Result<std::optional<std::string>> key = keys_.Authenticate(PresentedKey(request));
    if (!key.ok()) return respond(ErrorResponse(503, "the store does not answer").Header("Retry-After", "1"));
    if (!*key) return respond(ErrorResponse(403, "Access Denied: a valid API key is required"));
    bucket = "key " + **key;
  }
  if (const int wait = limiter_.Admit(bucket, std::chrono::steady_clock::now()); wait > 0) {
    return respond(ErrorResponse(429, "Too Many Requests: the rate limit is exceeded")
                       .Header("Retry-After", std::to_string(wait)));
  }
  auto job = std::make_shared<std::pair<Request, std::function<void(Response)>>>(std::move(request), respond);
  const bool queued = pool_.TrySubmit([job, run = std::move(route->run)] { job->second(run(job->first)); });
  if (!queued) respond(ErrorResponse(503, "Service Unavailable: the server is busy").Header("Retry-After", "1"));
}

}  // namespace pkpass::serve
