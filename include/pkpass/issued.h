// Issued values: what a pass issuer has handed out, pass by pass (its serial number and the
// barcode and NFC messages it carries), so that a value is never handed to two passes: not
// within a batch, across a resumed batch, between the shards of a split batch, or between
// separate builds. A value belongs to the first serial that claims it; the same serial claiming
// it again (a rebuild, a resume, an update) is no conflict.
//
// IssuedValues is the interface the library claims through (BuildOptions::issued, which a batch
// takes too); a server implements it on its database. IssuedJournal implements it on a file that
// processes on one file system share.
#ifndef PKPASS_ISSUED_H_
#define PKPASS_ISSUED_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// What one pass holds. `record` and `digest` tie it to a batch record (its number, and a digest
// of its text as read), so that a resumed batch gives that record the serial and the generated
// values it was given before; both are 0 / "" outside a batch.
struct IssuedPass {
  std::string serial;
  std::vector<std::string> barcodes;  // barcode messages
  std::vector<std::string> nfc;       // NFC messages
  std::uint64_t record = 0;
  std::string digest;
};

// A value another pass holds: which, and the holder's serial.
struct IssuedConflict {
  std::string value;
  std::string holder;
};

class PKPASS_EXPORT IssuedValues {
 public:
  virtual ~IssuedValues() = default;
  // Returns the serial holding `barcode` as a barcode message, or "" when none does.
  virtual Result<std::string> BarcodeHolder(std::string_view barcode) = 0;
  // Records that `pass.serial` holds its values, unless another serial holds one of them: then
  // records nothing and returns the first such. Values the serial holds already are no conflict,
  // and a claim of nothing new records nothing.
  virtual Result<std::optional<IssuedConflict>> Claim(const IssuedPass& pass) = 0;
  // Returns what was first recorded for batch record `record` whose text had `digest` (a resumed
  // batch gives the record the same serial and generated values); nullopt when nothing was. The
  // record is known by its number and digest alone: the same text on the same line of another
  // input is taken for the same record.
  virtual Result<std::optional<IssuedPass>> ForRecord(std::uint64_t record, std::string_view digest) = 0;
  // Makes every claim so far durable. A pass is stored only after its claims are.
  virtual Status Sync() = 0;
};

// Issued values in memory: one process's, lost when it ends. Thread-compatible.
class PKPASS_EXPORT MemoryIssuedValues : public IssuedValues {
 public:
  MemoryIssuedValues();
  ~MemoryIssuedValues() override;
  Result<std::string> BarcodeHolder(std::string_view barcode) override;
  Result<std::optional<IssuedConflict>> Claim(const IssuedPass& pass) override;
  Result<std::optional<IssuedPass>> ForRecord(std::uint64_t record, std::string_view digest) override;
  Status Sync() override { return Status::Ok(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Issued values in an append-only file that several processes share (batches, their shards,
// single builds): each claim is made under an exclusive flock(2) after reading what the others
// appended, so two processes never hand out one value; Sync is fdatasync(2).
//
// The file (README, "Issued values") is UTF-8 text, one JSON object a line:
//   {"pkpass-issued":1}                                    the first line
//   {"serial":"S","barcodes":["M"],"nfc":[],"record":12,"digest":"9f…"}   one a claim
// "record" and "digest" only for batch records. A line left unfinished by a process that died
// while writing it is cut off by the next claim. In memory: about 40 bytes a pass, the values
// kept as keyed hashes; a holder's serial is read back from the file when a conflict names it.
// Thread-compatible: one object per thread, or a lock around it.
class PKPASS_EXPORT IssuedJournal : public IssuedValues {
 public:
  // Opens (creating it, with mode 0666 less the umask) the journal at `path` and reads it.
  // kInvalidArgument for a file that is not a journal or has a malformed line (naming it);
  // kIoError when it cannot be opened, locked or read.
  static Result<std::unique_ptr<IssuedJournal>> Open(const std::string& path);
  ~IssuedJournal() override;

  Result<std::string> BarcodeHolder(std::string_view barcode) override;
  Result<std::optional<IssuedConflict>> Claim(const IssuedPass& pass) override;
  Result<std::optional<IssuedPass>> ForRecord(std::uint64_t record, std::string_view digest) override;
  Status Sync() override;

  // The passes recorded, by this process and the others, as of the last read.
  size_t size() const;

  struct Impl;

 private:
  explicit IssuedJournal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Returns the digest a batch records for a record's text: 16 hex digits of its SHA-256.
PKPASS_EXPORT std::string RecordDigest(std::string_view record);

}  // namespace pkpass

#endif  // PKPASS_ISSUED_H_
