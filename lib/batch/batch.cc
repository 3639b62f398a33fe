// RunBatch (include/pkpass/batch.h): the calling thread reads and prepares, and it and the
// helper threads sign and store.
#include "pkpass/batch.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "batch/bounded_queue.h"
#include "internals.h"
#include "model/model_impl.h"
#include "overrides/generated_serial.h"
#include "overrides/parsed_overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/serials.h"
#include "util/compact_hash.h"
#include "util/keyed_hash.h"

namespace pkpass {
namespace {

constexpr size_t kChunk = 16;  // passes handed to a helper at once

// A record read, its overrides parsed once.
struct Record {
  size_t number = 0;
  std::optional<ParsedOverrides> overrides;
  std::string serial;
  Diagnostics refused;  // problems found before building; the record is not built
  std::optional<ImportedPayload> imported;  // when the records are a vendor's payloads
  bool serial_generated = false;  // by the model: the record stays shard 0's
};

// A record prepared on the calling thread, to be signed and stored by any thread.
struct Prepared {
  size_t number = 0;
  std::string serial;
  PreparedPass pass;
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

// A pass's barcode messages, and where each is given.
struct BarcodeMessage {
  std::string_view message;
  std::string file;
  std::string pointer;
};

// Returns the barcode messages `overrides` give the pass ("barcode", else "barcodes"), else the
// model's, which every pass without its own then shares.
std::vector<BarcodeMessage> BarcodeMessagesOf(const rapidjson::Value& overrides, const rapidjson::Value& model) {
  std::vector<BarcodeMessage> found;
  auto collect = [&found](const rapidjson::Value& doc, const std::string& file) {
    const rapidjson::Value* barcode = Member(doc, "barcode");
    const rapidjson::Value* message = barcode != nullptr && barcode->IsObject() ? Member(*barcode, "message") : nullptr;
    if (message != nullptr && message->IsString()) found.push_back({StringOf(*message), file, "/barcode/message"});
    const rapidjson::Value* list = Member(doc, "barcodes");
    for (rapidjson::SizeType i = 0; list != nullptr && list->IsArray() && i < list->Size(); ++i) {
      message = (*list)[i].IsObject() ? Member((*list)[i], "message") : nullptr;
      if (message != nullptr && message->IsString()) {
        found.push_back({StringOf(*message), file, "/barcodes/" + std::to_string(i) + "/message"});
      }
    }
  };
  collect(overrides, "overrides");
  if (found.empty()) collect(model, "pass.json");
  return found;
}

class Pipeline {
 public:
  Pipeline(const Model& model, const Signer& signer, PassSink& sink, const BatchOptions& options,
           BatchCounts& counts)
      : model_(model), signer_(signer), sink_(sink), options_(options), counts_(counts),
        barcodes_(options.barcode_registry != nullptr ? options.barcode_registry : &own_barcodes_) {
    build_ = options.build;
    build_.barcode_registry = barcodes_;
    barcodes_->SetShard(options.shard, options.shards);
    threads_ = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  }

  // Reads `records` to their end (or until the batch stops) and builds every record, on this
  // thread and threads_ - 1 more.
  Status Run(RecordSource& records) {
    ArchivePieces pieces;  // this thread's, reused from pass to pass
    if (threads_ == 1) {
      ReadRecords(records, [&](Record r) {
        if (std::optional<Prepared> p = Prepare(r)) Finish(*p, pieces);
      });
      return StopStatus();
    }
    BoundedQueue<std::vector<Prepared>> queue(4 * (threads_ - 1));
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < threads_; ++i) {
      helpers.emplace_back([&] {
        ArchivePieces own;
        while (std::optional<std::vector<Prepared>> chunk = queue.Pop()) {
          for (Prepared& p : *chunk) Finish(p, own);
        }
      });
    }
    // A chunk the helpers have no room for is finished here: this thread is one of the N.
    std::vector<Prepared> chunk;
    auto hand_off = [&] {
      if (!queue.TryPush(chunk)) {
        for (Prepared& p : chunk) Finish(p, pieces);
      }
      chunk.clear();
    };
    ReadRecords(records, [&](Record r) {
      if (std::optional<Prepared> p = Prepare(r)) chunk.push_back(std::move(*p));
      if (chunk.size() == kChunk) hand_off();
    });
    if (!chunk.empty()) hand_off();
    queue.Close();
    // The records have ended: this thread helps drain the queue rather than wait.
    while (std::optional<std::vector<Prepared>> left = queue.TryPop()) {
      for (Prepared& p : *left) Finish(p, pieces);
    }
    for (std::thread& t : helpers) t.join();
    return StopStatus();
  }

 private:
  void Fail(size_t number, const std::string& serial, const Diagnostics& diags, const Status& error) {
    ++counts_.failed;
    std::lock_guard<std::mutex> lock(fail_mu_);
    sink_.Failed(number, serial, diags, error);
  }

  // Ends the batch: no further record is read, signed or written. The first reason is kept.
  void Stop(Status why) {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (stop_status_.ok()) stop_status_ = std::move(why);
    stopped_ = true;
  }

  Status StopStatus() {
    std::lock_guard<std::mutex> lock(stop_mu_);
    return stop_status_;
  }

  // Completes and prepares `r`, whose overrides are parsed, and claims its serial; returns
  // nullopt, the failure reported, when it cannot be built (a record that fails claims nothing).
  std::optional<Prepared> Prepare(Record& r) {
    Diagnostics diags;
    Result<bool> completed = model_.Complete(*r.overrides, {.barcode_registry = barcodes_});
    std::vector<std::uint64_t> messages;
    if (completed.ok() && unique_barcodes_ && !UniqueBarcodes(r, messages, diags)) {
      if (r.imported) r.imported->PointIntoPayload(diags);
      Fail(r.number, r.serial, diags, Status::Ok());
      return std::nullopt;
    }
    Result<PreparedPass> pass = completed.ok() ? model_.Prepare(*r.overrides, signer_, build_, diags)
                                               : Result<PreparedPass>(completed.status());
    if (!pass.ok()) {
      const bool content = pass.status().code() == StatusCode::kInvalidPass;
      if (r.imported) r.imported->PointIntoPayload(diags);
      Fail(r.number, r.serial, diags, content ? Status::Ok() : pass.status());
      return std::nullopt;
    }
    serials_.Claim(r.serial, r.number);
    for (std::uint64_t hash : messages) barcode_messages_.Insert(hash, static_cast<std::uint32_t>(std::min<size_t>(r.number, UINT32_MAX)));
    if (options_.report_completed) sink_.Completed(r.number, r.serial, r.overrides->ToJson());
    return Prepared{r.number, std::move(r.serial), std::move(*pass)};
  }

  // With model.json's barcodeValues "unique": returns false, with the reason in `diags`, when a
  // barcode message of `r` is an earlier record's; else fills `hashes` to claim once `r` is built.
  bool UniqueBarcodes(const Record& r, std::vector<std::uint64_t>& hashes, Diagnostics& diags) {
    const Model::Impl& model = Internals::Get(model_);
    bool unique = true;
    for (const BarcodeMessage& m :
         BarcodeMessagesOf(Internals::Get(*r.overrides).doc, model.pass_json)) {
      const std::uint64_t hash = message_hash_(m.message);
      if (const std::optional<std::uint32_t> earlier = barcode_messages_.Find(hash)) {
        diags.Error(codes::kBarcodeDuplicate, m.file, m.pointer,
                    "the barcode message \"" + std::string(m.message) + "\" is record " +
                        std::to_string(*earlier) + "'s too; model.json's barcodeValues asks for "
                        "unique values");
        unique = false;
      }
      hashes.push_back(hash);
    }
    return unique;
  }

  // Signs `p` and stores it, its archive laid out in `pieces`. What stands in the way of this
  // one pass fails the record; kIoError from the sink stops the batch, since every later pass
  // would fail the same way. Nothing is done once the batch has stopped.
  void Finish(Prepared& p, ArchivePieces& pieces) {
    if (stopped_) return;
    Status written = p.pass.Sign();
    if (written.ok()) written = p.pass.ArchiveTo(pieces);
    if (written.ok()) written = sink_.Write(p.serial, pieces);
    if (written.ok()) {
      ++counts_.built;
    } else if (written.code() == StatusCode::kIoError) {
      Stop(written);
    } else {
      Fail(p.number, p.serial, Diagnostics(), written);
    }
  }

  // Returns whether this batch builds or reports `r`: a record with a serial belongs to the
  // shard of its serial (SerialShard), one without (not JSON, no string serial, too long) to
  // shard 0, so that every record of a split batch is handled by exactly one shard.
  bool InThisShard(const Record& r) const {
    if (options_.shards <= 1) return true;
    if (r.serial.empty() || r.serial_generated) return options_.shard == 0;
    return SerialShard(r.serial, options_.shards) == options_.shard;
  }

  // Returns the problem of `r`'s serial with the serials before it, or "".
  std::string DuplicateProblem(const Record& r) const {
    const size_t earlier = serials_.Find(r.serial);
    if (earlier == 0) return "";
    return "serialNumber \"" + r.serial + "\" names the same file as the serial of record " +
           std::to_string(earlier) + " (serials are compared ignoring case and Unicode "
           "normalisation, as file systems compare names)";
  }

  // Calls `take` with every record that is not refused or skipped, in order, until the records
  // end or the batch stops.
  template <typename Take>
  void ReadRecords(RecordSource& records, Take take) {
    std::string text;
    size_t number = 0;
    while (!stopped_) {
      Result<RecordSource::Next> next = records.Read(text, number);
      if (!next.ok()) return Stop(next.status());
      if (*next == RecordSource::Next::kEnd) return;
      Record r{number, std::nullopt, "", {}, std::nullopt, false};
      if (*next == RecordSource::Next::kTooLong || *next == RecordSource::Next::kRefused) {
        if (!InThisShard(r)) continue;
        ++counts_.read;
        if (*next == RecordSource::Next::kRefused) {
          r.refused = records.Refusal();
        } else {
          r.refused.Error(codes::kJsonTooLarge, "overrides", "",
                          "the record is longer than the limit of " + std::to_string(kMaxRecordBytes) +
                              " bytes; it was skipped");
        }
        Fail(r.number, r.serial, r.refused, Status::Ok());
        continue;
      }
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::string_view overrides = text;
      if (const ImportedPayload* origins = records.Origins()) r.imported.emplace(*origins);
      if (options_.from != PayloadFormat::kPass2u) {
        Result<ImportedPayload> imported = ImportPayload(options_.from, text, &model_, r.refused);
        if (imported.ok()) r.imported.emplace(std::move(*imported));
        overrides = r.imported ? std::string_view(r.imported->overrides()) : std::string_view();
      }
      if (r.imported || options_.from == PayloadFormat::kPass2u) {
        if (Result<ParsedOverrides> parsed = ParsedOverrides::Parse(overrides, r.refused); parsed.ok()) {
          r.overrides.emplace(std::move(*parsed));
          // A record without a serial is shard 0's: only there does the model generate one.
          if (!r.overrides->serial_number() && InThisShard(r)) {
            Result<bool> generated = CompleteSerial(Internals::Get(model_), *r.overrides);
            if (!generated.ok()) return Stop(generated.status());
            r.serial_generated = *generated;
          }
          r.serial = SerialOf(*r.overrides, r.refused);
        }
        if (r.imported) r.imported->PointIntoPayload(r.refused);
      }
      if (!InThisShard(r)) continue;
      ++counts_.read;
      if (!r.serial.empty() && !r.refused.has_errors()) {
        if (const std::string problem = DuplicateProblem(r); !problem.empty()) {
          Diagnostics duplicate;
          duplicate.Error(codes::kBatchSerialDuplicate, "overrides", "/serialNumber", problem);
          if (r.imported) r.imported->PointIntoPayload(duplicate);
          r.refused.Append(duplicate);
        } else if (options_.skip_existing && sink_.Exists(r.serial)) {
          serials_.Claim(r.serial, r.number);
          ++counts_.skipped;
          continue;
        }
      }
      if (r.refused.has_errors()) {
        Fail(r.number, r.serial, r.refused, Status::Ok());
      } else {
        take(std::move(r));
      }
      text = std::string();
    }
  }

  const Model& model_;
  const Signer& signer_;
  PassSink& sink_;
  const BatchOptions& options_;
  BatchCounts& counts_;
  BarcodeRegistry own_barcodes_;
  BarcodeRegistry* barcodes_;
  BuildOptions build_;
  unsigned threads_ = 1;
  SerialRegistry serials_;  // only the reading thread uses it
  // With barcodeValues "unique": the hashes of the barcode messages of the records built so far,
  // with the record's number. Only the reading thread uses them.
  const bool unique_barcodes_ = Internals::Get(model_).config.unique_barcodes;
  KeyedHash message_hash_;
  CompactHashMap barcode_messages_;
  std::atomic<bool> stopped_{false};
  std::mutex stop_mu_;
  Status stop_status_;  // guarded by stop_mu_
  std::mutex fail_mu_;  // one PassSink::Failed at a time
};

}  // namespace

Status RunBatch(const Model& model, const Signer& signer, RecordSource& records, PassSink& sink,
                const BatchOptions& options, BatchCounts& counts) {
  if (options.shards == 0 || options.shard >= options.shards) {
    return Status::InvalidArgument("the shard must be from 0 to shards - 1");
  }
  Pipeline pipeline(model, signer, sink, options, counts);
  return pipeline.Run(records);
}

}  // namespace pkpass
