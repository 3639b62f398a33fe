// What a vendor's API is to the server: a matcher from a request's method and path to the work
// that answers it. The App (app.h) authenticates, limits and queues; the API only knows its own
// paths, bodies and answers.
#ifndef PKPASS_SERVE_API_API_H_
#define PKPASS_SERVE_API_API_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace pkpass::serve {

// The most a JSON request body may be, checked before it is read.
inline constexpr size_t kMaxJsonBody = 1 << 20;

struct Route {
  // The work, run on a pool worker with the whole request.
  std::function<Response(const Request&)> run;
  // The most body bytes the route takes (0: none).
  size_t body_limit = 0;
  // Set when the path is this route's but the method is not: the methods it takes, for 405.
  std::string allow;
  // Public: no API key (a link handed to the pass's holder); rate-limited by client address.
  bool open = false;
};

class Api {
 public:
  virtual ~Api() = default;
  // The route for `method` on the path `segments` (split at "/", each percent-decoded), or
  // nullopt when the path is none of this API's.
  virtual std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) = 0;
};

// The route for a request made with `method` on a path that takes the methods `allowed`
// ("GET,PUT"): `run` with `body_limit`, or, for another method, a Route that answers 405.
Route MakeRoute(std::string_view method, std::string_view allowed, size_t body_limit,
                std::function<Response(const Request&)> run);

// The path's segments: "/v2/models/1/passes" -> {"v2", "models", "1", "passes"}, each
// percent-decoded after splitting, so that an encoded "/" stays inside its segment.
std::vector<std::string> PathSegments(std::string_view path);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_API_H_
