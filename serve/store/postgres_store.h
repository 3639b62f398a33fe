// The PostgreSQL implementation of Store (store.h): the store several pkpass-serve instances
// share behind a load balancer. Tags come from one sequence, values are claimed with
// INSERT ... ON CONFLICT inside a transaction, and schema migrations take an advisory lock, so
// instances starting together migrate once.
#ifndef PKPASS_SERVE_STORE_POSTGRES_STORE_H_
#define PKPASS_SERVE_STORE_POSTGRES_STORE_H_

#include <memory>
#include <string>

#include "store/store.h"

namespace pkpass::serve {

class PostgresStore : public Store {
 public:
  // Connects with libpq's `conninfo` ("host=... dbname=..." or a postgresql:// URI) and
  // migrates the schema.
  static Result<std::unique_ptr<Store>> Open(const std::string& conninfo);
  ~PostgresStore() override;

  Result<int> SchemaVersion() override;
  Result<WriteOutcome> CreatePass(StoredPass& pass, const std::vector<Job>& jobs) override;
  Result<std::optional<StoredPass>> GetPass(std::string_view id) override;
  Result<std::optional<StoredPass>> GetPassBySerial(std::string_view serial) override;
  Result<bool> DeletePass(std::string_view id) override;
  Result<WriteOutcome> UpdatePass(std::string_view id, std::int64_t expected_tag, std::string_view overrides,
                                  std::int64_t updated, const std::vector<Job>& jobs,
                                  std::int64_t& new_tag) override;
  Result<bool> Register(const Registration& r, const std::vector<Job>& jobs) override;
  Result<bool> Unregister(std::string_view device, std::string_view pass_id) override;
  Result<std::vector<Registration>> RegistrationsOf(std::string_view pass_id) override;
  Result<std::vector<UpdatedPass>> UpdatedSince(std::string_view device, std::int64_t since) override;
  Result<std::int64_t> DropPushToken(std::string_view token) override;
  Status Enqueue(const std::vector<Job>& jobs) override;
  Result<std::vector<Job>> ClaimJobs(std::string_view owner, std::string_view kind, std::int64_t now_ms,
                                     std::int64_t lease_until_ms, size_t limit) override;
  Result<bool> RenewJob(std::int64_t id, std::string_view owner, std::int64_t lease_until_ms) override;
  Status FinishJob(std::int64_t id) override;
  Status RetryJob(std::int64_t id, std::int64_t due_ms, std::string_view payload) override;
  Result<std::int64_t> PendingJobs() override;
  Status PutImage(std::string_view sha1_hex, std::string_view bytes) override;
  Result<std::optional<std::string>> GetImage(std::string_view sha1_hex) override;
  Status AddKey(const StoredKey& key) override;
  Result<std::vector<StoredKey>> ListKeys() override;
  Result<bool> RevokeKey(std::string_view id) override;
  Result<std::optional<StoredKey>> FindKey(std::string_view hash) override;
  Result<std::string> BarcodeHolder(std::string_view barcode) override;
  Result<std::optional<IssuedConflict>> Claim(const IssuedPass& pass) override;

 private:
  struct Pool;
  class Connection;
  // Adds `jobs` to the outbox, due now, inside `c`'s transaction.
  static Status AddJobs(Connection& c, const std::vector<Job>& jobs);
  explicit PostgresStore(std::unique_ptr<Pool> pool);
  std::unique_ptr<Pool> pool_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_STORE_POSTGRES_STORE_H_
