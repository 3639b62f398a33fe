// The SQLite implementation of Store (store.h): the embedded default, one file.
#ifndef PKPASS_SERVE_STORE_SQLITE_STORE_H_
#define PKPASS_SERVE_STORE_SQLITE_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;

#include "store/store.h"

namespace pkpass::serve {

class SqliteStore : public Store {
 public:
  // Opens (creating it with mode 0666 less the umask) the database at `path` and migrates it.
  static Result<std::unique_ptr<Store>> Open(const std::string& path);
  ~SqliteStore() override;

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
  // One write, run inside a savepoint of a transaction shared with the writes that wait beside
  // it; setting `undo` takes its changes back. An error fails it alone; a failed commit, all.
  using WriteOp = std::function<Status(sqlite3* db, bool& undo)>;
  explicit SqliteStore(std::unique_ptr<Pool> pool);
  // Runs `op` in the next group commit and returns once that commit is durable.
  Status Write(const WriteOp& op);
  struct Pending;
  void RunBatch(const std::vector<Pending*>& batch);
  std::unique_ptr<Pool> pool_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_STORE_SQLITE_STORE_H_
