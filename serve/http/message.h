// One HTTP request and its response as the handlers see them: plain std types, so that only the
// server's own file knows Boost.Beast.
#ifndef PKPASS_SERVE_HTTP_MESSAGE_H_
#define PKPASS_SERVE_HTTP_MESSAGE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pkpass::serve {

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string target;  // as sent: path and query
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case, in order
  std::string body;
  std::string peer;  // the client's address

  // The value of the first header `name` (lower-case), or "" when there is none.
  std::string_view Header(std::string_view name) const;
  // The target's path, without the query.
  std::string_view Path() const;
  // The query's parameter `name`, percent-decoded, or "" when there is none.
  std::string Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after this response

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Decodes %XX escapes; an invalid escape is kept as it is.
std::string PercentDecode(std::string_view text);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_HTTP_MESSAGE_H_
