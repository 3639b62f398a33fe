// The server's parts on their own: the pool's bound, the rate limiter's arithmetic, how a key is
// found in a request, path segments, the pass cache's eviction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "api/api.h"
#include "api/responses.h"
#include "api/webservice.h"
#include "push/apns.h"
#include "push/outbox.h"
#include "app.h"
#include "pass_cache.h"
#include "rate_limiter.h"
#include "work_pool.h"

namespace pkpass::serve {
namespace {

using ::testing::ElementsAre;

TEST(WorkPoolTest, AFullQueueRefusesWorkAtOnce) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  int ran = 0;
  {
    WorkPool pool(1, 2);
    auto job = [&] {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return release; });
      ++ran;
    };
    EXPECT_TRUE(pool.TrySubmit(job));  // taken by the worker (or queued)
    // Until the worker has taken the first job, the queue holds it: wait for room for two.
    bool second = false, third = false;
    for (int i = 0; i < 1000 && !(second && third); ++i) {
      if (!second) second = pool.TrySubmit(job);
      else if (!third) third = pool.TrySubmit(job);
      if (!(second && third)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(second && third);
    EXPECT_FALSE(pool.TrySubmit(job));  // one running, two waiting: full
    {
      std::lock_guard lock(mu);
      release = true;
    }
    cv.notify_all();
  }  // the destructor runs what was queued
  EXPECT_EQ(ran, 3);
}

TEST(RateLimiterTest, ABurstThenTheRateAndKeysApart) {
  RateLimiter limiter(2, 3);
  const auto t0 = std::chrono::steady_clock::time_point() + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Admit("a", t0), 0);
  EXPECT_EQ(limiter.Admit("a", t0), 1);
  EXPECT_EQ(limiter.Admit("b", t0), 0);
  EXPECT_EQ(limiter.Admit("a", t0 + std::chrono::milliseconds(500)), 0);  // one token back
  EXPECT_EQ(limiter.Admit("a", t0 + std::chrono::milliseconds(500)), 1);
  RateLimiter slow(0.25, 1);
  EXPECT_EQ(slow.Admit("a", t0), 0);
  EXPECT_EQ(slow.Admit("a", t0), 4);  // Retry-After: whole seconds until a token is back
}

Request WithHeader(std::string name, std::string value) {
  Request r;
  r.headers.emplace_back(std::move(name), std::move(value));
  return r;
}

TEST(PresentedKeyTest, EveryVendorsWayOfSendingTheKey) {
  EXPECT_EQ(PresentedKey(WithHeader("x-api-key", "K1")), "K1");
  EXPECT_EQ(PresentedKey(WithHeader("authorization", "Bearer K2")), "K2");
  EXPECT_EQ(PresentedKey(WithHeader("authorization", "K3")), "K3");                    // Passcreator
  EXPECT_EQ(PresentedKey(WithHeader("authorization", "Basic SzQ6")), "K4");           // "K4:"
  EXPECT_EQ(PresentedKey(WithHeader("authorization", "Basic YXBwOks1")), "K5");       // "app:K5"
  EXPECT_EQ(PresentedKey(WithHeader("authorization", "Basic !!!")), "");
  EXPECT_EQ(PresentedKey(Request{}), "");
}

TEST(PathSegmentsTest, SplitsThenDecodes) {
  EXPECT_THAT(PathSegments("/v2/models/1/passes"), ElementsAre("v2", "models", "1", "passes"));
  EXPECT_THAT(PathSegments("/d/a%2Fb/x%20y"), ElementsAre("d", "a/b", "x y"));
  EXPECT_THAT(PathSegments("/d/%zz%4"), ElementsAre("d", "%zz%4"));
  EXPECT_THAT(PathSegments("/"), ElementsAre());
}

TEST(PassCacheTest, KeepsTheNewestTagAndDropsTheLeastRecentlyUsed) {
  PassCache cache(10);
  cache.Put("a", 1, std::make_shared<const std::string>("aaaa"));
  cache.Put("b", 2, std::make_shared<const std::string>("bbbb"));
  EXPECT_EQ(cache.Get("a", 2), nullptr);
  ASSERT_NE(cache.Get("a", 1), nullptr);  // a is now the most recent
  cache.Put("c", 3, std::make_shared<const std::string>("cccc"));  // over 10 bytes: b goes
  EXPECT_EQ(cache.Get("b", 2), nullptr);
  EXPECT_NE(cache.Get("a", 1), nullptr);
  EXPECT_NE(cache.Get("c", 3), nullptr);
  cache.Put("a", 0, std::make_shared<const std::string>("old"));  // older than what is kept
  EXPECT_NE(cache.Get("a", 1), nullptr);
  cache.Put("d", 4, std::make_shared<const std::string>(std::string(11, 'd')));  // larger than all
  EXPECT_EQ(cache.Get("d", 4), nullptr);
}

TEST(WebServiceUnitsTest, DeviceIdsPushTokensAndLoggedPaths) {
  EXPECT_TRUE(IsDeviceId("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"));
  EXPECT_FALSE(IsDeviceId(""));
  EXPECT_FALSE(IsDeviceId(std::string(129, 'a')));
  EXPECT_FALSE(IsDeviceId("a/b"));
  EXPECT_TRUE(IsPushToken(std::string(64, 'f')));
  EXPECT_TRUE(IsPushToken(std::string(200, 'A')));
  EXPECT_FALSE(IsPushToken(std::string(63, 'f')));
  EXPECT_FALSE(IsPushToken(std::string(201, 'f')));
  EXPECT_FALSE(IsPushToken(std::string(63, 'f') + "g"));
  EXPECT_EQ(LoggedPath("/v1/devices/SECRET/registrations/pass.x/S1"), "/v1/devices/-/registrations/pass.x/S1");
  EXPECT_EQ(LoggedPath("/v1/devices/SECRET"), "/v1/devices/-");
  EXPECT_EQ(LoggedPath("/v1/passes/pass.x/S1"), "/v1/passes/pass.x/S1");
}

TEST(WebServiceUnitsTest, HttpDatesRoundTripAndOtherFormsAreNone) {
  EXPECT_EQ(HttpDate(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(ParseHttpDate("Tue, 14 Nov 2023 22:13:20 GMT"), std::optional<std::int64_t>(1700000000));
  EXPECT_EQ(ParseHttpDate("Tuesday, 14-Nov-23 22:13:20 GMT"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("Tue, 14 Nov 2023 22:13:20 UTC"), std::nullopt);
  EXPECT_EQ(ParseHttpDate(""), std::nullopt);
}

TEST(WebhookTest, TheSignatureIsTheHmacOfTimestampDotBody) {
  // printf '1700000000.{"passId":"x"}' | openssl dgst -sha256 -hmac s3cret
  EXPECT_EQ(WebhookSignature("s3cret", "1700000000", "{\"passId\":\"x\"}"),
            "cfa20ae3ba45ac4a929ff8e9bf2d19688b57dfdf45f86a9106ca032ec88a1f4d");
}

TEST(ProviderTokenTest, KeptForFortyMinutesThenMadeAgain) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  EVP_PKEY_free(key);
  Result<ProviderToken> token = ProviderToken::Load(pem, "KEYID12345", "TEAM123456");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  const std::string first = token->At(1700000000).value();
  EXPECT_EQ(first.substr(0, first.find('.')), "eyJhbGciOiJFUzI1NiIsImtpZCI6IktFWUlEMTIzNDUifQ");  // {"alg":"ES256","kid":"KEYID12345"}
  EXPECT_EQ(token->At(1700000000 + ProviderToken::kLifetimeSeconds - 1).value(), first);
  const std::string second = token->At(1700000000 + ProviderToken::kLifetimeSeconds).value();
  EXPECT_NE(second, first);
  EXPECT_EQ(token->At(1700000000 + ProviderToken::kLifetimeSeconds + 60).value(), second);
  EXPECT_EQ(ProviderToken::Load("not a key", "K", "T").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ProviderToken::Load(pem, "", "T").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pkpass::serve
