// A real HTTP/1.1 client for the server's tests: Boost.Beast over a TCP connection to loopback,
// one request per call (or raw bytes, for what no well-behaved client would send).
#ifndef PKPASS_TESTS_SERVE_HTTP_CLIENT_H_
#define PKPASS_TESTS_SERVE_HTTP_CLIENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pkpass::testing {

struct HttpResponse {
  int status = 0;  // 0: the connection failed or closed without an answer
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// Sends one request to 127.0.0.1:`port` and reads the answer (10 s at most).
HttpResponse Send(std::uint16_t port, const std::string& method, const std::string& target,
                  const Headers& headers = {}, const std::string& body = {});

// Sends `raw` bytes as they are, then reads whatever answer comes (10 s at most).
HttpResponse SendRaw(std::uint16_t port, const std::string& raw);

}  // namespace pkpass::testing

#endif  // PKPASS_TESTS_SERVE_HTTP_CLIENT_H_
