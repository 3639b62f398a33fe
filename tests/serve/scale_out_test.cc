// Two pkpass-serve instances on one PostgreSQL, as behind a load balancer: what one does, the
// other sees and continues.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "serve/checks.h"
#include "serve/http_client.h"
#include "serve/server_process.h"

namespace pkpass::testing {
namespace {

using ::testing::MatchesRegex;

TEST(ScaleOutTest, APassMadeOnOneInstanceIsUpdatedAndDownloadedOnTheOther) {
  const std::string store = NewPostgresStore();
  // One public address for both, as behind one load balancer: the passes' webServiceURL.
  const std::vector<std::string> flags = {"--public-url", "https://passes.example.com"};
  ServerProcess a(flags, store), b(flags, store);
  const Headers json_a = {{"x-api-key", a.key()}, {"Content-Type", "application/json"}};
  const Headers json_b = {{"x-api-key", b.key()}, {"Content-Type", "application/json"}};

  const HttpResponse created =
      Send(a.port(), "POST", "/v2/models/2126/passes", json_a, R"({"fields": [{"key": "name", "value": "Ann"}]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string url = "/v2/models/2126/passes/" + std::string(Json(created.body)["passId"].GetString());
  const HttpResponse updated =
      Send(b.port(), "PUT", url, json_b, R"({"fields": [{"key": "level", "value": "GOLD"}]})");
  ASSERT_EQ(updated.status, 200) << updated.body;

  const HttpResponse from_a = Send(a.port(), "GET", url, {{"x-api-key", a.key()}});
  const HttpResponse from_b = Send(b.port(), "GET", url, {{"x-api-key", b.key()}});
  ASSERT_EQ(from_a.status, 200);
  ASSERT_EQ(from_b.status, 200);
  EXPECT_EQ(from_a.body, from_b.body);  // a's cache held the old tag: it built the new one
  EXPECT_EQ(from_a.Header("etag"), from_b.Header("etag"));
  rapidjson::Document pass = PassJsonOf(from_a.body);
  EXPECT_EQ(std::string((*FieldOf(pass, "name"))["value"].GetString()), "Ann");
  EXPECT_EQ(std::string((*FieldOf(pass, "level"))["value"].GetString()), "GOLD");
  EXPECT_EQ(std::string(pass["barcodes"][0]["message"].GetString()),
            std::string(Json(created.body)["barcodeMessage"].GetString()));

  // Generated codes stay unique across the instances, and a serial is one pass on both.
  std::set<std::string> codes;
  for (int i = 0; i < 20; ++i) {
    const bool on_a = i % 2 == 0;
    const HttpResponse r = Send(on_a ? a.port() : b.port(), "POST", "/v2/models/2126/passes", on_a ? json_a : json_b,
                                "{\"serialNumber\": \"SO-" + std::to_string(i) + "\"}");
    ASSERT_EQ(r.status, 201) << r.body;
    codes.insert(Json(r.body)["barcodeMessage"].GetString());
  }
  EXPECT_EQ(codes.size(), 20u);
  EXPECT_EQ(Send(b.port(), "POST", "/v2/models/2126/passes", json_b, R"({"serialNumber": "SO-0"})").status, 409);
  EXPECT_THAT(Send(b.port(), "GET", "/healthz").body, MatchesRegex("\\{\"status\":\"ok\",\"schema\":2\\}"));
}

}  // namespace
}  // namespace pkpass::testing
