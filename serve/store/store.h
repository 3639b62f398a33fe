// Store: what pkpass-serve keeps, behind one interface with two implementations: SQLite (one file
// in WAL mode, the embedded default) and PostgreSQL (shared by several instances). Every method
// is one transaction: when it returns OK the change is durable, and nothing else is acknowledged.
// Implementations are safe to call from several threads at once.
#ifndef PKPASS_SERVE_STORE_STORE_H_
#define PKPASS_SERVE_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/issued.h"
#include "pkpass/status.h"

namespace pkpass::serve {

// One pass: its overrides (native, as built last), and the tag every change bumps.
struct StoredPass {
  std::string id;         // the public passId
  std::string vendor;     // the API it was made through: "pass2u", "airship", ...
  std::string model;      // that API's model or template id
  std::string serial;     // the pass.json serialNumber
  std::string overrides;  // native overrides, completed
  std::int64_t tag = 0;   // from one sequence for the whole store: larger is newer
  std::int64_t created = 0;  // seconds since the Unix epoch
  std::int64_t updated = 0;
  // The pass's authenticationToken for Apple's web service: made once when the pass is created
  // and never changed (Wallet keeps the one it installed).
  std::string auth_token;
};

// A device's registration for a pass's updates (Apple's web service).
struct Registration {
  std::string device;      // the deviceLibraryIdentifier
  std::string push_token;  // the device's APNs token, as it last registered
  std::string pass_id;
  std::int64_t created = 0;  // seconds since the Unix epoch
};

// A pass a device holds that changed since a tag.
struct UpdatedPass {
  std::string serial;
  std::int64_t tag = 0;
};

// Work owed to someone outside, kept in the store's outbox until it is done: a push for a pass's
// update, a webhook. Added in the transaction of the change that owes it, so a change that is
// acknowledged never loses its work; claimed with a lease, so an instance that dies leaves it to
// another once the lease runs out.
struct Job {
  std::int64_t id = 0;   // given by the store
  std::string kind;      // "push", "webhook"
  std::string payload;   // JSON the kind defines
  std::int64_t attempts = 0;
};

// An API key, as stored: never the key itself, only its SHA-256.
struct StoredKey {
  std::string id;    // short public id, to list and revoke by
  std::string name;  // what the operator called it
  std::string hash;  // hex SHA-256 of the key
  std::int64_t created = 0;
  bool revoked = false;
};

// What a write that expects a pass at a tag met.
enum class WriteOutcome { kDone, kNotFound, kConflict };

class Store : public IssuedValues {
 public:
  ~Store() override = default;

  // The schema version the store is at after migrating (Open migrates).
  virtual Result<int> SchemaVersion() = 0;

  // Adds `pass`, giving it the next tag (written back into `pass.tag`), and `jobs` to the
  // outbox. kConflict (and nothing added) when a pass with its id or serial exists.
  virtual Result<WriteOutcome> CreatePass(StoredPass& pass, const std::vector<Job>& jobs) = 0;

  // Returns the pass `id`, or nullopt.
  virtual Result<std::optional<StoredPass>> GetPass(std::string_view id) = 0;

  // Returns the pass whose serialNumber is `serial`, or nullopt.
  virtual Result<std::optional<StoredPass>> GetPassBySerial(std::string_view serial) = 0;

  // Removes pass `id`; false when there is none. The values it was issued stay issued.
  virtual Result<bool> DeletePass(std::string_view id) = 0;

  // Replaces the overrides of pass `id` when it is still at `expected_tag`, giving it the next
  // tag (returned in `new_tag`) and `updated` as its time, and adds `jobs` to the outbox.
  virtual Result<WriteOutcome> UpdatePass(std::string_view id, std::int64_t expected_tag,
                                          std::string_view overrides, std::int64_t updated,
                                          const std::vector<Job>& jobs, std::int64_t& new_tag) = 0;

  // Registers `r.device` for the pass `r.pass_id`, keeping `r.push_token` as the device's token
  // (for all its registrations). True when the registration is new, and only then are `jobs`
  // added to the outbox; false when it existed. kNotFound when the pass does not exist.
  virtual Result<bool> Register(const Registration& r, const std::vector<Job>& jobs) = 0;
  // Removes the registration; false when there was none.
  virtual Result<bool> Unregister(std::string_view device, std::string_view pass_id) = 0;
  // The registrations of pass `pass_id`, oldest first.
  virtual Result<std::vector<Registration>> RegistrationsOf(std::string_view pass_id) = 0;
  // The passes `device` is registered for whose tag is above `since`, by serial.
  virtual Result<std::vector<UpdatedPass>> UpdatedSince(std::string_view device, std::int64_t since) = 0;
  // Forgets the push token `token` (APNs said it is no longer valid): every registration of the
  // devices that had it. Returns how many registrations went.
  virtual Result<std::int64_t> DropPushToken(std::string_view token) = 0;

  // Adds `jobs` to the outbox, due now.
  virtual Status Enqueue(const std::vector<Job>& jobs) = 0;
  // Leases up to `limit` jobs of `kind` that are due at `now_ms` and not leased to anyone, to
  // `owner` until `lease_until_ms`, oldest first. Instances claiming together never get the same
  // job.
  virtual Result<std::vector<Job>> ClaimJobs(std::string_view owner, std::string_view kind, std::int64_t now_ms,
                                             std::int64_t lease_until_ms, size_t limit) = 0;
  // Extends `owner`'s lease on job `id`; false when the lease was lost (it ran out and another
  // claimed the job).
  virtual Result<bool> RenewJob(std::int64_t id, std::string_view owner, std::int64_t lease_until_ms) = 0;
  // Removes job `id`: it is done.
  virtual Status FinishJob(std::int64_t id) = 0;
  // Gives job `id` back, due at `due_ms`, with `payload` (what is left of it) and one more attempt.
  virtual Status RetryJob(std::int64_t id, std::int64_t due_ms, std::string_view payload) = 0;
  // How many jobs wait in the outbox (for /healthz and tests).
  virtual Result<std::int64_t> PendingJobs() = 0;

  // Keeps `bytes` under `sha1_hex`; storing the same image again is no error.
  virtual Status PutImage(std::string_view sha1_hex, std::string_view bytes) = 0;
  // Returns the image `sha1_hex`, or nullopt.
  virtual Result<std::optional<std::string>> GetImage(std::string_view sha1_hex) = 0;

  virtual Status AddKey(const StoredKey& key) = 0;
  // Every key, revoked ones too, in the order they were added.
  virtual Result<std::vector<StoredKey>> ListKeys() = 0;
  // Marks the key `id` revoked; false when there is no such key.
  virtual Result<bool> RevokeKey(std::string_view id) = 0;
  // The key whose hash is `hash` and which is not revoked, or nullopt.
  virtual Result<std::optional<StoredKey>> FindKey(std::string_view hash) = 0;

  // IssuedValues (pkpass/issued.h) on the store's table of issued values, so that a value is
  // unique across requests and instances. Each claim commits; Sync has nothing left to do.
  // ForRecord: the server has no batch records, so nothing is ever recorded for one.
  Result<std::optional<IssuedPass>> ForRecord(std::uint64_t, std::string_view) override {
    return std::optional<IssuedPass>();
  }
  Status Sync() override { return Status::Ok(); }
};

// Milliseconds since the Unix epoch: the outbox's clock.
std::int64_t NowMs();

// Opens the store `spec` names, creating and migrating its schema: "sqlite:PATH" (or a bare
// path), "postgres:CONNINFO" (libpq's "host=... dbname=..." string) or a postgresql:// URI. kInvalidArgument for another
// form; kIoError with the database's reason when it cannot be opened or migrated.
Result<std::unique_ptr<Store>> OpenStore(std::string_view spec);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_STORE_STORE_H_
