// Each connection is a Session: wait for a first byte (idle timeout), read the head (header
// timeout, header limit), ask the handler for the body limit, read the body (body timeout), hand
// the request over, write the answer (write timeout), and go round again while keep-alive holds.
#include "http/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <limits>
#include <thread>
#include <vector>

namespace pkpass::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct Server::Impl {
  ServerOptions options;
  Handler* handler = nullptr;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};  // requests read and not yet answered
  std::atomic<bool> draining{false};
  net::steady_timer drain_timer{ioc};
  std::chrono::steady_clock::time_point drain_deadline;

  void Accept();
  void CheckDrained();
};

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    ++server_.connections;
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = peer.address().to_string();
  }
  ~Session() { --server_.connections; }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->AwaitRequest(); });
  }

 private:
  // Waits for the next request's first bytes, for at most the idle timeout.
  void AwaitRequest() {
    if (server_.draining) return Close();
    if (buffer_.size() > 0) return ReadHead();
    // Idle: hold no buffers while waiting (10,000 idle connections cost their sockets and this
    // object only), and wake when bytes are there.
    parser_.reset();
    buffer_.shrink_to_fit();
    head_ = Request{};
    StartDeadline(server_.options.idle_timeout);
    stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      self->deadline_.cancel();
      if (ec || self->timed_out_) return self->Close();
      self->ReadHead();
    });
  }

  void ReadHead() {
    parser_.emplace();
    parser_->header_limit(server_.options.header_limit);
    // The limit is the route's, set once the head is read. Not boost::none: Beast 1.74 compares
    // a Content-Length with an unset limit as larger.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    StartDeadline(server_.options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->deadline_.cancel();
      self->OnHead(ec);
    });
  }

  void OnHead(beast::error_code ec) {
    if (timed_out_) return Fail(408, "the request's head did not arrive in time");
    if (ec == net::error::eof || ec == http::error::end_of_stream ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::header_limit) return Fail(431, "the request's head is too large");
    if (ec) return Fail(400, "malformed HTTP request");
    head_ = Request{};
    const auto& msg = parser_->get();
    head_.method = std::string(msg.method_string());
    head_.target = std::string(msg.target());
    head_.peer = peer_;
    for (const auto& field : msg) head_.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
    keep_alive_ = msg.keep_alive();
    const size_t limit = server_.handler->BodyLimit(head_);
    if (parser_->content_length() && *parser_->content_length() > limit) {
      return Fail(413, "the body is larger than this request may send (" + std::to_string(limit) + " bytes)");
    }
    if (!parser_->content_length() && !parser_->chunked()) return Dispatch();  // no body
    parser_->body_limit(limit);
    if (Lower(head_.Header("expect")) == "100-continue") {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, msg.version());
      stream_.expires_after(server_.options.write_timeout);
      return http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, size_t) {
        if (e) return self->Close();
        self->ReadBody();
      });
    }
    ReadBody();
  }

  void ReadBody() {
    StartDeadline(server_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->deadline_.cancel();
      if (self->timed_out_) return self->Fail(408, "the body did not arrive in time");
      if (ec == http::error::body_limit) return self->Fail(413, "the body is larger than this request may send");
      if (ec == net::error::eof || ec == http::error::end_of_stream || ec == http::error::partial_message ||
          ec == net::error::connection_reset) {
        return self->Close();
      }
      if (ec) return self->Fail(400, "malformed HTTP request body");
      self->head_.body = std::move(self->parser_->get().body());
      self->Dispatch();
    });
  }

  void Dispatch() {
    ++server_.in_flight;
    started_ = std::chrono::steady_clock::now();
    stream_.expires_never();  // the handler's time is bounded by the work pool, not the socket
    Request request;  // the head is kept for the access log; the body moves
    request.method = head_.method;
    request.target = head_.target;
    request.headers = head_.headers;
    request.peer = head_.peer;
    request.body = std::move(head_.body);
    server_.handler->Handle(std::move(request), [self = shared_from_this()](Response response) {
      net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(std::move(response), true);
      });
    });
  }

  // Answers a request the server refused itself, then closes the connection.
  void Fail(int status, std::string message) {
    if (head_.method.empty()) head_.method = "-";
    head_.peer = peer_;
    Response r;
    r.status = status;
    r.close = true;
    r.Header("Content-Type", "application/json");
    std::string body = "{\"message\":\"";
    body += message;  // fixed text: nothing to escape
    body += "\"}";
    r.body = std::move(body);
    started_ = std::chrono::steady_clock::now();
    Write(std::move(r), false);
  }

  void Write(Response response, bool handled) {
    const bool close = response.close || !keep_alive_ || server_.draining;
    if (server_.options.log) {
      server_.options.log(head_, response,
                          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                                started_));
    }
    auto msg = std::make_shared<http::response<http::string_body>>();
    msg->result(static_cast<unsigned>(response.status));
    msg->version(11);
    for (auto& [name, value] : response.headers) msg->insert(name, value);
    msg->body() = std::move(response.body);
    msg->keep_alive(!close);
    msg->prepare_payload();
    stream_.expires_after(server_.options.write_timeout);
    auto done = [self = shared_from_this(), msg, close, handled](beast::error_code ec, size_t) {
      if (handled) {
        --self->server_.in_flight;
        if (self->server_.draining) net::post(self->server_.ioc, [s = &self->server_] { s->CheckDrained(); });
      }
      if (!handled && !ec) return self->LingerClose();
      if (ec || close) return self->Close();
      self->AwaitRequest();
    };
    if (head_.method == "HEAD") {
      // The head a GET would get, Content-Length included, and no body.
      auto serializer = std::make_shared<http::response_serializer<http::string_body>>(*msg);
      http::async_write_header(stream_, *serializer,
                               [serializer, done = std::move(done)](beast::error_code ec, size_t n) { done(ec, n); });
      return;
    }
    http::async_write(stream_, *msg, std::move(done));
  }

  // Reading the head or body may take until `limit`: then the read is cancelled (the socket
  // stays open, so that 408 can be written) and timed_out_ says why.
  void StartDeadline(std::chrono::milliseconds limit) {
    stream_.expires_never();
    timed_out_ = false;
    deadline_.expires_after(limit);
    deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the read finished first
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  // Closes after a refusal the client may still be sending into (a body over the limit): stops
  // sending, then reads and drops what comes for a moment (at most kLingerBytes), so that the
  // client reads the answer rather than a reset.
  void LingerClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    Drain(0);
  }
  void Drain(size_t drained) {
    if (drained >= kLingerBytes) return stream_.close();
    if (!drain_) drain_ = std::make_unique<char[]>(kDrainChunk);
    stream_.async_read_some(net::buffer(drain_.get(), kDrainChunk), [self = shared_from_this(), drained](
                                                                         beast::error_code ec, size_t n) {
      if (ec) return self->stream_.close();
      self->Drain(drained + n);
    });
  }
  static constexpr size_t kLingerBytes = 8u << 20;
  static constexpr size_t kDrainChunk = 16384;

  beast::tcp_stream stream_;
  net::steady_timer deadline_{stream_.get_executor()};
  bool timed_out_ = false;
  std::unique_ptr<char[]> drain_;  // only while lingering
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request head_;
  std::string peer_;
  bool keep_alive_ = true;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      if (connections >= options.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        std::make_shared<Session>(std::move(socket), *this)->Start();
      }
    }
    Accept();
  });
}

void Server::Impl::CheckDrained() {
  if (in_flight == 0 || std::chrono::steady_clock::now() >= drain_deadline) ioc.stop();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) return Status::InvalidArgument("not an IP address: " + options.address);
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError("cannot listen on " + options.address + ":" + std::to_string(options.port) + ": " +
                           ec.message());
  }
  impl->Accept();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::Run(Handler& handler) {
  impl_->handler = &handler;
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (std::thread& t : threads) t.join();
}

void Server::Stop(std::chrono::milliseconds drain) {
  net::post(impl_->ioc, [impl = impl_.get(), drain] {
    if (impl->draining.exchange(true)) return;
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->drain_deadline = std::chrono::steady_clock::now() + drain;
    impl->drain_timer.expires_at(impl->drain_deadline);
    impl->drain_timer.async_wait([impl](beast::error_code) { impl->ioc.stop(); });
    impl->CheckDrained();
  });
}

}  // namespace pkpass::serve
