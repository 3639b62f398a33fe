// Apple's web service and APNs push, end to end: a simulated Wallet device (doing what Wallet
// does, over real HTTP) against the running server, pushes received by a loopback HTTP/2 TLS
// stand-in for APNs (tests/serve/apns_standin.py) and webhooks by a loopback receiver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "push/outbox.h"
#include "rapidjson/document.h"
#include "serve/checks.h"
#include "serve/http_client.h"
#include "serve/server_process.h"
#include "store/store.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass::testing {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using ::testing::ElementsAre;
using ::testing::MatchesRegex;

constexpr const char* kPassType = kPassTypeId;
constexpr char kSecret[] = "webhook-secret-for-tests";

// Runs a shell command to its end; fails the test when it fails.
void Shell(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// Waits up to `seconds` for `done`.
bool Eventually(const std::function<bool()>& done, int seconds = 15) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

std::string Hex64(int i, char fill = '0') {
  std::string hex = std::to_string(i);
  return std::string(64 - hex.size(), fill) + hex;
}

// The APNs stand-in, as a child process.
class ApnsStandIn {
 public:
  explicit ApnsStandIn(int delay_ms = 0) {
    dir_ = MakeTempDir("apns");
    // A server certificate for 127.0.0.1, self-signed: the server trusts it with --apns-ca.
    Shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
          " -keyout " + dir_ + "/key.pem -out " + dir_ + "/cert.pem 2>/dev/null");
    WriteFile(dir_ + "/root.pem", Pki().root_pem);
    WriteFile(dir_ + "/answers.json", "{}");
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // a test that crashes leaves no stand-in behind
      const std::string script = std::string(PKPASS_SOURCE_DIR) + "/tests/serve/apns_standin.py";
      const std::string delay = std::to_string(delay_ms);
      execl("/usr/bin/python3", "python3", script.c_str(), "--cert", (dir_ + "/cert.pem").c_str(), "--key",
            (dir_ + "/key.pem").c_str(), "--client-ca", (dir_ + "/root.pem").c_str(), "--record",
            (dir_ + "/record.jsonl").c_str(), "--answers", (dir_ + "/answers.json").c_str(), "--delay-ms",
            delay.c_str(), "--port-file", (dir_ + "/port").c_str(), "--max-seconds", "600",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    EXPECT_TRUE(Eventually([&] { return std::ifstream(dir_ + "/port").good(); }, 20)) << "the stand-in did not start";
    port_ = std::stoi(ReadFile(dir_ + "/port"));
  }
  ~ApnsStandIn() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  // The flags that point pkpass-serve at this stand-in.
  std::vector<std::string> Flags() const {
    return {"--apns-url", "https://127.0.0.1:" + std::to_string(port_), "--apns-ca", dir_ + "/cert.pem",
            "--outbox-poll-ms", "50", "--retry-first-ms", "200"};
  }
  void Answers(const std::string& json) { WriteFile(dir_ + "/answers.json", json); }
  // Every push received so far, in order.
  std::vector<rapidjson::Document> Pushes() const {
    std::vector<rapidjson::Document> out;
    std::ifstream in(dir_ + "/record.jsonl");
    for (std::string line; std::getline(in, line);) out.push_back(Json(line));
    return out;
  }
  size_t Count() const {
    std::ifstream in(dir_ + "/record.jsonl");
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }

 private:
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A webhook receiver on 127.0.0.1: keeps every request and answers 200, at once or, while held,
// only when released (20 s at most).
class WebhookReceiver {
 public:
  struct Received {
    std::map<std::string, std::string> headers;
    std::string target, body;
  };
  WebhookReceiver() : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Loop(); });
  }
  ~WebhookReceiver() {
    stopping_ = true;
    // A blocking accept is not woken by closing its socket: a connection wakes it.
    net::io_context ioc;
    net::ip::tcp::socket wake(ioc);
    boost::system::error_code ec;
    wake.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)}, ec);
    thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<Received> Requests() {
    std::lock_guard lock(mu_);
    return received_;
  }
  void Hold(bool hold) { hold_ = hold; }

 private:
  void Loop() {
    while (!stopping_) {
      net::ip::tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      Received r;
      for (const auto& h : request) r.headers[std::string(h.name_string())] = std::string(h.value());
      r.target = std::string(request.target());
      r.body = request.body();
      {
        std::lock_guard lock(mu_);
        received_.push_back(r);
      }
      for (int i = 0; i < 2000 && hold_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      http::response<http::string_body> response{http::status::ok, 11};
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }
  net::io_context ioc_;
  net::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> hold_{false};
  std::mutex mu_;
  std::vector<Received> received_;
  std::thread thread_;
};

// A pass as Wallet holds it: where its web service is, and how to authenticate there.
struct Held {
  std::string pass_id, serial, token, web_service_url, bytes;
};

// Makes a Pass2U pass on `server` and "adds it to Wallet": downloads it and reads pass.json.
Held AddToWallet(ServerProcess& server, const std::string& name = "Ann") {
  const Headers headers = {{"x-api-key", server.key()}, {"Content-Type", "application/json"}};
  const HttpResponse created = Send(server.port(), "POST", "/v2/models/2126/passes", headers,
                                    R"({"fields": [{"key": "name", "value": ")" + name + R"("}]})");
  EXPECT_EQ(created.status, 201) << created.body;
  Held held;
  held.pass_id = Json(created.body)["passId"].GetString();
  const HttpResponse file = Send(server.port(), "GET", "/v2/models/2126/passes/" + held.pass_id,
                                 {{"x-api-key", server.key()}, {"Accept", "application/vnd.apple.pkpass"}});
  EXPECT_EQ(file.status, 200) << file.body;
  held.bytes = file.body;
  const rapidjson::Document pass = PassJsonOf(file.body);
  held.serial = pass["serialNumber"].GetString();
  held.token = pass["authenticationToken"].GetString();
  held.web_service_url = pass["webServiceURL"].GetString();
  return held;
}

// What Wallet sends.
HttpResponse Register(std::uint16_t port, const std::string& device, const Held& pass, const std::string& push_token,
                      const std::string& token = "") {
  return Send(port, "POST", "/v1/devices/" + device + "/registrations/" + kPassType + "/" + pass.serial,
              {{"Authorization", "ApplePass " + (token.empty() ? pass.token : token)},
               {"Content-Type", "application/json"}},
              "{\"pushToken\":\"" + push_token + "\"}");
}
HttpResponse Unregister(std::uint16_t port, const std::string& device, const Held& pass, const std::string& token = "") {
  return Send(port, "DELETE", "/v1/devices/" + device + "/registrations/" + kPassType + "/" + pass.serial,
              {{"Authorization", "ApplePass " + (token.empty() ? pass.token : token)}});
}
HttpResponse Serials(std::uint16_t port, const std::string& device, const std::string& since = "") {
  return Send(port, "GET",
              "/v1/devices/" + device + "/registrations/" + kPassType +
                  (since.empty() ? "" : "?passesUpdatedSince=" + since));
}
HttpResponse Latest(std::uint16_t port, const Held& pass, const std::string& if_modified_since = "",
                    const std::string& method = "GET", const std::string& token = "") {
  Headers headers = {{"Authorization", "ApplePass " + (token.empty() ? pass.token : token)}};
  if (!if_modified_since.empty()) headers.push_back({"If-Modified-Since", if_modified_since});
  return Send(port, method, "/v1/passes/" + std::string(kPassType) + "/" + pass.serial, headers);
}
HttpResponse Update(ServerProcess& server, const Held& pass, const std::string& level) {
  return Send(server.port(), "PUT", "/v2/models/2126/passes/" + pass.pass_id,
              {{"x-api-key", server.key()}, {"Content-Type", "application/json"}},
              R"({"fields": [{"key": "level", "value": ")" + level + R"("}]})");
}

std::vector<std::string> Serial(const HttpResponse& r) {
  std::vector<std::string> out;
  const rapidjson::Document doc = Json(r.body);
  for (const auto& s : doc["serialNumbers"].GetArray()) out.push_back(s.GetString());
  return out;
}

std::vector<std::string> Flags(const ApnsStandIn& apns, const WebhookReceiver* hooks = nullptr,
                               std::vector<std::string> more = {}) {
  std::vector<std::string> flags = apns.Flags();
  if (hooks) {
    for (const std::string& f : {std::string("--webhook-generated"), hooks->Url("/generated"),
                                 std::string("--webhook-installed"), hooks->Url("/installed"),
                                 std::string("--webhook-secret-env"), std::string("PKPASS_TEST_WEBHOOK_SECRET")}) {
      flags.push_back(f);
    }
  }
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

class WebServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("PKPASS_TEST_WEBHOOK_SECRET", kSecret, 1); }
};

TEST_F(WebServiceTest, AWalletDeviceRegistersIsPushedFetchesTheNewPassAndUnregisters) {
  ApnsStandIn apns;
  WebhookReceiver hooks;
  ServerProcess server(Flags(apns, &hooks));
  const std::uint16_t port = server.port();
  const Held pass = AddToWallet(server);
  EXPECT_EQ(pass.web_service_url, "http://127.0.0.1:" + std::to_string(port));
  EXPECT_THAT(pass.token, MatchesRegex("[A-Za-z0-9]{32}"));
  const std::string device = "device0a1b2c3d";
  const std::string push_token = Hex64(1, 'a');

  // Registration: 201, then 200; a wrong token, pass type or serial, or no token: 401.
  // A token that differs in its first character, whatever that is.
  const std::string wrong_token = (pass.token[0] == 'x' ? "y" : "x") + pass.token.substr(1);
  EXPECT_EQ(Register(port, device, pass, push_token, wrong_token).status, 401);
  EXPECT_EQ(Send(port, "POST", "/v1/devices/" + device + "/registrations/" + kPassType + "/" + pass.serial,
                 {{"Content-Type", "application/json"}}, "{\"pushToken\":\"" + push_token + "\"}")
                .status,
            401);
  Held other_serial = pass;
  other_serial.serial = "no-such-serial";
  EXPECT_EQ(Register(port, device, other_serial, push_token).status, 401);
  EXPECT_EQ(Send(port, "POST", "/v1/devices/" + device + "/registrations/pass.com.other/" + pass.serial,
                 {{"Authorization", "ApplePass " + pass.token}}, "{\"pushToken\":\"" + push_token + "\"}")
                .status,
            401);
  EXPECT_EQ(Register(port, device, pass, "not-hex").status, 400);
  EXPECT_EQ(Register(port, device, pass, push_token.substr(0, 63)).status, 400);
  EXPECT_EQ(Register(port, "bad*device", pass, push_token).status, 400);
  EXPECT_EQ(Register(port, device, pass, push_token).status, 201);
  EXPECT_EQ(Register(port, device, pass, push_token).status, 200);  // replayed

  // Pass2U's status lists the installation; the webhooks came, signed.
  const HttpResponse status = Send(port, "GET", "/v2/models/2126/passes/" + pass.pass_id + "/status",
                                   {{"x-api-key", server.key()}, {"Accept", "application/json"}});
  ASSERT_EQ(status.status, 200);
  EXPECT_THAT(status.body, MatchesRegex(".*\"devices\":\\[\\{\"brand\":\"Apple\",\"model\":\"Wallet\","
                                        "\"installedTime\":\"[0-9T:+-]{25}\"\\}\\].*"));
  ASSERT_TRUE(Eventually([&] { return hooks.Requests().size() == 2; }));
  std::vector<WebhookReceiver::Received> got = hooks.Requests();
  std::sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.target < b.target; });
  EXPECT_EQ(got[0].target, "/generated");
  EXPECT_THAT(got[0].body, MatchesRegex("\\{\"passId\":\"" + pass.pass_id +
                                        "\",\"distributedAt\":\"[0-9T:+-]{25}\",\"modelId\":2126\\}"));
  EXPECT_EQ(got[1].target, "/installed");
  EXPECT_THAT(got[1].body, MatchesRegex("\\{\"passId\":\"" + pass.pass_id +
                                        "\",\"installedAt\":\"[0-9T:+-]{25}\",\"modelId\":2126\\}"));
  for (const auto& r : got) {
    EXPECT_EQ(r.headers.at("Content-Type"), "application/json");
    EXPECT_EQ(r.headers.at("X-Pkpass-Signature"),
              "sha256=" + serve::WebhookSignature(kSecret, r.headers.at("X-Pkpass-Timestamp"), r.body));
  }

  // The first list: everything, with the tag as a string; since that tag: nothing (204).
  const HttpResponse first = Serials(port, device);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("content-type"), "application/json");
  EXPECT_THAT(Serial(first), ElementsAre(pass.serial));
  ASSERT_TRUE(Json(first.body)["lastUpdated"].IsString());
  const std::string tag0 = Json(first.body)["lastUpdated"].GetString();
  EXPECT_EQ(Serials(port, device, tag0).status, 204);
  EXPECT_EQ(Serials(port, "unknown-device").status, 204);
  EXPECT_EQ(Send(port, "GET", "/v1/devices/" + device + "/registrations/pass.com.other").status, 204);

  // The pass: 200 with Last-Modified; 304 when unchanged; HEAD is the same head; 401.
  const HttpResponse latest = Latest(port, pass);
  ASSERT_EQ(latest.status, 200);
  EXPECT_EQ(latest.Header("content-type"), "application/vnd.apple.pkpass");
  EXPECT_EQ(latest.body, pass.bytes);
  const std::string modified0 = latest.Header("last-modified");
  ASSERT_THAT(modified0, MatchesRegex("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT"));
  EXPECT_EQ(Latest(port, pass, modified0).status, 304);
  const HttpResponse head = Latest(port, pass, "", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), std::to_string(pass.bytes.size()));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(Latest(port, pass, "", "GET", pass.token + "x").status, 401);

  // An update pushes once to the device, with the Pass Type ID certificate as the TLS identity.
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 1; }));
  const std::vector<rapidjson::Document> pushes = apns.Pushes();
  EXPECT_EQ(std::string(pushes[0]["token"].GetString()), push_token);
  EXPECT_EQ(std::string(pushes[0]["method"].GetString()), "POST");
  EXPECT_EQ(std::string(pushes[0]["topic"].GetString()), kPassType);
  EXPECT_EQ(std::string(pushes[0]["payload"].GetString()), "{}");
  EXPECT_EQ(std::string(pushes[0]["priority"].GetString()), "10");
  EXPECT_EQ(std::string(pushes[0]["client_uid"].GetString()), kPassType);
  EXPECT_EQ(std::string(pushes[0]["authorization"].GetString()), "");

  // The same value again changes nothing: no new tag, so nothing to list and no push.
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);

  // The device asks what changed since its tag, and fetches it: new bytes, a later date.
  const HttpResponse changed = Serials(port, device, tag0);
  ASSERT_EQ(changed.status, 200);
  EXPECT_THAT(Serial(changed), ElementsAre(pass.serial));
  const std::string tag1 = Json(changed.body)["lastUpdated"].GetString();
  EXPECT_GT(std::stoll(tag1), std::stoll(tag0));
  EXPECT_EQ(Serials(port, device, tag1).status, 204);
  const HttpResponse fetched = Latest(port, pass, modified0);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_NE(fetched.body, pass.bytes);
  EXPECT_EQ(std::string((*FieldOf(PassJsonOf(fetched.body), "level"))["value"].GetString()), "GOLD");
  const std::string modified1 = fetched.Header("last-modified");
  EXPECT_NE(modified1, modified0);
  EXPECT_EQ(Latest(port, pass, modified1).status, 304);

  // Unregistering: 200 (again: 200); then nothing is listed, and an update pushes nothing.
  EXPECT_EQ(Unregister(port, device, pass, pass.token + "x").status, 401);
  EXPECT_EQ(Unregister(port, device, pass).status, 200);
  EXPECT_EQ(Unregister(port, device, pass).status, 200);
  EXPECT_EQ(Serials(port, device).status, 204);

  // The device's log: kept in the server's log; a malformed one is 400.
  EXPECT_EQ(Send(port, "POST", "/v1/log", {{"Content-Type", "application/json"}},
                 R"({"logs": ["Web service error for the pass: test entry"]})")
                .status,
            200);
  EXPECT_EQ(Send(port, "POST", "/v1/log", {{"Content-Type", "application/json"}}, R"({"logs": "x"})").status, 400);
  EXPECT_EQ(Send(port, "GET", "/v1/log").status, 405);
  ASSERT_EQ(Update(server, pass, "SILVER").status, 200);
  ASSERT_TRUE(Eventually([&] { return server.Log().find("test entry") != std::string::npos; }));
  EXPECT_NE(server.Log().find("\"outbox\":\"pushed\",\"job\":"), std::string::npos);
  EXPECT_EQ(server.Log().find(pass.token), std::string::npos);  // the token is never logged
  EXPECT_EQ(server.Log().find(device), std::string::npos);      // nor the device's identifier
  EXPECT_NE(server.Log().find("\"path\":\"/v1/devices/-/registrations/"), std::string::npos);
  EXPECT_EQ(apns.Count(), 1u);
}

TEST_F(WebServiceTest, APnsAnswerDropsRetriesOrKeepsEachDevice) {
  ApnsStandIn apns;
  ServerProcess server(Flags(apns));
  const Held pass = AddToWallet(server);
  const std::string ok = Hex64(1), gone = Hex64(410), bad = Hex64(400), busy = Hex64(429), down = Hex64(500);
  apns.Answers("{\"" + gone + "\": [[410, \"Unregistered\"]], \"" + bad + "\": [[400, \"BadDeviceToken\"]], \"" + busy +
               "\": [[429, \"TooManyRequests\"]], \"" + down + "\": [[500, \"InternalServerError\"], [503, \"ServiceUnavailable\"]]}");
  int i = 0;
  for (const std::string& token : {ok, gone, bad, busy, down}) {
    ASSERT_EQ(Register(server.port(), "device" + std::to_string(i++), pass, token).status, 201);
  }
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);
  // ok once; gone and bad once each, then forgotten; busy twice; down three times.
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 8; })) << apns.Count() << server.Log();
  std::map<std::string, int> per_token;
  for (const auto& push : apns.Pushes()) ++per_token[push["token"].GetString()];
  EXPECT_EQ(per_token, (std::map<std::string, int>{{ok, 1}, {gone, 1}, {bad, 1}, {busy, 2}, {down, 3}}));
  const HttpResponse status = Send(server.port(), "GET", "/v2/models/2126/passes/" + pass.pass_id + "/status",
                                   {{"x-api-key", server.key()}, {"Accept", "application/json"}});
  EXPECT_EQ(Json(status.body)["devices"].Size(), 3u);
  EXPECT_EQ(Serials(server.port(), "device1").status, 204);  // gone's registration went
  EXPECT_EQ(Serials(server.port(), "device3").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(apns.Count(), 8u);  // nothing more: every device is done
}

// Verifies the ES256 JWT `jwt` with the public half of `key_pem`; returns its claims.
std::string VerifiedClaims(const std::string& jwt, const std::string& key_pem, std::string& header) {
  auto decode = [](std::string s) {
    for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (s.size() % 4) s += '=';
    std::string out(s.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
    out.resize(static_cast<size_t>(n));
    while (!s.empty() && s.back() == '=') {
      s.pop_back();
      out.pop_back();
    }
    return out;
  };
  const size_t a = jwt.find('.'), b = jwt.rfind('.');
  header = decode(jwt.substr(0, a));
  const std::string raw = decode(jwt.substr(b + 1));
  if (raw.size() != 64) return "";
  BIO* bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr),
                 BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig, &der);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const std::string input = jwt.substr(0, b);
  const bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestVerify(md, der, static_cast<size_t>(der_size),
                                   reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_free(key);
  return ok ? decode(jwt.substr(a + 1, b - a - 1)) : "";
}

TEST_F(WebServiceTest, TokenAuthenticationSignsOneProviderTokenAndReusesIt) {
  ApnsStandIn apns;
  const std::string dir = MakeTempDir("p8");
  Shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + dir + "/AuthKey.p8");
  ServerProcess server(Flags(apns, nullptr,
                             {"--apns-key", dir + "/AuthKey.p8", "--apns-key-id", "ABC123DEFG", "--apns-team-id",
                              "TEAM123456"}));
  const Held pass = AddToWallet(server);
  ASSERT_EQ(Register(server.port(), "device1", pass, Hex64(7)).status, 201);
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 1; }));
  ASSERT_EQ(Update(server, pass, "SILVER").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 2; }));
  const std::vector<rapidjson::Document> pushes = apns.Pushes();
  const std::string auth = pushes[0]["authorization"].GetString();
  ASSERT_THAT(auth, MatchesRegex("bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
  EXPECT_EQ(std::string(pushes[1]["authorization"].GetString()), auth);  // kept, not made again
  EXPECT_EQ(std::string(pushes[0]["client_uid"].GetString()), "");        // no certificate sent
  std::string header;
  const std::string claims = VerifiedClaims(auth.substr(7), ReadFile(dir + "/AuthKey.p8"), header);
  EXPECT_EQ(header, "{\"alg\":\"ES256\",\"kid\":\"ABC123DEFG\"}");
  EXPECT_THAT(claims, MatchesRegex("\\{\"iss\":\"TEAM123456\",\"iat\":[0-9]{10}\\}"));
}

TEST_F(WebServiceTest, TwoInstancesOnOnePostgresPushAndCallEachWebhookOnce) {
  ApnsStandIn apns;
  WebhookReceiver hooks;
  const std::string store = NewPostgresStore();
  // One public address for both, as behind one load balancer.
  const std::vector<std::string> flags = Flags(apns, &hooks, {"--public-url", "https://passes.example.com"});
  ServerProcess a(flags, store), b(flags, store);
  const Held pass = AddToWallet(a);
  EXPECT_EQ(pass.web_service_url, "https://passes.example.com");
  const std::string modified0 = Latest(b.port(), pass).Header("last-modified");
  ASSERT_EQ(Register(a.port(), "device1", pass, Hex64(1)).status, 201);
  ASSERT_EQ(Register(b.port(), "device2", pass, Hex64(2)).status, 201);
  ASSERT_EQ(Register(b.port(), "device1", pass, Hex64(1)).status, 200);  // the same device, on the other
  ASSERT_EQ(Update(b, pass, "GOLD").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 2; }));
  ASSERT_EQ(Update(a, pass, "SILVER").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() == 4; }));
  ASSERT_TRUE(Eventually([&] { return hooks.Requests().size() == 3; }));  // generated, 2 installed
  std::this_thread::sleep_for(std::chrono::seconds(1));  // time for a duplicate to show
  std::map<std::string, int> per_token;
  for (const auto& push : apns.Pushes()) ++per_token[push["token"].GetString()];
  EXPECT_EQ(per_token, (std::map<std::string, int>{{Hex64(1), 2}, {Hex64(2), 2}}));  // one per device per update
  std::set<std::string> events;
  for (const auto& r : hooks.Requests()) events.insert(r.headers.at("X-Pkpass-Event-Id"));
  EXPECT_EQ(hooks.Requests().size(), 3u);
  EXPECT_EQ(events.size(), 3u);
  // The tag a device got from one instance is good on the other, and so is the pass's date.
  const HttpResponse listed = Serials(a.port(), "device2");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(Serials(b.port(), "device2", Json(listed.body)["lastUpdated"].GetString()).status, 204);
  const HttpResponse from_a = Latest(a.port(), pass, modified0);
  ASSERT_EQ(from_a.status, 200);
  EXPECT_EQ(std::string((*FieldOf(PassJsonOf(from_a.body), "level"))["value"].GetString()), "SILVER");
  const HttpResponse from_b = Latest(b.port(), pass, modified0);
  EXPECT_EQ(from_b.body, from_a.body);  // the same bytes from either instance
  EXPECT_EQ(Latest(b.port(), pass, from_a.Header("last-modified")).status, 304);
  EXPECT_EQ(Unregister(b.port(), "device1", pass).status, 200);
  EXPECT_EQ(Serials(a.port(), "device1").status, 204);
}

// Registers `n` devices for `pass_id` straight in the store, as many Wallets would have.
void RegisterMany(const std::string& store_spec, const std::string& pass_id, int n) {
  Result<std::unique_ptr<serve::Store>> store = serve::OpenStore(store_spec);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < n; i += 8) {
        ASSERT_TRUE((*store)->Register({"fan" + std::to_string(i), Hex64(100000 + i), pass_id, 1700000000}, {}).ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
}

long PeakRssKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return -1;
}

TEST_F(WebServiceTest, OneUpdateFansOutToTenThousandDevices) {
  ApnsStandIn apns;
  ServerProcess server(Flags(apns));
  const Held pass = AddToWallet(server);
  constexpr int kDevices = 10000;
  RegisterMany(server.store(), pass.pass_id, kDevices);
  const long rss_before = PeakRssKb(server.pid());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() >= kDevices; }, 120)) << apns.Count();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::set<std::string> tokens;
  std::set<int> connections;
  for (const auto& push : apns.Pushes()) {
    tokens.insert(push["token"].GetString());
    connections.insert(push["connection"].GetInt());
  }
  EXPECT_EQ(tokens.size(), static_cast<size_t>(kDevices));
  EXPECT_EQ(apns.Count(), static_cast<size_t>(kDevices));
  EXPECT_EQ(connections.size(), 1u);  // every push a stream of one HTTP/2 connection
  std::printf("fan-out: %d pushes in %.2f s (%.0f/s); server peak RSS %ld kB before, %ld kB after\n", kDevices,
              seconds, kDevices / seconds, rss_before, PeakRssKb(server.pid()));
}

TEST_F(WebServiceTest, AKillDuringAWebhookOrAFanOutLosesNothing) {
  ApnsStandIn apns(/*delay_ms=*/100);
  WebhookReceiver hooks;
  hooks.Hold(true);
  ServerProcess server(Flags(apns, &hooks, {"--outbox-lease-ms", "1000", "--apns-streams", "20"}));
  const Held pass = AddToWallet(server);

  // Killed while the receiver holds the "generated" webhook: it comes again after the restart.
  ASSERT_TRUE(Eventually([&] { return hooks.Requests().size() == 1; }));
  server.Kill();
  hooks.Hold(false);
  server.Restart();
  ASSERT_TRUE(Eventually([&] { return hooks.Requests().size() == 2; }));
  const std::vector<WebhookReceiver::Received> got = hooks.Requests();
  EXPECT_EQ(got[0].headers.at("X-Pkpass-Event-Id"), got[1].headers.at("X-Pkpass-Event-Id"));  // the same event
  EXPECT_EQ(got[0].body, got[1].body);

  // Killed a hundred pushes into a fan-out to 1,000 devices: every device gets its push.
  constexpr int kDevices = 1000;
  RegisterMany(server.store(), pass.pass_id, kDevices);
  ASSERT_EQ(Update(server, pass, "GOLD").status, 200);
  ASSERT_TRUE(Eventually([&] { return apns.Count() >= 100; }, 30));
  server.Kill();
  EXPECT_LT(apns.Count(), static_cast<size_t>(kDevices));
  server.Restart();
  ASSERT_TRUE(Eventually(
      [&] {
        std::set<std::string> tokens;
        for (const auto& push : apns.Pushes()) tokens.insert(push["token"].GetString());
        return tokens.size() == static_cast<size_t>(kDevices);
      },
      120));
  EXPECT_EQ(hooks.Requests().size(), 2u);
}

}  // namespace
}  // namespace pkpass::testing
