// The SQLite store: one database file in WAL mode (readers never wait for the writer), with
// synchronous=FULL so that a commit is on disk before the call returns. Connections are pooled,
// one per thread at a time; writes take the database's write lock at BEGIN IMMEDIATE, so two
// writers never deadlock on an upgrade, and wait for each other up to the busy timeout.
#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "store/migrations.h"

namespace pkpass::serve {
namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr size_t kMaxConnections = 16;

Status SqliteError(sqlite3* db, std::string_view what) {
  return Status::IoError("sqlite: " + std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// One prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    ok_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) == SQLITE_OK;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return ok_; }
  Statement& Bind(std::string_view text) {
    ok_ = ok_ && sqlite3_bind_text(stmt_, ++bound_, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) ==
                     SQLITE_OK;
    return *this;
  }
  Statement& BindBlob(std::string_view bytes) {
    ok_ = ok_ && sqlite3_bind_blob(stmt_, ++bound_, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT) ==
                     SQLITE_OK;
    return *this;
  }
  Statement& Bind(std::int64_t value) {
    ok_ = ok_ && sqlite3_bind_int64(stmt_, ++bound_, value) == SQLITE_OK;
    return *this;
  }
  // Steps once: true for a row, false when done; an error leaves `status` set.
  bool Step(Status& status) {
    if (!ok_) {
      status = SqliteError(db_, "prepare");
      return false;
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) status = SqliteError(db_, "step");
    return false;
  }
  std::string Text(int column) const {
    const auto* p = sqlite3_column_blob(stmt_, column);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int bound_ = 0;
  bool ok_ = false;
};

Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return Status::Ok();
  Status status = Status::IoError("sqlite: " + std::string(error ? error : "error"));
  sqlite3_free(error);
  return status;
}

constexpr char kPassColumns[] = "SELECT id, vendor, model, serial, overrides, tag, created, updated, auth_token FROM passes";

StoredPass PassFrom(const Statement& s) {
  return StoredPass{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), s.Int(6), s.Int(7), s.Text(8)};
}

// Adds `jobs` to the outbox, due now, inside the caller's write transaction.
Status AddJobs(sqlite3* db, const std::vector<Job>& jobs) {
  for (const Job& job : jobs) {
    Statement q(db, "INSERT INTO outbox (kind, payload, due) VALUES (?, ?, ?)");
    Status st;
    q.Bind(job.kind).Bind(job.payload).Bind(NowMs()).Step(st);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

struct SqliteStore::Pending {
  const WriteOp* op;
  Status status;
  bool done = false;
};

struct SqliteStore::Pool {
  std::string path;
  // This process's writers take turns here before SQLite's own lock: SQLite's busy handler
  // waits by sleeping (milliseconds at a time), which would put those sleeps into the latency
  // of every write that meets another.
  std::mutex writer;
  // Group commit: writes that arrive while one commits wait, and the next of them to run takes
  // them all into one transaction, so that one fsync makes all of them durable.
  std::mutex group_mu;
  std::condition_variable group_done;
  std::vector<Pending*> queued;
  bool leading = false;
  std::mutex mu;
  std::condition_variable freed;
  std::vector<sqlite3*> idle;
  size_t open = 0;
};

// A pooled connection for one call, with its transaction.
class SqliteStore::Connection {
 public:
  explicit Connection(Pool& pool) : pool_(pool) {
    std::unique_lock lock(pool.mu);
    pool.freed.wait(lock, [&] { return !pool.idle.empty() || pool.open < kMaxConnections; });
    if (!pool.idle.empty()) {
      db_ = pool.idle.back();
      pool.idle.pop_back();
      return;
    }
    ++pool.open;
    lock.unlock();
    status_ = OpenConnection(pool.path, db_);
  }
  ~Connection() {
    if (in_transaction_) (void)Exec(db_, "ROLLBACK");
    if (writing_.owns_lock()) writing_.unlock();
    std::lock_guard lock(pool_.mu);
    if (status_.ok()) {
      pool_.idle.push_back(db_);
    } else {
      sqlite3_close(db_);
      --pool_.open;
    }
    pool_.freed.notify_one();
  }
  const Status& status() const { return status_; }
  sqlite3* db() const { return db_; }

  Status Begin(bool write) {
    if (write) writing_ = std::unique_lock(pool_.writer);
    Status s = Exec(db_, write ? "BEGIN IMMEDIATE" : "BEGIN");
    in_transaction_ = s.ok();
    return s;
  }
  Status Commit() {
    in_transaction_ = false;
    Status s = Exec(db_, "COMMIT");
    if (writing_.owns_lock()) writing_.unlock();
    return s;
  }

  static Status OpenConnection(const std::string& path, sqlite3*& db) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return SqliteError(db, "open " + path);
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  }

 private:
  Pool& pool_;
  sqlite3* db_ = nullptr;
  Status status_;
  bool in_transaction_ = false;
  std::unique_lock<std::mutex> writing_;
};

SqliteStore::SqliteStore(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}

SqliteStore::~SqliteStore() {
  for (sqlite3* db : pool_->idle) sqlite3_close(db);
}

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path) {
  auto pool = std::make_unique<Pool>();
  pool->path = path;
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(pool)));
  {
    Connection c(*store->pool_);
    if (!c.status().ok()) return c.status();
    if (Status s = c.Begin(true); !s.ok()) return s;
    if (Status s = Exec(c.db(), "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !s.ok()) {
      return s;
    }
    std::int64_t version = 0;
    {
      Statement q(c.db(), "SELECT COALESCE(MAX(version), 0) FROM schema_version");
      Status st;
      if (q.Step(st)) version = q.Int(0);
      if (!st.ok()) return st;
    }
    const std::vector<Migration>& steps = Migrations(Dialect::kSqlite);
    if (version > static_cast<std::int64_t>(steps.size())) {
      return Status::IoError("sqlite: the database is at schema version " + std::to_string(version) +
                             ", newer than this pkpass-serve knows (" + std::to_string(steps.size()) + ")");
    }
    for (size_t i = static_cast<size_t>(version); i < steps.size(); ++i) {
      if (Status s = Exec(c.db(), steps[i].sql); !s.ok()) return s;
      Statement up(c.db(), "INSERT INTO schema_version (version) VALUES (?)");
      Status st;
      up.Bind(static_cast<std::int64_t>(i + 1)).Step(st);
      if (!st.ok()) return st;
    }
    if (Status s = c.Commit(); !s.ok()) return s;
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<int> SqliteStore::SchemaVersion() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT MAX(version) FROM schema_version");
  Status st;
  if (q.Step(st)) return static_cast<int>(q.Int(0));
  return st.ok() ? Status::Internal("no schema version") : st;
}

namespace {

// The next tag, inside the caller's write transaction.
Result<std::int64_t> NextTag(sqlite3* db) {
  Statement q(db, "UPDATE counters SET value = value + 1 WHERE name = 'tag' RETURNING value");
  Status st;
  if (q.Step(st)) return q.Int(0);
  return st.ok() ? Status::Internal("sqlite: no tag counter") : st;
}

}  // namespace

Status SqliteStore::Write(const WriteOp& op) {
  Pool& pool = *pool_;
  Pending me{&op, Status(), false};
  std::unique_lock lock(pool.group_mu);
  pool.queued.push_back(&me);
  while (!me.done) {
    if (pool.leading) {
      pool.group_done.wait(lock);
      continue;
    }
    pool.leading = true;
    std::vector<Pending*> batch;
    batch.swap(pool.queued);
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    pool.leading = false;
    pool.group_done.notify_all();
  }
  return me.status;
}

void SqliteStore::RunBatch(const std::vector<Pending*>& batch) {
  auto fail_all = [&](const Status& status) {
    for (Pending* p : batch) {
      p->status = status;
      p->done = true;
    }
  };
  Connection c(*pool_);
  if (!c.status().ok()) return fail_all(c.status());
  if (Status s = c.Begin(true); !s.ok()) return fail_all(s);
  for (Pending* p : batch) {
    // Each write in a savepoint of its own: one that fails or takes itself back (a refused
    // claim) leaves the others as they are.
    if (Status s = Exec(c.db(), "SAVEPOINT w"); !s.ok()) return fail_all(s);
    bool undo = false;
    p->status = (*p->op)(c.db(), undo);
    if (!p->status.ok() || undo) {
      if (Status s = Exec(c.db(), "ROLLBACK TO w"); !s.ok()) return fail_all(s);
    }
    if (Status s = Exec(c.db(), "RELEASE w"); !s.ok()) return fail_all(s);
  }
  if (Status s = c.Commit(); !s.ok()) return fail_all(s);
  for (Pending* p : batch) p->done = true;
}

Result<WriteOutcome> SqliteStore::CreatePass(StoredPass& pass, const std::vector<Job>& jobs) {
  WriteOutcome outcome = WriteOutcome::kDone;
  StoredPass added = pass;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Status st;
    {
      Statement q(db, "SELECT 1 FROM passes WHERE id = ? OR serial = ?");
      if (q.Bind(added.id).Bind(added.serial).Step(st)) {
        outcome = WriteOutcome::kConflict;
        return Status::Ok();
      }
      if (!st.ok()) return st;
    }
    Result<std::int64_t> tag = NextTag(db);
    if (!tag.ok()) return tag.status();
    added.tag = *tag;
    Statement q(db,
                "INSERT INTO passes (id, vendor, model, serial, overrides, tag, created, updated, auth_token) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.Bind(added.id).Bind(added.vendor).Bind(added.model).Bind(added.serial).Bind(added.overrides).Bind(added.tag);
    q.Bind(added.created).Bind(added.updated).Bind(added.auth_token).Step(st);
    outcome = WriteOutcome::kDone;
    return st.ok() ? AddJobs(db, jobs) : st;
  });
  if (!written.ok()) return written;
  if (outcome == WriteOutcome::kDone) pass.tag = added.tag;
  return outcome;
}

Result<std::optional<StoredPass>> SqliteStore::GetPass(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), std::string(kPassColumns) + " WHERE id = ?");
  Status st;
  if (q.Bind(id).Step(st)) return std::optional<StoredPass>(PassFrom(q));
  if (!st.ok()) return st;
  return std::optional<StoredPass>();
}

Result<std::optional<StoredPass>> SqliteStore::GetPassBySerial(std::string_view serial) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), std::string(kPassColumns) + " WHERE serial = ?");
  Status st;
  if (q.Bind(serial).Step(st)) return std::optional<StoredPass>(PassFrom(q));
  if (!st.ok()) return st;
  return std::optional<StoredPass>();
}

Result<bool> SqliteStore::DeletePass(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  std::lock_guard writing(pool_->writer);
  Statement q(c.db(), "DELETE FROM passes WHERE id = ?");
  Status st;
  q.Bind(id).Step(st);
  if (!st.ok()) return st;
  return sqlite3_changes(c.db()) > 0;
}

Result<WriteOutcome> SqliteStore::UpdatePass(std::string_view id, std::int64_t expected_tag,
                                             std::string_view overrides, std::int64_t updated,
                                             const std::vector<Job>& jobs, std::int64_t& new_tag) {
  WriteOutcome outcome = WriteOutcome::kDone;
  std::int64_t tag_given = 0;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Status st;
    {
      Statement q(db, "SELECT tag FROM passes WHERE id = ?");
      if (!q.Bind(id).Step(st)) {
        outcome = WriteOutcome::kNotFound;
        return st;
      }
      if (q.Int(0) != expected_tag) {
        outcome = WriteOutcome::kConflict;
        return Status::Ok();
      }
    }
    Result<std::int64_t> tag = NextTag(db);
    if (!tag.ok()) return tag.status();
    Statement q(db, "UPDATE passes SET overrides = ?, tag = ?, updated = ? WHERE id = ?");
    q.Bind(overrides).Bind(*tag).Bind(updated).Bind(id).Step(st);
    tag_given = *tag;
    outcome = WriteOutcome::kDone;
    return st.ok() ? AddJobs(db, jobs) : st;
  });
  if (!written.ok()) return written;
  if (outcome == WriteOutcome::kDone) new_tag = tag_given;
  return outcome;
}

Status SqliteStore::PutImage(std::string_view sha1_hex, std::string_view bytes) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  std::lock_guard writing(pool_->writer);
  Statement q(c.db(), "INSERT INTO images (hash, bytes) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING");
  Status st;
  q.Bind(sha1_hex).BindBlob(bytes).Step(st);
  return st;
}

Result<std::optional<std::string>> SqliteStore::GetImage(std::string_view sha1_hex) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT bytes FROM images WHERE hash = ?");
  Status st;
  if (q.Bind(sha1_hex).Step(st)) return std::optional<std::string>(q.Text(0));
  if (!st.ok()) return st;
  return std::optional<std::string>();
}

Status SqliteStore::AddKey(const StoredKey& key) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  std::lock_guard writing(pool_->writer);
  Statement q(c.db(), "INSERT INTO api_keys (id, name, hash, created, revoked) VALUES (?, ?, ?, ?, ?)");
  Status st;
  q.Bind(key.id).Bind(key.name).Bind(key.hash).Bind(key.created).Bind(std::int64_t{key.revoked}).Step(st);
  return st;
}

Result<std::vector<StoredKey>> SqliteStore::ListKeys() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT id, name, hash, created, revoked FROM api_keys ORDER BY created, id");
  std::vector<StoredKey> keys;
  Status st;
  while (q.Step(st)) keys.push_back(StoredKey{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4) != 0});
  if (!st.ok()) return st;
  return keys;
}

Result<bool> SqliteStore::RevokeKey(std::string_view id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  std::lock_guard writing(pool_->writer);
  Statement q(c.db(), "UPDATE api_keys SET revoked = 1 WHERE id = ?");
  Status st;
  q.Bind(id).Step(st);
  if (!st.ok()) return st;
  return sqlite3_changes(c.db()) > 0;
}

Result<std::optional<StoredKey>> SqliteStore::FindKey(std::string_view hash) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT id, name, hash, created, revoked FROM api_keys WHERE hash = ? AND revoked = 0");
  Status st;
  if (q.Bind(hash).Step(st)) {
    return std::optional<StoredKey>(StoredKey{q.Text(0), q.Text(1), q.Text(2), q.Int(3), false});
  }
  if (!st.ok()) return st;
  return std::optional<StoredKey>();
}

Result<std::string> SqliteStore::BarcodeHolder(std::string_view barcode) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT serial FROM issued WHERE kind = 'b' AND value = ?");
  Status st;
  if (q.Bind(barcode).Step(st)) return q.Text(0);
  if (!st.ok()) return st;
  return std::string();
}

Result<std::optional<IssuedConflict>> SqliteStore::Claim(const IssuedPass& pass) {
  if (pass.barcodes.empty() && pass.nfc.empty()) return std::optional<IssuedConflict>();  // nothing to claim
  std::optional<IssuedConflict> conflict;
  Status written = Write([&](sqlite3* db, bool& undo) -> Status {
    conflict.reset();
    Status st;
    for (const auto& [kind, values] : {std::pair<const char*, const std::vector<std::string>*>{"b", &pass.barcodes},
                                       {"n", &pass.nfc}}) {
      for (const std::string& v : *values) {
        Statement q(db, "SELECT serial FROM issued WHERE kind = ? AND value = ?");
        if (q.Bind(kind).Bind(v).Step(st)) {
          if (q.Text(0) != pass.serial) {
            conflict = IssuedConflict{v, q.Text(0)};
            undo = true;  // a refused claim records nothing
            return Status::Ok();
          }
          continue;
        }
        if (!st.ok()) return st;
        Statement add(db, "INSERT INTO issued (kind, value, serial) VALUES (?, ?, ?)");
        add.Bind(kind).Bind(v).Bind(pass.serial).Step(st);
        if (!st.ok()) return st;
      }
    }
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return conflict;
}

Result<bool> SqliteStore::Register(const Registration& r, const std::vector<Job>& jobs) {
  bool added = false;
  bool found = true;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Status st;
    {
      Statement q(db, "SELECT 1 FROM passes WHERE id = ?");
      found = q.Bind(r.pass_id).Step(st);
      if (!found) return st;
    }
    Statement device(db,
                     "INSERT INTO devices (id, push_token, updated) VALUES (?, ?, ?) "
                     "ON CONFLICT (id) DO UPDATE SET push_token = excluded.push_token, updated = excluded.updated");
    device.Bind(r.device).Bind(r.push_token).Bind(r.created).Step(st);
    if (!st.ok()) return st;
    Statement q(db, "INSERT INTO registrations (device, pass_id, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    q.Bind(r.device).Bind(r.pass_id).Bind(r.created).Step(st);
    if (!st.ok()) return st;
    added = sqlite3_changes(db) > 0;
    return added ? AddJobs(db, jobs) : Status::Ok();
  });
  if (!written.ok()) return written;
  if (!found) return Status::NotFound("no pass " + r.pass_id);
  return added;
}

Result<bool> SqliteStore::Unregister(std::string_view device, std::string_view pass_id) {
  bool removed = false;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Statement q(db, "DELETE FROM registrations WHERE device = ? AND pass_id = ?");
    Status st;
    q.Bind(device).Bind(pass_id).Step(st);
    removed = st.ok() && sqlite3_changes(db) > 0;
    return st;
  });
  if (!written.ok()) return written;
  return removed;
}

Result<std::vector<Registration>> SqliteStore::RegistrationsOf(std::string_view pass_id) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(),
              "SELECT r.device, d.push_token, r.pass_id, r.created FROM registrations r JOIN devices d ON d.id = "
              "r.device WHERE r.pass_id = ? ORDER BY r.created, r.device");
  std::vector<Registration> out;
  Status st;
  q.Bind(pass_id);
  while (q.Step(st)) out.push_back(Registration{q.Text(0), q.Text(1), q.Text(2), q.Int(3)});
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<UpdatedPass>> SqliteStore::UpdatedSince(std::string_view device, std::int64_t since) {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(),
              "SELECT p.serial, p.tag FROM registrations r JOIN passes p ON p.id = r.pass_id "
              "WHERE r.device = ? AND p.tag > ? ORDER BY p.serial");
  std::vector<UpdatedPass> out;
  Status st;
  q.Bind(device).Bind(since);
  while (q.Step(st)) out.push_back(UpdatedPass{q.Text(0), q.Int(1)});
  if (!st.ok()) return st;
  return out;
}

Result<std::int64_t> SqliteStore::DropPushToken(std::string_view token) {
  std::int64_t dropped = 0;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Status st;
    Statement q(db, "DELETE FROM registrations WHERE device IN (SELECT id FROM devices WHERE push_token = ?)");
    q.Bind(token).Step(st);
    if (!st.ok()) return st;
    dropped = sqlite3_changes(db);
    Statement d(db, "DELETE FROM devices WHERE push_token = ?");
    d.Bind(token).Step(st);
    return st;
  });
  if (!written.ok()) return written;
  return dropped;
}

Status SqliteStore::Enqueue(const std::vector<Job>& jobs) {
  return Write([&](sqlite3* db, bool&) { return AddJobs(db, jobs); });
}

Result<std::vector<Job>> SqliteStore::ClaimJobs(std::string_view owner, std::string_view kind, std::int64_t now_ms,
                                                std::int64_t lease_until_ms, size_t limit) {
  std::vector<Job> jobs;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    jobs.clear();
    Statement q(db,
                "UPDATE outbox SET lease = ?, owner = ? WHERE id IN (SELECT id FROM outbox WHERE kind = ? AND due <= ? "
                "AND lease <= ? ORDER BY id LIMIT ?) RETURNING id, kind, payload, attempts");
    Status st;
    q.Bind(lease_until_ms).Bind(owner).Bind(kind).Bind(now_ms).Bind(now_ms).Bind(static_cast<std::int64_t>(limit));
    while (q.Step(st)) jobs.push_back(Job{q.Int(0), q.Text(1), q.Text(2), q.Int(3)});
    return st;
  });
  if (!written.ok()) return written;
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.id < b.id; });
  return jobs;
}

Result<bool> SqliteStore::RenewJob(std::int64_t id, std::string_view owner, std::int64_t lease_until_ms) {
  bool renewed = false;
  Status written = Write([&](sqlite3* db, bool&) -> Status {
    Statement q(db, "UPDATE outbox SET lease = ? WHERE id = ? AND owner = ?");
    Status st;
    q.Bind(lease_until_ms).Bind(id).Bind(owner).Step(st);
    renewed = st.ok() && sqlite3_changes(db) > 0;
    return st;
  });
  if (!written.ok()) return written;
  return renewed;
}

Status SqliteStore::FinishJob(std::int64_t id) {
  return Write([&](sqlite3* db, bool&) {
    Statement q(db, "DELETE FROM outbox WHERE id = ?");
    Status st;
    q.Bind(id).Step(st);
    return st;
  });
}

Status SqliteStore::RetryJob(std::int64_t id, std::int64_t due_ms, std::string_view payload) {
  return Write([&](sqlite3* db, bool&) {
    Statement q(db, "UPDATE outbox SET due = ?, payload = ?, lease = 0, owner = '', attempts = attempts + 1 WHERE id = ?");
    Status st;
    q.Bind(due_ms).Bind(payload).Bind(id).Step(st);
    return st;
  });
}

Result<std::int64_t> SqliteStore::PendingJobs() {
  Connection c(*pool_);
  if (!c.status().ok()) return c.status();
  Statement q(c.db(), "SELECT COUNT(*) FROM outbox");
  Status st;
  if (q.Step(st)) return q.Int(0);
  return st.ok() ? Status::Internal("no count") : st;
}

}  // namespace pkpass::serve
