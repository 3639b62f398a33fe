// Model and Signer are immutable and shared by threads; run under ThreadSanitizer too.
#include <gtest/gtest.h>

#include <thread>

#include "pkpass/model.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

TEST(ConcurrencyTest, ThreadsShareOneModelAndOneSigner) {
  Result<Signer> signer = Signer::FromPem(testing::Pki().signer_pem, testing::Pki().signer_key_pem,
                                          testing::Pki().wwdr_pem);
  ASSERT_THAT(signer, testing::IsOk());
  Diagnostics load;
  Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), load);
  ASSERT_THAT(model, testing::IsOk());
  constexpr int kThreads = 4, kPasses = 8;
  std::vector<std::vector<std::string>> archives(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPasses; ++i) {
        Diagnostics diags;
        const std::string overrides = R"({"serialNumber": "C-)" + std::to_string(i) + "\"}";
        Result<std::string> pkpass = model->Build(
            overrides, *signer, {.digest = i % 2 ? Digest::kSha1 : Digest::kSha256, .timestamp = 1700000000},
            diags);
        archives[t].push_back(pkpass.ok() ? *pkpass : "");
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(archives[t], archives[0]);  // deterministic
  for (const std::string& archive : archives[0]) {
    ASSERT_FALSE(archive.empty());
    EXPECT_EQ(testing::OpenSslVerifyFailure(testing::ReadEntries(archive)), "");
  }
}

}  // namespace
}  // namespace pkpass
