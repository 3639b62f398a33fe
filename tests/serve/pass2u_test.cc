// Pass2U's v2 API end to end: pkpass-serve runs as a process on a SQLite store, and a real HTTP
// client sends the seed's own example bodies (shared/seeds/000, fixtures/cases/seed-pass2u-*).
// Every answer is checked for its status and body, and every pass downloaded is verified, with
// pkpass and with openssl, and read back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "pkpass/pkpass.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "serve/checks.h"
#include "serve/http_client.h"
#include "serve/server_process.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/images.h"
#include "testing/test_pki.h"
#include "util/sha1.h"

namespace pkpass::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

class Pass2uTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static Headers JsonHeaders() {
    return {{"x-api-key", server_->key()}, {"Content-Type", "application/json"}, {"Accept", "application/json"}};
  }
  static HttpResponse Post(const std::string& target, const std::string& body) {
    return Send(server_->port(), "POST", target, JsonHeaders(), body);
  }
  static HttpResponse Get(const std::string& target, Headers extra = {}) {
    Headers h = {{"x-api-key", server_->key()}};
    h.insert(h.end(), extra.begin(), extra.end());
    return Send(server_->port(), "GET", target, h);
  }
  static HttpResponse Delete(const std::string& target) {
    return Send(server_->port(), "DELETE", target, {{"x-api-key", server_->key()}, {"Accept", "application/json"}});
  }
  static std::string Upload(const std::string& png) {
    const HttpResponse r = Send(server_->port(), "POST", "/v2/images",
                                {{"x-api-key", server_->key()}, {"Content-Type", "image/png"}}, png);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r.body)["hex"].GetString();
  }

  // The seed's create example, made valid: its images uploaded here (with an icon, which its
  // images array must name because it replaces the model's) and its second location's
  // longitude (181.3226) within range.
  static std::string ValidSeedCreate() {
    rapidjson::Document body = Json(Fixture("fixtures/cases/seed-pass2u-create/overrides.json"));
    const std::string icon = Upload(Fixture("fixtures/models/coffee.pass/icon.png"));
    const std::string thumbnail = Upload(Fixture("fixtures/models/member.pass/logo.png"));
    auto& images = body["images"];
    images[0]["hex"].SetString(thumbnail.c_str(), body.GetAllocator());
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("type", "icon", body.GetAllocator());
    entry.AddMember("hex", rapidjson::Value(icon.c_str(), body.GetAllocator()), body.GetAllocator());
    images.PushBack(entry, body.GetAllocator());
    body["locations"][1]["longitude"].SetDouble(121.3226);
    return Text(body);
  }

  static ServerProcess* server_;
};

ServerProcess* Pass2uTest::server_ = nullptr;

TEST_F(Pass2uTest, SeedCreateExampleIsRefusedAtEachOfItsErrors) {
  const HttpResponse r = Post("/v2/models/1919/passes", Fixture("fixtures/cases/seed-pass2u-create/overrides.json"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(std::string(Json(r.body)["message"].GetString()), "the pass is not valid");
  // Its images array replaces the model's (so no icon), its thumbnail was never uploaded here,
  // and its second location is at longitude 181.3226.
  EXPECT_THAT(DiagnosticsOf(r), ElementsAre("icon-missing icon.png:", "image-not-found overrides:/images/0/hex",
                                            "location-out-of-range overrides:/locations/1/longitude"));
}

TEST_F(Pass2uTest, SeedCreateUpdateAndResetsGiveTheDocumentedAnswersAndPasses) {
  const HttpResponse created = Post("/v2/models/1919/passes?utm_source=tests", ValidSeedCreate());
  ASSERT_EQ(created.status, 201) << created.body;
  rapidjson::Document answer = Json(created.body);
  const std::string id = answer["passId"].GetString();
  EXPECT_THAT(id, MatchesRegex("[A-Za-z0-9]{12}"));
  EXPECT_THAT(created.body,
              MatchesRegex("\\{\"barcodeMessage\":\"1234567890\",\"modelId\":1919,\"passId\":\"" + id +
                           "\",\"createdTime\":\"20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
                           "\\+00:00\",\"expirationDate\":\"2018-12-31T23:00:15\\+08:00\"\\}"));

  const std::string pass_url = "/v2/models/1919/passes/" + id;
  const HttpResponse download = Get(pass_url, {{"Accept", "application/vnd.apple.pkpass"}});
  ASSERT_EQ(download.status, 200) << download.body;
  EXPECT_EQ(download.Header("content-type"), "application/vnd.apple.pkpass");
  EXPECT_EQ(download.Header("content-disposition"), "attachment; filename=pass.pkpass");
  EXPECT_THAT(download.Header("last-modified"), MatchesRegex("[A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] .* GMT"));
  const std::string etag = download.Header("etag");
  EXPECT_THAT(etag, MatchesRegex("\"[0-9]+\""));
  {
    rapidjson::Document pass = PassJsonOf(download.body);
    EXPECT_EQ(std::string(pass["serialNumber"].GetString()), id);
    EXPECT_EQ(std::string(pass["foregroundColor"].GetString()), "rgb(51, 50, 46)");
    EXPECT_EQ(std::string(pass["backgroundColor"].GetString()), "rgb(237, 219, 21)");
    EXPECT_EQ(std::string(pass["barcodes"][0]["message"].GetString()), "1234567890");
    EXPECT_TRUE(pass["sharingProhibited"].GetBool());
    const rapidjson::Value* name = FieldOf(pass, "name");
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(std::string((*name)["value"].GetString()), "Fi-Lin,Chen");
    EXPECT_EQ(pass["locations"].Size(), 2u);
  }
  const HttpResponse again = Get(pass_url, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(Get(pass_url).body, download.body);  // from the cache: the same bytes

  // The seed's update example.
  const HttpResponse updated =
      Send(server_->port(), "PUT", pass_url, JsonHeaders(), Fixture("fixtures/cases/seed-pass2u-update/patch.json"));
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_THAT(updated.body, MatchesRegex("\\{\"barcodeMessage\":\"1234567890\",\"modelId\":1919,\"passId\":\"" + id +
                                         "\",\"updatedTime\":\"[-0-9T:]+\\+00:00\",\"expirationDate\":\"2019-12-31T"
                                         "23:00:15\\+08:00\"\\}"));
  const HttpResponse after = Get(pass_url);
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.Header("etag"), etag);
  {
    rapidjson::Document pass = PassJsonOf(after.body);
    EXPECT_EQ(std::string(pass["backgroundColor"].GetString()), "rgb(211, 79, 46)");
    const rapidjson::Value* level = FieldOf(pass, "level");
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(std::string((*level)["value"].GetString()), "DIAMON");
    EXPECT_EQ(std::string((*level)["changeMessage"].GetString()), "You get highest and most rewarding level %@");
    EXPECT_EQ(std::string(FieldOf(pass, "name")->operator[]("value").GetString()), "Fi-Lin,Chen");  // merged
  }

  // The three resets.
  HttpResponse reset = Delete(pass_url + "/fields/level/attributes/changeMessage");
  EXPECT_EQ(reset.status, 200) << reset.body;
  EXPECT_FALSE(FieldOf(PassJsonOf(Get(pass_url).body), "level")->HasMember("changeMessage"));
  reset = Delete(pass_url + "/attributes/backgroundColor");
  EXPECT_EQ(reset.status, 200) << reset.body;
  rapidjson::Document model = Json(Fixture("fixtures/models/coffee.pass/pass.json"));
  EXPECT_EQ(std::string(PassJsonOf(Get(pass_url).body)["backgroundColor"].GetString()),
            model["backgroundColor"].GetString());
  reset = Delete(pass_url + "/fields/level");
  EXPECT_EQ(reset.status, 200) << reset.body;
  {
    rapidjson::Document pass = PassJsonOf(Get(pass_url).body);
    const rapidjson::Value* level = FieldOf(pass, "level");
    const rapidjson::Value* model_level = FieldOf(model, "level");
    ASSERT_NE(model_level, nullptr);
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(Text((*level)["value"]), Text((*model_level)["value"]));
  }
  // What is not customised cannot be reset: said, not done as nothing.
  reset = Delete(pass_url + "/attributes/backgroundColor");
  EXPECT_EQ(reset.status, 404);
  EXPECT_THAT(DiagnosticsOf(reset), ElementsAre("reset-absent overrides:/backgroundColor"));

  const HttpResponse status = Get(pass_url + "/status", {{"Accept", "application/json"}});
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.body, "{\"passId\":\"" + id + "\",\"status\":1,\"devices\":[],\"redemptions\":[]}");
}

TEST_F(Pass2uTest, GeneratedBarcodesDifferAndASerialIsOnePassOnly) {
  const HttpResponse a = Post("/v2/models/2126/passes", R"({"fields": [{"key": "name", "value": "Ann"}]})");
  const HttpResponse b = Post("/v2/models/2126/passes", R"({"fields": [{"key": "name", "value": "Bob"}]})");
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  const std::string code_a = Json(a.body)["barcodeMessage"].GetString();
  const std::string code_b = Json(b.body)["barcodeMessage"].GetString();
  EXPECT_THAT(code_a, MatchesRegex("[0-9]{8}"));
  EXPECT_THAT(code_b, MatchesRegex("[0-9]{8}"));
  EXPECT_NE(code_a, code_b);
  // The generated value is kept: the download carries it.
  rapidjson::Document pass = PassJsonOf(Get("/v2/models/2126/passes/" + std::string(Json(a.body)["passId"].GetString())).body);
  EXPECT_EQ(std::string(pass["barcodes"][0]["message"].GetString()), code_a);

  const HttpResponse first = Post("/v2/models/2126/passes", R"({"serialNumber": "M-1"})");
  EXPECT_EQ(first.status, 201) << first.body;
  const HttpResponse second = Post("/v2/models/2126/passes", R"({"serialNumber": "M-1"})");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(std::string(Json(second.body)["message"].GetString()), "a pass with serialNumber \"M-1\" exists");
}

TEST_F(Pass2uTest, RefusalsHaveTheSeedsStatusCodes) {
  const std::uint16_t port = server_->port();
  const std::string body = R"({"fields": [{"key": "name", "value": "Ann"}]})";
  struct Case {
    std::string what, method, target;
    Headers headers;
    std::string body;
    int status;
  };
  const Headers key = {{"x-api-key", server_->key()}};
  const std::vector<Case> cases = {
      {"no key", "POST", "/v2/models/2126/passes", {{"Content-Type", "application/json"}}, body, 403},
      {"a wrong key", "POST", "/v2/models/2126/passes",
       {{"x-api-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {"Content-Type", "application/json"}}, body, 403},
      {"not JSON", "POST", "/v2/models/2126/passes", {{"x-api-key", server_->key()}, {"Content-Type", "text/plain"}},
       body, 415},
      {"an answer it cannot take", "POST", "/v2/models/2126/passes",
       {{"x-api-key", server_->key()}, {"Content-Type", "application/json"}, {"Accept", "text/html"}}, body, 406},
      {"a body that is no object", "POST", "/v2/models/2126/passes", JsonHeaders(), "[1, 2]", 400},
      {"no such model", "POST", "/v2/models/9999/passes", JsonHeaders(), body, 404},
      {"no such pass", "GET", "/v2/models/2126/passes/NoSuchPass00", key, "", 404},
      {"a path trick", "GET", "/v2/models/2126/passes/..%2F..%2Fstore.db", key, "", 404},
      {"dot segments", "GET", "/v2/models/2126/passes/../../images", key, "", 404},
      {"no such route", "GET", "/v3/anything", key, "", 404},
      {"a method the resource lacks", "PATCH", "/v2/models/2126/passes/NoSuchPass00", key, "", 405},
      {"an image that is no image", "POST", "/v2/images", {{"x-api-key", server_->key()}, {"Content-Type", "image/png"}},
       "GIF89a", 400},
      {"an image as JSON", "POST", "/v2/images", JsonHeaders(), "{}", 415},
  };
  for (const Case& c : cases) {
    const HttpResponse r = Send(port, c.method, c.target, c.headers, c.body);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/json") << c.what;
    EXPECT_TRUE(Json(r.body).HasMember("message")) << c.what;
  }
  EXPECT_EQ(Send(port, "PATCH", "/v2/models/2126/passes/X", key).Header("allow"), "GET, PUT");

  // A JPEG upload is stored as the PNG its hex names.
  const std::string jpeg = testing::EncodeJpeg(testing::TestPattern(300, 100));
  const HttpResponse converted = Send(port, "POST", "/v2/images",
                                      {{"x-api-key", server_->key()}, {"Content-Type", "image/jpeg"}}, jpeg);
  ASSERT_EQ(converted.status, 200) << converted.body;
  const std::string converted_hex = Json(converted.body)["hex"].GetString();
  EXPECT_EQ(converted_hex.size(), 40u);
  EXPECT_NE(converted_hex, Sha1Hex(jpeg));

  // An image of 1025 x 1 pixels: refused from its header.
  std::string wide = Fixture("fixtures/models/coffee.pass/icon.png");
  wide[16] = 0, wide[17] = 0, wide[18] = 4, wide[19] = 1;
  wide[20] = 0, wide[21] = 0, wide[22] = 0, wide[23] = 1;
  const HttpResponse big = Send(port, "POST", "/v2/images", {{"x-api-key", server_->key()}, {"Content-Type", "image/png"}}, wide);
  EXPECT_EQ(big.status, 400);
  EXPECT_EQ(std::string(Json(big.body)["message"].GetString()),
            "the image is 1025 x 1 pixels; at most 1024 x 1024 are taken");

  // A body over the limit is refused from its Content-Length, before a byte of it is sent.
  const HttpResponse huge = SendRaw(port, "POST /v2/models/2126/passes HTTP/1.1\r\nHost: x\r\nx-api-key: " +
                                              server_->key() +
                                              "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.Header("connection"), "close");
  EXPECT_EQ(SendRaw(port, "GARBAGE\r\n\r\n").status, 400);
  EXPECT_EQ(SendRaw(port, "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n").status, 400);

  const HttpResponse health = Send(port, "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "{\"status\":\"ok\",\"schema\":2}");
}

TEST(Pass2uLimitsTest, AKeyOverItsRateIsToldWhenToRetryAndOtherKeysAreNot) {
  ServerProcess server({"--rate", "1", "--burst", "3"});
  const Headers key = {{"x-api-key", server.key()}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 404);
  const HttpResponse limited = Send(server.port(), "GET", "/v2/models/2126/passes/X", key);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("retry-after"), "1");
  std::string other = server.Tool({"keys", "add", "--store", server.store(), "--name", "other"});
  other.pop_back();
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", {{"x-api-key", other}}).status, 404);
}

TEST(Pass2uLimitsTest, AConfigFileSetsWhatFlagsWouldAndAFlagWins) {
  const std::string dir = MakeTempDir("config");
  WriteFile(dir + "/serve.json", R"({"rate": 1, "burst": 5, "key-cache-seconds": 0})");
  ServerProcess server({"--config", dir + "/serve.json", "--burst", "2"});
  const Headers key = {{"x-api-key", server.key()}};
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 404);
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 404);
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 429);  // burst 2, not 5

  WriteFile(dir + "/typo.json", R"({"rates": 1})");
  int status = 0;
  server.Tool({"run", "--config", dir + "/typo.json", "--store", server.store()}, &status);
  EXPECT_EQ(status, 2);
  server.Tool({"keys", "list", "--store", server.store(), "--nmae", "x"}, &status);
  EXPECT_EQ(status, 2);
  const std::string said = ReadFile(server.dir() + "/tool.log");
  EXPECT_THAT(said, ::testing::HasSubstr("pkpass-serve: no option --rates here\n"));
  EXPECT_THAT(said, ::testing::HasSubstr("pkpass-serve: no option --nmae here\n"));
}

TEST(Pass2uLimitsTest, ARevokedKeyIsRefusedAndKeysAreListedWithoutTheirSecret) {
  ServerProcess server({"--key-cache-seconds", "0"});
  const Headers key = {{"x-api-key", server.key()}};
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 404);
  const std::string list = server.Tool({"keys", "list", "--store", server.store()});
  EXPECT_THAT(list, MatchesRegex("[0-9a-f]{12}\ttests\t[0-9]+\tlive\n"));
  EXPECT_EQ(list.find(server.key()), std::string::npos);
  int status = -1;
  server.Tool({"keys", "revoke", "--store", server.store(), list.substr(0, 12)}, &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(Send(server.port(), "GET", "/v2/models/2126/passes/X", key).status, 403);
  EXPECT_THAT(server.Tool({"keys", "list", "--store", server.store()}), MatchesRegex(".*\trevoked\n"));
  // Neither the key nor its hash is in the access log.
  EXPECT_EQ(server.Log().find(server.key()), std::string::npos);
}

TEST(Pass2uLimitsTest, APassOutlivesTheProcessAndComesBackAsTheSameBytes) {
  ServerProcess server;
  const Headers json = {{"x-api-key", server.key()}, {"Content-Type", "application/json"}};
  const HttpResponse created = Send(server.port(), "POST", "/v2/models/2126/passes", json, R"({"serialNumber": "K-1"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string url = "/v2/models/2126/passes/" + std::string(Json(created.body)["passId"].GetString());
  const HttpResponse before = Send(server.port(), "GET", url, {{"x-api-key", server.key()}});
  ASSERT_EQ(before.status, 200);
  server.Kill();  // no drain, no goodbye: what was acknowledged must be in the store
  server.Restart();
  const HttpResponse after = Send(server.port(), "GET", url, {{"x-api-key", server.key()}});
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, before.body);  // rebuilt, not cached: a pass is built at its update time
  EXPECT_EQ(after.Header("etag"), before.Header("etag"));
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_THAT(server.Log(), ::testing::HasSubstr("pkpass-serve: stopped\n"));
}

}  // namespace
}  // namespace pkpass::testing
