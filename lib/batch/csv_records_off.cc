// CsvRecords (pkpass/batch.h) in a pkpass built without libcsv (PKPASS_WITH_CSV=OFF): reading
// ends at once, saying so, as a records file that cannot be read does.
#include "pkpass/batch.h"

namespace pkpass {

struct CsvRecords::Impl {
  std::string file_name;
};

CsvRecords::CsvRecords(int, const Model&, std::string file_name)
    : impl_(std::make_unique<Impl>(Impl{std::move(file_name)})) {}
CsvRecords::~CsvRecords() = default;

Result<RecordSource::Next> CsvRecords::Read(std::string&, size_t&) {
  return Status::InvalidArgument("cannot read " + impl_->file_name +
                                 ": this pkpass was built without CSV records (PKPASS_WITH_CSV=OFF)");
}

Diagnostics CsvRecords::Refusal() const { return {}; }
const ImportedPayload* CsvRecords::Origins() const { return nullptr; }
std::uint64_t CsvRecords::bytes_read() const { return 0; }

}  // namespace pkpass
