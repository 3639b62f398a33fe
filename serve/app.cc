#include "app.h"

#include <thread>

#include "api/pass2u.h"
#include "api/responses.h"

namespace pkpass::serve {
namespace {

size_t Workers(const AppOptions& options) {
  if (options.workers > 0) return options.workers;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> segments;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (!path.empty()) {
    const size_t slash = path.find('/');
    segments.push_back(PercentDecode(path.substr(0, slash)));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return segments;
}

App::App(Store& store, const Signer& signer, const ModelTable& models, const AppOptions& options)
    : store_(store),
      passes_(store, signer, models, options.cache_bytes),
      keys_(store, options.key_cache),
      limiter_(options.rate, options.burst),
      pool_(Workers(options), options.queue > 0 ? options.queue : 64 * Workers(options)) {
  apis_.push_back(std::make_unique<Pass2uApi>(passes_));
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
  Result<std::optional<std::string>> key = keys_.Authenticate(request.Header("x-api-key"));
  if (!key.ok()) return respond(ErrorResponse(503, "the store does not answer").Header("Retry-After", "1"));
  if (!*key) return respond(ErrorResponse(403, "Access Denied: a valid x-api-key is required"));
  if (const int wait = limiter_.Admit(**key, std::chrono::steady_clock::now()); wait > 0) {
    return respond(ErrorResponse(429, "Too Many Requests: this key's rate limit is exceeded")
                       .Header("Retry-After", std::to_string(wait)));
  }
  auto job = std::make_shared<std::pair<Request, std::function<void(Response)>>>(std::move(request), respond);
  const bool queued = pool_.TrySubmit([job, run = std::move(route->run)] { job->second(run(job->first)); });
  if (!queued) respond(ErrorResponse(503, "Service Unavailable: the server is busy").Header("Retry-After", "1"));
}

}  // namespace pkpass::serve
