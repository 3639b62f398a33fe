// Fuzzes CSV records: each input is read as a CSV file of records for the coffee model (through
// a memory file, as the batch reads a descriptor) to its end, every record it gives imported;
// any row may be refused, and the records may end with an error, but reading must stop on its
// own, within the input's size.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fixture_model.h"
#include "pkpass/batch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pkpass::Model model = FixtureModelOrDie("coffee.pass");
  const int fd = memfd_create("records.csv", MFD_CLOEXEC);
  if (fd < 0) std::abort();
  if (size > 0 && write(fd, data, size) != static_cast<ssize_t>(size)) std::abort();
  lseek(fd, 0, SEEK_SET);
  {
    pkpass::CsvRecords records(fd, model, "records.csv");
    std::string record;
    std::size_t number = 0, last = 0;
    for (std::size_t reads = 0;; ++reads) {
      pkpass::Result<pkpass::RecordSource::Next> next = records.Read(record, number);
      if (!next.ok() || *next == pkpass::RecordSource::Next::kEnd) break;
      if (reads > size + 1 || number < last) std::abort();  // more records than bytes, or out of order
      last = number;
      if (*next == pkpass::RecordSource::Next::kRefused) (void)records.Refusal();
    }
  }
  close(fd);
  return 0;
}
