// The HTTP/1.1 server: Boost.Beast on a few I/O threads, event-driven, so that thousands of idle
// keep-alive connections cost memory only. It reads, bounds and times requests and writes
// responses; what a request means is the Handler's, which must not block the I/O thread it is
// called on (it hands slow work to a WorkPool and answers later, from any thread).
#ifndef PKPASS_SERVE_HTTP_SERVER_H_
#define PKPASS_SERVE_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"
#include "pkpass/status.h"

namespace pkpass::serve {

class Handler {
 public:
  virtual ~Handler() = default;
  // The most body bytes the request whose head is `head` (no body yet) may send. A larger
  // Content-Length is answered 413 before any of the body is read; a chunked body is cut off at
  // the limit the same way.
  virtual size_t BodyLimit(const Request& head) const = 0;
  // Answers `request` by calling `respond` once, on any thread, now or later.
  virtual void Handle(Request request, std::function<void(Response)> respond) = 0;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (port() tells which)
  int io_threads = 2;
  // A connection may wait this long for a request's first byte (keep-alive idle time).
  std::chrono::milliseconds idle_timeout{60000};
  // Once its first byte is in, the request's head must be complete within this.
  std::chrono::milliseconds header_timeout{10000};
  // And its body within this.
  std::chrono::milliseconds body_timeout{30000};
  // A response must be taken by the client within this.
  std::chrono::milliseconds write_timeout{30000};
  std::uint32_t header_limit = 16 * 1024;  // bytes of request line and headers
  size_t max_connections = 20000;          // more are closed as soon as they are accepted
  // Called with each request's outcome, for the access log (on an I/O thread).
  std::function<void(const Request& head, const Response& response, std::chrono::microseconds took)> log;
};

class Server {
 public:
  // Binds and listens (connections wait until Run). kIoError naming the address when it cannot.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();

  // The port listened on.
  std::uint16_t port() const;

  // Serves with `handler` until Stop; runs the I/O threads (this one among them).
  void Run(Handler& handler);

  // Stops accepting, lets the requests in progress finish (each answered with Connection: close)
  // for at most `drain`, then stops the I/O threads. Safe from any thread and from a signal
  // handler's asio callback.
  void Stop(std::chrono::milliseconds drain);

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_HTTP_SERVER_H_
