// The store's schema, as numbered steps: a database at version N runs steps N+1.. in one
// transaction when it is opened, and records each in schema_version. A step is never changed
// once released; a new need is a new step, for both dialects.
#ifndef PKPASS_SERVE_STORE_MIGRATIONS_H_
#define PKPASS_SERVE_STORE_MIGRATIONS_H_

#include <string>
#include <vector>

namespace pkpass::serve {

enum class Dialect { kSqlite, kPostgres };

struct Migration {
  std::string sql;  // one or more statements
};

// The steps for `dialect`, step 1 first.
const std::vector<Migration>& Migrations(Dialect dialect);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_STORE_MIGRATIONS_H_
