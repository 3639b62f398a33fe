#include "store/store.h"

#include <chrono>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace pkpass::serve {

Result<std::unique_ptr<Store>> OpenStore(std::string_view spec) {
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) return PostgresStore::Open(std::string(spec));
  if (spec.starts_with("postgres:")) return PostgresStore::Open(std::string(spec.substr(9)));
  if (spec.starts_with("sqlite:")) spec.remove_prefix(7);
  if (spec.empty()) return Status::InvalidArgument("the store needs a path: sqlite:PATH or postgres:CONNINFO");
  return SqliteStore::Open(std::string(spec));
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace pkpass::serve
