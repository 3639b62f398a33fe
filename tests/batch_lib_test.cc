// The library's batch, driven in-process: records from memory, passes into a map.
#include "pkpass/batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pkpass/diagnostic_codes.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using testing::IsOk;
using testing::Pki;

// Returns options with `threads` threads (0: one per core).
BatchOptions Threads(unsigned threads) {
  BatchOptions options;
  options.threads = threads;
  return options;
}

BatchOptions Shard(std::uint32_t shard, std::uint32_t shards) {
  BatchOptions options;
  options.shard = shard;
  options.shards = shards;
  return options;
}

// Records from a list; a record "!" stands for one longer than the limit.
class ListSource : public RecordSource {
 public:
  explicit ListSource(std::vector<std::string> records, Status fail_at_end = Status::Ok())
      : records_(std::move(records)), fail_at_end_(std::move(fail_at_end)) {}
  Result<Next> Read(std::string& record, size_t& number) override {
    if (next_ == records_.size()) {
      if (!fail_at_end_.ok()) return fail_at_end_;
      return Next::kEnd;
    }
    number = ++next_;
    record = records_[next_ - 1];
    return record == "!" ? Next::kTooLong : Next::kRecord;
  }

 private:
  std::vector<std::string> records_;
  Status fail_at_end_;
  size_t next_ = 0;
};

struct Failure {
  std::string serial;
  std::string code;   // the first diagnostic's, or ""
  std::string error;  // the status message, or ""
  bool operator==(const Failure&) const = default;
};

class MapSink : public PassSink {
 public:
  bool Exists(const std::string& serial) const override { return kept.count(serial) != 0; }
  Status Write(const std::string& serial, const ArchivePieces& pkpass) override {
    std::lock_guard<std::mutex> lock(mu);
    if (serial == full_disk_at) return Status::IoError("no space left on device");
    passes[serial] = pkpass.Join();
    ++writes;
    writing_threads.insert(std::this_thread::get_id());
    return Status::Ok();
  }
  Result<std::string> Read(const std::string& serial) const override {
    auto it = kept.find(serial);
    if (it == kept.end()) return Status::NotFound(serial);
    return it->second;
  }
  Status Failed(size_t number, const std::string& serial, const Diagnostics& diags,
                const Status& error) override {
    failures[number] = {serial, diags.empty() ? "" : std::string(diags.items()[0].code),
                        error.ok() ? "" : error.message()};
    return Status::Ok();
  }
  Status Completed(size_t number, const std::string& serial, const ParsedOverrides& overrides) override {
    completed.push_back(std::to_string(number) + " " + serial + " " + overrides.ToJson());
    return Status::Ok();
  }
  void Clear() {
    completed.clear();
    passes.clear();
    failures.clear();
    writing_threads.clear();
    writes = 0;
  }
  std::mutex mu;
  size_t writes = 0;  // calls of Write that stored a pass
  std::map<std::string, std::string> passes, kept;
  std::map<size_t, Failure> failures;
  std::set<std::thread::id> writing_threads;
  std::string full_disk_at;
  std::vector<std::string> completed;  // "number serial overrides", as Completed was called
};

std::string Record(const std::string& serial) {
  return R"({"serialNumber": ")" + serial + R"(", "fields": [{"key": "name", "value": "Member )" +
         serial + R"("}]})";
}

class BatchLibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
    ASSERT_THAT(signer, IsOk());
    signer_ = std::make_unique<Signer>(std::move(*signer));
    Diagnostics diags;
    Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), diags);
    ASSERT_THAT(model, IsOk());
    model_ = std::make_unique<Model>(std::move(*model));
  }

  Status Run(std::vector<std::string> records, BatchOptions options = {}) {
    ListSource source(std::move(records));
    options.build.timestamp = 1700000000;
    return RunBatch(*model_, *signer_, source, sink_, options, counts_);
  }

  std::unique_ptr<Signer> signer_;
  std::unique_ptr<Model> model_;
  MapSink sink_;
  BatchCounts counts_;
};

TEST_F(BatchLibTest, BuildsEveryRecordAndReportsEveryFailure) {
  EXPECT_THAT(Run({Record("A-1"), R"({"fields": []})", Record("a-1"), "{not json", " ",
                   R"({"serialNumber": "bad", "voided": "yes"})", "!", Record("A-2")},
                  Threads(3)),
              IsOk());
  EXPECT_EQ(sink_.passes.size(), 2u);
  ASSERT_TRUE(sink_.passes.count("A-1") && sink_.passes.count("A-2"));
  EXPECT_EQ(testing::OpenSslVerifyFailure(testing::ReadEntries(sink_.passes["A-1"])), "");
  EXPECT_EQ(sink_.failures, (std::map<size_t, Failure>{
                                {2, {"", "batch-serial-missing", ""}},
                                {3, {"a-1", "batch-serial-duplicate", ""}},
                                {4, {"", "json-syntax", ""}},
                                {6, {"bad", "override-type", ""}},
                                {7, {"", "json-too-large", ""}}}));
  EXPECT_EQ(counts_.read, 7u);  // the blank line is no record
  EXPECT_EQ(counts_.built, 2u);
  EXPECT_EQ(counts_.failed, 5u);
}

// Completed gets every prepared record's overrides in record order, only when asked; a vendor's
// payload comes back in the native form.
TEST_F(BatchLibTest, CompletedOverridesComeInRecordOrder) {
  EXPECT_THAT(Run({Record("A-1"), "{not json", Record("A-2")}, Threads(2)), IsOk());
  EXPECT_TRUE(sink_.completed.empty());
  BatchOptions options = Threads(2);
  options.report_completed = true;
  EXPECT_THAT(Run({Record("B-1"), "{not json", Record("B-2"), R"({"serialNumber": "B-3", "voided": 1})"}, options), IsOk());
  EXPECT_EQ(sink_.completed, (std::vector<std::string>{
                                 R"(1 B-1 {"serialNumber":"B-1","fields":[{"key":"name","value":"Member B-1"}]})",
                                 R"(3 B-2 {"serialNumber":"B-2","fields":[{"key":"name","value":"Member B-2"}]})"}));
  sink_.Clear();
  options.from = PayloadFormat::kPasscreator;
  EXPECT_THAT(Run({R"({"data": {"userProvidedId": "P-1", "name": "Ada"}})"}, options), IsOk());
  EXPECT_EQ(sink_.completed, (std::vector<std::string>{
                                 R"(1 P-1 {"serialNumber":"P-1","fields":[{"key":"name","value":"Ada"}]})"}));
}

// barcodeValues "unique" (Pass2U's "not duplicable"): a message an earlier record gives is
// refused, supplied or the model's own. A message belongs to the first record with a serial that
// gives it, whatever becomes of that record (U-6 fails, and U-7 is still refused), so every shard
// and every resumed run refuses exactly what one whole run does.
TEST_F(BatchLibTest, UniqueBarcodeMessages) {
  std::map<std::string, std::string> files = testing::ReadTree(testing::ModelDir("coffee.pass"));
  files["model.json"] = R"({"barcodeValues": {"unique": true}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  model_ = std::make_unique<Model>(std::move(*model));
  auto with = [](const std::string& serial, const std::string& rest) {
    return R"({"serialNumber": ")" + serial + "\"" + rest + "}";
  };
  EXPECT_THAT(Run({with("U-1", R"(, "barcode": {"message": "X"})"), with("U-2", R"(, "barcode": {"message": "Y"})"),
                   with("U-3", R"(, "barcodes": [{"format": "PKBarcodeFormatQR", "message": "X", "messageEncoding": "iso-8859-1"}])"),
                   with("U-4", ""), with("U-5", ""),
                   with("U-6", R"(, "voided": "yes", "barcode": {"message": "Z"})"),
                   with("U-7", R"(, "barcode": {"message": "Z"})")},
                  Threads(2)),
              IsOk());
  EXPECT_EQ(sink_.failures, (std::map<size_t, Failure>{{3, {"U-3", "barcode-duplicate", ""}},
                                                        {5, {"U-5", "barcode-duplicate", ""}},
                                                        {6, {"U-6", "override-type", ""}},
                                                        {7, {"U-7", "barcode-duplicate", ""}}}));
  EXPECT_EQ(sink_.passes.size(), 3u);
  EXPECT_FALSE(sink_.passes.count("U-7"));
}

// model.json's serialNumbers: a record without a serial gets a UUID, reported with the completed
// overrides; in a split batch such records are shard 0's alone.
TEST_F(BatchLibTest, GeneratedSerials) {
  std::map<std::string, std::string> files = testing::ReadTree(testing::ModelDir("coffee.pass"));
  files["model.json"] = R"({"serialNumbers": {"generate": "uuid"}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  model_ = std::make_unique<Model>(std::move(*model));
  BatchOptions options = Threads(2);
  options.report_completed = true;
  EXPECT_THAT(Run({R"({"fields": []})", Record("G-1"), R"({"voided": true})"}, options), IsOk());
  ASSERT_EQ(sink_.passes.size(), 3u);
  EXPECT_TRUE(sink_.passes.count("G-1"));
  ASSERT_EQ(sink_.completed.size(), 3u);
  const std::string first = sink_.completed[0];  // "1 SERIAL {...}"
  const std::string uuid = first.substr(2, 36);
  EXPECT_EQ(first, "1 " + uuid + R"( {"fields":[],"serialNumber":")" + uuid + "\"}");
  EXPECT_EQ(uuid[14], '4');
  EXPECT_TRUE(sink_.passes.count(uuid));
  for (std::uint32_t shard = 0; shard < 2; ++shard) {
    sink_.Clear();
    options.shard = shard;
    options.shards = 2;
    EXPECT_THAT(Run({R"({"fields": []})", R"({"voided": true})"}, options), IsOk());
    EXPECT_EQ(sink_.passes.size(), shard == 0 ? 2u : 0u);
  }
}

TEST_F(BatchLibTest, SameBytesAsOneBuildWhateverTheThreads) {
  ASSERT_THAT(Run({Record("T-1"), Record("T-2")}, Threads(2)), IsOk());
  Diagnostics diags;
  Result<std::string> one = model_->Build(Record("T-2"), *signer_, {.timestamp = 1700000000}, diags);
  ASSERT_THAT(one, IsOk());
  EXPECT_EQ(sink_.passes["T-2"], *one);
}

// N threads means N, the calling thread among them: with one, every pass is built and stored on
// the calling thread; with more, never by more threads than that.
TEST_F(BatchLibTest, StoresOnAtMostItsThreadsTheCallerIncluded) {
  std::vector<std::string> records;
  for (int i = 0; i < 80; ++i) records.push_back(Record("N-" + std::to_string(i)));
  ASSERT_THAT(Run(records, Threads(1)), IsOk());
  EXPECT_EQ(sink_.passes.size(), 80u);
  EXPECT_EQ(sink_.writing_threads, std::set<std::thread::id>{std::this_thread::get_id()});
  for (unsigned threads : {2u, 3u}) {
    sink_.Clear();
    ASSERT_THAT(Run(records, Threads(threads)), IsOk());
    EXPECT_EQ(sink_.passes.size(), 80u);
    EXPECT_LE(sink_.writing_threads.size(), threads);
  }
}

// Every pass is signed and stored once, and counted once, however many records a chunk holds.
TEST_F(BatchLibTest, StoresEachPassOnceWhateverTheThreads) {
  std::vector<std::string> records;
  for (int i = 0; i < 40; ++i) records.push_back(Record("O-" + std::to_string(i)));
  for (unsigned threads : {1u, 2u, 3u}) {
    sink_.Clear();
    const size_t built_before = counts_.built;
    ASSERT_THAT(Run(records, Threads(threads)), IsOk());
    EXPECT_EQ(sink_.writes, 40u) << threads << " threads";
    EXPECT_EQ(counts_.built - built_before, 40u) << threads << " threads";
  }
}

TEST_F(BatchLibTest, SkipsWhatTheSinkKeeps) {
  sink_.kept["K-1"] = "kept";
  BatchOptions skip;
  skip.skip_existing = true;
  ASSERT_THAT(Run({Record("K-1"), Record("K-2"), Record("k-1")}, skip), IsOk());
  EXPECT_EQ(sink_.passes.count("K-1"), 0u);
  EXPECT_EQ(sink_.passes.count("K-2"), 1u);
  EXPECT_EQ(counts_.skipped, 1u);
  EXPECT_EQ(sink_.failures.at(3).code, "batch-serial-duplicate");  // k-1 is K-1's file
}

TEST_F(BatchLibTest, AFullDiskStopsTheBatch) {
  sink_.full_disk_at = "F-1";
  const Status stopped = Run({Record("F-1"), Record("F-2")}, Threads(1));
  EXPECT_EQ(stopped.code(), StatusCode::kIoError);
  EXPECT_EQ(stopped.message(), "no space left on device");
}

TEST_F(BatchLibTest, AFailingSourceStopsTheBatch) {
  ListSource source({Record("R-1")}, Status::IoError("cannot read the records: gone"));
  const Status stopped = RunBatch(*model_, *signer_, source, sink_, {}, counts_);
  EXPECT_EQ(stopped.code(), StatusCode::kIoError);
  EXPECT_EQ(stopped.message(), "cannot read the records: gone");
  EXPECT_EQ(counts_.read, 1u);
}

TEST_F(BatchLibTest, ShardsSplitTheRecordsWithoutOverlap) {
  std::vector<std::string> records;
  for (int i = 0; i < 12; ++i) records.push_back(Record("H-" + std::to_string(i)));
  records.push_back(R"({"fields": []})");
  std::map<std::string, std::string> all;
  size_t failures = 0;
  for (std::uint32_t k = 0; k < 3; ++k) {
    sink_.Clear();
    ASSERT_THAT(Run(records, Shard(k, 3)), IsOk());
    for (auto& [serial, bytes] : sink_.passes) EXPECT_TRUE(all.emplace(serial, bytes).second) << serial;
    failures += sink_.failures.size();
    if (k != 0) {
      EXPECT_TRUE(sink_.failures.empty());  // a record without a serial is shard 0's
    }
  }
  EXPECT_EQ(all.size(), 12u);
  EXPECT_EQ(failures, 1u);
  EXPECT_EQ(Run({}, Shard(3, 3)).code(), StatusCode::kInvalidArgument);
}

TEST(NdjsonRecordsTest, ReadsLinesAndRefusesWhatIsNotText) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const std::string input = "{\"a\":1}\n\n{\"b\":2}";
  ASSERT_EQ(write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  close(fds[1]);
  NdjsonRecords records(fds[0]);
  std::string record;
  size_t number = 0;
  std::vector<std::pair<size_t, std::string>> got;
  for (;;) {
    Result<RecordSource::Next> next = records.Read(record, number);
    ASSERT_THAT(next, IsOk());
    if (*next == RecordSource::Next::kEnd) break;
    got.emplace_back(number, record);
  }
  close(fds[0]);
  EXPECT_EQ(got, (std::vector<std::pair<size_t, std::string>>{{1, "{\"a\":1}"}, {2, ""}, {3, "{\"b\":2}"}}));
  EXPECT_EQ(records.bytes_read(), input.size());

  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "ab\0c\n", 5), 5);
  close(fds[1]);
  NdjsonRecords binary(fds[0]);
  Result<RecordSource::Next> next = binary.Read(record, number);
  close(fds[0]);
  EXPECT_EQ(next.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pkpass
