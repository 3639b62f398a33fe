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
  };
  return dialect == Dialect::kSqlite ? sqlite : postgres;
}

}  // namespace pkpass::serve
