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
  Result<WriteOutcome> CreatePass(StoredPass& pass) override;
  Result<std::optional<StoredPass>> GetPass(std::string_view id) override;
  Result<std::optional<StoredPass>> GetPassBySerial(std::string_view serial) override;
  Result<bool> DeletePass(std::string_view id) override;
  Result<WriteOutcome> UpdatePass(std::string_view id, std::int64_t expected_tag, std::string_view overrides,
                                  std::int64_t updated, std::int64_t& new_tag) override;
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
  explicit PostgresStore(std::unique_ptr<Pool> pool);
  std::unique_ptr<Pool> pool_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_STORE_POSTGRES_STORE_H_
