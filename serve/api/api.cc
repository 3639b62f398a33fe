#include "api/api.h"

namespace pkpass::serve {

Route MakeRoute(std::string_view method, std::string_view allowed, size_t body_limit,
                std::function<Response(const Request&)> run) {
  Route r;
  for (std::string_view rest = allowed; !rest.empty();) {
    const size_t comma = rest.find(',');
    if (rest.substr(0, comma) == method) {
      r.run = std::move(run);
      r.body_limit = body_limit;
      return r;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  r.allow = std::string(allowed);
  return r;
}

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

}  // namespace pkpass::serve
