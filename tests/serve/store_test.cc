// The store suite, run on both implementations: SQLite on a temp file, and PostgreSQL on the
// server scripts/postgres.sh starts for the tests (each test in a database of its own).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

#include "store/store.h"
#include "testing/files.h"

namespace pkpass::serve {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

// The conninfo of the tests' PostgreSQL server, which ctest starts before these tests
// (scripts/postgres.sh start build/tests/postgres), or "" when none runs.
std::string PostgresConninfo() {
  std::ifstream file(PKPASS_TEST_POSTGRES_CONNINFO);
  std::string text;
  std::getline(file, text);
  return text;
}

// Runs `sql` on the server's maintenance database.
void Admin(const std::string& conninfo, const std::string& sql) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      spec_ = "sqlite:" + pkpass::testing::MakeTempDir("store") + "/store.db";
    } else {
      const std::string conninfo = PostgresConninfo();
      ASSERT_FALSE(conninfo.empty()) << "no PostgreSQL: ctest starts one, or scripts/postgres.sh start "
                                     << PKPASS_TEST_POSTGRES_CONNINFO << "/..";
      static std::atomic<int> counter{0};
      database_ = "pkpass_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
      Admin(conninfo, "CREATE DATABASE " + database_);
      spec_ = "postgres:" + conninfo.substr(0, conninfo.find(" dbname=")) + " dbname=" + database_;
      admin_ = conninfo;
    }
    store_ = Open();
  }
  void TearDown() override {
    store_.reset();
    if (!database_.empty()) Admin(admin_, "DROP DATABASE " + database_ + " WITH (FORCE)");
  }

  std::unique_ptr<Store> Open() {
    Result<std::unique_ptr<Store>> store = OpenStore(spec_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static StoredPass Pass(std::string id, std::string serial) {
    return StoredPass{id, "pass2u", "1919", serial, "{\"serialNumber\":\"" + serial + "\"}", 0, 1700000000, 1700000000, "token-of-" + id + "-0123456789"};
  }

  std::string spec_, database_, admin_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, MigratesOnceAndKeepsItsData) {
  ASSERT_TRUE(store_);
  EXPECT_THAT(store_->SchemaVersion().value(), 2);
  StoredPass p = Pass("A", "S-A");
  ASSERT_EQ(store_->CreatePass(p, {}).value(), WriteOutcome::kDone);
  store_.reset();
  std::unique_ptr<Store> again = Open();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion().value(), 2);
  EXPECT_EQ(again->GetPass("A").value()->auth_token, "token-of-A-0123456789");
  EXPECT_TRUE(again->GetPass("A").value().has_value());
}

TEST_P(StoreTest, KeepsAPassAsGivenAndRefusesItsIdOrSerialTwice) {
  StoredPass p = Pass("A", "S-A");
  p.overrides = "{\"x\":\"\xc3\xa9\"}";
  ASSERT_EQ(store_->CreatePass(p, {}).value(), WriteOutcome::kDone);
  EXPECT_GT(p.tag, 0);
  const std::optional<StoredPass> got = store_->GetPass("A").value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, "A");
  EXPECT_EQ(got->vendor, "pass2u");
  EXPECT_EQ(got->model, "1919");
  EXPECT_EQ(got->serial, "S-A");
  EXPECT_EQ(got->overrides, p.overrides);
  EXPECT_EQ(got->tag, p.tag);
  EXPECT_EQ(got->created, 1700000000);
  EXPECT_EQ(got->updated, 1700000000);
  EXPECT_FALSE(store_->GetPass("B").value().has_value());
  const std::optional<StoredPass> by_serial = store_->GetPassBySerial("S-A").value();
  ASSERT_TRUE(by_serial);
  EXPECT_EQ(by_serial->id, "A");
  EXPECT_FALSE(store_->GetPassBySerial("S-B").value().has_value());

  StoredPass same_id = Pass("A", "S-other");
  EXPECT_EQ(store_->CreatePass(same_id, {}).value(), WriteOutcome::kConflict);
  StoredPass same_serial = Pass("B", "S-A");
  EXPECT_EQ(store_->CreatePass(same_serial, {}).value(), WriteOutcome::kConflict);
  EXPECT_FALSE(store_->GetPass("B").value().has_value());
}

TEST_P(StoreTest, EveryChangeTakesALargerTagAndAStaleOneIsAConflict) {
  StoredPass a = Pass("A", "S-A"), b = Pass("B", "S-B");
  ASSERT_EQ(store_->CreatePass(a, {}).value(), WriteOutcome::kDone);
  ASSERT_EQ(store_->CreatePass(b, {}).value(), WriteOutcome::kDone);
  EXPECT_GT(b.tag, a.tag);
  std::int64_t tag = 0;
  EXPECT_EQ(store_->UpdatePass("A", a.tag, "{\"v\":2}", 1700000100, {}, tag).value(), WriteOutcome::kDone);
  EXPECT_GT(tag, b.tag);
  std::int64_t unused = 0;
  EXPECT_EQ(store_->UpdatePass("A", a.tag, "{\"v\":3}", 1700000200, {}, unused).value(), WriteOutcome::kConflict);
  EXPECT_EQ(store_->UpdatePass("Z", 1, "{}", 1700000200, {}, unused).value(), WriteOutcome::kNotFound);
  const std::optional<StoredPass> got = store_->GetPass("A").value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->overrides, "{\"v\":2}");
  EXPECT_EQ(got->tag, tag);
  EXPECT_EQ(got->updated, 1700000100);
  EXPECT_EQ(got->created, 1700000000);
}

TEST_P(StoreTest, ADeletedPassIsGoneAndItsValuesStayIssued) {
  StoredPass a = Pass("A", "S-A");
  ASSERT_EQ(store_->CreatePass(a, {}).value(), WriteOutcome::kDone);
  ASSERT_EQ(store_->Claim({"S-A", {"CODE"}, {}, 0, ""}).value(), std::nullopt);
  EXPECT_TRUE(store_->DeletePass("A").value());
  EXPECT_FALSE(store_->DeletePass("A").value());
  EXPECT_FALSE(store_->GetPass("A").value().has_value());
  EXPECT_EQ(store_->BarcodeHolder("CODE").value(), "S-A");
}

TEST_P(StoreTest, KeepsImagesByHashByteForByte) {
  const std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff", 17);
  EXPECT_TRUE(store_->PutImage("00ff", bytes).ok());
  EXPECT_TRUE(store_->PutImage("00ff", bytes).ok());
  EXPECT_THAT(store_->GetImage("00ff").value(), Optional(bytes));
  EXPECT_FALSE(store_->GetImage("00fe").value().has_value());
}

TEST_P(StoreTest, KeysAreFoundByHashUntilRevoked) {
  ASSERT_TRUE(store_->AddKey({"k1", "first", "h1", 10, false}).ok());
  ASSERT_TRUE(store_->AddKey({"k2", "second", "h2", 20, false}).ok());
  EXPECT_FALSE(store_->AddKey({"k3", "third", "h1", 30, false}).ok());  // a hash is one key's
  const std::optional<StoredKey> found = store_->FindKey("h2").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "k2");
  EXPECT_EQ(found->name, "second");
  EXPECT_TRUE(store_->RevokeKey("k2").value());
  EXPECT_FALSE(store_->RevokeKey("k9").value());
  EXPECT_FALSE(store_->FindKey("h2").value().has_value());
  std::vector<std::string> listed;
  const std::vector<StoredKey> keys = store_->ListKeys().value();
  for (const StoredKey& k : keys) listed.push_back(k.id + (k.revoked ? " revoked" : " live"));
  EXPECT_THAT(listed, ElementsAre("k1 live", "k2 revoked"));
}

TEST_P(StoreTest, AValueBelongsToTheFirstSerialAndAConflictRecordsNothing) {
  EXPECT_EQ(store_->Claim({"S1", {"X"}, {}, 0, ""}).value(), std::nullopt);
  const std::optional<IssuedConflict> taken = store_->Claim({"S2", {"X"}, {}, 0, ""}).value();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->value, "X");
  EXPECT_EQ(taken->holder, "S1");
  EXPECT_EQ(store_->Claim({"S1", {"X", "Y"}, {}, 0, ""}).value(), std::nullopt);  // its own: no conflict
  EXPECT_EQ(store_->BarcodeHolder("Y").value(), "S1");
  EXPECT_EQ(store_->Claim({"S2", {}, {"X"}, 0, ""}).value(), std::nullopt);  // NFC messages apart
  EXPECT_TRUE(store_->Claim({"S3", {"Z", "X"}, {}, 0, ""}).value().has_value());
  EXPECT_EQ(store_->BarcodeHolder("Z").value(), "");  // the refused claim left nothing behind
  EXPECT_EQ(store_->ForRecord(1, "d").value(), std::nullopt);
}

TEST_P(StoreTest, ConcurrentClaimsAndCreatesFromTwoStoresOnOneDatabase) {
  std::unique_ptr<Store> other = Open();  // as a second instance would
  ASSERT_TRUE(other);
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::int64_t> tags;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Store& s = t % 2 ? *other : *store_;
      Result<std::optional<IssuedConflict>> claim = s.Claim({"T" + std::to_string(t), {"SAME"}, {}, 0, ""});
      ASSERT_TRUE(claim.ok()) << claim.status().ToString();
      if (!*claim) ++won;
      for (int i = 0; i < 25; ++i) {
        StoredPass p = Pass("P" + std::to_string(t) + "-" + std::to_string(i), "S" + std::to_string(t * 100 + i));
        Result<WriteOutcome> created = s.CreatePass(p, {});
        ASSERT_TRUE(created.ok()) << created.status().ToString();
        ASSERT_EQ(*created, WriteOutcome::kDone);
        std::lock_guard lock(mu);
        tags.insert(p.tag);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(tags.size(), 200u);
  const std::string holder = other->BarcodeHolder("SAME").value();
  EXPECT_EQ(store_->BarcodeHolder("SAME").value(), holder);
  EXPECT_THAT(holder, ::testing::MatchesRegex("T[0-7]"));
}

TEST_P(StoreTest, RegistersDevicesAndListsTheirChangedPasses) {
  StoredPass a = Pass("A", "S-A"), b = Pass("B", "S-B");
  ASSERT_EQ(store_->CreatePass(a, {}).value(), WriteOutcome::kDone);
  ASSERT_EQ(store_->CreatePass(b, {}).value(), WriteOutcome::kDone);
  const std::string token1(64, 'a'), token2(64, 'b');
  EXPECT_EQ(store_->Register({"dev1", token1, "A", 1700000001}, {}).value(), true);
  EXPECT_EQ(store_->Register({"dev1", token1, "A", 1700000002}, {}).value(), false);  // already
  EXPECT_EQ(store_->Register({"dev1", token2, "B", 1700000003}, {}).value(), true);   // a new token
  EXPECT_EQ(store_->Register({"dev2", token2, "A", 1700000004}, {}).value(), true);
  EXPECT_EQ(store_->Register({"dev1", token1, "Z", 1700000005}, {}).status().code(), StatusCode::kNotFound);
  // dev1's token is now token2 for both its registrations.
  const std::vector<Registration> of_a = store_->RegistrationsOf("A").value();
  ASSERT_EQ(of_a.size(), 2u);
  EXPECT_EQ(of_a[0].device, "dev1");
  EXPECT_EQ(of_a[0].push_token, token2);
  EXPECT_EQ(of_a[0].created, 1700000001);
  EXPECT_EQ(of_a[1].device, "dev2");

  std::vector<UpdatedPass> since = store_->UpdatedSince("dev1", 0).value();
  ASSERT_EQ(since.size(), 2u);
  EXPECT_EQ(since[0].serial, "S-A");
  EXPECT_EQ(since[1].serial, "S-B");
  std::int64_t tag = 0;
  ASSERT_EQ(store_->UpdatePass("B", b.tag, "{}", 1700000100, {}, tag).value(), WriteOutcome::kDone);
  since = store_->UpdatedSince("dev1", b.tag).value();
  ASSERT_EQ(since.size(), 1u);
  EXPECT_EQ(since[0].serial, "S-B");
  EXPECT_EQ(since[0].tag, tag);
  EXPECT_TRUE(store_->UpdatedSince("dev1", tag).value().empty());
  EXPECT_TRUE(store_->UpdatedSince("nobody", 0).value().empty());

  EXPECT_EQ(store_->Unregister("dev2", "A").value(), true);
  EXPECT_EQ(store_->Unregister("dev2", "A").value(), false);
  EXPECT_EQ(store_->DropPushToken(token2).value(), 2);  // both of dev1's
  EXPECT_TRUE(store_->RegistrationsOf("A").value().empty());
  ASSERT_EQ(store_->Register({"dev3", token1, "A", 1700000006}, {}).value(), true);
  ASSERT_TRUE(store_->DeletePass("A").value());
  EXPECT_TRUE(store_->UpdatedSince("dev3", 0).value().empty());  // the registration went with the pass
}

TEST_P(StoreTest, AddsJobsOnlyWithTheChangeThatOwesThem) {
  StoredPass a = Pass("A", "S-A");
  ASSERT_EQ(store_->CreatePass(a, {Job{0, "webhook", "{\"n\":1}", 0}}).value(), WriteOutcome::kDone);
  StoredPass same = Pass("A", "S-X");
  ASSERT_EQ(store_->CreatePass(same, {Job{0, "webhook", "{\"n\":2}", 0}}).value(), WriteOutcome::kConflict);
  std::int64_t tag = 0;
  ASSERT_EQ(store_->UpdatePass("A", a.tag + 100, "{}", 1, {Job{0, "push", "{\"n\":3}", 0}}, tag).value(),
            WriteOutcome::kConflict);
  ASSERT_EQ(store_->UpdatePass("A", a.tag, "{}", 1, {Job{0, "push", "{\"n\":4}", 0}}, tag).value(),
            WriteOutcome::kDone);
  const std::string token(64, 'c');
  ASSERT_TRUE(store_->Register({"dev", token, "A", 1}, {Job{0, "webhook", "{\"n\":5}", 0}}).value());
  ASSERT_FALSE(store_->Register({"dev", token, "A", 2}, {Job{0, "webhook", "{\"n\":6}", 0}}).value());
  EXPECT_EQ(store_->PendingJobs().value(), 3);
  const std::vector<Job> webhooks = store_->ClaimJobs("me", "webhook", NowMs(), NowMs() + 60000, 10).value();
  ASSERT_EQ(webhooks.size(), 2u);
  EXPECT_EQ(webhooks[0].payload, "{\"n\":1}");
  EXPECT_EQ(webhooks[1].payload, "{\"n\":5}");
  const std::vector<Job> pushes = store_->ClaimJobs("me", "push", NowMs(), NowMs() + 60000, 10).value();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].payload, "{\"n\":4}");
  EXPECT_EQ(pushes[0].kind, "push");
}

TEST_P(StoreTest, LeasesEachJobToOneOwnerUntilItRunsOut) {
  ASSERT_TRUE(store_->Enqueue({Job{0, "webhook", "1", 0}, Job{0, "webhook", "2", 0}}).ok());
  const std::int64_t now = NowMs();
  std::vector<Job> mine = store_->ClaimJobs("A", "webhook", now, now + 1000, 1).value();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].payload, "1");
  std::vector<Job> theirs = store_->ClaimJobs("B", "webhook", now, now + 1000, 10).value();
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].payload, "2");
  EXPECT_TRUE(store_->ClaimJobs("C", "webhook", now, now + 1000, 10).value().empty());
  // A's lease runs out: C takes the job, and A can no longer renew it.
  mine = store_->ClaimJobs("C", "webhook", now + 1001, now + 5000, 10).value();
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_FALSE(store_->RenewJob(mine[0].id, "A", now + 9000).value());
  EXPECT_TRUE(store_->RenewJob(mine[0].id, "C", now + 9000).value());
  // A retry is due later, with what is left and one more attempt.
  ASSERT_TRUE(store_->RetryJob(mine[0].id, now + 20000, "1-left").ok());
  EXPECT_TRUE(store_->ClaimJobs("D", "webhook", now + 10000, now + 11000, 10).value().size() == 1u);  // job 2 only
  std::vector<Job> later = store_->ClaimJobs("D", "webhook", now + 20000, now + 21000, 10).value();
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[0].payload, "1-left");
  EXPECT_EQ(later[0].attempts, 1);
  ASSERT_TRUE(store_->FinishJob(later[0].id).ok());
  ASSERT_TRUE(store_->FinishJob(later[1].id).ok());
  EXPECT_EQ(store_->PendingJobs().value(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace pkpass::serve
