#include "store/migrations.h"

namespace pkpass::serve {

const std::vector<Migration>& Migrations(Dialect dialect) {
  // Version 1: passes, images by SHA-1, hashed API keys, issued values and the tag sequence.
  static const std::vector<Migration> sqlite = {
      {"CREATE TABLE passes (id TEXT PRIMARY KEY, vendor TEXT NOT NULL, model TEXT NOT NULL,"
       " serial TEXT NOT NULL UNIQUE, overrides TEXT NOT NULL, tag INTEGER NOT NULL,"
       " created INTEGER NOT NULL, updated INTEGER NOT NULL);"
       "CREATE TABLE images (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL);"
       "CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,"
       " created INTEGER NOT NULL, revoked INTEGER NOT NULL);"
       "CREATE TABLE issued (kind TEXT NOT NULL, value TEXT NOT NULL, serial TEXT NOT NULL,"
       " PRIMARY KEY (kind, value));"
       "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
       "INSERT INTO counters (name, value) VALUES ('tag', 0);"},
      // Version 2: authentication tokens, devices and their registrations, the outbox.
      {"ALTER TABLE passes ADD COLUMN auth_token TEXT NOT NULL DEFAULT '';"
       "UPDATE passes SET auth_token = lower(hex(randomblob(16)));"
       "CREATE TABLE devices (id TEXT PRIMARY KEY, push_token TEXT NOT NULL, updated INTEGER NOT NULL);"
       "CREATE INDEX devices_push_token ON devices (push_token);"
       "CREATE TABLE registrations (device TEXT NOT NULL, pass_id TEXT NOT NULL REFERENCES passes (id)"
       " ON DELETE CASCADE, created INTEGER NOT NULL, PRIMARY KEY (device, pass_id));"
       "CREATE INDEX registrations_pass ON registrations (pass_id);"
       "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL,"
       " due INTEGER NOT NULL, lease INTEGER NOT NULL DEFAULT 0, owner TEXT NOT NULL DEFAULT '',"
       " attempts INTEGER NOT NULL DEFAULT 0);"
       "CREATE INDEX outbox_due ON outbox (kind, due);"},
  };
  static const std::vector<Migration> postgres = {
      {"CREATE TABLE passes (id TEXT PRIMARY KEY, vendor TEXT NOT NULL, model TEXT NOT NULL,"
       " serial TEXT NOT NULL UNIQUE, overrides TEXT NOT NULL, tag BIGINT NOT NULL,"
       " created BIGINT NOT NULL, updated BIGINT NOT NULL);"
       "CREATE TABLE images (hash TEXT PRIMARY KEY, bytes BYTEA NOT NULL);"
       "CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,"
       " created BIGINT NOT NULL, revoked INTEGER NOT NULL);"
       "CREATE TABLE issued (kind TEXT NOT NULL, value TEXT NOT NULL, serial TEXT NOT NULL,"
       " PRIMARY KEY (kind, value));"
       "CREATE SEQUENCE pass_tags;"},
      {"ALTER TABLE passes ADD COLUMN auth_token TEXT NOT NULL DEFAULT '';"
       "UPDATE passes SET auth_token = replace(gen_random_uuid()::text, '-', '');"
       "CREATE TABLE devices (id TEXT PRIMARY KEY, push_token TEXT NOT NULL, updated BIGINT NOT NULL);"
       "CREATE INDEX devices_push_token ON devices (push_token);"
       "CREATE TABLE registrations (device TEXT NOT NULL, pass_id TEXT NOT NULL REFERENCES passes (id)"
       " ON DELETE CASCADE, created BIGINT NOT NULL, PRIMARY KEY (device, pass_id));"
       "CREATE INDEX registrations_pass ON registrations (pass_id);"
       "CREATE TABLE outbox (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,"
       " due BIGINT NOT NULL, lease BIGINT NOT NULL DEFAULT 0, owner TEXT NOT NULL DEFAULT '',"
       " attempts INTEGER NOT NULL DEFAULT 0);"
       "CREATE INDEX outbox_due ON outbox (kind, due);"},
  };
  return dialect == Dialect::kSqlite ? sqlite : postgres;
}

}  // namespace pkpass::serve
