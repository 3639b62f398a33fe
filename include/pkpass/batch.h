// Batches: one pass per record, from a source of records to a sink of passes, on every core.
// A server that embeds the library gets what `pkpass-build batch` does, which is a thin wrapper
// around RunBatch: serial checks, generated barcodes, shards, and the pipeline that keeps the
// cores signing.
//
// A batch of N threads keeps N threads busy and no more: the calling thread reads the records,
// checks their serial numbers and claims their barcode messages in record order (the first of
// two duplicates wins) and prepares each pass (Model::Prepare: everything but the signature);
// chunks of 16 prepared passes, their issued values made durable first (IssuedValues::Sync), go
// to N - 1 helper threads through a bounded queue, so memory stays flat whatever the number of
// records, and when the queue is full the calling thread signs and stores the chunk itself (as it
// does with what is queued once the records end). With N = 1 every pass is built on the calling
// thread, a chunk at a time. Signing and storing a pass
// (PreparedPass::Sign, PreparedPass::ArchiveTo, PassSink::Write) happen on one thread, with one
// reused ArchivePieces per thread, so a pass's archive is never copied into one buffer.
// Every record ends as a pass given to PassSink::Write, as a skip, or as a PassSink::Failed,
// unless the batch stops (the source fails, the sink returns kIoError or cannot report, the
// issued values cannot be kept): it stops at once, and the records read but not yet stored end
// as none of these.
#ifndef PKPASS_BATCH_H_
#define PKPASS_BATCH_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pkpass/diagnostic.h"
#include "pkpass/export.h"
#include "pkpass/files.h"
#include "pkpass/import.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/signer.h"
#include "pkpass/status.h"

namespace pkpass {

// The longest record: an overrides document is at most 1 MiB (pass.json's limit).
inline constexpr size_t kMaxRecordBytes = 1u << 20;

// Where records come from. Read is called from one thread at a time.
class PKPASS_EXPORT RecordSource {
 public:
  enum class Next {
    kRecord,   // `record` holds the next record
    kTooLong,  // the next record was longer than kMaxRecordBytes; it was skipped to its end
    kRefused,  // the next record cannot be made into overrides: Refusal() says why
    kEnd,      // no more records
  };
  virtual ~RecordSource() = default;
  // Reads the next record into `record` and its number (from 1; a line number for NDJSON) into
  // `number`. A failure (a read error, input that is not records) stops the batch with that
  // status.
  virtual Result<Next> Read(std::string& record, size_t& number) = 0;
  // After kRefused: why that record was refused. The batch reports it and goes on.
  virtual Diagnostics Refusal() const { return {}; }
  // For records made from another form (a CSV row): the record Read gave last as its import
  // made it, the document the batch builds from (ImportedPayload::Parse, so that the text is not
  // parsed again) and where its values came from, so that its problems are reported there; null
  // when the record is as written. Valid until the next Read.
  virtual const ImportedPayload* Origins() const { return nullptr; }
  // The bytes read so far, for progress; may be read from any thread. 0 when unknown.
  virtual std::uint64_t bytes_read() const { return 0; }
};

// NDJSON records from a file descriptor, a line at a time and each at most kMaxRecordBytes, so
// memory stays bounded by one record whatever the input. Blank lines are records too (the batch
// skips them). A NUL byte, which NDJSON text never holds (/dev/zero, a binary file), ends the
// records with kInvalidArgument; a read error with kIoError. The descriptor is not closed.
class PKPASS_EXPORT NdjsonRecords : public RecordSource {
 public:
  explicit NdjsonRecords(int fd);
  ~NdjsonRecords() override;
  NdjsonRecords(const NdjsonRecords&) = delete;
  NdjsonRecords& operator=(const NdjsonRecords&) = delete;

  Result<Next> Read(std::string& record, size_t& number) override;
  std::uint64_t bytes_read() const override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// CSV records (RFC 4180: quoted commas, quotes and newlines, CRLF; a UTF-8 byte order mark is
// skipped), read with libcsv from a file descriptor. The first row names each column's place in
// the overrides:
//   serialNumber, description, voided, ...   a top-level key, typed by the vocabulary ("true")
//   fields.KEY / fields.KEY.ATTRIBUTE        a field's value (a number for a numeric field of
//                                            `model`) / one of its attributes
//   barcode.message, nfc.KEY, userInfo.KEY   a key of that object
//   locations.N.latitude, beacons.N.major    a key of the Nth location or beacon (from 0)
// Any other column is a field: model.json's "payloadFields" {"csv": {"Member name": "name"}}
// names its key, else the column's name is the key of a field of `model`. An empty cell gives
// nothing: the model's value stays. Every further row is a record, numbered by the line it
// starts on (lines end at "\n", "\r\n" or a lone "\r"); a problem in a row is reported at
// "LINE:COLUMN" of `file_name` and the batch goes on. A quote left open makes the rest of the
// input one cell: its row is refused where the quote opens, after the rows before it. A bad header
// (two columns naming one place, as "name" and "fields.name" do, among them), a NUL byte or a
// cell past kMaxRecordBytes ends the records with kInvalidArgument, after the rows read before
// it. The descriptor is not closed.
class PKPASS_EXPORT CsvRecords : public RecordSource {
 public:
  CsvRecords(int fd, const Model& model, std::string file_name);
  ~CsvRecords() override;
  CsvRecords(const CsvRecords&) = delete;
  CsvRecords& operator=(const CsvRecords&) = delete;

  Result<Next> Read(std::string& record, size_t& number) override;
  Diagnostics Refusal() const override;
  const ImportedPayload* Origins() const override;
  std::uint64_t bytes_read() const override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The records of a file, or of standard input for "-", read as NDJSON or as CSV (whose columns a
// model types). The file is noted as an input of this run (NoteInput, pkpass/files.h), so that no
// output replaces it; it is opened at once and read once Start says how.
class PKPASS_EXPORT RecordFile {
 public:
  // kNotFound when the file cannot be opened.
  static Result<std::unique_ptr<RecordFile>> Open(const std::string& path);
  ~RecordFile();
  RecordFile(const RecordFile&) = delete;
  RecordFile& operator=(const RecordFile&) = delete;

  // Starts reading, as CSV (reported as the file's name, or "records.csv") or as NDJSON.
  // REQUIRES: called once, before source(); `model` outlives this.
  void Start(bool csv, const Model& model);
  RecordSource& source();
  // The file's size in bytes, for progress; 0 when unknown (a pipe).
  std::uint64_t size() const;

  struct Impl;

 private:
  explicit RecordFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Stored overrides with updates applied: the records of `base` (each a pass's stored overrides)
// patched with PatchOverrides (pkpass/overrides.h). With per-serial patches, a base record is
// given only when a patch has its serialNumber, patched; a patch no base record matches ends as
// a refused record (patch-unmatched, numbered by its line in the patches) once the base ends.
// With one patch for all, every base record (its filter picks) is given, patched. A patch that cannot be applied
// refuses that record. Thread-compatible, like every RecordSource.
class PKPASS_EXPORT PatchedRecords : public RecordSource {
 public:
  // `patches`: NDJSON, one update body a line, in the shape of `from` (pkpass/import.h; imported
  // with `model`'s payload names, when given), naming the pass it updates by that vendor's id:
  //   pass2u       "serialNumber", or Pass2U's "passId" (the same value)
  //   eventticket  updatepassdata's "pass-id"
  //   airship      "externalId" beside the PUT body's "fields", "headers", ...
  //   passcreator  {"data": {"userProvidedId", ...}}
  // The base records are always native overrides (what PassSink::Completed reports). A body
  // with errors of its own refuses its record, reported at "patch:LINE" and pointers into it.
  // kInvalidArgument, naming the line, for a line that names no pass or a pass named twice.
  static Result<std::unique_ptr<PatchedRecords>> PerSerial(RecordSource& base, std::string_view patches,
                                                           PayloadFormat from = PayloadFormat::kPass2u,
                                                           const Model* model = nullptr);
  // `patch`: one update body for every record, in the shape of `from`. Passcreator's bulk
  // PATCH may carry a "filter" (identifiers, or a query over the stored passes' fields): only
  // the records it picks are given. kInvalidArgument when the body is no update, has errors,
  // sets serialNumber (every record would become one pass), or has a filter that cannot be
  // evaluated offline (a segmentId), naming why.
  static Result<std::unique_ptr<PatchedRecords>> ForAll(RecordSource& base, std::string patch,
                                                        PayloadFormat from = PayloadFormat::kPass2u,
                                                        const Model* model = nullptr);
  ~PatchedRecords() override;

  Result<Next> Read(std::string& record, size_t& number) override;
  Diagnostics Refusal() const override;
  std::uint64_t bytes_read() const override;

  struct Impl;

 private:
  explicit PatchedRecords(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where passes go, and the records that give none.
class PKPASS_EXPORT PassSink {
 public:
  virtual ~PassSink() = default;
  // Returns whether a pass for `serial` is kept from an earlier run: with
  // BatchOptions::skip_existing its record is then skipped. Called on the reading thread.
  virtual bool Exists(const std::string& serial) const {
    (void)serial;
    return false;
  }
  // Stores the .pkpass of `serial`: the concatenation of `pkpass.pieces` (one writev; Join
  // makes one string), valid during the call. Called from the batch's threads at once: must be
  // thread-safe. kIoError stops the batch (every later pass would fail the same way, as on a
  // full disk); any other error fails this record only.
  virtual Status Write(const std::string& serial, const ArchivePieces& pkpass) = 0;
  // Returns the stored .pkpass of `serial` (with skip_existing, to read back the values a
  // skipped pass was issued): kNotFound when there is none; kIoError stops the batch. Called on
  // the reading thread. Default: kNotFound.
  virtual Result<std::string> Read(const std::string& serial) const {
    return Status::NotFound("the sink keeps no pass " + serial + " to read");
  }
  // A record that ends without a pass: `diags` holds its content problems, `error` an operational
  // failure (signing, storing), OK when it has none. `serial` is "" when the record gave none.
  // Called from any thread of the batch, one call at a time. An error (the report cannot be
  // written) stops the batch at once: nothing is built that could not be reported.
  virtual Status Failed(size_t number, const std::string& serial, const Diagnostics& diags,
                        const Status& error) = 0;
  // With BatchOptions::report_completed: the overrides record `number` was built from (ToJson
  // writes them), with what the batch generated (a barcode value) in them and, for a vendor's
  // payload, in the native form: what to store to update the pass later, and what rebuilds the same pass
  // when given back as a record. Called on the reading thread, in record order, once a record is
  // prepared (before it is signed: a record that then fails to sign or store still has its line,
  // so a retry keeps its generated values), and for a record skipped because its pass exists,
  // with the values that pass was issued: a resumed batch reports what one whole run does. An
  // error stops the batch at once, so no generated value goes unreported.
  virtual Status Completed(size_t number, const std::string& serial, const ParsedOverrides& overrides) {
    (void)number;
    (void)serial;
    (void)overrides;
    return Status::Ok();
  }
};

// The reports of a batch, as NDJSON files: the error report, a line a failed record
// ({"line", "serial", "error" when it failed to sign or store, "diagnostics"}) or a bundle not
// written ({"bundle", "diagnostics"}), each line holding at most kReportItems diagnostics
// ("and N more") of at most kReportBytes a string, so that a report stays within a small
// multiple of its records; and the completed overrides, a line a record (PassSink::Completed).
// Each is written to an unnamed file beside its name and put in place complete by Finish; a
// write that fails is remembered and returned by Finish, never dropped in silence.
// Thread-safe.
class PKPASS_EXPORT BatchReports {
 public:
  static constexpr size_t kReportItems = 20;
  static constexpr size_t kReportBytes = 512;

  BatchReports();
  ~BatchReports();
  BatchReports(const BatchReports&) = delete;
  BatchReports& operator=(const BatchReports&) = delete;

  // Starts the files named; a report without a path is not kept. The system's error when a
  // folder takes no new file.
  Status Open(const std::optional<std::string>& errors_path, const std::optional<std::string>& completed_path);
  bool keeps_errors() const;
  bool keeps_completed() const;

  // Adds a line to the error report: a record, or a bundle (bundle-invalid, naming `why`).
  // Returns the first failed write (then nothing more is written).
  Status Failed(size_t line, const std::string& serial, const Diagnostics& diags, const Status& error);
  Status FailedBundle(const std::string& name, const std::string& why);
  // Adds a line to the completed overrides.
  Status Completed(std::string_view overrides);

  // Puts the error report and the completed overrides in place, and returns the batch's
  // outcome: OK when `stopped` (why the batch stopped early, or OK) is OK and both were written;
  // else kIoError "the batch stopped: WHY", adding each report that was not written and why.
  Status Finish(const Status& stopped);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Passes as files of a folder: OUT/<serial>.pkpass, each put in place complete (pkpass/files.h).
// With BundleBy(KEY), the passes whose completed overrides give KEY one string value also go
// into OUT/<value>.pkpasses, in record order, when WriteBundles is called after the batch (which
// then needs BatchOptions::report_completed). Failed records, failed bundles and completed
// overrides are lines of `reports` (BatchReports), when it keeps them. Write and Failed are
// thread-safe; the rest is called on the batch's reading thread.
class PKPASS_EXPORT FolderSink : public PassSink {
 public:
  // REQUIRES: `out` and `reports` outlive the sink.
  FolderSink(const OutputDir& out, BatchReports& reports);
  ~FolderSink() override;

  // A pass to keep is a regular file with content (an empty one is no pass).
  bool Exists(const std::string& serial) const override;
  // What stands in the way of this one file (a folder, a link or an input under its name) fails
  // the record; a failing file system (no space, I/O error, read-only) is kIoError and stops the
  // batch.
  Status Write(const std::string& serial, const ArchivePieces& pkpass) override;
  Result<std::string> Read(const std::string& serial) const override;
  Status Failed(size_t number, const std::string& serial, const Diagnostics& diags, const Status& error) override;
  // Notes the record's bundle, with BundleBy, and adds its line to the completed overrides.
  Status Completed(size_t number, const std::string& serial, const ParsedOverrides& overrides) override;

  void BundleBy(std::string key);
  // Whether any record gave BundleBy's key a value.
  bool any_bundle() const;
  // Writes the bundles of the passes in the folder, stamped `mtime`. A bundle that cannot be
  // (past Apple's limits, counted before any pass is read; a value that cannot name a portable
  // file, or names the same file as another's; something not a file in the way) is given to
  // FailedBundle with its file name and why, and the others are written. Returns how many
  // failed, or the file system's error.
  Result<size_t> WriteBundles(std::int64_t mtime);
  // A bundle not written: a line of the error report.
  virtual void FailedBundle(const std::string& name, const std::string& why);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct BatchOptions {
  // How every pass is built. build.validate.barcode_registry holds the barcode values issued
  // already, which generated values never repeat; it is set to this batch's shard (default: the
  // batch keeps its own). build.issued holds the values issued by earlier runs, other shards
  // and other builds (pkpass/issued.h), claimed for every pass before it is stored and made
  // durable (Sync) a chunk at a time: a value another pass holds refuses the pass
  // (barcode-duplicate) when the model keeps values unique, and is never generated; a record an
  // earlier run issued a serial or a generated value to is given the same again, so a resumed
  // batch draws nothing twice (without it, a resume reads skipped passes back, and cannot give a
  // record without a serial the serial drawn before).
  BuildOptions build;
  // Threads kept busy, the calling thread included; 0: the number of cores.
  unsigned threads = 0;
  // Skip a record whose serial's pass the sink holds already (PassSink::Exists).
  bool skip_existing = false;
  // Build only shard `shard` of a batch split `shards` ways: the records whose serial is in it
  // (SerialShard, pkpass/batch.h) and, in shard 0, the records without a serial. REQUIRES:
  // shard < shards.
  std::uint32_t shard = 0;
  std::uint32_t shards = 1;
  // Give every prepared record's completed overrides to PassSink::Completed.
  bool report_completed = false;
  // The shape of every record (pkpass/import.h): a vendor's payload is imported first, and the
  // record's problems point into it as written. A payload refused for its own errors is still
  // resolved, so that its report holds the pass's problems too, as validate and build give them.
  PayloadFormat from = PayloadFormat::kPass2u;
};

// What a batch has done so far; may be read from any thread while it runs (for progress).
struct BatchCounts {
  std::atomic<size_t> read{0};     // records of this shard read (blank lines are not records)
  std::atomic<size_t> built{0};    // passes stored
  std::atomic<size_t> skipped{0};  // records skipped: their pass exists
  std::atomic<size_t> failed{0};   // records given to PassSink::Failed
};

// Builds a pass for every record of `records` and gives it to `sink`, until the records end or
// the batch stops. Returns why it stopped early (the source failed, the sink returned kIoError),
// or OK; a record that fails does not stop it. A Model and a Signer may serve several batches
// at once.
PKPASS_EXPORT Status RunBatch(const Model& model, const Signer& signer, RecordSource& records,
                              PassSink& sink, const BatchOptions& options, BatchCounts& counts);

// Serial numbers as the names of pass files: which serials may name a file, and a registry that
// finds two serials of one batch that would name the same file. Thread-compatible: one
// SerialRegistry is used from one thread at a time.
//
// The rule: a serial names "<serial>.pkpass", so it must be 1 to 200 bytes of valid UTF-8, with no
// "/", "\", control character or leading ".", and no bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), which would make a name display as another.
// Two serials are the same file when their NFKC case folds are equal: "ABC" and "abc", or "é" as
// one code point and as "e" with a combining accent, collide on macOS, Windows and any
// case-insensitive or normalising file system, so a batch refuses the second of them.
inline constexpr size_t kMaxSerialBytes = 200;

// Returns "" when `serial` may name a pass file, else why it may not (for a message).
PKPASS_EXPORT std::string SerialFileNameProblem(std::string_view serial);

// As SerialFileNameProblem, and also for a name that no Windows file system takes: one of
// < > : " | ? *, a trailing "." or space, or a device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9,
// in any case, with or without an extension). For the names of files handed to people (a
// .pkpasses bundle is downloaded onto any system); serials keep the narrower rule, as Wallet
// accepts any serial.
PKPASS_EXPORT std::string PortableFileNameProblem(std::string_view name);

// Returns the shard, from 0 to shards - 1, that the pass of `serial` belongs to when a batch is
// split `shards` ways: the first 8 bytes of the SHA-256 of its NFKC case fold, big-endian, modulo
// `shards`. The same on every machine and in every release, and the same for two serials that
// name the same file, so duplicates always meet in one shard. REQUIRES: shards > 0.
PKPASS_EXPORT std::uint32_t SerialShard(std::string_view serial, std::uint32_t shards);

// The most shards a batch is split into.
inline constexpr std::uint32_t kMaxShards = 65536;

// Reads "K/N", shard K (from 0) of a batch split N ways (1 to kMaxShards), into `shard` and
// `shards`. Returns false, leaving them as they are, for anything else.
PKPASS_EXPORT bool ParseShard(std::string_view text, std::uint32_t& shard, std::uint32_t& shards);

// The serials of one batch, kept as 64-bit SipHash values of their NFKC case folds under a key
// drawn at random for each registry, in an open-addressed table: 16 to 32 bytes a serial, and no
// input can be crafted to collide with another (by chance, two of a million serials collide with
// a probability of about 3 in 100 million, which would refuse one as a duplicate).
class PKPASS_EXPORT SerialRegistry {
 public:
  SerialRegistry();
  ~SerialRegistry();
  SerialRegistry(const SerialRegistry&) = delete;
  SerialRegistry& operator=(const SerialRegistry&) = delete;

  // Returns the tag of the recorded serial that names the same file as `serial`, or 0.
  size_t Find(std::string_view serial) const;

  // Records `serial` for the record `tag` (e.g. its line) and returns 0; when a serial that names
  // the same file was recorded already, records nothing and returns that serial's tag. Tags past
  // 2^32 - 1 are kept as 2^32 - 1. REQUIRES: tag > 0.
  size_t Claim(std::string_view serial, size_t tag);

  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// BarcodeRegistry: the barcode values issued in one batch, so that generated values never repeat
// within it. It keeps a 64-bit hash of each value, not the value, in an open-addressed table
// (11 to 22 bytes an entry): two values with the same hash count as one, which at worst makes a
// generator draw again.
// Thread-safe: one registry may serve every worker of a batch.
class IssuedValues;  // pkpass/issued.h

class PKPASS_EXPORT BarcodeRegistry {
 public:
  BarcodeRegistry();
  ~BarcodeRegistry();
  BarcodeRegistry(const BarcodeRegistry&) = delete;
  BarcodeRegistry& operator=(const BarcodeRegistry&) = delete;

  // Records `value`; returns false when it had been recorded already, or when the issued values
  // given to SetIssued have a holder for it (or cannot be read).
  bool Claim(std::string_view value);

  // Makes every later Claim also refuse a value `issued` has a holder for (barcode messages of
  // earlier runs, other shards, other builds). Not owned; null for none.
  void SetIssued(IssuedValues* issued) { issued_ = issued; }

  // Records the barcode messages of a pass issued already, given as its .pkpass archive (the
  // "message" of every "barcodes" entry and of "barcode" in its pass.json), so that no value
  // generated later repeats one: a batch that resumes over the passes of an earlier run learns
  // their values this way. Returns how many messages it read; kInvalidArgument when the bytes
  // hold no readable pass.json.
  Result<size_t> ClaimIssued(std::string_view pkpass_bytes);
  size_t size() const;

  // Makes this the registry of shard `shard` of a batch split `shards` ways (see SerialShard in
  // pkpass/batch.h): a value may then be generated here only when the first 8 bytes of its
  // SHA-256 are `shard` modulo `shards`, so no two shards ever generate the same value. Call
  // before generating. REQUIRES: shard < shards.
  void SetShard(std::uint32_t shard, std::uint32_t shards);
  // Returns whether a generated value may be `value` in this registry's shard (always, when the
  // batch is not split).
  bool InShard(std::string_view value) const;
  // The number of shards (1 when the batch is not split).
  std::uint32_t shards() const { return shards_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;             // the hashes of the values, and the lock that guards them
  std::uint32_t shard_ = 0, shards_ = 1;  // set before use, then only read
  IssuedValues* issued_ = nullptr;         // set before use; used under impl_'s lock
};

}  // namespace pkpass

#endif  // PKPASS_BATCH_H_
