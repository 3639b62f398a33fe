// The PostgreSQL store: a pool of libpq connections, one per thread at a time; each call is one
// statement or one transaction. Parameters are sent apart from the SQL (PQexecParams), images as
// binary bytea.
#include "store/postgres_store.h"

#include <libpq-fe.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "store/migrations.h"

namespace pkpass::serve {
namespace {

constexpr size_t kMaxConnections = 16;
// The advisory lock migrations take, so that instances starting together migrate once.
constexpr char kMigrationLock[] = "SELECT pg_advisory_xact_lock(7461277)";

// One statement's parameters: text, or binary where marked.
class Params {
 public:
  Params& Text(std::string_view v) {
    values_.emplace_back(v);
    formats_.push_back(0);
    return *this;
  }
  Params& Int(std::int64_t v) { return Text(std::to_string(v)); }
  Params& Binary(std::string_view v) {
    values_.emplace_back(v);
    formats_.push_back(1);
    return *this;
  }
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> Values() const {
    std::vector<const char*> out;
    for (const std::string& v : values_) out.push_back(v.data());
    return out;
  }
  std::vector<int> Lengths() const {
    std::vector<int> out;
    for (const std::string& v : values_) out.push_back(static_cast<int>(v.size()));
    return out;
  }
  const int* Formats() const { return formats_.data(); }

 private:
  std::vector<std::string> values_;
  std::vector<int> formats_;
};

// A statement's result, cleared on scope exit.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  ~Rows() { PQclear(result_); }
  Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const { return PQntuples(result_); }
  std::string Text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column), static_cast<size_t>(PQgetlength(result_, row, column)));
  }
  std::int64_t Int(int row, int column) const { return std::stoll(Text(row, column)); }
  std::int64_t Affected() const {
    const char* n = PQcmdTuples(result_);
    return n && *n ? std::stoll(n) : 0;
  }

 private:
  PGresult* result_;
};

StoredPass PassFrom(const Rows& r, int row) {
  return StoredPass{r.Text(row, 0), r.Text(row, 1), r.Text(row, 2), r.Text(row, 3), r.Text(row, 4),
                    r.Int(row, 5),  r.Int(row, 6),  r.Int(row, 7),  r.Text(row, 8)};
}

}  // namespace

struct PostgresStore::Pool {
  std::string conninfo;
  std::mutex mu;
  std::condition_variable freed;
  std::vector<PGconn*> idle;
  size_t open = 0;
};

class PostgresStore::Connection {
 public:
  explicit Connection(Pool& pool) : pool_(pool) {
    std::unique_lock lock(pool.mu);
    pool.freed.wait(lock, [&] { return !pool.idle.empty() || pool.open < kMaxConnections; });
    if (!pool.idle.empty()) {
      conn_ = pool.idle.back();
      pool.idle.pop_back();
    } else {
      ++pool.open;
      lock.unlock();
      conn_ = PQconnectdb(pool.conninfo.c_str());
    }
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQreset(conn_);  // a pooled connection the server dropped: once more
      if (PQstatus(conn_) != CONNECTION_OK) status_ = Error("connect");
    }
  }
  ~Connection() {
    if (in_transaction_) (void)Query("ROLLBACK");
    const bool healthy = status_.ok() && PQstatus(conn_) == CONNECTION_OK;
    std::lock_guard lock(pool_.mu);
    if (healthy) {
      pool_.idle.push_back(conn_);
    } else {
      PQfinish(conn_);
      --pool_.open;
    }
    pool_.freed.notify_one();
  }
  const Status& status() const { return status_; }

  Status Error(std::string_view what) const {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::IoError("postgres: " + std::string(what) + ": " + message);
  }

  // Runs `sql` with `params` (sent apart from it); `binary` asks for binary results. An error
  // unless the statement succeeded.
  Result<Rows> Query(const char* sql, const Params& params = Params(), bool binary = false) {
    const std::vector<const char*> values = params.Values();
    const std::vector<int> lengths = params.Lengths();
    PGresult* result = PQexecParams(conn_, sql, params.size(), nullptr, values.data(), lengths.data(),
                                    params.Formats(), binary ? 1 : 0);
    const ExecStatusType st = PQresultStatus(result);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
      PQclear(result);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return Status::IoError("postgres: " + message);
    }
    return Rows(result);
  }

  // Runs `sql`, which may hold several statements and takes no parameters (the simple query
  // protocol).
  Status Exec(const char* sql) {
    PGresult* result = PQexec(conn_, sql);
    const ExecStatusType st = PQresultStatus(result);
    Status status;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      status = Status::IoError("postgres: " + message);
    }
    PQclear(result);
    return status;
  }

  Status Begin() {
    Result<Rows> r = Query("BEGIN");
    in_transaction_ = r.ok();
    return r.ok() ? Status::Ok() : r.status();
  }
  Status Commit() {
    in_transaction_ = false;
    Result<Rows> r = Query("COMMIT");
    return r.ok() ? Status::Ok() : r.status();
  }

 private:
  Pool& pool_;
  PGconn* conn_ = nullptr;
  Status status_;
  bool in_transaction_ = false;
};

Status PostgresStore::AddJobs(Connection& c, const std::vector<Job>& jobs) {
  for (const Job& job : jobs) {
    Result<Rows> r = c.Query("INSERT INTO outbox (kind, payload, due) VALUES ($1, $2, $3)",
                             Params().Text(job.kind).Text(job.payload).Int(NowMs()));
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

PostgresStore::PostgresStore(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}

PostgresStore::~PostgresStore() {
  for (PGconn* c : pool_->idle) PQfinish(c);
}

Result<std::unique_ptr<Store>> PostgresStore::Open(const std::string& conninfo) {
  auto pool = std::make_unique<Pool>();
  pool->conninfo = conninfo;
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(pool)));
  Connection c(*store->pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  for (const char* sql : {kMigrationLock, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"}) {
    if (Result<Rows> r = c.Query(sql); !r.ok()) return r.status();
  }
  Result<Rows> current = c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!current.ok()) return current.status();
  const std::int64_t version = current->Int(0, 0);
  const std::vector<Migration>& steps = Migrations(Dialect::kPostgres);
  if (version > static_cast<std::int64_t>(steps.size())) {
    return Status::IoError("postgres: the database is at schema version " + std::to_string(version) +
                           ", newer than this pkpass-serve knows (" + std::to_string(steps.size()) + ")");
  }
  for (size_t i = static_cast<size_t>(version); i < steps.size(); ++i) {
    if (Status s = c.Exec(steps[i].sql.c_str()); !s.ok()) return s;
    if (Result<Rows> r = c.Query("INSERT INTO schema_version (version) VALUES ($1)",
                                 Params().Int(static_cast<std::int64_t>(i + 1)));
        !r.ok()) {
      return r.status();
    }
  }
  if (Status s = c.Commit(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> PostgresStore::SchemaVersion() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT MAX(version) FROM schema_version");
  if (!r.ok()) return r.status();
  return static_cast<int>(r->Int(0, 0));
}

Result<WriteOutcome> PostgresStore::CreatePass(StoredPass& pass, const std::vector<Job>& jobs) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  Result<Rows> r = c.Query(
      "INSERT INTO passes (id, vendor, model, serial, overrides, tag, created, updated, auth_token) "
      "VALUES ($1, $2, $3, $4, $5, nextval('pass_tags'), $6, $7, $8) ON CONFLICT DO NOTHING RETURNING tag",
      Params().Text(pass.id).Text(pass.vendor).Text(pass.model).Text(pass.serial).Text(pass.overrides)
          .Int(pass.created).Int(pass.updated).Text(pass.auth_token));
  if (!r.ok()) return r.status();
  if (r->size() == 0) return WriteOutcome::kConflict;  // rolled back
  if (Status s = AddJobs(c, jobs); !s.ok()) return s;
  if (Status s = c.Commit(); !s.ok()) return s;
  pass.tag = r->Int(0, 0);
  return WriteOutcome::kDone;
}

Result<std::optional<StoredPass>> PostgresStore::GetPass(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT id, vendor, model, serial, overrides, tag, created, updated, auth_token FROM passes WHERE id = $1",
                           Params().Text(id));
  if (!r.ok()) return r.status();
  if (r->size() == 0) return std::optional<StoredPass>();
  return std::optional<StoredPass>(PassFrom(*r, 0));
}

Result<std::optional<StoredPass>> PostgresStore::GetPassBySerial(std::string_view serial) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query(
      "SELECT id, vendor, model, serial, overrides, tag, created, updated, auth_token FROM passes WHERE serial = $1",
      Params().Text(serial));
  if (!r.ok()) return r.status();
  if (r->size() == 0) return std::optional<StoredPass>();
  return std::optional<StoredPass>(PassFrom(*r, 0));
}

Result<bool> PostgresStore::DeletePass(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("DELETE FROM passes WHERE id = $1", Params().Text(id));
  if (!r.ok()) return r.status();
  return r->Affected() > 0;
}

Result<WriteOutcome> PostgresStore::UpdatePass(std::string_view id, std::int64_t expected_tag,
                                               std::string_view overrides, std::int64_t updated,
                                               const std::vector<Job>& jobs, std::int64_t& new_tag) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  Result<Rows> r = c.Query(
      "UPDATE passes SET overrides = $1, tag = nextval('pass_tags'), updated = $2 WHERE id = $3 AND tag = $4 "
      "RETURNING tag",
      Params().Text(overrides).Int(updated).Text(id).Int(expected_tag));
  if (!r.ok()) return r.status();
  if (r->size() == 1) {
    if (Status s = AddJobs(c, jobs); !s.ok()) return s;
    if (Status s = c.Commit(); !s.ok()) return s;
    new_tag = r->Int(0, 0);
    return WriteOutcome::kDone;
  }
  Result<Rows> exists = c.Query("SELECT 1 FROM passes WHERE id = $1", Params().Text(id));
  if (!exists.ok()) return exists.status();
  return exists->size() == 0 ? WriteOutcome::kNotFound : WriteOutcome::kConflict;
}

Status PostgresStore::PutImage(std::string_view sha1_hex, std::string_view bytes) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("INSERT INTO images (hash, bytes) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING",
                           Params().Text(sha1_hex).Binary(bytes));
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::optional<std::string>> PostgresStore::GetImage(std::string_view sha1_hex) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT bytes FROM images WHERE hash = $1", Params().Text(sha1_hex), true);
  if (!r.ok()) return r.status();
  if (r->size() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r->Text(0, 0));
}

Status PostgresStore::AddKey(const StoredKey& key) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("INSERT INTO api_keys (id, name, hash, created, revoked) VALUES ($1, $2, $3, $4, $5)",
                           Params().Text(key.id).Text(key.name).Text(key.hash).Int(key.created).Int(key.revoked));
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<StoredKey>> PostgresStore::ListKeys() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT id, name, hash, created, revoked FROM api_keys ORDER BY created, id");
  if (!r.ok()) return r.status();
  std::vector<StoredKey> keys;
  for (int i = 0; i < r->size(); ++i) {
    keys.push_back(StoredKey{r->Text(i, 0), r->Text(i, 1), r->Text(i, 2), r->Int(i, 3), r->Int(i, 4) != 0});
  }
  return keys;
}

Result<bool> PostgresStore::RevokeKey(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("UPDATE api_keys SET revoked = 1 WHERE id = $1", Params().Text(id));
  if (!r.ok()) return r.status();
  return r->Affected() > 0;
}

Result<std::optional<StoredKey>> PostgresStore::FindKey(std::string_view hash) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT id, name, hash, created FROM api_keys WHERE hash = $1 AND revoked = 0",
                           Params().Text(hash));
  if (!r.ok()) return r.status();
  if (r->size() == 0) return std::optional<StoredKey>();
  return std::optional<StoredKey>(StoredKey{r->Text(0, 0), r->Text(0, 1), r->Text(0, 2), r->Int(0, 3), false});
}

Result<std::string> PostgresStore::BarcodeHolder(std::string_view barcode) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT serial FROM issued WHERE kind = 'b' AND value = $1", Params().Text(barcode));
  if (!r.ok()) return r.status();
  return r->size() == 0 ? std::string() : r->Text(0, 0);
}

Result<std::optional<IssuedConflict>> PostgresStore::Claim(const IssuedPass& pass) {
  if (pass.barcodes.empty() && pass.nfc.empty()) return std::optional<IssuedConflict>();  // nothing to claim
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  for (const auto& [kind, values] : {std::pair<const char*, const std::vector<std::string>*>{"b", &pass.barcodes},
                                     {"n", &pass.nfc}}) {
    for (const std::string& v : *values) {
      // Inserted, or already there: then whoever holds it is read under the row's lock.
      Result<Rows> added = c.Query(
          "INSERT INTO issued (kind, value, serial) VALUES ($1, $2, $3) ON CONFLICT (kind, value) DO NOTHING",
          Params().Text(kind).Text(v).Text(pass.serial));
      if (!added.ok()) return added.status();
      if (added->Affected() == 1) continue;
      Result<Rows> holder =
          c.Query("SELECT serial FROM issued WHERE kind = $1 AND value = $2", Params().Text(kind).Text(v));
      if (!holder.ok()) return holder.status();
      if (holder->size() == 1 && holder->Text(0, 0) != pass.serial) {
        return std::optional<IssuedConflict>(IssuedConflict{v, holder->Text(0, 0)});  // rolled back
      }
    }
  }
  if (Status s = c.Commit(); !s.ok()) return s;
  return std::optional<IssuedConflict>();
}

Result<bool> PostgresStore::Register(const Registration& r, const std::vector<Job>& jobs) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  Result<Rows> pass = c.Query("SELECT 1 FROM passes WHERE id = $1 FOR SHARE", Params().Text(r.pass_id));
  if (!pass.ok()) return pass.status();
  if (pass->size() == 0) return Status::NotFound("no pass " + r.pass_id);
  Result<Rows> device = c.Query(
      "INSERT INTO devices (id, push_token, updated) VALUES ($1, $2, $3) "
      "ON CONFLICT (id) DO UPDATE SET push_token = excluded.push_token, updated = excluded.updated",
      Params().Text(r.device).Text(r.push_token).Int(r.created));
  if (!device.ok()) return device.status();
  Result<Rows> added = c.Query(
      "INSERT INTO registrations (device, pass_id, created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      Params().Text(r.device).Text(r.pass_id).Int(r.created));
  if (!added.ok()) return added.status();
  const bool is_new = added->Affected() > 0;
  if (is_new) {
    if (Status s = AddJobs(c, jobs); !s.ok()) return s;
  }
  if (Status s = c.Commit(); !s.ok()) return s;
  return is_new;
}

Result<bool> PostgresStore::Unregister(std::string_view device, std::string_view pass_id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("DELETE FROM registrations WHERE device = $1 AND pass_id = $2",
                           Params().Text(device).Text(pass_id));
  if (!r.ok()) return r.status();
  return r->Affected() > 0;
}

Result<std::vector<Registration>> PostgresStore::RegistrationsOf(std::string_view pass_id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query(
      "SELECT r.device, d.push_token, r.pass_id, r.created FROM registrations r JOIN devices d ON d.id = r.device "
      "WHERE r.pass_id = $1 ORDER BY r.created, r.device",
      Params().Text(pass_id));
  if (!r.ok()) return r.status();
  std::vector<Registration> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(Registration{r->Text(i, 0), r->Text(i, 1), r->Text(i, 2), r->Int(i, 3)});
  return out;
}

Result<std::vector<UpdatedPass>> PostgresStore::UpdatedSince(std::string_view device, std::int64_t since) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query(
      "SELECT p.serial, p.tag FROM registrations r JOIN passes p ON p.id = r.pass_id "
      "WHERE r.device = $1 AND p.tag > $2 ORDER BY p.serial COLLATE \"C\"",
      Params().Text(device).Int(since));
  if (!r.ok()) return r.status();
  std::vector<UpdatedPass> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(UpdatedPass{r->Text(i, 0), r->Int(i, 1)});
  return out;
}

Result<std::int64_t> PostgresStore::DropPushToken(std::string_view token) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  Result<Rows> r = c.Query(
      "DELETE FROM registrations WHERE device IN (SELECT id FROM devices WHERE push_token = $1)", Params().Text(token));
  if (!r.ok()) return r.status();
  Result<Rows> d = c.Query("DELETE FROM devices WHERE push_token = $1", Params().Text(token));
  if (!d.ok()) return d.status();
  if (Status s = c.Commit(); !s.ok()) return s;
  return r->Affected();
}

Status PostgresStore::Enqueue(const std::vector<Job>& jobs) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  if (Status s = c.Begin(); !s.ok()) return s;
  if (Status s = AddJobs(c, jobs); !s.ok()) return s;
  return c.Commit();
}

Result<std::vector<Job>> PostgresStore::ClaimJobs(std::string_view owner, std::string_view kind,
                                                  std::int64_t now_ms, std::int64_t lease_until_ms, size_t limit) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  // SKIP LOCKED: instances claiming at once each take other rows instead of waiting.
  Result<Rows> r = c.Query(
      "UPDATE outbox SET lease = $1, owner = $2 WHERE id IN (SELECT id FROM outbox WHERE kind = $5 AND due <= $3 "
      "AND lease <= $3 ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts",
      Params().Int(lease_until_ms).Text(owner).Int(now_ms).Int(static_cast<std::int64_t>(limit)).Text(kind));
  if (!r.ok()) return r.status();
  std::vector<Job> jobs;
  for (int i = 0; i < r->size(); ++i) jobs.push_back(Job{r->Int(i, 0), r->Text(i, 1), r->Text(i, 2), r->Int(i, 3)});
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.id < b.id; });
  return jobs;
}

Result<bool> PostgresStore::RenewJob(std::int64_t id, std::string_view owner, std::int64_t lease_until_ms) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("UPDATE outbox SET lease = $1 WHERE id = $2 AND owner = $3",
                           Params().Int(lease_until_ms).Int(id).Text(owner));
  if (!r.ok()) return r.status();
  return r->Affected() > 0;
}

Status PostgresStore::FinishJob(std::int64_t id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("DELETE FROM outbox WHERE id = $1", Params().Int(id));
  return r.ok() ? Status::Ok() : r.status();
}

Status PostgresStore::RetryJob(std::int64_t id, std::int64_t due_ms, std::string_view payload) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query(
      "UPDATE outbox SET due = $1, payload = $2, lease = 0, owner = '', attempts = attempts + 1 WHERE id = $3",
      Params().Int(due_ms).Text(payload).Int(id));
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::int64_t> PostgresStore::PendingJobs() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Result<Rows> r = c.Query("SELECT COUNT(*) FROM outbox");
  if (!r.ok()) return r.status();
  return r->Int(0, 0);
}

}  // namespace pkpass::serve
