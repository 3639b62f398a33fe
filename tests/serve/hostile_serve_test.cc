// Hostile HTTP against a running pkpass-serve: slow clients, bodies over the limit, malformed
// requests, floods over the rate limit, and a kill -9 under load. Each gets its status (or its
// connection closed) and the server goes on serving everyone else. Every test's traffic goes to
// 127.0.0.1, is bounded in count and time, and stops by itself.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "serve/checks.h"
#include "serve/http_client.h"
#include "serve/server_process.h"

namespace pkpass::testing {
namespace {

// A TCP connection to 127.0.0.1 that writes and reads by hand.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool connected() const { return connected_; }
  bool Write(const std::string& bytes) { return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
  // Reads what arrives within `ms`; sets `closed` when the server closed the connection.
  std::string Read(int ms, bool* closed = nullptr) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

int StatusOf(const std::string& raw) {
  return raw.starts_with("HTTP/1.1 ") && raw.size() >= 12 ? std::stoi(raw.substr(9, 3)) : 0;
}

TEST(HostileTest, SlowClientsAreCutOffAndOthersAreServedMeanwhile) {
  ServerProcess server({"--header-timeout-ms", "1000", "--body-timeout-ms", "1000", "--idle-timeout-ms", "1500"});
  // Slowloris: 50 connections, each sending its head a few bytes at a time and never finishing.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 50; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(slow.back()->connected());
    slow.back()->Write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  }
  // A body that never comes.
  RawConnection stalled(server.port());
  stalled.Write("POST /v2/images HTTP/1.1\r\nHost: x\r\nx-api-key: " + server.key() +
                "\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\n0123");
  // An idle connection that sends nothing at all.
  RawConnection idle(server.port());
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 3; ++round) {
    for (auto& c : slow) c->Write("X-Slow: 1\r\n");
    EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);  // served at once, all along
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  bool closed = false;
  slow.front()->Read(3000, &closed);
  EXPECT_TRUE(closed) << "a head that never ends is cut off at the header timeout";
  bool stalled_closed = false;
  EXPECT_EQ(StatusOf(stalled.Read(3000, &stalled_closed)), 408);
  EXPECT_TRUE(stalled_closed);
  bool idle_closed = false;
  idle.Read(3000, &idle_closed);
  EXPECT_TRUE(idle_closed) << "an idle connection is closed at the idle timeout";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);
}

TEST(HostileTest, BodiesOverTheLimitAreRefusedBeforeTheyAreRead) {
  ServerProcess server;
  // 1 GB announced and sent for as long as the server reads: it answers 413 at once and closes.
  RawConnection big(server.port());
  big.Write("POST /v2/models/2126/passes HTTP/1.1\r\nHost: x\r\nx-api-key: " + server.key() +
            "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n");
  const std::string chunk(64 * 1024, ' ');
  size_t sent = 0;
  while (sent < (64u << 20) && big.Write(chunk)) sent += chunk.size();
  bool closed = false;
  const std::string answer = big.Read(3000, &closed);
  EXPECT_EQ(StatusOf(answer), 413) << answer.substr(0, 200);
  EXPECT_LT(sent, 64u << 20) << "the server stopped reading the body";

  // A chunked body, which announces no size, is cut off at the limit too.
  RawConnection chunked(server.port());
  chunked.Write("POST /v2/models/2126/passes HTTP/1.1\r\nHost: x\r\nx-api-key: " + server.key() +
                "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string piece = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  for (int i = 0; i < 20 && chunked.Write(piece); ++i) {
  }
  EXPECT_EQ(StatusOf(chunked.Read(3000)), 413);

  // A head larger than 16 KiB.
  const HttpResponse huge_head = SendRaw(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                                            std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge_head.status, 431);
  // An image over 4 MB.
  const HttpResponse image = Send(server.port(), "POST", "/v2/images",
                                  {{"x-api-key", server.key()}, {"Content-Type", "image/png"}},
                                  std::string((4 << 20) + 1, 'x'));
  EXPECT_EQ(image.status, 413);
  EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);
}

TEST(HostileTest, MalformedRequestsAndPathTricksGetTheirStatus) {
  ServerProcess server;
  const std::vector<std::pair<std::string, int>> cases = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {std::string("GET /heal\0thz HTTP/1.1\r\n\r\n", 26), 400},
      {"GET /v2/models/2126/passes/%2e%2e%2f%2e%2e HTTP/1.1\r\nx-api-key: " + server.key() + "\r\n\r\n", 404},
      {"GET /v2/models/2126/passes/" + std::string(100, 'A') + " HTTP/1.1\r\nx-api-key: " + server.key() + "\r\n\r\n",
       404},
      {"GET /d/..%2F..%2Fetc%2Fpasswd/pass.pkpass HTTP/1.1\r\n\r\n", 404},
      {"DELETE /healthz HTTP/1.1\r\n\r\n", 405},
  };
  for (const auto& [raw, status] : cases) {
    EXPECT_EQ(SendRaw(server.port(), raw).status, status) << raw.substr(0, 60);
  }
  EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);
}

TEST(HostileTest, TenTimesTheRateLimitIsRefusedAndOtherKeysAreNot) {
  ServerProcess server({"--rate", "1", "--burst", "10"});
  std::string other = server.Tool({"keys", "add", "--store", server.store(), "--name", "other"});
  other.pop_back();
  int served = 0, limited = 0;
  for (int i = 0; i < 100; ++i) {
    const HttpResponse r = Send(server.port(), "GET", "/v2/models/2126/passes/X/status", {{"x-api-key", server.key()}});
    if (r.status == 404) ++served;
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(r.Header("retry-after"), "1");
    }
  }
  EXPECT_EQ(served + limited, 100);
  // The burst, and at most the tokens that came back while the 100 were sent (1 a second).
  EXPECT_GE(served, 10);
  EXPECT_LE(served, 12);
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X/status", {{"x-api-key", other}}).status, 404);
  // Wrong keys, many: refused, and the cache of refusals stays bounded.
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", {{"x-api-key", "wrong-" + std::to_string(i)}}).status,
              403);
  }
  EXPECT_EQ(Send(server.port(), "GET", "/healthz").status, 200);
}

TEST(HostileTest, AKillUnderLoadLosesNoAcknowledgedCreate) {
  ServerProcess server({"--rate", "100000", "--burst", "100000"});
  const Headers json = {{"x-api-key", server.key()}, {"Content-Type", "application/json"}};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; !stop && i < 2000; ++i) {
        const HttpResponse r = Send(server.port(), "POST", "/v2/models/2126/passes", json,
                                    "{\"serialNumber\": \"K-" + std::to_string(t) + "-" + std::to_string(i) + "\"}");
        ++sent;
        if (r.status == 201) {
          std::lock_guard lock(mu);
          acknowledged.push_back(Json(r.body)["passId"].GetString());
        }
      }
    });
  }
  while (sent < 60) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  server.Kill();  // SIGKILL, mid-flight
  stop = true;
  for (std::thread& t : clients) t.join();
  server.Restart();
  ASSERT_GE(acknowledged.size(), 50u);
  for (const std::string& id : acknowledged) {
    EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/" + id + "/status", {{"x-api-key", server.key()}}).status,
              200)
        << id << " was acknowledged with 201 and is not in the store";
  }
}

}  // namespace
}  // namespace pkpass::testing
