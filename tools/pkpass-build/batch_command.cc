// pkpass-build batch --model DIR --records FILE|- --out-dir DIR [-j N] [--errors FILE]
//                    [--skip-existing] [--shard K/N] [--image-dir DIR] SIGNING [--deterministic]
//                    [--digest sha256|sha1] [--strict] [--format text|json]
//
// Builds one pass per NDJSON record (an overrides object a line) into OUT/<serialNumber>.pkpass.
// The pipeline, in three stages joined by bounded queues that carry chunks of passes (one wake-up
// per chunk, not per pass), so memory stays flat whatever the number of records:
//  - this thread reads the records, checks their serial numbers in line order (the first of two
//    duplicates wins) and prepares each pass (Model::Prepare: everything but the signature);
//  - the -j workers only sign (PreparedPass::Sign: one RSA operation each);
//  - writer threads make the archives (PreparedPass::Archive) and write the files, one at a time
//    each, so that workers never wait on the disk or on each other's directory updates.
// Every record ends as a pass or as a line of the error report.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "bounded_queue.h"
#include "cli.h"
#include "commands.h"
#include "pkpass/barcode_registry.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "pkpass/serials.h"

namespace pkpass::cli {
namespace {

struct Record {
  size_t line = 0;
  std::optional<ParsedOverrides> overrides;  // the line, parsed once
  std::string serial;
  Diagnostics refused;  // problems found before building; the record is not built
};

constexpr size_t kChunk = 16;  // records handed to a worker at once
// The longest record line: an overrides document is at most 1 MiB (pass.json's limit).
constexpr size_t kMaxRecordBytes = 1u << 20;

struct Counts {
  std::atomic<size_t> read{0}, built{0}, skipped{0}, failed{0};
  std::atomic<std::uint64_t> bytes_read{0};
};

// Reads NDJSON records from a file descriptor, a line at a time and each at most
// kMaxRecordBytes: memory stays bounded by one record whatever the input. Not thread-safe.
class RecordReader {
 public:
  enum class Next {
    kLine,     // `line` holds the next record line (without its "\n")
    kTooLong,  // the line was longer than kMaxRecordBytes; it was skipped to its end
    kNotText,  // the line holds a NUL byte, which NDJSON never does: the input is not records
    kEnd,
    kError,    // a read failed; error() says why
  };

  explicit RecordReader(int fd) : fd_(fd) {}

  // Reads the next line into `line`; `number` is its line number (from 1).
  Next Read(std::string& line, size_t& number) {
    line.clear();
    bool too_long = false;
    for (;;) {
      if (begin_ == end_ && !Fill()) {
        if (!error_.empty()) return Next::kError;
        if (line.empty() && !too_long && !partial_) return Next::kEnd;
        partial_ = false;
        number = ++lines_;
        return too_long ? Next::kTooLong : Next::kLine;
      }
      const char* start = buffer_ + begin_;
      const size_t available = end_ - begin_;
      const char* newline = static_cast<const char*>(std::memchr(start, '\n', available));
      const size_t take = newline != nullptr ? static_cast<size_t>(newline - start) : available;
      if (std::memchr(start, '\0', take) != nullptr) {
        number = ++lines_;
        return Next::kNotText;
      }
      if (!too_long && line.size() + take > kMaxRecordBytes) {
        too_long = true;
        line.clear();
        line.shrink_to_fit();
      }
      if (!too_long) line.append(start, take);
      begin_ += take + (newline != nullptr ? 1 : 0);
      partial_ = newline == nullptr;
      if (newline != nullptr) {
        partial_ = false;
        number = ++lines_;
        return too_long ? Next::kTooLong : Next::kLine;
      }
    }
  }

  std::uint64_t bytes_read() const { return bytes_; }
  const std::string& error() const { return error_; }

 private:
  bool Fill() {
    for (;;) {
      const ssize_t n = read(fd_, buffer_, sizeof(buffer_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = std::strerror(errno);
      if (n <= 0) return false;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
      bytes_ += static_cast<std::uint64_t>(n);
      return true;
    }
  }

  int fd_;
  char buffer_[1 << 16];
  size_t begin_ = 0, end_ = 0;
  size_t lines_ = 0;
  bool partial_ = false;  // a line has begun and not ended
  std::uint64_t bytes_ = 0;
  std::string error_;
};

// Returns the serialNumber of `overrides`, with any problem with it in `problems`.
std::string SerialOf(const ParsedOverrides& overrides, Diagnostics& problems) {
  const std::optional<std::string_view> given = overrides.serial_number();
  if (!given) {
    problems.Error(codes::kBatchSerialMissing, "overrides", "/serialNumber",
                   "a batch record needs a string serialNumber: it names the output file");
    return "";
  }
  std::string serial(*given);
  if (const std::string problem = SerialFileNameProblem(serial); !problem.empty()) {
    problems.Error(codes::kBatchSerialUnsafe, "overrides", "/serialNumber",
                   "serialNumber \"" + serial + "\" cannot name a pass file: " + problem);
  }
  return serial;
}

// Writes the error report: one NDJSON line a failed record, in the order they fail. With a file,
// the report is written to an unnamed file and put in place by Finish, complete; any write that
// fails is remembered and reported by Finish, never dropped in silence.
class ErrorReport {
 public:
  ErrorReport(std::optional<AtomicFile> file, Format format)
      : file_(std::move(file)), format_(format) {}

  void Add(size_t line, const std::string& serial, const Diagnostics& diags, const std::string& error) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto string = [&w](std::string_view s) {
      const std::string valid = ToValidUtf8(s);
      w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
    };
    w.StartObject();
    w.Key("line");
    w.Uint64(line);
    w.Key("serial");
    string(serial);
    if (!error.empty()) {
      w.Key("error");
      string(error);
    }
    w.Key("diagnostics");
    const std::string list = FormatJson(diags);
    w.RawValue(list.data(), list.size(), rapidjson::kArrayType);
    w.EndObject();
    std::lock_guard<std::mutex> lock(mu_);
    if (file_) {
      if (written_.ok()) written_ = file_->Append(std::string(buffer.GetString()) + "\n");
    } else if (format_ == Format::kText) {
      std::cerr << "line " << line << " (" << serial << "): " << (error.empty() ? "" : error + "\n")
                << FormatText(diags);
    }
  }

  // Puts the report file in place. Returns why it could not be written, or OK.
  Status Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!file_) return Status::Ok();
    if (written_.ok()) written_ = file_->Commit(/*durable=*/true);
    file_.reset();
    return written_;
  }

 private:
  std::mutex mu_;
  std::optional<AtomicFile> file_;  // guarded by mu_; none: failures go to stderr
  Status written_;                  // guarded by mu_: the first failed write
  Format format_;
};

// Shows progress on a terminal: passes, errors, rate and, for a records file, the time left.
class Progress {
 public:
  Progress(const Counts& counts, std::uint64_t total_bytes)
      : counts_(counts), total_bytes_(total_bytes), start_(std::chrono::steady_clock::now()) {
    if (isatty(STDERR_FILENO)) thread_ = std::thread([this] { Run(); });
  }
  ~Progress() { Stop(); }

  void Stop() {
    done_ = true;
    if (thread_.joinable()) {
      thread_.join();
      std::cerr << "\r\033[K";
    }
  }

 private:
  void Run() {
    while (!done_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const double rate = static_cast<double>(counts_.built) / std::max(seconds, 1e-3);
      std::string line = "\r\033[K" + std::to_string(counts_.built.load()) + " passes, " +
                         std::to_string(counts_.failed.load()) + " errors, " +
                         std::to_string(static_cast<long>(rate)) + " passes/s";
      if (total_bytes_ > 0 && counts_.bytes_read > 0) {
        const double fraction = static_cast<double>(counts_.bytes_read) / static_cast<double>(total_bytes_);
        line += ", " + std::to_string(static_cast<int>(100 * fraction)) + "%, about " +
                std::to_string(static_cast<long>(seconds / std::max(fraction, 1e-3) - seconds)) + " s left";
      }
      std::cerr << line << std::flush;
    }
  }

  const Counts& counts_;
  const std::uint64_t total_bytes_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// The records input: a file or standard input, noted as an input of this run.
class Records {
 public:
  ~Records() {
    if (fd_ > STDIN_FILENO) close(fd_);
  }

  Status Open(const std::string& path) {
    fd_ = path == "-" ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
    NoteInput(fd_);
    struct stat st;
    if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    reader_.emplace(fd_);
    return Status::Ok();
  }

  RecordReader& reader() { return *reader_; }
  std::uint64_t size() const { return size_; }  // 0 when unknown

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::optional<RecordReader> reader_;
};

struct BatchSetup {
  std::string out_dir;
  bool skip_existing = false;
  std::uint32_t shard = 0, shards = 1;  // --shard K/N: this run builds shard K of N
  unsigned workers = 1;  // signing threads
  unsigned writers = 1;  // threads making archives and writing files
  BuildOptions options;
};

// A record prepared on the reading thread, to be signed by a worker and written by a writer.
struct Prepared {
  size_t line = 0;
  std::string serial;
  PreparedPass pass;
};

// The batch's three stages (see the file comment) and their bookkeeping.
class Pipeline {
 public:
  Pipeline(const Model& model, const Signer& signer, const BatchSetup& setup,
           const OutputDir& out, ErrorReport& report, Counts& counts)
      : model_(model), signer_(signer), setup_(setup), out_(out), report_(report),
        counts_(counts) {
    options_ = setup.options;
    options_.barcode_registry = &barcodes_;
    barcodes_.SetShard(setup.shard, setup.shards);
  }

  // Learns the barcode values of the passes in the output folder, so that a batch resuming over
  // an earlier run's passes generates none of theirs again.
  Status LearnIssuedBarcodes() {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(setup_.out_dir, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->path().extension() != ".pkpass" || !it->is_regular_file(ec)) continue;
      Result<std::string> bytes = ReadInput(it->path().string());
      if (bytes.ok()) (void)barcodes_.ClaimIssued(*bytes);  // an unreadable pass holds no value
    }
    if (ec) return Status::IoError("cannot list " + setup_.out_dir + ": " + ec.message());
    return Status::Ok();
  }

  // Reads `records` to its end (or until an output fails) and builds every record. This thread
  // reads and prepares, the workers sign, the writers make the archives and write them. Returns
  // the failure that ended the batch early (reading the records, writing to the output
  // folder), or OK.
  Status Run(RecordReader& records) {
    BoundedQueue<std::vector<Prepared>> to_sign(4 * setup_.workers);
    BoundedQueue<std::vector<Prepared>> to_write(4 * setup_.workers);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < setup_.workers; ++i) {
      workers.emplace_back([&] {
        while (std::optional<std::vector<Prepared>> chunk = to_sign.Pop()) {
          if (stopped_) continue;  // drained, not signed: the batch is ending
          std::erase_if(*chunk, [&](Prepared& p) { return !Sign(p.line, p.serial, p.pass); });
          to_write.Push(std::move(*chunk));
        }
      });
    }
    std::vector<std::thread> writers;
    for (unsigned i = 0; i < setup_.writers; ++i) {
      writers.emplace_back([&] {
        while (std::optional<std::vector<Prepared>> chunk = to_write.Pop()) {
          for (const Prepared& p : *chunk) {
            if (!stopped_) Write(p.line, p.serial, p.pass.Archive());
          }
        }
      });
    }
    std::vector<Prepared> chunk;
    ReadRecords(records, [&](Record r) {
      std::optional<PreparedPass> pass = Prepare(r);
      if (!pass) return;
      serials_.Claim(r.serial, r.line);  // a record that fails claims nothing
      chunk.push_back({r.line, std::move(r.serial), std::move(*pass)});
      if (chunk.size() == kChunk) to_sign.Push(std::exchange(chunk, {}));
    });
    if (!chunk.empty()) to_sign.Push(std::move(chunk));
    to_sign.Close();
    for (std::thread& t : workers) t.join();
    to_write.Close();
    for (std::thread& t : writers) t.join();
    std::lock_guard<std::mutex> lock(stop_mu_);
    return stop_status_;
  }

 private:
  void Fail(size_t line, const std::string& serial, const Diagnostics& diags, const std::string& error) {
    ++counts_.failed;
    report_.Add(line, serial, diags, error);
  }

  // Ends the batch: no further record is read, signed or written. The first reason is kept.
  void Stop(Status why) {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (stop_status_.ok()) stop_status_ = std::move(why);
    stopped_ = true;
  }

  // Completes and prepares `r`, whose overrides are parsed; returns nullopt, the failure
  // reported, when it cannot be built.
  std::optional<PreparedPass> Prepare(Record& r) {
    Diagnostics diags;
    Result<bool> completed = model_.Complete(*r.overrides, {.barcode_registry = &barcodes_});
    Result<PreparedPass> pass = completed.ok() ? model_.Prepare(*r.overrides, signer_, options_, diags)
                                               : Result<PreparedPass>(completed.status());
    if (pass.ok()) return std::move(*pass);
    const bool content = pass.status().code() == StatusCode::kInvalidPass;
    Fail(r.line, r.serial, diags, content ? "" : pass.status().message());
    return std::nullopt;
  }

  // Signs `pass`; returns false, the failure reported, when signing fails.
  bool Sign(size_t line, const std::string& serial, PreparedPass& pass) {
    const Status signed_ok = pass.Sign();
    if (!signed_ok.ok()) Fail(line, serial, Diagnostics(), signed_ok.message());
    return signed_ok.ok();
  }

  // Writes one pass. What stands in the way of this one file (a folder, a link or an input
  // under its name) fails the record; a failing file system (no space, I/O error, read-only)
  // stops the batch, since every later pass would fail the same way.
  void Write(size_t line, const std::string& serial, const Result<std::string>& archive) {
    Status written = archive.status();
    if (written.ok()) written = out_.Write(serial + ".pkpass", *archive, kFileMode, /*durable=*/false);
    if (written.ok()) {
      ++counts_.built;
    } else if (written.code() == StatusCode::kIoError) {
      Stop(written);
    } else {
      Fail(line, serial, Diagnostics(), written.message());
    }
  }

  // Returns whether the output folder holds a pass for `serial` to keep: a regular file with
  // content (an empty one is no pass).
  bool Exists(const std::string& serial) const {
    struct stat st;
    const std::string path = setup_.out_dir + "/" + serial + ".pkpass";
    return lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  }

  // Returns whether this run builds or reports `r`: a record with a serial belongs to the shard
  // of its serial (SerialShard), one without (not JSON, no string serial, too long) to shard 0,
  // so that every record of a split batch is handled by exactly one shard.
  bool InThisShard(const Record& r) const {
    if (setup_.shards <= 1) return true;
    if (r.serial.empty()) return setup_.shard == 0;
    return SerialShard(r.serial, setup_.shards) == setup_.shard;
  }

  // Returns the problem of `r`'s serial with the serials before it, or "".
  std::string DuplicateProblem(const Record& r) const {
    const size_t earlier = serials_.Find(r.serial);
    if (earlier == 0) return "";
    return "serialNumber \"" + r.serial + "\" names the same file as the serial of line " +
           std::to_string(earlier) + " (serials are compared ignoring case and Unicode "
           "normalisation, as file systems compare names)";
  }

  // Calls `take` with every record that is not refused or skipped, in line order, until the
  // records end or the batch stops.
  template <typename Take>
  void ReadRecords(RecordReader& records, Take take) {
    std::string line;
    size_t number = 0;
    while (!stopped_) {
      const RecordReader::Next next = records.Read(line, number);
      counts_.bytes_read = records.bytes_read();
      if (next == RecordReader::Next::kEnd) return;
      if (next == RecordReader::Next::kError) return Stop(Status::IoError("cannot read the records: " + records.error()));
      if (next == RecordReader::Next::kNotText) {
        return Stop(Status::InvalidArgument("line " + std::to_string(number) +
                                            " of the records holds a NUL byte: they are not NDJSON text"));
      }
      Record r{number, std::nullopt, "", {}};
      if (next == RecordReader::Next::kTooLong) {
        if (!InThisShard(r)) continue;
        ++counts_.read;
        r.refused.Error(codes::kJsonTooLarge, "overrides", "",
                        "the record is longer than the limit of " + std::to_string(kMaxRecordBytes) +
                            " bytes; it was skipped");
        Fail(r.line, r.serial, r.refused, "");
        continue;
      }
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (Result<ParsedOverrides> parsed = ParsedOverrides::Parse(line, r.refused); parsed.ok()) {
        r.overrides.emplace(std::move(*parsed));
        r.serial = SerialOf(*r.overrides, r.refused);
      }
      if (!InThisShard(r)) continue;
      ++counts_.read;
      if (!r.serial.empty() && !r.refused.has_errors()) {
        if (const std::string problem = DuplicateProblem(r); !problem.empty()) {
          r.refused.Error(codes::kBatchSerialDuplicate, "overrides", "/serialNumber", problem);
        } else if (setup_.skip_existing && Exists(r.serial)) {
          serials_.Claim(r.serial, r.line);
          ++counts_.skipped;
          continue;
        }
      }
      if (r.refused.has_errors()) {
        Fail(r.line, r.serial, r.refused, "");
      } else {
        take(std::move(r));
      }
      line = std::string();
    }
  }

  const Model& model_;
  const Signer& signer_;
  const BatchSetup& setup_;
  const OutputDir& out_;
  ErrorReport& report_;
  Counts& counts_;
  BuildOptions options_;
  BarcodeRegistry barcodes_;
  SerialRegistry serials_;  // only this (the reading) thread uses it
  std::atomic<bool> stopped_{false};
  std::mutex stop_mu_;
  Status stop_status_;  // guarded by stop_mu_
};

}  // namespace

int RunBatch(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--model", "--records", "--out-dir", "-j", "--errors",
                                          "--image-dir", "--digest", "--shard"};
  valued.insert(valued.end(), kSigningValued.begin(), kSigningValued.end());
  valued.insert(valued.end(), kCommonValued.begin(), kCommonValued.end());
  std::vector<std::string_view> switches = kBuildSwitches;
  switches.push_back("--skip-existing");
  Format format;
  BatchSetup setup;
  if (!flags.Parse(args, valued, switches, error) || !ParseFormat(flags, format, error) ||
      !ParseBuildOptions(flags, setup.options, error)) {
    return UsageError(error);
  }
  const auto model_dir = flags.Get("--model");
  const auto records_path = flags.Get("--records");
  const auto out_dir = flags.Get("--out-dir");
  if (!model_dir || !records_path || !out_dir || !flags.positional().empty()) {
    return UsageError("batch needs --model DIR, --records FILE|-, --out-dir DIR and the signing flags");
  }
  setup.out_dir = *out_dir;
  setup.skip_existing = flags.Has("--skip-existing");
  setup.workers = std::max(1u, std::thread::hardware_concurrency());
  if (const auto j = flags.Get("-j")) {
    char* end = nullptr;
    const long n = std::strtol(j->c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > 256) return UsageError("-j must be a number of workers from 1 to 256");
    setup.workers = static_cast<unsigned>(n);
  }
  if (const auto shard = flags.Get("--shard")) {
    unsigned long k = 0, n = 0;
    char* end = nullptr;
    k = std::strtoul(shard->c_str(), &end, 10);
    const bool slash = end != shard->c_str() && *end == '/';
    if (slash) n = std::strtoul(end + 1, &end, 10);
    if (!slash || *end != '\0' || n < 1 || n > 65536 || k >= n || !std::isdigit(static_cast<unsigned char>((*shard)[0]))) {
      return UsageError("--shard takes K/N: this run builds shard K (from 0) of N (1 to 65536)");
    }
    setup.shard = static_cast<std::uint32_t>(k);
    setup.shards = static_cast<std::uint32_t>(n);
  }
  // A file costs 50-150 µs of kernel time on ext4 (bench/publish_bench) against about 240 µs
  // for a signature, so one writer keeps up with about three signing workers.
  setup.writers = (setup.workers + 2) / 3;
  // The records are opened first, so that no output can be one of them.
  Records records;
  if (Status opened = records.Open(*records_path); !opened.ok()) return Report(format, opened, Diagnostics());
  NoteModelInputs(*model_dir);
  const auto errors_path = flags.Get("--errors");
  if (errors_path) {
    if (Status target = CheckOutputPath(*errors_path); !target.ok()) return UsageError(target.message());
  }
  bool usage = false;
  Result<Signer> signer = LoadSigner(flags, usage);
  if (!signer.ok()) {
    if (usage) return UsageError(signer.status().message());
    return Report(format, signer.status(), Diagnostics());
  }
  Diagnostics model_diags;
  Result<Model> model = Model::Load(*model_dir, model_diags);
  if (!model.ok()) return Report(format, model.status(), model_diags);
  const std::optional<DirectoryImageStore> images = ImageStoreFlag(flags);
  setup.options.image_store = images ? &*images : nullptr;
  std::error_code ec;
  std::filesystem::create_directories(setup.out_dir, ec);
  if (ec) return Report(format, Status::IoError("cannot create " + setup.out_dir + ": " + ec.message()), Diagnostics());
  const OutputDir out(setup.out_dir);
  if (!out.status().ok()) return Report(format, out.status(), Diagnostics());

  // The error report is written to an unnamed file beside its name, put in place at the end.
  std::unique_ptr<OutputDir> errors_dir;  // outlives the report's file, which writes into it
  std::optional<AtomicFile> errors_file;
  if (errors_path) {
    const size_t slash = errors_path->rfind('/');
    errors_dir = std::make_unique<OutputDir>(
        slash == std::string::npos ? "." : slash == 0 ? "/" : errors_path->substr(0, slash));
    Result<AtomicFile> file = errors_dir->Create(errors_path->substr(slash + 1));
    if (!file.ok()) return Report(format, file.status(), Diagnostics());
    errors_file.emplace(std::move(*file));
  }
  ErrorReport report(std::move(errors_file), format);
  Counts counts;
  const auto start = std::chrono::steady_clock::now();
  Progress progress(counts, format == Format::kText ? records.size() : 0);
  Pipeline pipeline(*model, *signer, setup, out, report, counts);
  Status stopped = setup.skip_existing && model->generates_barcode_values()
                       ? pipeline.LearnIssuedBarcodes() : Status::Ok();
  if (stopped.ok()) stopped = pipeline.Run(records.reader());
  progress.Stop();
  const Status report_written = report.Finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = static_cast<double>(counts.built) / std::max(seconds, 1e-9);
  char summary[256];
  std::snprintf(summary, sizeof(summary), "%zu passes, %zu errors, %zu skipped in %.2f s (%.0f passes/s)",
                counts.built.load(), counts.failed.load(), counts.skipped.load(), seconds, rate);
  Status status = stopped;
  if (status.ok() && !report_written.ok()) status = report_written;
  if (!status.ok()) {
    std::string message = "the batch stopped: " + status.message();
    if (status.message() != report_written.message() && !report_written.ok()) {
      message += "; and the error report was not written: " + report_written.message();
    }
    status = Status::IoError(message);
  } else if (counts.failed > 0) {
    status = Status::InvalidPass(std::to_string(counts.failed.load()) + " records failed");
  }
  if (format == Format::kText) {
    std::cerr << "batch: " << summary << "\n";
    return Report(format, status, model_diags);
  }
  return Report(format, status, model_diags,
                {{"passes", std::to_string(counts.built.load())},
                 {"errors", std::to_string(counts.failed.load())},
                 {"skipped", std::to_string(counts.skipped.load())},
                 {"seconds", std::to_string(seconds)}});
}

}  // namespace pkpass::cli
