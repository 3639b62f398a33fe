// pkpass-build batch --model DIR --records FILE|- --out-dir DIR [-j N] [--errors FILE]
//                    [--skip-existing] [--image-dir DIR] SIGNING [--deterministic]
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
#include <sys/stat.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bounded_queue.h"
#include "cli.h"
#include "commands.h"
#include "pkpass/barcode_registry.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"

namespace pkpass::cli {
namespace {

struct Record {
  size_t line = 0;
  std::string json;
  std::string serial;
  Diagnostics refused;  // problems found before building; the record is not built
};

constexpr size_t kChunk = 16;  // records handed to a worker at once

struct Counts {
  std::atomic<size_t> read{0}, built{0}, skipped{0}, failed{0};
  std::atomic<std::uint64_t> bytes_read{0};
};

// Returns the serialNumber of `json`, with any problem with it in `problems`.
std::string SerialOf(const std::string& json, Diagnostics& problems) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return "";  // the build reports the JSON itself
  auto it = doc.FindMember("serialNumber");
  if (it == doc.MemberEnd() || !it->value.IsString()) {
    problems.Error(codes::kBatchSerialMissing, "overrides", "/serialNumber",
                   "a batch record needs a string serialNumber: it names the output file");
    return "";
  }
  std::string serial(it->value.GetString(), it->value.GetStringLength());
  bool safe = !serial.empty() && serial.size() <= 200 && serial.front() != '.';
  for (char c : serial) safe &= c != '/' && c != '\\' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F;
  if (!safe) {
    problems.Error(codes::kBatchSerialUnsafe, "overrides", "/serialNumber",
                   "serialNumber \"" + serial + "\" is not a safe file name: no \"/\", \"\\\", "
                   "control characters or leading \".\", at most 200 bytes");
  }
  return serial;
}

// Writes the error report: one NDJSON line a failed record, in the order they fail.
class ErrorReport {
 public:
  ErrorReport(std::ostream* out, Format format) : out_(out), format_(format) {}

  void Add(size_t line, const std::string& serial, const Diagnostics& diags, const std::string& error) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("line");
    w.Uint64(line);
    w.Key("serial");
    w.String(serial.c_str(), static_cast<rapidjson::SizeType>(serial.size()));
    if (!error.empty()) {
      w.Key("error");
      w.String(error.c_str(), static_cast<rapidjson::SizeType>(error.size()));
    }
    w.Key("diagnostics");
    const std::string list = FormatJson(diags);
    w.RawValue(list.data(), list.size(), rapidjson::kArrayType);
    w.EndObject();
    std::lock_guard<std::mutex> lock(mu_);
    if (out_ != nullptr) {
      *out_ << buffer.GetString() << "\n";
    } else if (format_ == Format::kText) {
      std::cerr << "line " << line << " (" << serial << "): " << (error.empty() ? "" : error + "\n")
                << FormatText(diags);
    }
  }

 private:
  std::mutex mu_;
  std::ostream* out_;  // guarded by mu_; null: failures go to stderr
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

struct BatchSetup {
  std::string out_dir;
  bool skip_existing = false;
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
  Pipeline(const Model& model, const Signer& signer, const BatchSetup& setup, ErrorReport& report,
           Counts& counts)
      : model_(model), signer_(signer), setup_(setup), report_(report), counts_(counts),
        out_(setup.out_dir) {
    options_ = setup.options;
    options_.barcode_registry = &barcodes_;
  }

  // Reads `in` to its end and builds every record; returns whether reading succeeded. This thread
  // reads and prepares, the workers sign, the writers make the archives and write them.
  bool Run(std::istream& in) {
    BoundedQueue<std::vector<Prepared>> to_sign(4 * setup_.workers);
    BoundedQueue<std::vector<Prepared>> to_write(4 * setup_.workers);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < setup_.workers; ++i) {
      workers.emplace_back([&] {
        while (std::optional<std::vector<Prepared>> chunk = to_sign.Pop()) {
          std::erase_if(*chunk, [&](Prepared& p) { return !Sign(p.line, p.serial, p.pass); });
          to_write.Push(std::move(*chunk));
        }
      });
    }
    std::vector<std::thread> writers;
    for (unsigned i = 0; i < setup_.writers; ++i) {
      writers.emplace_back([&] {
        while (std::optional<std::vector<Prepared>> chunk = to_write.Pop()) {
          for (const Prepared& p : *chunk) Write(p.line, p.serial, p.pass.Archive());
        }
      });
    }
    std::vector<Prepared> chunk;
    const bool read_ok = ReadRecords(in, [&](Record r) {
      std::optional<PreparedPass> pass = Prepare(r);
      if (!pass) return;
      chunk.push_back({r.line, std::move(r.serial), std::move(*pass)});
      if (chunk.size() == kChunk) to_sign.Push(std::exchange(chunk, {}));
    });
    if (!chunk.empty()) to_sign.Push(std::move(chunk));
    to_sign.Close();
    for (std::thread& t : workers) t.join();
    to_write.Close();
    for (std::thread& t : writers) t.join();
    return read_ok;
  }

 private:
  void Fail(size_t line, const std::string& serial, const Diagnostics& diags, const std::string& error) {
    ++counts_.failed;
    report_.Add(line, serial, diags, error);
  }

  // Completes and prepares `r`; returns nullopt, the failure reported, when it cannot be built.
  std::optional<PreparedPass> Prepare(const Record& r) {
    Diagnostics diags;
    Result<std::string> completed =
        model_.CompleteOverrides(r.json, {.barcode_registry = &barcodes_}, diags);
    Result<PreparedPass> pass = completed.ok() ? model_.Prepare(*completed, signer_, options_, diags)
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

  void Write(size_t line, const std::string& serial, const Result<std::string>& archive) {
    Status written = archive.status();
    if (written.ok()) {
      written = out_.Write(serial + ".pkpass", *archive, 0644, /*durable=*/false);
    }
    if (written.ok()) {
      ++counts_.built;
    } else {
      Fail(line, serial, Diagnostics(), written.message());
    }
  }

  // Calls `take` with every record of `in` that is not refused or skipped, in line order.
  template <typename Take>
  bool ReadRecords(std::istream& in, Take take) {
    std::string line;
    size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      counts_.bytes_read += line.size() + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++counts_.read;
      Record r{number, std::move(line), "", {}};
      r.serial = SerialOf(r.json, r.refused);
      if (!r.serial.empty() && !r.refused.has_errors()) {
        if (!serials_.insert(std::hash<std::string>{}(r.serial)).second) {
          r.refused.Error(codes::kBatchSerialDuplicate, "overrides", "/serialNumber",
                          "serialNumber \"" + r.serial + "\" is already used earlier in this batch");
        } else if (setup_.skip_existing &&
                   access((setup_.out_dir + "/" + r.serial + ".pkpass").c_str(), F_OK) == 0) {
          ++counts_.skipped;
          continue;
        }
      }
      if (r.refused.has_errors()) {
        Fail(r.line, r.serial, r.refused, "");
      } else {
        take(std::move(r));
      }
      line.clear();
    }
    return !in.bad();
  }

  const Model& model_;
  const Signer& signer_;
  const BatchSetup& setup_;
  ErrorReport& report_;
  Counts& counts_;
  const OutputDir out_;
  BuildOptions options_;
  BarcodeRegistry barcodes_;
  std::unordered_set<std::uint64_t> serials_;  // hashes: 8 bytes a record, not the serials
};

}  // namespace

int RunBatch(const std::vector<std::string>& args) {
  Flags flags;
  std::string error;
  std::vector<std::string_view> valued = {"--model", "--records", "--out-dir", "-j", "--errors",
                                          "--image-dir", "--digest"};
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
  // A file costs 50-150 µs of kernel time on ext4 (bench/publish_bench) against about 240 µs
  // for a signature, so one writer keeps up with about three signing workers.
  setup.writers = (setup.workers + 2) / 3;
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

  std::ifstream file;
  std::istream* in = &std::cin;
  std::uint64_t total_bytes = 0;
  if (*records_path != "-") {
    file.open(*records_path, std::ios::binary);
    if (!file) return Report(format, Status::NotFound("cannot open " + *records_path), Diagnostics());
    total_bytes = std::filesystem::file_size(*records_path, ec);
    in = &file;
  }
  // The error report is written beside its final name and put in place when the batch ends.
  const auto errors_path = flags.Get("--errors");
  std::ofstream errors_file;
  if (errors_path) {
    errors_file.open(*errors_path + ".partial", std::ios::binary | std::ios::trunc);
    if (!errors_file) return Report(format, Status::IoError("cannot write " + *errors_path), Diagnostics());
  }
  ErrorReport report(errors_path ? &errors_file : nullptr, format);
  Counts counts;
  const auto start = std::chrono::steady_clock::now();
  Progress progress(counts, format == Format::kText ? total_bytes : 0);
  const bool read_ok = Pipeline(*model, *signer, setup, report, counts).Run(*in);
  progress.Stop();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (errors_path) {
    errors_file.close();
    std::filesystem::rename(*errors_path + ".partial", *errors_path, ec);
  }
  const double rate = static_cast<double>(counts.built) / std::max(seconds, 1e-9);
  char summary[256];
  std::snprintf(summary, sizeof(summary), "%zu passes, %zu errors, %zu skipped in %.2f s (%.0f passes/s)",
                counts.built.load(), counts.failed.load(), counts.skipped.load(), seconds, rate);
  Status status = !read_ok ? Status::IoError("cannot read " + *records_path)
                  : counts.failed > 0 ? Status::InvalidPass(std::to_string(counts.failed.load()) + " records failed")
                                      : Status::Ok();
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
