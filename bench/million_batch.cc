// Peak memory of a long batch: RunBatch (pkpass/batch.h) over COUNT records made on the fly,
// every pass built, signed and laid out, then dropped by the sink (a million passes would fill a
// disk). What grows with the records is the batch's own: the serials seen and the barcode values
// generated (with fixtures/models/member.pass, one per record). Prints the records, passes,
// seconds and peak RSS (getrusage) in MB. Usage: million_batch MODEL COUNT [THREADS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "pkpass/pkpass.h"

namespace {

// Records {"serialNumber": "M-0000001", ...}, numbered from 1, made as they are read.
class MadeRecords : public pkpass::RecordSource {
 public:
  explicit MadeRecords(size_t count) : count_(count) {}
  pkpass::Result<Next> Read(std::string& record, size_t& number) override {
    if (next_ == count_) return Next::kEnd;
    number = ++next_;
    char line[160];
    std::snprintf(line, sizeof(line),
                  R"({"serialNumber":"M-%07zu","fields":[{"key":"name","value":"Member %zu"}]})",
                  next_, next_);
    record = line;
    return Next::kRecord;
  }

 private:
  const size_t count_;
  size_t next_ = 0;
};

// Keeps nothing: counts the passes and their bytes.
class DroppingSink : public pkpass::PassSink {
 public:
  pkpass::Status Write(const std::string&, const pkpass::ArchivePieces& pkpass) override {
    bytes_ += pkpass.size;
    return pkpass::Status::Ok();
  }
  pkpass::Status Failed(size_t number, const std::string& serial, const pkpass::Diagnostics& diags,
                        const pkpass::Status& error) override {
    std::cerr << "record " << number << " (" << serial << ") failed: " << error.ToString() << "\n"
              << pkpass::FormatText(diags);
    return pkpass::Status::Ok();
  }
  std::atomic<std::uint64_t> bytes_{0};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: million_batch MODEL COUNT [THREADS]\n";
    return 2;
  }
  pkpass::Diagnostics diags;
  pkpass::Result<pkpass::Model> model = pkpass::Model::Load(argv[1], diags);
  pkpass::Result<pkpass::DevIdentity> identity = pkpass::MakeDevIdentity({});
  if (!model.ok() || !identity.ok()) {
    std::cerr << (model.ok() ? identity.status() : model.status()).ToString() << "\n";
    return 1;
  }
  pkpass::Result<pkpass::Signer> signer = pkpass::Signer::FromPem(
      identity->signer_cert_pem, identity->signer_key_pem, identity->wwdr_pem);
  if (!signer.ok()) {
    std::cerr << signer.status().ToString() << "\n";
    return 1;
  }
  MadeRecords records(std::strtoull(argv[2], nullptr, 10));
  DroppingSink sink;
  pkpass::BatchOptions options;
  options.threads = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 0;
  pkpass::BatchCounts counts;
  const auto start = std::chrono::steady_clock::now();
  const pkpass::Status stopped = pkpass::RunBatch(*model, *signer, records, sink, options, counts);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%zu records, %zu passes (%.0f KB each), %zu failed, %.1f s, peak RSS %.1f MB\n",
              counts.read.load(), counts.built.load(),
              counts.built ? static_cast<double>(sink.bytes_) / static_cast<double>(counts.built.load()) / 1024 : 0.0,
              counts.failed.load(), seconds, static_cast<double>(usage.ru_maxrss) / 1024);
  return stopped.ok() && counts.failed == 0 ? 0 : 1;
}
