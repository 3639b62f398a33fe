#include "serve/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>

namespace pkpass::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Reads one response; `head`: the answer to a HEAD request (a head only, whatever its length).
HttpResponse Read(beast::tcp_stream& stream, bool head = false) {
  HttpResponse out;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  parser.skip(head);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(10));
  http::read(stream, buffer, parser, ec);
  if (ec) return out;
  const auto& msg = parser.get();
  out.status = static_cast<int>(msg.result_int());
  for (const auto& f : msg) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
  }
  out.body = msg.body();
  return out;
}

bool Connect(net::io_context& ioc, beast::tcp_stream& stream, std::uint16_t port) {
  (void)ioc;
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

}  // namespace

HttpResponse Send(std::uint16_t port, const std::string& method, const std::string& target, const Headers& headers,
                  const std::string& body) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  if (!Connect(ioc, stream, port)) return {};
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
  beast::error_code ec;
  http::write(stream, req, ec);
  if (ec) return {};
  return Read(stream, method == "HEAD");
}

HttpResponse SendRaw(std::uint16_t port, const std::string& raw) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  if (!Connect(ioc, stream, port)) return {};
  beast::error_code ec;
  net::write(stream, net::buffer(raw), ec);
  if (ec) return {};
  return Read(stream);
}

}  // namespace pkpass::testing
