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
#include "batch/issued_claim.h"
#include "internals.h"
#include "model/model_impl.h"
#include "overrides/generated_serial.h"
#include "overrides/parsed_overrides.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/issued.h"
#include "pkpass/verify.h"
#include "resolve/barcode_values.h"
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
  std::string digest;             // RecordDigest of its text, with BatchOptions::issued
  std::optional<IssuedPass> earlier;  // what an earlier run issued to this record
};

// A record prepared on the calling thread, to be signed and stored by any thread.
struct Prepared {
  size_t number = 0;
  std::string serial;
  PreparedPass pass;
};

// A record's number as a table's 32-bit value (numbers past it are kept as the largest).
std::uint32_t Tag(size_t number) { return static_cast<std::uint32_t>(std::min<size_t>(number, UINT32_MAX)); }

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
// model's, which every pass without its own then shares; empty ones are left out.
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
  // An empty message is refused by the validator (barcode-message-empty), not claimed.
  std::erase_if(found, [](const BarcodeMessage& m) { return m.message.empty(); });
  return found;
}

class Pipeline {
 public:
  Pipeline(const Model& model, const Signer& signer, PassSink& sink, const BatchOptions& options,
           BatchCounts& counts)
      : model_(model), signer_(signer), sink_(sink), options_(options), counts_(counts),
        issued_(options.build.issued),
        barcodes_(options.build.validate.barcode_registry != nullptr ? options.build.validate.barcode_registry
                                                                      : &own_barcodes_) {
    build_ = options.build;
    build_.validate.barcode_registry = barcodes_;
    build_.issued = nullptr;  // the batch claims through issued_, with each record
    barcodes_->SetShard(options.shard, options.shards);
    barcodes_->SetIssued(issued_);
    threads_ = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  }

  // Reads `records` to their end (or until the batch stops) and builds every record, on this
  // thread and threads_ - 1 more.
  Status Run(RecordSource& records) {
    ArchivePieces pieces;  // this thread's, reused from pass to pass
    // Chunks of prepared passes; their issued values are made durable before any is stored.
    std::vector<Prepared> chunk;
    if (threads_ == 1) {
      ReadRecords(records, [&](Record r) {
        if (std::optional<Prepared> p = Prepare(r)) chunk.push_back(std::move(*p));
        if (chunk.size() == kChunk && Durable()) FinishAll(chunk, pieces);
      });
      if (!chunk.empty() && Durable()) FinishAll(chunk, pieces);
      return StopStatus();
    }
    BoundedQueue<std::vector<Prepared>> queue(4 * (threads_ - 1));
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < threads_; ++i) {
      helpers.emplace_back([&] {
        ArchivePieces own;
        while (std::optional<std::vector<Prepared>> next = queue.Pop()) FinishAll(*next, own);
      });
    }
    // A chunk the helpers have no room for is finished here: this thread is one of the N.
    auto hand_off = [&] {
      if (Durable() && !queue.TryPush(chunk)) FinishAll(chunk, pieces);
      chunk.clear();
    };
    ReadRecords(records, [&](Record r) {
      if (std::optional<Prepared> p = Prepare(r)) chunk.push_back(std::move(*p));
      if (chunk.size() == kChunk) hand_off();
    });
    if (!chunk.empty()) hand_off();
    queue.Close();
    // The records have ended: this thread helps drain the queue rather than wait.
    while (std::optional<std::vector<Prepared>> left = queue.TryPop()) FinishAll(*left, pieces);
    for (std::thread& t : helpers) t.join();
    return StopStatus();
  }

 private:
  // Reports a record that ends without a pass. A report that cannot be written stops the batch.
  void Fail(size_t number, const std::string& serial, const Diagnostics& diags, const Status& error) {
    ++counts_.failed;
    std::lock_guard<std::mutex> lock(fail_mu_);
    if (Status reported = sink_.Failed(number, serial, diags, error); !reported.ok()) Stop(reported);
  }

  // Gives the sink a record's completed overrides; false, the batch stopped, when it fails.
  bool ReportCompleted(const Record& r) {
    if (!options_.report_completed) return true;
    Status reported = sink_.Completed(r.number, r.serial, *r.overrides);
    if (!reported.ok()) Stop(reported);
    return reported.ok();
  }

  // Makes the issued values claimed so far durable, before the passes that hold them are
  // stored; false, the batch stopped, when they cannot be.
  bool Durable() {
    if (issued_ == nullptr || stopped_) return !stopped_;
    Status synced = issued_->Sync();
    if (!synced.ok()) Stop(synced);
    return synced.ok();
  }

  // Finishes every pass of `chunk`, which is then empty.
  void FinishAll(std::vector<Prepared>& chunk, ArchivePieces& pieces) {
    for (Prepared& p : chunk) Finish(p, pieces);
    chunk.clear();
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

  // Completes and prepares `r`, whose overrides are parsed and whose barcode messages are claimed
  // in record order, and claims its serial and values; returns nullopt, the failure reported,
  // when it cannot be built (its serial is then not claimed).
  std::optional<Prepared> Prepare(Record& r) {
    Diagnostics diags;
    rapidjson::Document& overrides = Internals::Get(*r.overrides).doc;
    Result<bool> completed = CompleteBarcode(Internals::Get(model_).config, overrides, barcodes_, EarlierGenerated(r));
    if (completed.ok() && *completed && unique_barcodes_) {  // a later record may not give it
      barcode_messages_.Insert(message_hash_(StringOf(overrides["barcode"]["message"])), Tag(r.number));
    }
    if (completed.ok()) {
      const std::string earlier_nfc = r.earlier && !r.earlier->nfc.empty() ? r.earlier->nfc.front() : "";
      Result<bool> nfc = CompleteNfc(Internals::Get(model_).config, overrides, barcodes_, earlier_nfc);
      if (!nfc.ok()) completed = nfc.status();
    }
    if (completed.ok() && !ClaimIssued(r, diags)) {
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
    if (!ReportCompleted(r)) return std::nullopt;
    return Prepared{r.number, std::move(r.serial), std::move(*pass)};
  }

  // The barcode value an earlier run generated for `r`, or "": it is given the same again.
  std::string EarlierGenerated(const Record& r) const {
    if (!r.earlier || r.earlier->barcodes.empty() || !Internals::Get(model_).config.barcode_values) return "";
    return r.earlier->barcodes.front();
  }

  // With BatchOptions::issued: claims `r`'s serial, its record and (when the model keeps them
  // unique or generates them) its barcode messages (ClaimIssuedPass). False, with the reason in
  // `diags`, when it cannot be built: another pass holds a message, or the store failed (the
  // batch then stops).
  bool ClaimIssued(const Record& r, Diagnostics& diags) {
    if (issued_ == nullptr) return true;
    IssuedPass pass{r.serial, {}, {}, r.number, r.digest};
    const Model::Impl& model = Internals::Get(model_);
    if (unique_barcodes_ || model.config.barcode_values) {
      for (const BarcodeMessage& m : BarcodeMessagesOf(Internals::Get(*r.overrides).doc, model.pass_json)) {
        pass.barcodes.emplace_back(m.message);
      }
    }
    if (model.config.nfc_values) {  // its generated NFC message, written in by Prepare
      const rapidjson::Value* nfc = Member(Internals::Get(*r.overrides).doc, "nfc");
      const rapidjson::Value* message = nfc != nullptr && nfc->IsObject() ? Member(*nfc, "message") : nullptr;
      if (message != nullptr && message->IsString()) pass.nfc.emplace_back(StringOf(*message));
    }
    Result<bool> claimed = ClaimIssuedPass(*issued_, std::move(pass), unique_barcodes_, diags);
    if (!claimed.ok()) Stop(claimed.status());
    return claimed.ok() && *claimed;
  }

  // With model.json's barcodeValues "unique": claims the barcode messages `r` gives (its own, or
  // the model's when it gives none and the model generates none) for record r.number, the first
  // record to give a message owning it. Returns false, with the reason in `diags`, when an
  // earlier record owns one (nothing is claimed then). Every record with a serial claims, in
  // record order, whatever becomes of it later, and so does a record of another shard
  // (`diags` null): every shard, and a resumed run, refuses exactly what one whole run refuses.
  bool UniqueBarcodes(const Record& r, Diagnostics* diags) {
    const Model::Impl& model = Internals::Get(model_);
    const rapidjson::Value& overrides = Internals::Get(*r.overrides).doc;
    if (model.config.barcode_values && GeneratedBarcodeMessageNeeded(overrides)) return true;  // drawn unique
    const std::vector<BarcodeMessage> messages = BarcodeMessagesOf(overrides, model.pass_json);
    std::vector<std::uint64_t> hashes;
    bool unique = true;
    for (const BarcodeMessage& m : messages) {
      const std::uint64_t hash = message_hash_(m.message);
      if (const std::optional<std::uint32_t> earlier = barcode_messages_.Find(hash)) {
        if (diags != nullptr) {
          diags->Error(codes::kBarcodeDuplicate, m.file, m.pointer,
                       "the barcode message \"" + std::string(m.message) + "\" is record " +
                           std::to_string(*earlier) + "'s too; model.json's barcodeValues asks for "
                           "unique values");
        }
        unique = false;
      }
      hashes.push_back(hash);
    }
    if (!unique) return false;
    for (size_t i = 0; i < messages.size(); ++i) {
      barcode_messages_.Insert(hashes[i], Tag(r.number));
      barcodes_->Claim(messages[i].message);  // so that no value generated later repeats it
    }
    return true;
  }

  // With skip_existing, for a record whose pass the sink holds: registers the values that pass
  // was issued (from the issued values, else read back from the pass once it verifies) so that
  // none is generated again, and reports its completed overrides as the run that built it did.
  // Returns false when the pass is to be built again (it does not verify).
  bool Skip(Record& r) {
    const Model::Impl& model = Internals::Get(model_);
    const bool generates = model.config.barcode_values && GeneratedBarcodeMessageNeeded(Internals::Get(*r.overrides).doc);
    std::vector<std::string> messages;
    if (r.earlier) {
      messages = r.earlier->barcodes;
    } else if (generates || unique_barcodes_) {
      Result<std::string> bytes = sink_.Read(r.serial);
      Diagnostics verified;
      if (!bytes.ok() && bytes.status().code() == StatusCode::kIoError) {
        Stop(bytes.status());
        return true;
      }
      VerifyOptions signature_only;  // the chain is the signer's to trust
      signature_only.skip_chain_check = true;
      if (!bytes.ok() || !Verify(*bytes, signature_only, verified).ok()) return false;
      Result<std::vector<std::string>> read = IssuedBarcodeMessages(*bytes);
      if (!read.ok()) return false;
      messages = std::move(*read);
    }
    for (const std::string& m : messages) barcodes_->Claim(m);
    if (generates && !messages.empty()) {
      (void)CompleteBarcode(model.config, Internals::Get(*r.overrides).doc, nullptr, messages.front());
    }
    if (issued_ != nullptr && !r.earlier) {
      // Passes built before the values were kept: recorded as they are, conflict or not.
      IssuedPass pass{r.serial, messages, {}, r.number, r.digest};  // read back only when they matter
      Diagnostics ignored;
      Result<bool> claimed = ClaimIssuedPass(*issued_, std::move(pass), false, ignored);
      if (!claimed.ok()) {
        Stop(claimed.status());
        return true;
      }
    }
    serials_.Claim(r.serial, r.number);
    ++counts_.skipped;
    ReportCompleted(r);
    return true;
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

  // With BatchOptions::issued: notes the digest of `r`'s `text` and what an earlier run issued to
  // that record. Returns false when the issued values cannot be read: the batch has stopped.
  bool LookUpEarlier(Record& r, std::string_view text) {
    if (issued_ == nullptr) return true;
    r.digest = RecordDigest(text);
    Result<std::optional<IssuedPass>> earlier = issued_->ForRecord(r.number, r.digest);
    if (!earlier.ok()) {
      Stop(earlier.status());
      return false;
    }
    r.earlier = std::move(*earlier);
    return true;
  }

  // Returns the problem of `r`'s serial with the serials before it, or "".
  std::string DuplicateProblem(const Record& r) const {
    const size_t earlier = serials_.Find(r.serial);
    if (earlier == 0) return "";
    return "serialNumber \"" + r.serial + "\" names the same file as the serial of record " +
           std::to_string(earlier) + " (serials are compared ignoring case and Unicode "
           "normalisation, as file systems compare names)";
  }

  // A payload refused for its own errors is still resolved, so that its report also holds the
  // pass's problems, as validate and build report them: one run finds them all.
  void AddPassProblems(Record& r) {
    Diagnostics found;
    (void)model_.Resolve(*r.overrides,
                         {.strict = build_.validate.strict,
                          .image_store = build_.validate.image_store,
                          .image_fetcher = build_.validate.image_fetcher,
                          .derive_images = build_.validate.derive_images},
                         found);
    r.imported->PointIntoPayload(found);
    r.refused.Append(found);
  }

  // A record the source could not give (too long, or refused): a failure, when in this shard.
  void FailUnread(RecordSource& records, RecordSource::Next next, Record& r) {
    if (!InThisShard(r)) return;
    ++counts_.read;
    if (next == RecordSource::Next::kRefused) {
      r.refused = records.Refusal();
    } else {
      r.refused.Error(codes::kJsonTooLarge, "overrides", "",
                      "the record is longer than the limit of " + std::to_string(kMaxRecordBytes) +
                          " bytes; it was skipped");
    }
    Fail(r.number, r.serial, r.refused, Status::Ok());
  }

  // Reads the record `text` into `r`: imported when it is a vendor's payload (a payload with
  // errors is refused; it still gives its serial for the report), parsed, and, without a serial,
  // given the one the model generates or an earlier run drew for it. False when the batch stops.
  bool ParseRecord(RecordSource& records, const std::string& text, Record& r) {
    if (const ImportedPayload* origins = records.Origins()) r.imported.emplace(*origins);
    if (options_.from != PayloadFormat::kPass2u) {
      Result<ImportedPayload> imported = ImportPayload(options_.from, text, &model_, r.refused);
      if (imported.ok()) r.imported.emplace(std::move(*imported));
    }
    if (!r.imported && options_.from != PayloadFormat::kPass2u) return true;
    // A payload's or a row's overrides are the document its import built, not parsed again.
    Result<ParsedOverrides> parsed = r.imported ? r.imported->Parse(r.refused) : ParsedOverrides::Parse(text, r.refused);
    if (parsed.ok()) {
      r.overrides.emplace(std::move(*parsed));
      // A record without a serial is shard 0's: only there does the model generate one, or give
      // it the one an earlier run drew for it.
      if (!r.overrides->serial_number() && InThisShard(r)) {
        if (!LookUpEarlier(r, text)) return false;
        Result<bool> generated = CompleteSerial(Internals::Get(model_), *r.overrides,
                                                r.earlier ? std::string_view(r.earlier->serial) : std::string_view());
        if (!generated.ok()) {
          Stop(generated.status());
          return false;
        }
        r.serial_generated = *generated;
      }
      r.serial = SerialOf(*r.overrides, r.refused);
    }
    if (r.imported) r.imported->PointIntoPayload(r.refused);
    return true;
  }

  // Checks a usable record of this shard against the records before it (unique barcodes, a
  // duplicate serial) and the passes kept (skip_existing). Returns whether it was skipped.
  bool CheckAgainstEarlier(Record& r) {
    Diagnostics problems;
    if (unique_barcodes_) UniqueBarcodes(r, &problems);
    if (const std::string problem = DuplicateProblem(r); !problem.empty()) {
      problems.Error(codes::kBatchSerialDuplicate, "overrides", "/serialNumber", problem);
    } else if (!problems.has_errors() && options_.skip_existing && sink_.Exists(r.serial) && Skip(r)) {
      return true;
    }
    if (r.imported) r.imported->PointIntoPayload(problems);
    r.refused.Append(problems);
    return false;
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
      Record r;
      r.number = number;
      if (*next == RecordSource::Next::kTooLong || *next == RecordSource::Next::kRefused) {
        FailUnread(records, *next, r);
        continue;
      }
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (!ParseRecord(records, text, r)) return;
      const bool usable = !r.serial.empty() && !r.refused.has_errors();
      if (!InThisShard(r)) {
        if (usable && unique_barcodes_) UniqueBarcodes(r, nullptr);  // another shard's record
        continue;
      }
      ++counts_.read;
      if (usable && r.digest.empty() && !LookUpEarlier(r, text)) return;
      if (usable && CheckAgainstEarlier(r)) continue;
      if (r.refused.has_errors()) {
        if (options_.from != PayloadFormat::kPass2u && r.imported && r.overrides) AddPassProblems(r);
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
  IssuedValues* const issued_;  // options.build.issued: not owned
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
