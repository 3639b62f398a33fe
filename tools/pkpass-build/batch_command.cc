// pkpass-build batch: the library's batch with a folder as its sink and NDJSON reports. Flags and text: commands.cc.
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
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "cli.h"
#include "commands.h"
#include "pkpass/batch.h"
#include "pkpass/bundle.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "pkpass/serials.h"
#include "pkpass/verify.h"

namespace pkpass::cli {
namespace {

// An NDJSON file the batch writes a line at a time, from any thread: written to an unnamed file
// and put in place by Finish, complete; any write that fails is remembered and reported by
// Finish, never dropped in silence.
class NdjsonOutput {
 public:
  explicit NdjsonOutput(std::optional<AtomicFile> file) : file_(std::move(file)) {}

  bool open() const { return file_.has_value(); }

  // Appends `line`; returns the first failed write (then nothing more is written).
  Status Add(std::string line) {
    line += '\n';
    std::lock_guard<std::mutex> lock(mu_);
    if (file_ && written_.ok()) written_ = file_->Append(line);
    return written_;
  }

  // Puts the file in place. Returns why it could not be written, or OK.
  Status Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!file_) return Status::Ok();
    if (written_.ok()) written_ = file_->Commit(/*durable=*/true);
    file_.reset();
    return written_;
  }

 private:
  std::mutex mu_;
  std::optional<AtomicFile> file_;  // guarded by mu_
  Status written_;                  // guarded by mu_: the first failed write
};

// The error report: one NDJSON line a failed record, in the order they fail; without a file,
// failures go to stderr as text. A record's line holds at most kItems diagnostics ("and N more")
// of at most kBytes a string, so that a report stays within a small multiple of its records.
class ErrorReport {
 public:
  static constexpr size_t kItems = 20;
  static constexpr size_t kBytes = 512;

  ErrorReport(NdjsonOutput& file, Format format) : file_(file), format_(format) {}

  Status Add(size_t line, const std::string& serial, const Diagnostics& all, const std::string& error) {
    const Diagnostics diags = FirstDiagnostics(all, kItems, kBytes);
    if (!file_.open()) {
      return Text("line " + std::to_string(line) + " (" + serial + "): " + (error.empty() ? "" : error + "\n"), diags);
    }
    return Line(
        [&](Writer& w) {
          w.Key("line");
          w.Uint64(line);
          w.Key("serial");
          String(w, serial);
          if (!error.empty()) {
            w.Key("error");
            String(w, error);
          }
        },
        diags);
  }

  // A bundle of --bundle-by that was not written: {"bundle": NAME, "diagnostics": [...]}. A
  // report that fails is said when it is finished.
  void AddBundle(const std::string& name, const std::string& why) {
    Diagnostics all;
    all.Error(codes::kBundleInvalid, name, "", why);
    const Diagnostics diags = FirstDiagnostics(all, kItems, kBytes);
    if (!file_.open()) {
      (void)Text("", diags);
      return;
    }
    (void)Line(
        [&](Writer& w) {
          w.Key("bundle");
          String(w, name);
        },
        diags);
  }

 private:
  using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

  // Writes `s`, at most kBytes of it, as valid UTF-8.
  static void String(Writer& w, std::string_view s) {
    const std::string valid = ToValidUtf8(s.substr(0, kBytes));
    w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
  }

  // Appends one line: the members `head` writes, then "diagnostics".
  template <typename Head>
  Status Line(Head head, const Diagnostics& diags) {
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    head(w);
    w.Key("diagnostics");
    const std::string list = FormatJson(diags);
    w.RawValue(list.data(), list.size(), rapidjson::kArrayType);
    w.EndObject();
    return file_.Add(buffer.GetString());
  }

  // Without a report file: `head` and the diagnostics on stderr, in text mode only.
  Status Text(const std::string& head, const Diagnostics& diags) {
    if (format_ != Format::kText) return Status::Ok();
    std::lock_guard<std::mutex> lock(mu_);
    std::cerr << head << FormatText(diags);
    return Status::Ok();
  }

  std::mutex mu_;  // one failure on stderr at a time
  NdjsonOutput& file_;
  Format format_;
};

// Shows progress on a terminal: passes, errors, rate and, for a records file, the time left.
class Progress {
 public:
  Progress(const BatchCounts& counts, const RecordSource& records, std::uint64_t total_bytes)
      : counts_(counts), records_(records), total_bytes_(total_bytes),
        start_(std::chrono::steady_clock::now()) {
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
      if (total_bytes_ > 0 && records_.bytes_read() > 0) {
        const double fraction = static_cast<double>(records_.bytes_read()) / static_cast<double>(total_bytes_);
        line += ", " + std::to_string(static_cast<int>(100 * fraction)) + "%, about " +
                std::to_string(static_cast<long>(seconds / std::max(fraction, 1e-3) - seconds)) + " s left";
      }
      std::cerr << line << std::flush;
    }
  }

  const BatchCounts& counts_;
  const RecordSource& records_;
  const std::uint64_t total_bytes_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// The records input: a file or standard input, noted as an input of this run, read as NDJSON
// or as CSV.
class Records {
 public:
  ~Records() {
    if (fd_ > STDIN_FILENO) close(fd_);
  }

  Status Open(const std::string& path) {
    path_ = path;
    fd_ = path == "-" ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
    NoteInput(fd_);
    struct stat st;
    if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    return Status::Ok();
  }

  // Starts reading, as CSV (whose columns `model` types) or NDJSON.
  void Start(bool csv, const Model& model) {
    if (csv) {
      const size_t slash = path_.rfind('/');
      csv_.emplace(fd_, model, path_ == "-" ? "records.csv" : path_.substr(slash + 1));
    } else {
      ndjson_.emplace(fd_);
    }
  }

  RecordSource& reader() { return csv_ ? static_cast<RecordSource&>(*csv_) : *ndjson_; }
  std::uint64_t size() const { return size_; }  // 0 when unknown

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::optional<NdjsonRecords> ndjson_;
  std::optional<CsvRecords> csv_;
};

// The output folder as the batch's sink, whose failed records are lines of the error report and
// whose completed overrides are lines of --completed.
class ReportingSink : public FolderSink {
 public:
  ReportingSink(const OutputDir& out, ErrorReport& report, NdjsonOutput& completed)
      : FolderSink(out), report_(report), completed_(completed) {}

  Status Failed(size_t line, const std::string& serial, const Diagnostics& diags,
                const Status& error) override {
    return report_.Add(line, serial, diags, error.ok() ? "" : error.message());
  }

  Status Completed(size_t line, const std::string& serial, std::string_view overrides) override {
    if (Status noted = FolderSink::Completed(line, serial, overrides); !noted.ok()) return noted;
    return completed_.open() ? completed_.Add(std::string(overrides)) : Status::Ok();
  }

 private:
  ErrorReport& report_;
  NdjsonOutput& completed_;  // --completed
};

// Checks the reports a batch writes (flag, path if given) before any work: each a place an
// output may go (CheckOutputPath: no input of this run, no folder or link), no two at one file,
// and none at a pass's or bundle's name in the output folder `out_dir`. kInvalidArgument naming
// the clash.
Status CheckReportPaths(const std::string& out_dir,
                        const std::vector<std::pair<std::string_view, std::optional<std::string>>>& reports) {
  const std::string out = PlaceOf(out_dir + "/x").first;
  std::map<std::pair<std::string, std::string>, std::string_view> taken;
  for (const auto& [flag, path] : reports) {
    if (!path) continue;
    if (Status target = CheckOutputPath(*path); !target.ok()) return target;
    const auto place = PlaceOf(*path);
    if (place.first == out && (place.second.ends_with(".pkpass") || place.second.ends_with(".pkpasses"))) {
      return Status::InvalidArgument(std::string(flag) + " " + *path + " would replace a pass or bundle of --out-dir");
    }
    // One file: the same folder and name, or (once it exists) the same device and inode.
    struct stat st;
    const auto file = stat(path->c_str(), &st) == 0
                          ? std::make_pair("#" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino), std::string())
                          : place;
    if (const auto [it, added] = taken.emplace(file, flag); !added) {
      return Status::InvalidArgument(std::string(it->second) + " and " + std::string(flag) + " name one file, " + *path);
    }
  }
  return Status::Ok();
}

}  // namespace

int RunBatch(const Invocation& in) {
  const Flags& flags = in.flags;
  const Format format = in.format;
  BatchOptions setup;
  setup.from = in.from;
  std::string error;
  if (!ParseBuildOptions(flags, setup.build, error)) return UsageError(error);
  const auto model_dir = flags.Get("--model");
  // Updates: --patch PATCHES.ndjson or --patch-all PATCH.json over the stored overrides, given as
  // --base STORED.ndjson (or --records).
  const auto patches_path = flags.Get("--patch");
  const auto patch_all_path = flags.Get("--patch-all");
  if (patches_path && patch_all_path) return UsageError("give --patch or --patch-all, not both");
  const auto records_path = flags.Get("--base") ? flags.Get("--base") : flags.Get("--records");
  if (flags.Get("--base") && flags.Get("--records")) return UsageError("give --base or --records, not both");
  const auto out_dir = flags.Get("--out-dir");
  if (!model_dir || !records_path || !out_dir || !flags.positional().empty()) {
    return UsageError("batch needs --model DIR, --records FILE|-, --out-dir DIR and the signing flags");
  }
  setup.skip_existing = flags.Has("--skip-existing");
  if (const auto j = flags.Get("-j")) {
    char* end = nullptr;
    const long n = std::strtol(j->c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > 256) return UsageError("-j must be a number of threads from 1 to 256");
    setup.threads = static_cast<unsigned>(n);
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
  // CSV by --records-format, else by the records file's extension.
  const auto records_format = flags.Get("--records-format");
  if (records_format && *records_format != "csv" && *records_format != "ndjson") {
    return UsageError("--records-format takes ndjson or csv");
  }
  const bool csv = records_format ? *records_format == "csv"
                                  : records_path->size() > 4 && records_path->ends_with(".csv");
  if (csv && setup.from != PayloadFormat::kPass2u && !patches_path && !patch_all_path) {
    return UsageError("CSV records are native overrides, column by column: --from is for NDJSON records");
  }
  // The records are opened first, so that no output can be one of them.
  Records records;
  if (Status opened = records.Open(*records_path); !opened.ok()) return Report(format, opened, Diagnostics());
  // Every input is noted and every output checked against them and each other before any work,
  // so that a report can replace neither an input, nor a pass or bundle, nor the other report.
  NoteModelInputs(*model_dir);
  for (const std::string_view input : {"--cert", "--key", "--key-pass-file", "--wwdr", "--p12", "--p12-pass-file",
                                       "--patch", "--patch-all"}) {
    if (const auto path = flags.Get(input)) NoteInputPath(*path);
  }
  Result<std::optional<FileMapImageFetcher>> urls = ImageMapFlag(flags);  // notes its files
  if (!urls.ok()) {
    if (urls.status().code() == StatusCode::kInvalidArgument) return UsageError(urls.status().message());
    return Report(format, urls.status(), Diagnostics());
  }
  const auto errors_path = flags.Get("--errors");
  const auto completed_path = flags.Get("--completed");
  const auto issued_path = flags.Get("--issued");
  if (Status outputs = CheckReportPaths(*out_dir, {{"--errors", errors_path}, {"--completed", completed_path},
                                                   {"--issued", issued_path}});
      !outputs.ok()) {
    return UsageError(outputs.message());
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
  if (setup.skip_existing && model->generates_serials() && !issued_path) {
    return UsageError("--skip-existing with a model that generates serial numbers needs --issued FILE: the "
                      "serials drawn before are kept there, so that no record is given a second pass");
  }
  Result<std::unique_ptr<IssuedJournal>> journal = IssuedFlag(flags);
  if (!journal.ok()) return Report(format, journal.status(), Diagnostics());
  setup.issued = journal->get();
  records.Start(csv, *model);
  std::unique_ptr<PatchedRecords> patched;
  if (patches_path || patch_all_path) {
    Result<std::string> text = ReadInput(patches_path ? *patches_path : *patch_all_path);
    if (!text.ok()) return Report(format, text.status(), Diagnostics());
    // The stored records are native overrides; --from is the shape of the updates.
    Result<std::unique_ptr<PatchedRecords>> patches =
        patch_all_path ? PatchedRecords::ForAll(records.reader(), std::move(*text), setup.from, &*model)
                       : PatchedRecords::PerSerial(records.reader(), *text, setup.from, &*model);
    setup.from = PayloadFormat::kPass2u;
    if (!patches.ok()) {
      // The patches are an input: what makes them unusable is a rejection (exit 1), before any
      // pass is built.
      if (patches.status().code() != StatusCode::kInvalidArgument) return Report(format, patches.status(), Diagnostics());
      Diagnostics refused;
      refused.Error(codes::kPatchInvalid, "patch", "", patches.status().message());
      return Report(format, Status::InvalidPass("the patches cannot be applied"), refused);
    }
    patched = std::move(*patches);
  }
  RecordSource& source = patched ? static_cast<RecordSource&>(*patched) : records.reader();
  const std::optional<DirectoryImageStore> images = ImageStoreFlag(flags);
  setup.build.image_store = images ? &*images : nullptr;
  setup.build.image_fetcher = *urls ? &**urls : nullptr;
  std::error_code ec;
  std::filesystem::create_directories(*out_dir, ec);
  if (ec) return Report(format, Status::IoError("cannot create " + *out_dir + ": " + ec.message()), Diagnostics());
  const OutputDir out(*out_dir);
  if (!out.status().ok()) return Report(format, out.status(), Diagnostics());

  // The error report and the completed overrides are written to unnamed files beside their
  // names, put in place at the end.
  std::vector<std::unique_ptr<OutputDir>> report_dirs;  // outlive the files, which write into them
  auto open_output = [&](const std::optional<std::string>& path) -> Result<std::optional<AtomicFile>> {
    if (!path) return std::optional<AtomicFile>();
    const size_t slash = path->rfind('/');
    report_dirs.push_back(std::make_unique<OutputDir>(
        slash == std::string::npos ? "." : slash == 0 ? "/" : path->substr(0, slash)));
    Result<AtomicFile> file = report_dirs.back()->Create(path->substr(slash + 1));
    if (!file.ok()) return file.status();
    return std::optional<AtomicFile>(std::move(*file));
  };
  Result<std::optional<AtomicFile>> errors_file = open_output(errors_path);
  if (!errors_file.ok()) return Report(format, errors_file.status(), Diagnostics());
  Result<std::optional<AtomicFile>> completed_file = open_output(completed_path);
  if (!completed_file.ok()) return Report(format, completed_file.status(), Diagnostics());
  NdjsonOutput errors(std::move(*errors_file));
  NdjsonOutput completed(std::move(*completed_file));
  ErrorReport report(errors, format);
  const auto bundle_by = flags.Get("--bundle-by");
  setup.report_completed = completed.open() || bundle_by.has_value();
  BatchCounts counts;
  const auto start = std::chrono::steady_clock::now();
  Progress progress(counts, source, format == Format::kText ? records.size() : 0);
  ReportingSink sink(out, report, completed);
  if (bundle_by) sink.BundleBy(*bundle_by);
  Status stopped = pkpass::RunBatch(*model, *signer, source, sink, setup, counts);
  progress.Stop();
  size_t bundles_failed = 0;
  if (stopped.ok() && bundle_by) {
    Result<size_t> bundled = sink.WriteBundles(
        setup.build.timestamp.value_or(std::time(nullptr)),
        [&report](const std::string& name, const std::string& why) { report.AddBundle(name, why); });
    if (bundled.ok()) {
      bundles_failed = *bundled;
    } else {
      stopped = bundled.status();
    }
    if (stopped.ok() && !sink.any_bundle() && counts.built + counts.skipped > 0) {
      model_diags.Warning(codes::kBundleKeyAbsent, "", "",
                          "no record gave --bundle-by " + *bundle_by + " a value: no bundle was written");
    }
  }
  const std::pair<std::string_view, Status> reports[] = {{"the error report", errors.Finish()},
                                                          {"the completed overrides", completed.Finish()}};
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = static_cast<double>(counts.built) / std::max(seconds, 1e-9);
  char summary[256];
  std::snprintf(summary, sizeof(summary), "%zu passes, %zu errors, %zu skipped%s in %.2f s (%.0f passes/s)",
                counts.built.load(), counts.failed.load(), counts.skipped.load(),
                bundle_by ? (", " + std::to_string(bundles_failed) + " bundles failed").c_str() : "", seconds, rate);
  Status status = stopped;
  for (const auto& [what, written] : reports) {
    if (status.ok() && !written.ok()) status = written;
  }
  if (!status.ok()) {
    std::string message = "the batch stopped: " + status.message();
    for (const auto& [what, written] : reports) {
      if (status.message() != written.message() && !written.ok()) {
        message += "; and " + std::string(what) + " was not written: " + written.message();
      }
    }
    status = Status::IoError(message);
  } else if (counts.failed > 0) {
    status = Status::InvalidPass(std::to_string(counts.failed.load()) + " records failed");
  } else if (bundles_failed > 0) {
    status = Status::InvalidPass(std::to_string(bundles_failed) + " bundles failed");
  }
  if (format == Format::kText) {
    std::cerr << "batch: " << summary << "\n";
    return Report(format, status, model_diags);
  }
  return Report(format, status, model_diags,
                {{"passes", std::to_string(counts.built.load())},
                 {"errors", std::to_string(counts.failed.load())},
                 {"skipped", std::to_string(counts.skipped.load())},
                 {"bundles_failed", std::to_string(bundles_failed)},
                 {"seconds", std::to_string(seconds)}});
}

}  // namespace pkpass::cli
