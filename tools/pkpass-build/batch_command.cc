// pkpass-build batch: the library's batch with a folder as its sink and NDJSON reports. Flags and text: commands.cc.
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "cli.h"
#include "commands.h"
#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"

namespace pkpass::cli {
namespace {

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

// The output folder as the batch's sink; without an error report, failures are text on stderr.
class ReportingSink : public FolderSink {
 public:
  ReportingSink(const OutputDir& out, BatchReports& reports, Format format)
      : FolderSink(out, reports), text_(!reports.keeps_errors() && format == Format::kText) {}

  Status Failed(size_t line, const std::string& serial, const Diagnostics& diags, const Status& error) override {
    Text("line " + std::to_string(line) + " (" + serial + "): " + (error.ok() ? "" : error.message() + "\n"), diags);
    return FolderSink::Failed(line, serial, diags, error);
  }

  void FailedBundle(const std::string& name, const std::string& why) override {
    Diagnostics diags;
    diags.Error(codes::kBundleInvalid, name, "", why);
    Text("", diags);
    FolderSink::FailedBundle(name, why);
  }

 private:
  // `head` and the first diagnostics on stderr, one failure at a time.
  void Text(const std::string& head, const Diagnostics& diags) {
    if (!text_) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::cerr << head
              << FormatText(FirstDiagnostics(diags, BatchReports::kReportItems, BatchReports::kReportBytes));
  }

  const bool text_;
  std::mutex mu_;
};

// The files and choices of a batch command line.
struct BatchArgs {
  std::string model, records, out;
  std::optional<std::string> patches, patch_all, errors, completed, issued, bundle_by;
  bool csv = false;
};

// Reads the batch's flags into `args` and `setup`.
Exit ParseBatch(const Invocation& in, BatchArgs& args, BatchOptions& setup) {
  std::string error;
  if (!ParseBuildOptions(in.flags, setup.build, error)) return UsageError(error);
  setup.from = in.from;
  // Updates: --patch or --patch-all over the stored overrides, given as --base (or --records).
  args.patches = in.flags.Get("--patch");
  args.patch_all = in.flags.Get("--patch-all");
  if (args.patches && args.patch_all) return UsageError("give --patch or --patch-all, not both");
  if (in.flags.Get("--base") && in.flags.Get("--records")) return UsageError("give --base or --records, not both");
  const auto records = in.flags.Get("--base") ? in.flags.Get("--base") : in.flags.Get("--records");
  if (!in.flags.Get("--model") || !records || !in.flags.Get("--out-dir") || !in.flags.positional().empty()) {
    return UsageError("batch needs --model DIR, --records FILE|-, --out-dir DIR and the signing flags");
  }
  args.model = *in.flags.Get("--model");
  args.records = *records;
  args.out = *in.flags.Get("--out-dir");
  args.errors = in.flags.Get("--errors");
  args.completed = in.flags.Get("--completed");
  args.issued = in.flags.Get("--issued");
  args.bundle_by = in.flags.Get("--bundle-by");
  setup.skip_existing = in.flags.Has("--skip-existing");
  if (const auto j = in.flags.Get("-j")) {
    const auto [end, failed] = std::from_chars(j->data(), j->data() + j->size(), setup.threads);
    if (failed != std::errc() || end != j->data() + j->size() || setup.threads < 1 || setup.threads > 256) {
      return UsageError("-j must be a number of threads from 1 to 256");
    }
  }
  if (const auto shard = in.flags.Get("--shard"); shard && !ParseShard(*shard, setup.shard, setup.shards)) {
    return UsageError("--shard takes K/N: this run builds shard K (from 0) of N (1 to 65536)");
  }
  // CSV by --records-format, else by the records file's extension.
  const auto format = in.flags.Get("--records-format");
  if (format && *format != "csv" && *format != "ndjson") return UsageError("--records-format takes ndjson or csv");
  args.csv = format ? *format == "csv" : args.records.size() > 4 && args.records.ends_with(".csv");
  if (args.csv && setup.from != PayloadFormat::kPass2u && !args.patches && !args.patch_all) {
    return UsageError("CSV records are native overrides, column by column: --from is for NDJSON records");
  }
  return std::nullopt;
}

// The stored records with --patch or --patch-all applied, into `patched`; `setup.from`, the
// shape of the updates, becomes the native form of the records they make.
Exit OpenPatches(const Invocation& in, const BatchArgs& args, const Model& model, RecordSource& base,
                 BatchOptions& setup, std::unique_ptr<PatchedRecords>& patched) {
  if (!args.patches && !args.patch_all) return std::nullopt;
  Result<std::string> text = ReadInput(args.patches ? *args.patches : *args.patch_all);
  if (!text.ok()) return Report(in.format, text.status(), Diagnostics());
  Result<std::unique_ptr<PatchedRecords>> patches =
      args.patch_all ? PatchedRecords::ForAll(base, std::move(*text), setup.from, &model)
                     : PatchedRecords::PerSerial(base, *text, setup.from, &model);
  setup.from = PayloadFormat::kPass2u;
  if (!patches.ok()) {
    // The patches are an input: what makes them unusable is a rejection (exit 1), before any
    // pass is built.
    if (patches.status().code() != StatusCode::kInvalidArgument) return Report(in.format, patches.status(), Diagnostics());
    Diagnostics refused;
    refused.Error(codes::kPatchInvalid, "patch", "", patches.status().message());
    return Report(in.format, Status::InvalidPass("the patches cannot be applied"), refused);
  }
  patched = std::move(*patches);
  return std::nullopt;
}

// What a batch did, and the files it wrote at the end.
struct BatchOutcome {
  Status stopped;
  size_t bundles_failed = 0;
  double seconds = 0;
};

// Reports the outcome: the summary, and the exit code.
int ReportBatch(const Invocation& in, const BatchArgs& args, const BatchCounts& counts, const BatchOutcome& outcome,
                const Diagnostics& diags) {
  Status status = outcome.stopped;
  if (status.ok() && counts.failed > 0) {
    status = Status::InvalidPass(std::to_string(counts.failed.load()) + " records failed");
  } else if (status.ok() && outcome.bundles_failed > 0) {
    status = Status::InvalidPass(std::to_string(outcome.bundles_failed) + " bundles failed");
  }
  if (in.format == Format::kText) {
    char summary[256];
    std::snprintf(summary, sizeof(summary), "%zu passes, %zu errors, %zu skipped%s in %.2f s (%.0f passes/s)",
                  counts.built.load(), counts.failed.load(), counts.skipped.load(),
                  args.bundle_by ? (", " + std::to_string(outcome.bundles_failed) + " bundles failed").c_str() : "",
                  outcome.seconds, static_cast<double>(counts.built) / std::max(outcome.seconds, 1e-9));
    std::cerr << "batch: " << summary << "\n";
    return Report(in.format, status, diags);
  }
  return Report(in.format, status, diags,
                {{"passes", std::to_string(counts.built.load())},
                 {"errors", std::to_string(counts.failed.load())},
                 {"skipped", std::to_string(counts.skipped.load())},
                 {"bundles_failed", std::to_string(outcome.bundles_failed)},
                 {"seconds", std::to_string(outcome.seconds)}});
}

// Runs the batch into the folder `out`, then writes its bundles; returns the exit code.
int Run(const Invocation& in, const BatchArgs& args, Inputs& inputs, RecordSource& source, std::uint64_t size,
        const BatchOptions& setup, const OutputDir& out) {
  BatchReports reports;
  if (Status opened = reports.Open(args.errors, args.completed); !opened.ok()) {
    return Report(in.format, opened, Diagnostics());
  }
  BatchOptions options = setup;
  options.report_completed = reports.keeps_completed() || args.bundle_by.has_value();
  BatchCounts counts;
  const auto start = std::chrono::steady_clock::now();
  Progress progress(counts, source, in.format == Format::kText ? size : 0);
  ReportingSink sink(out, reports, in.format);
  if (args.bundle_by) sink.BundleBy(*args.bundle_by);
  BatchOutcome outcome{RunBatch(inputs.model(), inputs.signer(), source, sink, options, counts)};
  progress.Stop();
  if (outcome.stopped.ok() && args.bundle_by) {
    Result<size_t> bundled = sink.WriteBundles(options.build.timestamp.value_or(std::time(nullptr)));
    outcome.stopped = bundled.status();
    outcome.bundles_failed = bundled.ok() ? *bundled : 0;
    if (outcome.stopped.ok() && !sink.any_bundle() && counts.built + counts.skipped > 0) {
      inputs.diags.Warning(codes::kBundleKeyAbsent, "", "",
                           "no record gave --bundle-by " + *args.bundle_by + " a value: no bundle was written");
    }
  }
  outcome.stopped = reports.Finish(outcome.stopped);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return ReportBatch(in, args, counts, outcome, inputs.diags);
}

}  // namespace

int RunBatch(const Invocation& in) {
  BatchArgs args;
  BatchOptions setup;
  if (Exit exit = ParseBatch(in, args, setup)) return *exit;
  // The records are opened first, so that no output can be one of them. Every input is noted and
  // every output checked against them and each other before any work, so that a report can
  // replace neither an input, nor a pass or bundle, nor the other report.
  Result<std::unique_ptr<RecordFile>> records = RecordFile::Open(args.records);
  if (!records.ok()) return Report(in.format, records.status(), Diagnostics());
  Inputs inputs;
  if (Exit exit = inputs.Note(in)) return *exit;
  if (Status outputs = CheckOutputPaths(
          {{"--errors", args.errors}, {"--completed", args.completed}, {"--issued", args.issued}}, args.out);
      !outputs.ok()) {
    return UsageError(outputs.message());
  }
  if (Exit exit = inputs.Load(in, /*sign=*/true)) return *exit;
  if (setup.skip_existing && inputs.model().generates_serials() && !args.issued) {
    return UsageError("--skip-existing with a model that generates serial numbers needs --issued FILE: the "
                      "serials drawn before are kept there, so that no record is given a second pass");
  }
  if (Exit exit = inputs.OpenIssued(in)) return *exit;
  setup.build.issued = inputs.journal();
  setup.build.validate = inputs.validate(in.flags);
  (*records)->Start(args.csv, inputs.model());
  std::unique_ptr<PatchedRecords> patched;
  if (Exit exit = OpenPatches(in, args, inputs.model(), (*records)->source(), setup, patched)) return *exit;
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  if (ec) return Report(in.format, Status::IoError("cannot create " + args.out + ": " + ec.message()), Diagnostics());
  const OutputDir out(args.out);
  if (!out.status().ok()) return Report(in.format, out.status(), Diagnostics());
  RecordSource& source = patched ? static_cast<RecordSource&>(*patched) : (*records)->source();
  return Run(in, args, inputs, source, (*records)->size(), setup, out);
}

}  // namespace pkpass::cli
